"""Publishing a version: the only way a version becomes READY.

Finalize first copies staged files (presigned PUTs) to their published keys,
then reads every published key back and checks its size and SHA-256 (and,
for datasets, parses it for row count and columns), so what it verifies is
exactly what becomes READY: a presigned PUT that rewrites a staging object
while finalize runs can change nothing that is checked or served (only the
registry itself writes published keys). When all files check it drops
strays and flips the state with ``UPDATE ... WHERE state = 'PENDING'``: an
abort or delete that won the race leaves finalize with zero rows, and it
gives up instead of publishing a version whose bytes are being removed.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Engine, update

from lmforge.errors import FailedPrecondition, FieldViolation, NotFound
from lmforge.services.core.storage import ArtifactStore

from . import artifact_keys, db, events, queries
from .dataset_inspection import TableShape, format_of, inspect_file
from .entities import Target
from .guard import Lease, VersionGuard
from .queries import KINDS
from .validate import check_name, check_version


class FinalizeMixin:
    """``Registry``'s finalize step (the attributes are set by ``Registry.__init__``)."""

    engine: Engine
    store: ArtifactStore
    guard: VersionGuard
    notifier: events.Notifier
    max_file_bytes: int
    # A seam for tests: called after staged files are copied into place and
    # before they are verified (where a rewrite of a staging object would hurt).
    after_publish_copy: Callable[[Target], None] | None = None
    # ... and after verifying, right before the conditional PENDING -> READY.
    before_ready: Callable[[Target], None] | None = None

    def _finalize(self, target: Target) -> None:
        check_name(target.kind, target.name)
        check_version("version", target.version)
        spec = KINDS[target.kind]
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
            if fmt == "PEFT_ADAPTER" and not any(p == "adapter_config.json" for p, *_ in declared):
                raise FailedPrecondition(
                    "files: a PEFT adapter version needs adapter_config.json at its root"
                )
            if target.kind == "dataset" and not fmt:
                fmt = format_of(declared[0][0], "format")
                for path, *_ in declared:
                    if format_of(path, "format") != fmt:
                        raise FailedPrecondition(
                            f"files: {path!r} is not {fmt} like {declared[0][0]!r}; a dataset "
                            "version holds files of one format"
                        )
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
                    shapes = self._verify(target, inc, declared, fmt, Path(tmp), lease)
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
                self._flip_ready(target, declared, fmt, shapes)
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
        target: Target,
        declared: list[tuple[str, int, str, bool]],
        fmt: str,
        shapes: list[TableShape],
    ) -> None:
        """PENDING -> READY in one conditional UPDATE; ``_Lost`` when it matched no row."""
        spec = KINDS[target.kind]
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
            if isinstance(row, db.DatasetVersion):
                values["format"] = fmt
                values["row_count"] = sum(sh.rows for sh in shapes)
                values["columns"] = shapes[0].columns if shapes else []
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
        target: Target,
        inc: str,
        declared: list[tuple[str, int, str, bool]],
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
                if target.kind == "dataset":
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
            if target.kind == "dataset":
                shapes.append(inspect_file(local, fmt, path))
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


class _Lost(Exception):
    """The version stopped being PENDING (aborted) while finalize ran."""
