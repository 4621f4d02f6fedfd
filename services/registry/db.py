"""The registry's metadata schema (SQLAlchemy 2) and how to open the database.

One schema for SQLite (the default, a file next to the service) and PostgreSQL
(by URL). ``SCHEMA_VERSION`` is written into ``registry_schema`` when the
database is created; a registry refuses to start against a database written by
another schema version instead of misreading it.

Concurrency: version numbers come from an atomic ``UPDATE ... RETURNING`` on
the parent row; SQLite write transactions start with ``BEGIN IMMEDIATE`` so two
writers never deadlock on a lock upgrade, and wait (busy timeout) instead of
failing with "database is locked".
"""

from __future__ import annotations

import contextlib
import datetime as dt
import uuid
from collections.abc import Iterator
from typing import Any, cast

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Engine,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    create_engine,
    event,
    inspect,
    select,
    text,
    update,
)
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from lmforge.errors import FailedPrecondition, InvalidArgument, Unavailable

# 2: models and datasets got ``incarnation`` (the id in their object keys).
# 3: the event log (``registry_events``, ``registry_event_log``) and version leases.
SCHEMA_VERSION = 3

# Version states, as stored (the proto enum names without prefix).
PENDING, READY, FAILED = "PENDING", "READY", "FAILED"


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def new_incarnation() -> str:
    return uuid.uuid4().hex


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON, list[str]: JSON}


class SchemaInfo(Base):
    __tablename__ = "registry_schema"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(Integer)


class Model(Base):
    __tablename__ = "models"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(128), unique=True)
    task: Mapped[str] = mapped_column(String(64), index=True)
    labels: Mapped[list[str]] = mapped_column(JSON, default=list)
    description: Mapped[str] = mapped_column(Text, default="")
    tags: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # Highest number ever handed out; bumped atomically, never decremented.
    latest_version: Mapped[int] = mapped_column(BigInteger, default=0)
    # Unique per creation of this name: part of every object key of its versions,
    # so a deleted and recreated one never shares keys with the old one
    # ("" for rows from schema 1, which keep the old key scheme).
    incarnation: Mapped[str] = mapped_column(String(32), default=new_incarnation)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    aliases: Mapped[list[Alias]] = relationship(
        back_populates="model", cascade="all, delete-orphan", order_by="Alias.name"
    )


class ModelVersion(Base):
    __tablename__ = "model_versions"
    __table_args__ = (UniqueConstraint("model_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    model_id: Mapped[int] = mapped_column(ForeignKey("models.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(BigInteger)
    state: Mapped[str] = mapped_column(String(16), default=PENDING, index=True)
    format: Mapped[str] = mapped_column(String(32))
    # An adapter's base version: a real foreign key so a base cannot vanish.
    base_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("model_versions.id"), nullable=True, index=True
    )
    parent_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("model_versions.id"), nullable=True
    )
    source_job_id: Mapped[str] = mapped_column(String(256), default="")
    dataset_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("dataset_versions.id"), nullable=True
    )
    hyperparameters: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    metrics: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    tags: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    description: Mapped[str] = mapped_column(Text, default="")
    failure_reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    model: Mapped[Model] = relationship()
    files: Mapped[list[ModelFile]] = relationship(
        back_populates="version", cascade="all, delete-orphan", order_by="ModelFile.path"
    )
    base: Mapped[ModelVersion | None] = relationship(
        foreign_keys=[base_version_id], remote_side=[id]
    )
    parent: Mapped[ModelVersion | None] = relationship(
        foreign_keys=[parent_version_id], remote_side=[id]
    )
    dataset_version: Mapped[DatasetVersion | None] = relationship()


class _FileColumns:
    """A declared file: its path, and the size and sha256 the client promised."""

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    path: Mapped[str] = mapped_column(String(1024))
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    # True when the bytes were announced for a presigned PUT: they land under
    # the version's staging prefix and are copied into place at finalize, so a
    # URL still valid after finalize can never change a READY file.
    staged: Mapped[bool] = mapped_column(Boolean, default=False)


class ModelFile(_FileColumns, Base):
    __tablename__ = "model_files"
    __table_args__ = (UniqueConstraint("version_id", "path"),)

    version_id: Mapped[int] = mapped_column(
        ForeignKey("model_versions.id", ondelete="CASCADE"), index=True
    )
    version: Mapped[ModelVersion] = relationship(back_populates="files")


class Alias(Base):
    __tablename__ = "aliases"
    __table_args__ = (UniqueConstraint("model_id", "name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    model_id: Mapped[int] = mapped_column(ForeignKey("models.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(128))
    version_id: Mapped[int] = mapped_column(ForeignKey("model_versions.id"), index=True)

    model: Mapped[Model] = relationship(back_populates="aliases")
    version: Mapped[ModelVersion] = relationship()


class Dataset(Base):
    __tablename__ = "datasets"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(128), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    tags: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    latest_version: Mapped[int] = mapped_column(BigInteger, default=0)
    # Unique per creation of this name: part of every object key of its versions,
    # so a deleted and recreated one never shares keys with the old one
    # ("" for rows from schema 1, which keep the old key scheme).
    incarnation: Mapped[str] = mapped_column(String(32), default=new_incarnation)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class DatasetVersion(Base):
    __tablename__ = "dataset_versions"
    __table_args__ = (UniqueConstraint("dataset_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dataset_id: Mapped[int] = mapped_column(
        ForeignKey("datasets.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int] = mapped_column(BigInteger)
    state: Mapped[str] = mapped_column(String(16), default=PENDING, index=True)
    format: Mapped[str] = mapped_column(String(16), default="")  # "" until inferred
    row_count: Mapped[int] = mapped_column(BigInteger, default=0)
    columns: Mapped[list[str]] = mapped_column(JSON, default=list)
    tags: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    description: Mapped[str] = mapped_column(Text, default="")
    failure_reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    dataset: Mapped[Dataset] = relationship()
    files: Mapped[list[DatasetFile]] = relationship(
        back_populates="version", cascade="all, delete-orphan", order_by="DatasetFile.path"
    )


class DatasetFile(_FileColumns, Base):
    __tablename__ = "dataset_files"
    __table_args__ = (UniqueConstraint("version_id", "path"),)

    version_id: Mapped[int] = mapped_column(
        ForeignKey("dataset_versions.id", ondelete="CASCADE"), index=True
    )
    version: Mapped[DatasetVersion] = relationship(back_populates="files")


class Event(Base):
    """One entry of the event log (see ``events``); ``seq`` is handed out by ``EventLog``."""

    __tablename__ = "registry_events"

    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    kind: Mapped[str] = mapped_column(String(32))
    model: Mapped[str] = mapped_column(String(128), default="", index=True)
    dataset: Mapped[str] = mapped_column(String(128), default="")
    version: Mapped[int] = mapped_column(BigInteger, default=0)
    alias: Mapped[str] = mapped_column(String(128), default="")
    old_version: Mapped[int] = mapped_column(BigInteger, default=0)
    new_version: Mapped[int] = mapped_column(BigInteger, default=0)
    reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, index=True
    )


class EventDetail(Base):
    """The structured payload of an event that has one (a promotion's figures), as JSON.

    A table of its own rather than a column of ``registry_events`` so that a
    version-3 database gains it with ``create_all`` and no ALTER TABLE.
    """

    __tablename__ = "registry_event_details"

    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class EventLog(Base):
    """The single row that numbers events.

    Bumping ``head`` row-locks it until the writer commits, so sequence numbers
    are handed out in commit order: a reader that saw ``head`` = N has every
    event up to N committed (none can appear later below N). ``pruned_through``
    is the newest sequence removed by retention.
    """

    __tablename__ = "registry_event_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    head: Mapped[int] = mapped_column(BigInteger, default=0)
    pruned_through: Mapped[int] = mapped_column(BigInteger, default=0)


class VersionLease(Base):
    """An upload or finalize in progress on a version, held by one registry process.

    Kept in the database so that registry replicas on one database keep
    uploads and finalize of a version apart (see ``guard``); ``expires_at``
    bounds how long a killed process can block the version.
    """

    __tablename__ = "version_leases"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(128))
    version: Mapped[int] = mapped_column(BigInteger)
    mode: Mapped[str] = mapped_column(String(16))  # "upload" or "finalize"
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)


# Declarative classes' __table__ is typed as a FromClause; these are Tables.
LATER_TABLES: tuple[Table, ...] = tuple(
    cast(Table, m.__table__) for m in (Event, EventLog, VersionLease, EventDetail)
)


def open_database(url: str, *, busy_timeout_s: float = 30.0) -> Engine:
    """Connect, create the schema on an empty database, refuse a foreign schema version."""
    try:
        parsed = make_url(url)
    except ArgumentError as e:
        raise InvalidArgument.field("database_url", f"{url!r} is not a SQLAlchemy URL: {e}") from e
    if parsed.drivername == "postgresql":
        # SQLAlchemy's default PostgreSQL driver is psycopg2; lmforge's
        # "postgres" extra installs psycopg 3. Use it when it is the one present.
        import importlib.util

        if importlib.util.find_spec("psycopg2") is None and importlib.util.find_spec("psycopg"):
            parsed = parsed.set(drivername="postgresql+psycopg")
    kwargs: dict[str, Any] = {}
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            from pathlib import Path

            Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        kwargs["connect_args"] = {"timeout": busy_timeout_s, "check_same_thread": False}
    else:
        kwargs["pool_pre_ping"] = True
    try:
        engine = create_engine(parsed, **kwargs)
    except Exception as e:  # unknown dialect or missing driver
        raise InvalidArgument.field("database_url", f"cannot use {url!r}: {e}") from e
    if engine.dialect.name == "sqlite":
        _sqlite_pragmas(engine)
    try:
        with _schema_lock(engine):
            _check_schema(engine)
    except OperationalError as e:
        engine.dispose()
        raise Unavailable(f"the metadata database {parsed!r} is unreachable: {e.orig}") from e
    return engine


def _sqlite_pragmas(engine: Engine) -> None:
    # pysqlite's own transaction handling defers BEGIN and cannot do BEGIN
    # IMMEDIATE; take control of it (the recipe from SQLAlchemy's docs).
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def on_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")


# Any fixed 64-bit number, the same in every registry process: it names the lock.
_SCHEMA_LOCK_KEY = 0x6C6D666F72676501  # "lmforg" + 0x6501


@contextlib.contextmanager
def _schema_lock(engine: Engine) -> Iterator[None]:
    """On PostgreSQL, one registry process at a time checks, creates or migrates the
    schema: replicas started together would otherwise race on CREATE TABLE (a unique
    violation in pg_type) or both run a migration. A session-level advisory lock on a
    connection of its own, so the schema work can use the engine's other connections."""
    if engine.dialect.name != "postgresql":
        yield
        return
    with engine.connect() as conn:
        conn.execute(text("SELECT pg_advisory_lock(:key)"), {"key": _SCHEMA_LOCK_KEY})
        try:
            yield
        finally:
            # Unlocked explicitly: the connection goes back to the pool, not away.
            conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": _SCHEMA_LOCK_KEY})
            conn.commit()


def _check_schema(engine: Engine) -> None:
    from sqlalchemy.orm import Session

    tables = set(inspect(engine).get_table_names())
    if SchemaInfo.__tablename__ not in tables:
        ours = {t.name for t in Base.metadata.sorted_tables} - {SchemaInfo.__tablename__}
        if tables & ours:
            raise FailedPrecondition(
                f"the database {engine.url!r} has registry tables but no schema version; "
                "it was not created by this registry"
            )
        Base.metadata.create_all(engine)
        with Session(engine) as s, s.begin():
            if s.scalar(select(SchemaInfo)) is None:
                s.add(SchemaInfo(id=1, version=SCHEMA_VERSION))
            if s.scalar(select(EventLog)) is None:
                s.add(EventLog(id=1, head=0, pruned_through=0))
        return
    with Session(engine) as s:
        found = s.scalar(select(SchemaInfo.version).where(SchemaInfo.id == 1))
    if found == 1:  # additive migration: old rows keep their old (incarnation-less) keys
        with engine.begin() as conn:
            for table in ("models", "datasets"):
                conn.exec_driver_sql(
                    f"ALTER TABLE {table} ADD COLUMN incarnation VARCHAR(32) NOT NULL DEFAULT ''"
                )
            conn.execute(update(SchemaInfo).where(SchemaInfo.id == 1).values(version=2))
        found = 2
    if found == 2:  # additive migration: the event log starts empty
        Base.metadata.create_all(engine, tables=list(LATER_TABLES))
        with Session(engine) as s, s.begin():
            if s.scalar(select(EventLog)) is None:
                s.add(EventLog(id=1, head=0, pruned_through=0))
            s.execute(update(SchemaInfo).where(SchemaInfo.id == 1).values(version=SCHEMA_VERSION))
        found = SCHEMA_VERSION
    if found == SCHEMA_VERSION:  # tables added within version 3 (checkfirst: cheap)
        Base.metadata.create_all(engine, tables=list(LATER_TABLES))
    if found != SCHEMA_VERSION:
        raise FailedPrecondition(
            f"the database {engine.url!r} has registry schema version {found}, but this "
            f"registry needs version {SCHEMA_VERSION}; migrate it or point "
            "LMFORGE_REGISTRY_DATABASE_URL at another database"
        )
