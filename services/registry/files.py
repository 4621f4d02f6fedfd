"""Moving a version's bytes: streamed and presigned uploads, downloads, download URLs.

Uploads never change a version's state (only finalize does, see ``versioned_store``):
a streamed upload writes straight to the published key and removes it again
when its size or hash disagrees with the header; a presigned PUT lands under
the version's staging prefix, to be checked and copied at finalize.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Iterator

from sqlalchemy import Engine

from lmforge.errors import FailedPrecondition, InvalidArgument, LmforgeError, NotFound, Unavailable
from lmforge.services.core.storage import ArtifactStore

from . import artifact_keys, db, queries
from .entities import FileRecord, Target
from .guard import VersionGuard
from .queries import KINDS
from .validate import check_file, check_name, check_no_nesting, check_version

log = logging.getLogger(__name__)

DEFAULT_URL_EXPIRY = dt.timedelta(hours=1)
MAX_URL_EXPIRY = dt.timedelta(days=7)


class FilesMixin:
    """``Registry``'s file methods (the attributes are set by ``Registry.__init__``)."""

    engine: Engine
    store: ArtifactStore
    guard: VersionGuard
    max_file_bytes: int

    def upload(
        self, target: Target, entry: FileRecord, chunks: Iterable[bytes], field: str = "header"
    ) -> FileRecord:
        """Stream one file into a PENDING version, hashing on the way.

        The bytes go straight to the published key; a size or hash that does
        not match the header removes the object and fails the call.
        """
        check_target(f"{field}.target", target)
        check_file(f"{field}.file", entry, self.max_file_bytes)
        with self.guard.upload(target) as lease:
            with queries.tx(self.engine) as s, s.begin():
                row = queries.version(s, KINDS[target.kind], target.name, target.version)
                queries.require_pending(row, target)
                # Before any byte is stored: "a" and "a/b" cannot both be files.
                check_no_nesting(f"{field}.file.path", entry.path, (f.path for f in row.files))
                key = artifact_keys.file_key(target, queries.incarnation(row), entry.path)
            feed = lease.renewing(chunks)
            result = self.store.put(key, _exactly(feed, entry.size, field), entry.size)
            if result.sha256 != entry.sha256 or result.size != entry.size:
                self._discard(key)
                raise InvalidArgument.field(
                    f"{field}.file.sha256",
                    f"the {result.size} bytes received hash to {result.sha256}, not the "
                    f"declared {entry.sha256}; the file was discarded",
                )
            try:
                with queries.tx(self.engine) as s, s.begin():
                    row = queries.version(s, KINDS[target.kind], target.name, target.version)
                    queries.require_pending(row, target)
                    queries.declare(
                        s, KINDS[target.kind], row, entry, staged=False, field=f"{field}.file"
                    )
            except LmforgeError:
                # Aborted or deleted while we streamed: leave nothing behind.
                self._discard(key)
                raise
        return entry

    def upload_url(
        self, target: Target, entry: FileRecord, expires_s: int = 0
    ) -> tuple[str, dt.datetime]:
        """Declare a file and return a presigned PUT URL for it (bytes checked at finalize)."""
        check_target("target", target)
        check_file("file", entry, self.max_file_bytes)
        expires = _expiry(expires_s)
        with self.guard.upload(target):
            with queries.tx(self.engine) as s, s.begin():
                row = queries.version(s, KINDS[target.kind], target.name, target.version)
                queries.require_pending(row, target)
                queries.declare(s, KINDS[target.kind], row, entry, staged=True)
                inc = queries.incarnation(row)
            url = self.store.presigned_put(
                artifact_keys.staging_key(target, inc, entry.path), expires
            )
        return url, db.utcnow() + expires

    def download(
        self, target: Target, path: str, offset: int = 0
    ) -> tuple[FileRecord, Iterator[bytes]]:
        check_target("target", target)
        entry, key = self._readable(target, path)
        if offset < 0 or offset > entry.size:
            raise InvalidArgument.field(
                "offset", f"{offset} is outside the file's {entry.size} bytes"
            )
        if offset == entry.size:
            return entry, iter(())
        return entry, self.store.get(key, offset)

    def download_url(
        self, target: Target, path: str, expires_s: int = 0
    ) -> tuple[str, dt.datetime, FileRecord]:
        check_target("target", target)
        expires = _expiry(expires_s)
        entry, key = self._readable(target, path)
        return self.store.presigned_get(key, expires), db.utcnow() + expires, entry

    def _readable(self, target: Target, path: str) -> tuple[FileRecord, str]:
        from lmforge.services.core.names import check_relative_path

        check_relative_path("path", path)
        spec = KINDS[target.kind]
        with queries.tx(self.engine) as s, s.begin():
            row = queries.version(s, spec, target.name, target.version)
            if row.state == db.FAILED:
                raise FailedPrecondition(
                    f"{target.kind} version {target.name}:{target.version} is FAILED; "
                    "its files were removed"
                )
            f = next((f for f in row.files if f.path == path), None)
            if f is None:
                raise NotFound(
                    f"path: {target.kind} version {target.name}:{target.version} has no file "
                    f"{path!r}"
                )
            staged = f.staged and row.state == db.PENDING
            entry = FileRecord(f.path, f.size, f.sha256)
            inc = queries.incarnation(row)
        key = (
            artifact_keys.staging_key(target, inc, path)
            if staged
            else artifact_keys.file_key(target, inc, path)
        )
        return entry, key

    def _discard(self, key: str) -> None:
        try:
            self.store.delete(key)
        except Unavailable:
            log.warning("could not remove %s; it stays unpublished", key)


def check_target(field: str, target: Target) -> Target:
    sub = "model_version.model" if target.kind == "model" else "dataset_version.dataset"
    version = "model_version" if target.kind == "model" else "dataset_version"
    check_name(f"{field}.{sub}", target.name)
    check_version(f"{field}.{version}.version", target.version)
    return target


def _expiry(seconds: int) -> dt.timedelta:
    if seconds < 0:
        raise InvalidArgument.field("expires_in_seconds", f"{seconds} is negative")
    expires = dt.timedelta(seconds=seconds) if seconds else DEFAULT_URL_EXPIRY
    if expires > MAX_URL_EXPIRY:
        raise InvalidArgument.field("expires_in_seconds", f"{seconds} is more than 7 days")
    return expires


def _exactly(chunks: Iterable[bytes], size: int, field: str) -> Iterator[bytes]:
    """Pass chunks through, failing (before the store completes the object) on a size mismatch."""
    seen = 0
    for chunk in chunks:
        seen += len(chunk)
        if seen > size:
            raise InvalidArgument.field(
                f"{field}.file.size_bytes",
                f"more than the declared {size} bytes were sent; the file was discarded",
            )
        yield chunk
    if seen != size:
        raise InvalidArgument.field(
            f"{field}.file.size_bytes",
            f"the stream ended after {seen} of the declared {size} bytes; the file was discarded",
        )
