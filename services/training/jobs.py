"""The job store: job records and their event history, persisted with SQLAlchemy.

SQLite by default (one file), any SQLAlchemy URL otherwise. A state change
and its event are written in one transaction, and a transition only happens
from the states it names (compare-and-set), so a job that was cancelled
while its driver was finishing is never flipped back to SUCCEEDED.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import (
    JSON,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    create_engine,
    event,
    func,
    select,
    update,
)
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from lmforge.errors import InvalidArgument, NotFound

from .job_events import EventKind, StateChange, StoredEvent, stored_from_json
from .job_state import TRANSITIONS as TRANSITIONS
from .job_state import JobState

# The module-level names the rest of the service uses.
QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED = (
    JobState.QUEUED,
    JobState.RUNNING,
    JobState.SUCCEEDED,
    JobState.FAILED,
    JobState.CANCELLED,
)
TERMINAL = frozenset(s for s in JobState if s.is_terminal)
STATES = tuple(JobState)


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class _Base(DeclarativeBase):
    pass


class _JobRow(_Base):
    __tablename__ = "training_jobs"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    spec: Mapped[bytes] = mapped_column(LargeBinary)  # the JobSpec as submitted (protobuf)
    plan: Mapped[dict[str, Any]] = mapped_column(JSON)  # the resolved TrainPlan and scaling
    state: Mapped[str] = mapped_column(String(16), index=True)
    error: Mapped[str] = mapped_column(Text, default="")
    step: Mapped[int] = mapped_column(Integer, default=0)
    total_steps: Mapped[int] = mapped_column(Integer, default=0)
    metrics: Mapped[dict[str, float]] = mapped_column(JSON, default=dict)
    output_model: Mapped[str] = mapped_column(String(128), default="")
    output_version: Mapped[int] = mapped_column(Integer, default=0)
    base_model: Mapped[str] = mapped_column(String(128))
    base_version: Mapped[int] = mapped_column(Integer)
    dataset: Mapped[str] = mapped_column(String(128))
    dataset_version: Mapped[int] = mapped_column(Integer)
    create_time: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
    start_time: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    end_time: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    # Ordering key for "newest first" that never ties (creation counter).
    ordinal: Mapped[int] = mapped_column(Integer, index=True)


class _EventRow(_Base):
    __tablename__ = "training_job_events"

    job_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("training_jobs.id", ondelete="CASCADE"), primary_key=True
    )
    sequence: Mapped[int] = mapped_column(Integer, primary_key=True)
    time: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    kind: Mapped[str] = mapped_column(String(32))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)


@dataclass
class Job:
    """One job record (what GetJob returns)."""

    id: str
    spec: bytes
    plan: dict[str, Any]
    state: JobState
    base_model: str
    base_version: int
    dataset: str
    dataset_version: int
    create_time: dt.datetime
    error: str = ""
    step: int = 0
    total_steps: int = 0
    metrics: dict[str, float] = field(default_factory=dict)
    output_model: str = ""
    output_version: int = 0
    start_time: dt.datetime | None = None
    end_time: dt.datetime | None = None


@dataclass(frozen=True)
class Event:
    """One entry of a job's event history: its place in the history and its typed body.

    ``body`` is one of job_events' stored kinds (StateChange, StepMetrics,
    Evaluation, Checkpoint, Log, Result, Promotion); the servicer turns it
    into training.proto's JobEvent.
    """

    job_id: str
    sequence: int
    time: dt.datetime
    body: StoredEvent

    @property
    def kind(self) -> EventKind:
        return self.body.KIND

    @property
    def payload(self) -> dict[str, Any]:
        """The body as stored in the payload column."""
        return self.body.to_json()

    @property
    def is_terminal(self) -> bool:
        return isinstance(self.body, StateChange) and self.body.state.is_terminal


def _utc(value: dt.datetime | None) -> dt.datetime | None:
    # SQLite hands back naive datetimes; they were written as UTC.
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC)
    return value


def _job(row: _JobRow) -> Job:
    return Job(
        id=row.id,
        spec=row.spec,
        plan=row.plan,
        state=JobState(row.state),
        base_model=row.base_model,
        base_version=row.base_version,
        dataset=row.dataset,
        dataset_version=row.dataset_version,
        create_time=_utc(row.create_time),  # type: ignore[arg-type]
        error=row.error,
        step=row.step,
        total_steps=row.total_steps,
        metrics=dict(row.metrics or {}),
        output_model=row.output_model,
        output_version=row.output_version,
        start_time=_utc(row.start_time),
        end_time=_utc(row.end_time),
    )


def _event(row: _EventRow) -> Event:
    body = stored_from_json(row.kind, dict(row.payload))
    return Event(row.job_id, row.sequence, _utc(row.time), body)  # type: ignore[arg-type]


def open_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite files get their folder created and WAL turned on."""
    if url.startswith("sqlite:///") and not url.startswith("sqlite:///:memory:"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url)
    if engine.dialect.name == "sqlite":

        @event.listens_for(engine, "connect")
        def _pragmas(conn, _record):  # type: ignore[no-untyped-def]
            cur = conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=5000")
            cur.close()

    _Base.metadata.create_all(engine)
    return engine


class JobStore:
    """Jobs and events. Thread-safe: the servicer and the runner threads share it."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        # Serialises event sequence numbers (and SQLite writers) in this process.
        self._lock = threading.Lock()

    @classmethod
    def open(cls, url: str) -> JobStore:
        return cls(open_engine(url))

    def close(self) -> None:
        self.engine.dispose()

    def create(
        self,
        spec: bytes,
        plan: dict[str, Any],
        base: tuple[str, int],
        dataset: tuple[str, int],
    ) -> tuple[Job, Event]:
        """A new QUEUED job with its first event."""
        job_id = uuid.uuid4().hex[:16]
        with self._lock, Session(self.engine) as s, s.begin():
            ordinal = (s.scalar(select(func.max(_JobRow.ordinal))) or 0) + 1
            row = _JobRow(
                id=job_id,
                spec=spec,
                plan=plan,
                state=QUEUED,
                error="",
                step=0,
                total_steps=0,
                metrics={},
                output_model="",
                output_version=0,
                base_model=base[0],
                base_version=base[1],
                dataset=dataset[0],
                dataset_version=dataset[1],
                create_time=now(),
                ordinal=ordinal,
            )
            s.add(row)
            event = self._append(s, job_id, StateChange(QUEUED))
            s.flush()
            return _job(row), event

    def get(self, job_id: str) -> Job:
        with Session(self.engine) as s:
            row = s.get(_JobRow, job_id)
            if row is None:
                raise NotFound(f"training job {job_id!r} not found")
            return _job(row)

    def list_jobs(
        self, state: str | None, page_size: int, page_token: str
    ) -> tuple[list[Job], str]:
        """Newest first; the page token is the ordinal to continue below."""
        # The registry's rule: negative is a caller's mistake, not a request for one job.
        if page_size < 0:
            raise InvalidArgument.field("page_size", f"{page_size} is negative")
        size = min(page_size or 50, 1000)
        q = select(_JobRow).order_by(_JobRow.ordinal.desc()).limit(size + 1)
        if page_token:
            try:
                below = int(page_token)
                if not 0 < below < 2**63:  # beyond SQLite's integers: OverflowError
                    raise ValueError(page_token)
            except ValueError:
                raise InvalidArgument.field(
                    "page_token", "is not a token from a previous ListJobs call"
                ) from None
            q = q.where(_JobRow.ordinal < below)
        if state:
            q = q.where(_JobRow.state == state)
        with Session(self.engine) as s:
            rows = list(s.scalars(q))
        token = str(rows[size - 1].ordinal) if len(rows) > size else ""
        return [_job(r) for r in rows[:size]], token

    def ids_in(self, *states: str) -> list[str]:
        with Session(self.engine) as s:
            q = select(_JobRow.id).where(_JobRow.state.in_(states)).order_by(_JobRow.ordinal)
            return list(s.scalars(q))

    def transition(
        self, job_id: str, from_states: tuple[str, ...], to: str, reason: str = ""
    ) -> Event | None:
        """Move the job to ``to`` if it is in one of ``from_states``; the event, or None.

        A move the state machine forbids (JobState.TRANSITIONS) is a bug in
        the caller and raises ValueError, before anything is written.
        """
        bad = [f for f in from_states if not JobState(f).can_become(JobState(to))]
        if bad:
            raise ValueError(f"job state machine: {bad} cannot become {to}")
        t = now()
        values: dict[str, Any] = {"state": to}
        if to == RUNNING:
            values["start_time"] = t
        if to in TERMINAL:
            values["end_time"] = t
            if to != SUCCEEDED:
                values["error"] = reason
        if to == QUEUED:  # resuming: the previous ending no longer holds
            values["end_time"] = None
            values["error"] = ""
        with self._lock, Session(self.engine) as s, s.begin():
            done = s.execute(
                update(_JobRow)
                .where(_JobRow.id == job_id, _JobRow.state.in_(from_states))
                .values(**values)
            )
            if done.rowcount != 1:  # type: ignore[attr-defined]
                return None
            return self._append(s, job_id, StateChange(JobState(to), reason))

    def update(self, job_id: str, **fields: Any) -> None:
        """Set progress fields (step, total_steps, metrics, output_model, output_version)."""
        with self._lock, Session(self.engine) as s, s.begin():
            s.execute(update(_JobRow).where(_JobRow.id == job_id).values(**fields))

    def update_progress(self, job_id: str, step: int, total_steps: int) -> bool:
        """Set step and total_steps unless the job has ended; whether it was set.

        A cancelled job's workers can report a step or two while they stop:
        once a job is terminal its step is the one it ended on.
        """
        with self._lock, Session(self.engine) as s, s.begin():
            done = s.execute(
                update(_JobRow)
                .where(_JobRow.id == job_id, _JobRow.state.notin_(TERMINAL))
                .values(step=step, total_steps=total_steps)
            )
            return bool(done.rowcount == 1)  # type: ignore[attr-defined]

    def append(self, job_id: str, body: StoredEvent) -> Event:
        with self._lock, Session(self.engine) as s, s.begin():
            return self._append(s, job_id, body)

    def _append(self, s: Session, job_id: str, body: StoredEvent) -> Event:
        last = s.scalar(select(func.max(_EventRow.sequence)).where(_EventRow.job_id == job_id))
        # JSON round trip: what a late reader gets back equals what live watchers got.
        payload = json.loads(json.dumps(body.to_json()))
        row = _EventRow(
            job_id=job_id,
            sequence=(last or 0) + 1,
            time=now(),
            kind=str(body.KIND),
            payload=payload,
        )
        s.add(row)
        return _event(row)

    def events(self, job_id: str, after: int = 0) -> list[Event]:
        with Session(self.engine) as s:
            q = (
                select(_EventRow)
                .where(_EventRow.job_id == job_id, _EventRow.sequence > after)
                .order_by(_EventRow.sequence)
            )
            return [_event(r) for r in s.scalars(q)]
