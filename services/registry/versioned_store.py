"""The versioned-store core that models and datasets share: a version's life from
PENDING to READY or FAILED, and its end.

``VersionedStore`` holds the steps; a ``VersionKind`` per kind (``MODEL_VERSIONS`` in
``models``, ``DATASET_VERSIONS`` in ``datasets``) says what differs: its tables, what
its declared files must be, what finalize learns from the bytes, and what else points
at a version that is deleted.

Publishing is the only way a version becomes READY. Finalize first copies staged
files (presigned PUTs) to their published keys, then reads every published key back
and checks its size and SHA-256 (and, for datasets, parses it for row count and
columns), so what it verifies is exactly what becomes READY: a presigned PUT that
rewrites a staging object while finalize runs can change nothing that is checked or
served (only the registry itself writes published keys). When all files check it
drops strays and flips the state with ``UPDATE ... WHERE state = 'PENDING'``: an
abort or delete that won the race leaves finalize with zero rows, and it gives up
instead of publishing a version whose bytes are being removed.

Abort and delete commit the metadata change before the bytes are removed from the
store.
"""

from __future__ import annotations

import datetime as dt
import logging
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session

from lmforge.errors import FailedPrecondition, FieldViolation, LmforgeError, NotFound
from lmforge.services.core.storage import ArtifactStore

from . import artifact_keys, db, events, queries
from .dataset_inspection import TableShape
from .entities import Target
from .guard import Lease, VersionGuard
from .queries import KindSpec
from .validate import check_name, check_version

log = logging.getLogger(__name__)

Declared = list[tuple[str, int, str, bool]]  # (path, size, sha256, staged) per file


@dataclass(frozen=True)
class VersionKind:
    """What one kind of versioned artifact adds to the shared steps."""

    spec: KindSpec
    # (declared paths, the version's format) -> the format to publish; raises
    # FAILED_PRECONDITION when the files cannot make a version of this kind.
    check_files: Callable[[list[str], str], str]
    # (local copy, format, path) -> its shape; None: the bytes are only hashed.
    inspect: Callable[[Path, str, str], TableShape] | None
    # (format, shapes) -> extra columns set with READY.
    ready_values: Callable[[str, list[TableShape]], dict[str, object]]
    # (session, version ids, force) -> events: drop or refuse what points at
    # versions about to be deleted.
    release: Callable[[Session, list[int], bool], list[events.EventRecord]]


class VersionedStore:
    """Finalize, abort, delete and the stale-PENDING sweep, for every kind."""

    # A seam for tests: called after staged files are copied into place and
    # before they are verified (where a rewrite of a staging object would hurt).
    after_publish_copy: Callable[[Target], None] | None = None
    # ... and after verifying, right before the conditional PENDING -> READY.
    before_ready: Callable[[Target], None] | None = None

    def __init__(
        self,
        engine: Engine,
        store: ArtifactStore,
        guard: VersionGuard,
        notifier: events.Notifier,
        kinds: Mapping[str, VersionKind],
    ) -> None:
        self.engine, self.store, self.guard, self.notifier = engine, store, guard, notifier
        self.kinds = dict(kinds)

    def finalize(self, target: Target) -> None:
        check_name(target.kind, target.name)
        check_version("version", target.version)
        kind = self.kinds[target.kind]
        spec = kind.spec
        with self.guard.finalize(target) as lease:
            with queries.tx(self.engine) as s, s.begin():
                row = queries.version(s, spec, target.name, target.version)
                if row.state == db.READY:
                    return  # finalize is idempotent: a retry after a lost reply is fine
                queries.require_pending(row, target)
                declared = [(f.path, f.size, f.sha256, f.staged) for f in row.files]
                fmt = row.format
                inc = queries.incarnation(row)
            if not declared:
                raise FailedPrecondition(
                    f"files: {target.kind} version {target.name}:{target.version} has no files; "
                    "upload at least one before finalizing"
                )
            fmt = kind.check_files([p for p, *_ in declared], fmt)
            # Publish staged files first, then verify the published keys: the
            # bytes checked are the bytes served.
            copied: list[str] = []
            try:
                for path, _size, _sha, staged in declared:
                    final = artifact_keys.file_key(target, inc, path)
                    staging = artifact_keys.staging_key(target, inc, path)
                    if staged and self.store.exists(staging):
                        self.store.copy(staging, final)
                        copied.append(final)
                if self.after_publish_copy is not None:
                    self.after_publish_copy(target)
                lease.renew_if_due()
                with tempfile.TemporaryDirectory(prefix="lmforge-finalize-") as tmp:
                    shapes = self._verify(kind, target, inc, declared, fmt, Path(tmp), lease)
            except BaseException:
                # Nothing of a failed finalize stays published; staging keeps the
                # uploaded bytes, so fixing one file and finalizing again works.
                for key in copied:
                    self.store.delete(key)
                raise
            wanted = {artifact_keys.file_key(target, inc, p) for p, *_ in declared}
            for info in self.store.list(artifact_keys.version_root(target, inc)):
                if info.key not in wanted:
                    self.store.delete(info.key)
            if self.before_ready is not None:
                self.before_ready(target)
            try:
                self._flip_ready(kind, target, declared, fmt, shapes)
            except (NotFound, _Lost) as e:
                # An abort or delete committed first and owns the bytes now; what
                # this finalize copied after its sweep would linger, so sweep too.
                self.store.delete_prefix(artifact_keys.version_root(target, inc))
                if isinstance(e, NotFound):
                    raise
                raise FailedPrecondition(
                    f"{target.kind} version {target.name}:{target.version} was aborted while "
                    "finalizing; it was not published"
                ) from None

    def _flip_ready(
        self,
        kind: VersionKind,
        target: Target,
        declared: Declared,
        fmt: str,
        shapes: list[TableShape],
    ) -> None:
        """PENDING -> READY in one conditional UPDATE; ``_Lost`` when it matched no row."""
        spec = kind.spec
        with queries.tx(self.engine) as s, s.begin():
            row = queries.version(s, spec, target.name, target.version)
            if row.state != db.PENDING:
                raise _Lost()
            now = [(f.path, f.size, f.sha256, f.staged) for f in row.files]
            if sorted(now) != sorted(declared):
                raise FailedPrecondition(
                    "files: the declared files changed while finalizing; finalize again"
                )
            values: dict[str, object] = {"state": db.READY, "updated_at": db.utcnow()}
            values.update(kind.ready_values(fmt, shapes))
            won = s.execute(  # type: ignore[attr-defined]  # a CursorResult: has rowcount
                update(spec.version)
                .where(spec.version.id == row.id, spec.version.state == db.PENDING)
                .values(values)
                .execution_options(synchronize_session=False)
            ).rowcount
            if won != 1:  # an abort committed between our read and this write
                raise _Lost()
            for f in row.files:
                f.staged = False
            ready = events.version_event(target.kind, target.name, target.version, "READY")
            events.emit(s, [ready], self.notifier)

    def _verify(
        self,
        kind: VersionKind,
        target: Target,
        inc: str,
        declared: Declared,
        fmt: str,
        tmp: Path,
        lease: Lease | None = None,
    ) -> list[TableShape]:
        """Read every published file back; FAILED_PRECONDITION lists the bad ones."""
        problems: list[FieldViolation] = []
        shapes: list[TableShape] = []
        for i, (path, size, sha, _staged) in enumerate(declared):
            if lease is not None:  # a long verification keeps the version claimed
                lease.renew_if_due()
            key = artifact_keys.file_key(target, inc, path)
            field = f"files[{path}]"
            try:
                found = self.store.stat(key).size
            except NotFound:
                problems.append(FieldViolation(field, "is missing from the store"))
                continue
            if found != size:
                problems.append(
                    FieldViolation(field, f"has {found} bytes in the store, declared {size}")
                )
                continue
            try:
                if kind.inspect is not None:  # parsed from a local copy, hashed on the way
                    local = tmp / f"{i}{Path(path).suffix}"
                    got = self.store.download(key, local).sha256
                else:
                    got = self.store.sha256(key)
            except NotFound:  # removed between stat and read (e.g. by a racing abort)
                problems.append(FieldViolation(field, "is missing from the store"))
                continue
            if got != sha:
                problems.append(
                    FieldViolation(field, f"has SHA-256 {got} in the store, declared {sha}")
                )
                continue
            if kind.inspect is not None:
                shapes.append(kind.inspect(local, fmt, path))
                local.unlink()
        if problems:
            detail = "; ".join(f"{v.field} {v.description}" for v in problems)
            raise FailedPrecondition(
                f"cannot finalize {target.kind} version {target.name}:{target.version}: "
                f"{detail}. Upload those files again, then finalize.",
                violations=problems,
            )
        for shape, (path, *_rest) in zip(shapes[1:], declared[1:], strict=False):
            if shape.columns != shapes[0].columns:
                raise FailedPrecondition(
                    f"files[{path}] has columns {shape.columns} but {declared[0][0]!r} has "
                    f"{shapes[0].columns}; every file of a dataset version needs the same columns"
                )
        return shapes

    def abort(self, target: Target, reason: str) -> None:
        check_name(target.kind, target.name)
        check_version("version", target.version)
        spec = self.kinds[target.kind].spec
        with queries.tx(self.engine) as s, s.begin():
            row = queries.version(s, spec, target.name, target.version)
            # Conditional: a finalize that commits READY between our read and
            # this write makes it match no row, and the bytes stay.
            failed = s.execute(  # type: ignore[attr-defined]  # a CursorResult: has rowcount
                update(spec.version)
                .where(spec.version.id == row.id, spec.version.state == db.PENDING)
                .values(state=db.FAILED, failure_reason=reason[:4096], updated_at=db.utcnow())
                .execution_options(synchronize_session=False)
            ).rowcount
            state = s.scalar(select(spec.version.state).where(spec.version.id == row.id))
            inc = queries.incarnation(row)
            if failed:
                what = events.version_event(
                    target.kind, target.name, target.version, "FAILED", reason
                )
                events.emit(s, [what], self.notifier)
            if state == db.READY:
                raise FailedPrecondition(
                    f"{target.kind} version {target.name}:{target.version} is READY; "
                    "READY versions are deleted, not aborted"
                )
        # After the commit: a FAILED version is never served, so removing its
        # bytes cannot hurt anyone; a retry of abort repeats this step.
        self.store.delete_prefix(artifact_keys.version_root(target, inc))

    def delete_version(self, target: Target, force: bool) -> int:
        check_name(target.kind, target.name)
        check_version("version", target.version)
        kind = self.kinds[target.kind]
        with queries.tx(self.engine) as s, s.begin():
            row = queries.version(s, kind.spec, target.name, target.version)
            inc = queries.incarnation(row)
            gone = [events.version_event(target.kind, target.name, target.version, "DELETED")]
            gone += kind.release(s, [row.id], force)
            s.delete(row)
            events.emit(s, gone, self.notifier)
        return self.store.delete_prefix(artifact_keys.version_root(target, inc))

    def delete_owner(self, kind: str, name: str, force: bool) -> int:
        check_name("name", name)
        spec = self.kinds[kind].spec
        with queries.tx(self.engine) as s, s.begin():
            owner = queries.owner(s, spec, name)
            inc = str(owner.incarnation)
            fk = getattr(spec.version, spec.owner_fk)
            ids = list(s.scalars(select(spec.version.id).where(fk == owner.id)))
            if ids and not force:
                raise FailedPrecondition(
                    f"{spec.kind} {name!r} has {len(ids)} version(s); delete them first or "
                    "set force"
                )
            gone = self.kinds[kind].release(s, ids, True)
            for row in s.scalars(select(spec.version).where(fk == owner.id)):
                s.delete(row)
            s.flush()
            s.delete(owner)
            gone.append(events.owner_event(spec.kind, name, "DELETED"))
            events.emit(s, gone, self.notifier)
        self.store.delete_prefix(artifact_keys.owner_root(spec.kind, name, inc))
        return len(ids)

    def expire_stale(self, max_age_s: float, now: dt.datetime | None = None) -> list[Target]:
        """Abort PENDING versions untouched for ``max_age_s`` (not those being uploaded)."""
        cutoff = (now or db.utcnow()) - dt.timedelta(seconds=max_age_s)
        stale: list[Target] = []
        with queries.tx(self.engine) as s, s.begin():
            for spec in (k.spec for k in self.kinds.values()):
                owner_name = spec.owner.name
                found = s.execute(
                    select(owner_name, spec.version.number)
                    .join(spec.owner, getattr(spec.version, spec.owner_fk) == spec.owner.id)
                    .where(spec.version.state == db.PENDING, spec.version.updated_at < cutoff)
                )
                stale += [Target(spec.kind, n, v) for n, v in found]
        done = []
        for target in stale:
            if self.guard.busy(target):
                continue
            try:
                self.abort(target, f"expired: PENDING for more than {max_age_s:.0f} s")
                done.append(target)
            except LmforgeError as e:
                log.warning("could not expire %s: %s", target, e)
        return done


class _Lost(Exception):
    """The version stopped being PENDING (aborted) while finalize ran."""
