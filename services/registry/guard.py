"""Keeps uploads and finalize of one version apart, across registry processes.

A streaming upload writes straight to the version's published key (copying
200 MB after the fact would halve throughput), so it must not overlap the
finalize that verifies and publishes the same keys: finalize is refused while
uploads of that version are in flight, and uploads are refused while it runs.

The state is a lease row per operation in the metadata database, so several
registry processes on one database see each other's uploads and finalizes.
A claim locks the version's row (``SELECT ... FOR UPDATE`` on PostgreSQL;
SQLite's write lock serialises every writer anyway) before it looks at the
leases, so two claims on one version never both pass. A lease expires
(``lease_s``) unless its holder renews it, so a killed process blocks a
version for at most that long; long uploads and finalizes renew as they go.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, delete, func, select, update

from lmforge.errors import FailedPrecondition

from . import db, queries
from .entities import Target
from .queries import KINDS

UPLOAD, FINALIZE = "upload", "finalize"


class Lease:
    """One held lease; ``renew_if_due`` keeps it alive during long work."""

    def __init__(self, engine: Engine, lease_id: int, lease_s: float) -> None:
        self.engine, self.id, self.lease_s = engine, lease_id, lease_s
        self._renewed = time.monotonic()

    def renew_if_due(self) -> None:
        if time.monotonic() - self._renewed < self.lease_s / 3:
            return
        with queries.tx(self.engine) as s, s.begin():
            s.execute(
                update(db.VersionLease)
                .where(db.VersionLease.id == self.id)
                .values(expires_at=_expiry(self.lease_s))
            )
        self._renewed = time.monotonic()

    def renewing(self, chunks: Iterable[bytes]) -> Iterator[bytes]:
        """The chunks, renewing the lease now and then while they stream."""
        for chunk in chunks:
            self.renew_if_due()
            yield chunk


class VersionGuard:
    def __init__(self, engine: Engine, lease_s: float = 600.0) -> None:
        self.engine = engine
        self.lease_s = lease_s

    @contextmanager
    def upload(self, target: Target) -> Iterator[Lease]:
        with self._held(target, UPLOAD) as lease:
            yield lease

    @contextmanager
    def finalize(self, target: Target) -> Iterator[Lease]:
        with self._held(target, FINALIZE) as lease:
            yield lease

    def busy(self, target: Target) -> bool:
        with queries.tx(self.engine) as s, s.begin():
            found = s.scalar(select(func.count(db.VersionLease.id)).where(*_live(target)))
            return bool(found)

    @contextmanager
    def _held(self, target: Target, mode: str) -> Iterator[Lease]:
        lease = Lease(self.engine, self._claim(target, mode), self.lease_s)
        try:
            yield lease
        finally:
            with queries.tx(self.engine) as s, s.begin():
                s.execute(delete(db.VersionLease).where(db.VersionLease.id == lease.id))

    def _claim(self, target: Target, mode: str) -> int:
        spec = KINDS[target.kind]
        with queries.tx(self.engine) as s, s.begin():
            row = queries.version(s, spec, target.name, target.version)
            # Serialise claims on this version (across processes) before looking.
            s.execute(select(spec.version.id).where(spec.version.id == row.id).with_for_update())
            modes = list(s.scalars(select(db.VersionLease.mode).where(*_live(target))))
            if FINALIZE in modes and mode == UPLOAD:
                raise FailedPrecondition(
                    f"{_name(target)} is being finalized; no more uploads are accepted"
                )
            if FINALIZE in modes:
                raise FailedPrecondition(f"{_name(target)} is already being finalized")
            if mode == FINALIZE and modes:
                raise FailedPrecondition(
                    f"{_name(target)} has {len(modes)} upload(s) in progress; "
                    "finalize after they end"
                )
            lease = db.VersionLease(
                kind=target.kind,
                name=target.name,
                version=target.version,
                mode=mode,
                expires_at=_expiry(self.lease_s),
            )
            s.add(lease)
            s.flush()
            return int(lease.id)


def _live(target: Target) -> list[Any]:
    return [
        db.VersionLease.kind == target.kind,
        db.VersionLease.name == target.name,
        db.VersionLease.version == target.version,
        db.VersionLease.expires_at > db.utcnow(),
    ]


def _expiry(lease_s: float) -> dt.datetime:
    return db.utcnow() + dt.timedelta(seconds=lease_s)


def _name(target: Target) -> str:
    return f"{target.kind} version {target.name}:{target.version}"
