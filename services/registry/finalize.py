"""Publishing a version: the only way a version becomes READY.

Finalize reads every declared file back from the store and checks its size
and SHA-256 (and, for datasets, parses it for row count and columns); only
when all of them check does it copy staged files into place, drop strays and
flip the state, in that order.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from sqlalchemy import Engine

from lmforge.errors import FailedPrecondition, FieldViolation, NotFound
from lmforge.services.core.storage import ArtifactStore

from . import db, keys, rows
from .guard import VersionGuard
from .objects import copy_object
from .records import Target
from .rows import KINDS
from .tabular import TableShape, format_of, inspect_file
from .validate import check_name, check_version


class FinalizeMixin:
    """``Registry``'s finalize step (the attributes are set by ``Registry.__init__``)."""

    engine: Engine
    store: ArtifactStore
    guard: VersionGuard

    def _finalize(self, target: Target) -> None:
        check_name(target.kind, target.name)
        check_version("version", target.version)
        spec = KINDS[target.kind]
        with self.guard.finalize(target):
            with rows.tx(self.engine) as s, s.begin():
                row = rows.version(s, spec, target.name, target.version)
                if row.state == db.READY:
                    return  # finalize is idempotent: a retry after a lost reply is fine
                rows.require_pending(row, target)
                declared = [(f.path, f.size, f.sha256, f.staged) for f in row.files]
                fmt = row.format
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
            with tempfile.TemporaryDirectory(prefix="lmforge-finalize-") as tmp:
                sources, shapes = self._verify(target, declared, fmt, Path(tmp))
            # Everything checks: publish staged files, drop strays, then flip the state.
            for (path, size, _sha, _staged), src in zip(declared, sources, strict=True):
                final = keys.file_key(target, path)
                if src != final:
                    copy_object(self.store, src, final, size)
            wanted = {keys.file_key(target, p) for p, *_ in declared}
            for info in self.store.list(keys.version_root(target)):
                if info.key not in wanted:
                    self.store.delete(info.key)
            with rows.tx(self.engine) as s, s.begin():
                row = rows.version(s, spec, target.name, target.version)
                rows.require_pending(row, target)
                now = [(f.path, f.size, f.sha256, f.staged) for f in row.files]
                if sorted(now) != sorted(declared):
                    raise FailedPrecondition(
                        "files: the declared files changed while finalizing; finalize again"
                    )
                for f in row.files:
                    f.staged = False
                row.state = db.READY
                row.updated_at = db.utcnow()
                if isinstance(row, db.DatasetVersion):
                    row.format = fmt
                    row.row_count = sum(sh.rows for sh in shapes)
                    row.columns = shapes[0].columns if shapes else []

    def _verify(
        self, target: Target, declared: list[tuple[str, int, str, bool]], fmt: str, tmp: Path
    ) -> tuple[list[str], list[TableShape]]:
        """Read every declared file back from the store; FAILED_PRECONDITION lists the bad ones."""
        problems: list[FieldViolation] = []
        sources: list[str] = []
        shapes: list[TableShape] = []
        for i, (path, size, sha, staged) in enumerate(declared):
            key = keys.file_key(target, path)
            if staged and self.store.exists(keys.staging_key(target, path)):
                key = keys.staging_key(target, path)
            sources.append(key)
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
            if target.kind == "dataset":
                local = tmp / f"{i}{Path(path).suffix}"
                got = self.store.download(key, local).sha256
            else:
                got = self.store.sha256(key)
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
        return sources, shapes
