"""The registry's event log: typed change events, stored with the changes they describe.

Every change appends its events in the same transaction (``emit``), so an
event exists exactly when its change committed, and both survive a restart.
Sequence numbers come from one counter row (``db.EventLog``) that each writer
bumps as its last statement: the row lock (PostgreSQL) or the database write
lock (SQLite) is held until commit, so numbers are handed out in commit order
and a reader that saw head N can never later find an event below N. That is
what lets a watcher resume with "after N" and miss nothing, with several
registry processes on one database.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import Engine, delete, func, select, update
from sqlalchemy import event as sa_event
from sqlalchemy.orm import Session

from lmforge.errors import InvalidArgument, OutOfRange

from . import db, queries
from .validate import check_name

# The kinds, as stored (the proto enum names without EVENT_KIND_).
ALIAS_SET = "ALIAS_SET"
ALIAS_MOVED = "ALIAS_MOVED"
ALIAS_DELETED = "ALIAS_DELETED"
KINDS = (
    "MODEL_CREATED",
    "MODEL_DELETED",
    "MODEL_VERSION_CREATED",
    "MODEL_VERSION_READY",
    "MODEL_VERSION_FAILED",
    "MODEL_VERSION_DELETED",
    ALIAS_SET,
    ALIAS_MOVED,
    ALIAS_DELETED,
    "DATASET_CREATED",
    "DATASET_DELETED",
    "DATASET_VERSION_CREATED",
    "DATASET_VERSION_READY",
    "DATASET_VERSION_FAILED",
    "DATASET_VERSION_DELETED",
    "PROMOTION_DECIDED",
    "DEPLOYMENT_SWAPPED",
    "DEPLOYMENT_FAILED",
)

# At most this many events per read; a watcher reads again right away.
READ_BATCH = 500


@dataclass(frozen=True)
class EventRecord:
    """One event as the core returns it (the servicer encodes it)."""

    seq: int
    kind: str
    model: str = ""
    dataset: str = ""
    version: int = 0
    alias: str = ""
    old_version: int = 0
    new_version: int = 0
    reason: str = ""
    created_at: dt.datetime | None = None
    server: str = ""  # DEPLOYMENT_*: the inference server that reported it
    promotion: PromotionFigures | None = None  # PROMOTION_DECIDED


@dataclass(frozen=True)
class PromotionFigures:
    """What a gated promotion compared and decided (stored in ``db.EventDetail``)."""

    metric: str
    greater_is_better: bool
    promoted: bool
    candidate_value: float
    baseline_version: int
    baseline_value: float | None

    def to_json(self) -> dict[str, object]:
        return dataclasses.asdict(self)

    @classmethod
    def from_json(cls, d: dict[str, object]) -> PromotionFigures:
        base = d.get("baseline_value")
        return cls(
            metric=str(d["metric"]),
            greater_is_better=bool(d["greater_is_better"]),
            promoted=bool(d["promoted"]),
            candidate_value=float(d["candidate_value"]),  # type: ignore[arg-type]
            baseline_version=int(d["baseline_version"]),  # type: ignore[call-overload]
            baseline_value=None if base is None else float(base),  # type: ignore[arg-type]
        )


def owner_event(kind: str, name: str, what: str) -> EventRecord:
    """``MODEL_<what>`` / ``DATASET_<what>`` (kind "model" or "dataset"; CREATED, DELETED)."""
    model, dataset = _where(kind, name)
    return EventRecord(0, f"{kind.upper()}_{what}", model=model, dataset=dataset)


def version_event(kind: str, name: str, version: int, what: str, reason: str = "") -> EventRecord:
    """``<KIND>_VERSION_<what>`` (CREATED, READY, FAILED, DELETED)."""
    model, dataset = _where(kind, name)
    full = f"{kind.upper()}_VERSION_{what}"
    return EventRecord(0, full, model=model, dataset=dataset, version=version, reason=reason[:4096])


def alias_event(model: str, alias: str, old: int, new: int) -> EventRecord:
    kind = ALIAS_DELETED if not new else ALIAS_SET if not old else ALIAS_MOVED
    return EventRecord(0, kind, model=model, alias=alias, old_version=old, new_version=new)


def promotion_event(
    model: str, alias: str, candidate: int, after: int, figures: PromotionFigures, reason: str
) -> EventRecord:
    """PROMOTION_DECIDED: version is the candidate, old_version the baseline,
    new_version what the alias points at afterwards."""
    return EventRecord(
        0,
        "PROMOTION_DECIDED",
        model=model,
        alias=alias,
        version=candidate,
        old_version=figures.baseline_version,
        new_version=after,
        reason=reason[:4096],
        promotion=figures,
    )


def deployment_event(
    model: str, alias: str, version: int, swapped: bool, server: str, reason: str
) -> EventRecord:
    kind = "DEPLOYMENT_SWAPPED" if swapped else "DEPLOYMENT_FAILED"
    return EventRecord(
        0, kind, model=model, alias=alias, version=version, reason=reason[:4096], server=server
    )


def _where(kind: str, name: str) -> tuple[str, str]:
    """(model, dataset) fields of an event about ``name``."""
    return (name, "") if kind == "model" else ("", name)


class Notifier:
    """In-process wake-ups for watchers after a commit that added events.

    Only a latency shortcut: watchers also poll, which is how they see events
    committed by another registry process.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._listeners: list[Callable[[], None]] = []

    def add(self, fn: Callable[[], None]) -> Callable[[], None]:
        with self._lock:
            self._listeners.append(fn)

        def remove() -> None:
            with self._lock:
                if fn in self._listeners:
                    self._listeners.remove(fn)

        return remove

    def fire(self) -> None:
        with self._lock:
            listeners = list(self._listeners)
        for fn in listeners:
            fn()


def emit(s: Session, events: Sequence[EventRecord], notifier: Notifier | None = None) -> int:
    """Append ``events`` in this transaction; call as its last statement (see module doc).

    Returns the sequence number of the first (0 when there are none).
    """
    if not events:
        return 0
    s.flush()  # take the change's own locks before the counter's (one lock order)
    head = s.execute(
        update(db.EventLog)
        .where(db.EventLog.id == 1)
        .values(head=db.EventLog.head + len(events))
        .returning(db.EventLog.head)
    ).scalar_one()
    first = int(head) - len(events) + 1
    now = db.utcnow()
    for i, e in enumerate(events):
        s.add(
            db.Event(
                seq=first + i,
                kind=e.kind,
                model=e.model,
                dataset=e.dataset,
                version=e.version,
                alias=e.alias,
                old_version=e.old_version,
                new_version=e.new_version,
                reason=e.reason,
                created_at=now,
            )
        )
        detail = _detail(e)
        if detail:
            s.add(db.EventDetail(seq=first + i, details=detail))
    s.flush()
    if notifier is not None:
        sa_event.listen(s, "after_commit", lambda _s: notifier.fire(), once=True)
    return first


def _detail(e: EventRecord) -> dict[str, object]:
    out: dict[str, object] = {}
    if e.server:
        out["server"] = e.server
    if e.promotion is not None:
        out["promotion"] = e.promotion.to_json()
    return out


def check_filter(model: str, kinds: Iterable[str]) -> list[str]:
    if model:
        check_name("model", model)
    out = []
    for i, k in enumerate(kinds):
        if k not in KINDS:
            raise InvalidArgument.field(f"kinds[{i}]", f"{k!r} is not an event kind")
        out.append(k)
    return out


def head(engine: Engine) -> tuple[int, int]:
    """(newest sequence, newest pruned sequence)."""
    with queries.tx(engine) as s, s.begin():
        log = s.get_one(db.EventLog, 1)
        return int(log.head), int(log.pruned_through)


def read(
    engine: Engine, after: int, model: str = "", kinds: Sequence[str] = ()
) -> tuple[list[EventRecord], int]:
    """Events after ``after`` matching the filter, and the sequence read through.

    The second value is where the next read starts: the head seen in this
    transaction (every event up to it is committed), or the last event
    returned when a batch was full.
    """
    with queries.tx(engine) as s, s.begin():
        log = s.get_one(db.EventLog, 1)
        top, pruned = int(log.head), int(log.pruned_through)
        check_resume(after, top, pruned)
        stmt = (
            select(db.Event)
            .where(db.Event.seq > after, db.Event.seq <= top)
            .order_by(db.Event.seq)
            .limit(READ_BATCH)
        )
        if model:
            stmt = stmt.where(db.Event.model == model)
        if kinds:
            stmt = stmt.where(db.Event.kind.in_(list(kinds)))
        rows_found = list(s.scalars(stmt))
        details: dict[int, dict[str, object]] = {}
        if rows_found:
            seqs = [int(e.seq) for e in rows_found]
            for d in s.scalars(select(db.EventDetail).where(db.EventDetail.seq.in_(seqs))):
                details[int(d.seq)] = dict(d.details)
        found = [_record(e, details.get(int(e.seq), {})) for e in rows_found]
    through = found[-1].seq if len(found) == READ_BATCH else top
    return found, through


def check_resume(after: int, top: int, pruned: int) -> None:
    if after < pruned:
        raise OutOfRange(
            f"after_sequence: events up to {pruned} were removed by retention "
            f"(events_retention_seconds), so resuming after {after} would miss some; "
            "re-read the state you follow (e.g. ResolveModel), then watch without "
            "after_sequence"
        )
    if after > top:
        raise OutOfRange(
            f"after_sequence: {after} is ahead of the newest event {top} (was this "
            "registry's database replaced?); re-read the state, then watch without "
            "after_sequence"
        )


def prune(engine: Engine, older_than: dt.datetime) -> int:
    """Drop events committed before ``older_than``; returns how many."""
    with queries.tx(engine) as s, s.begin():
        newest = s.scalar(select(func.max(db.Event.seq)).where(db.Event.created_at < older_than))
        if newest is None:
            return 0
        gone = s.execute(  # type: ignore[attr-defined]  # a CursorResult: has rowcount
            delete(db.Event).where(db.Event.seq <= newest)
        ).rowcount
        s.execute(delete(db.EventDetail).where(db.EventDetail.seq <= newest))
        log = s.get_one(db.EventLog, 1, with_for_update=True)
        log.pruned_through = max(int(log.pruned_through), int(newest))
        return int(gone)


def _record(e: db.Event, detail: dict[str, object]) -> EventRecord:
    promotion = detail.get("promotion")
    return EventRecord(
        seq=int(e.seq),
        kind=e.kind,
        model=e.model,
        dataset=e.dataset,
        version=int(e.version),
        alias=e.alias,
        old_version=int(e.old_version),
        new_version=int(e.new_version),
        reason=e.reason,
        created_at=e.created_at,
        server=str(detail.get("server", "")),
        promotion=PromotionFigures.from_json(promotion) if isinstance(promotion, dict) else None,
    )
