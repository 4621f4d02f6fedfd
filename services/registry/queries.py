"""Finding and changing the metadata rows every part of the registry shares.

Which tables a kind (model or dataset) uses, the session every method opens,
looking up an owner (model or dataset) and one of its versions, handing out
version numbers, and declaring a file of a PENDING version.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session

from lmforge.errors import FailedPrecondition, NotFound

from . import db
from .entities import FileRecord, Kind, Target
from .validate import check_no_nesting


@dataclass(frozen=True)
class KindSpec:
    """What differs between model versions and dataset versions."""

    kind: Kind
    owner: type[db.Model] | type[db.Dataset]
    version: type[db.ModelVersion] | type[db.DatasetVersion]
    file: type[db.ModelFile] | type[db.DatasetFile]
    owner_fk: str


MODELS = KindSpec("model", db.Model, db.ModelVersion, db.ModelFile, "model_id")
DATASETS = KindSpec("dataset", db.Dataset, db.DatasetVersion, db.DatasetFile, "dataset_id")
KINDS = {"model": MODELS, "dataset": DATASETS}


def tx(engine: Engine) -> Session:
    return Session(engine, expire_on_commit=False)


def owner(s: Session, spec: KindSpec, name: str) -> Any:
    row = s.scalar(select(spec.owner).where(spec.owner.name == name))
    if row is None:
        raise NotFound(f"{spec.kind} {name!r} not found")
    return row


def version(s: Session, spec: KindSpec, name: str, number: int, field: str = "") -> Any:
    """The version row; NOT_FOUND names ``field`` when the reference came from one."""
    prefix = f"{field}: " if field else ""
    owner: Any = s.scalar(select(spec.owner).where(spec.owner.name == name))
    if owner is None:
        raise NotFound(f"{prefix}{spec.kind} {name!r} not found")
    row: Any = s.scalar(
        select(spec.version).where(
            getattr(spec.version, spec.owner_fk) == owner.id, spec.version.number == number
        )
    )
    if row is None:
        raise NotFound(f"{prefix}{spec.kind} {name!r} has no version {number}")
    return row


def pick_version(s: Session, spec: KindSpec, owner: Any, name: str, number: int | None) -> Any:
    if number is not None:
        return version(s, spec, name, number)
    row = s.scalar(
        select(spec.version)
        .where(getattr(spec.version, spec.owner_fk) == owner.id, spec.version.state == db.READY)
        .order_by(spec.version.number.desc())
        .limit(1)
    )
    if row is None:
        raise NotFound(f"reference: {spec.kind} {name!r} has no READY version yet")
    return row


def require_pending(row: Any, target: Target) -> None:
    if row.state != db.PENDING:
        raise FailedPrecondition(
            f"{target.kind} version {target.name}:{target.version} is {row.state}; files can "
            "only change while it is PENDING (create a new version)"
        )


def declare(
    s: Session, spec: KindSpec, row: Any, entry: FileRecord, staged: bool, field: str = "file"
) -> None:
    check_no_nesting(f"{field}.path", entry.path, (f.path for f in row.files))
    existing = next((f for f in row.files if f.path == entry.path), None)
    if existing is None:
        row.files.append(
            spec.file(path=entry.path, size=entry.size, sha256=entry.sha256, staged=staged)
        )
    else:
        existing.size, existing.sha256, existing.staged = entry.size, entry.sha256, staged
    row.updated_at = db.utcnow()


def next_number(s: Session, spec: KindSpec, owner_id: int) -> int:
    # One atomic statement: concurrent creates each get their own number
    # (a row lock on PostgreSQL, the database write lock on SQLite).
    number = s.execute(
        update(spec.owner)
        .where(spec.owner.id == owner_id)
        .values(latest_version=spec.owner.latest_version + 1)
        .returning(spec.owner.latest_version)
    ).scalar_one()
    return int(number)


def incarnation(row: Any) -> str:
    """The incarnation (object-key id) of a version row's model or dataset."""
    owner = row.model if isinstance(row, db.ModelVersion) else row.dataset
    return str(owner.incarnation)
