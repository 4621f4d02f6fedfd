"""Content-addressed local cache of model files pulled from the object store.

    <root>/blobs/<sha256[:2]>/<sha256>          one copy of each distinct file
    <root>/versions/<model>/<version>/<path>     hard links (or symlinks) to blobs

A file shared by several versions (a tokenizer, unchanged weights) is fetched
once. Every blob is re-hashed before it is used, so a file corrupted on disk is
detected and fetched again instead of being loaded. The version folder is
rebuilt from the blobs each time (links are cheap), so it never points at a
stale or half-written file.

The cache is bounded (``max_bytes``): before fetching, the least recently
used versions that no loaded model uses (``in_use``) are removed, then every
blob no remaining version links to. If the files of loaded models and the new
version still do not fit, the load is RESOURCE_EXHAUSTED (nothing fetched).
A version's last use is its folder's mtime, so the order survives restarts.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from lmforge.errors import FailedPrecondition, ResourceExhausted
from lmforge.services.core.layout import model_file_key
from lmforge.services.core.names import check_relative_path
from lmforge.services.core.storage import ArtifactStore

log = logging.getLogger(__name__)

_HASH_CHUNK = 4 * 1024 * 1024


@dataclass(frozen=True)
class CachedFile:
    """One file of a version: where it goes and what its bytes must hash to."""

    path: str
    sha256: str
    size: int = -1
    key: str = ""  # its object-store key (the registry's storage_prefix + path)


@dataclass
class FetchStats:
    """What one materialize call did, for logs and tests."""

    fetched: list[str] = field(default_factory=list)  # paths downloaded from the store
    reused: list[str] = field(default_factory=list)  # paths served from a verified blob
    repaired: list[str] = field(default_factory=list)  # corrupt blobs detected and refetched


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(_HASH_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


class ModelCache:
    """Pulls version files from the store into a local content-addressed cache."""

    def __init__(
        self,
        root: Path,
        store: ArtifactStore,
        max_bytes: int | None = None,
        in_use: Callable[[], set[tuple[str, int]]] | None = None,
    ) -> None:
        self.root = root.resolve()
        self.store = store
        self.max_bytes = max_bytes
        self.in_use = in_use or set  # versions whose files must stay (loaded models)
        self._lock = threading.Lock()  # one materialize at a time keeps blobs consistent

    def blob_path(self, sha256: str) -> Path:
        return self.root / "blobs" / sha256[:2] / sha256

    def version_dir(self, model: str, version: int) -> Path:
        return self.root / "versions" / model / str(version)

    def materialize(
        self, model: str, version: int, files: Iterable[CachedFile]
    ) -> tuple[Path, FetchStats]:
        """Make ``versions/<model>/<version>`` hold exactly ``files``; returns it and stats."""
        files = list(files)
        for f in files:
            check_relative_path("path", f.path)
        stats = FetchStats()
        with self._lock:
            if self.max_bytes is not None:
                self._make_room(model, version, files)
            for f in files:
                self._ensure_blob(model, version, f, stats)
            target = self.version_dir(model, version)
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{version}-"))
            try:
                for f in files:
                    dest = tmp / f.path
                    dest.parent.mkdir(parents=True, exist_ok=True)
                    _link(self.blob_path(f.sha256), dest)
                if target.exists():
                    shutil.rmtree(target)
                os.replace(tmp, target)  # its mtime (now) is the version's last use
            except BaseException:
                shutil.rmtree(tmp, ignore_errors=True)
                raise
        log.info(
            "cache %s:%d: %d fetched, %d reused, %d repaired",
            model,
            version,
            len(stats.fetched),
            len(stats.reused),
            len(stats.repaired),
        )
        return target, stats

    # -- size bound ------------------------------------------------------------------

    def total_bytes(self) -> int:
        blobs = self.root / "blobs"
        return (
            sum(p.stat().st_size for p in blobs.glob("*/*") if p.is_file()) if blobs.is_dir() else 0
        )

    def _make_room(self, model: str, version: int, files: list[CachedFile]) -> None:
        assert self.max_bytes is not None
        needed = sum(max(f.size, 0) for f in files if not self.blob_path(f.sha256).is_file())
        if self.total_bytes() + needed <= self.max_bytes:
            return
        keep = set(self.in_use()) | {(model, version)}
        for key, folder in self._versions_oldest_first():
            if key in keep:
                continue
            log.info("cache: evicting %s:%d (least recently used, not loaded)", *key)
            shutil.rmtree(folder, ignore_errors=True)
            self._drop_unlinked_blobs()
            if self.total_bytes() + needed <= self.max_bytes:
                return
        have = self.total_bytes()
        if have + needed > self.max_bytes:
            raise ResourceExhausted(
                f"{model}:{version} needs {needed} more bytes in the inference cache, which "
                f"holds {have} bytes that loaded models use; the limit is {self.max_bytes} "
                "(LMFORGE_INFERENCE_CACHE_MAX_BYTES): unload a model or raise the limit"
            )

    def _versions_oldest_first(self) -> list[tuple[tuple[str, int], Path]]:
        found = []
        for folder in (self.root / "versions").glob("*/*"):
            if folder.is_dir() and not folder.name.startswith(".") and folder.name.isdigit():
                found.append(
                    (folder.stat().st_mtime, (folder.parent.name, int(folder.name)), folder)
                )
        return [(key, folder) for _, key, folder in sorted(found)]

    def _drop_unlinked_blobs(self) -> None:
        # A blob is used while a version folder hard-links it (link count > 1)
        # or symlinks to it (the fallback on file systems without hard links).
        linked = {
            os.path.realpath(p) for p in (self.root / "versions").rglob("*") if p.is_symlink()
        }
        for blob in (self.root / "blobs").glob("*/*"):
            if blob.is_file() and blob.stat().st_nlink <= 1 and str(blob) not in linked:
                blob.unlink(missing_ok=True)

    def _ensure_blob(self, model: str, version: int, f: CachedFile, stats: FetchStats) -> None:
        blob = self.blob_path(f.sha256)
        if blob.is_file():
            if file_sha256(blob) == f.sha256:
                stats.reused.append(f.path)
                return
            log.warning("cached blob %s of %s is corrupt: fetching it again", f.sha256, f.path)
            stats.repaired.append(f.path)
            blob.unlink()
        blob.parent.mkdir(parents=True, exist_ok=True)
        # Download beside the blob, check the hash, then rename: a crash or a bad
        # download never leaves a blob whose name lies about its bytes.
        part = blob.with_name(f".{blob.name}.part")
        key = f.key or model_file_key(model, version, f.path)
        result = self.store.download(key, part)
        if result.sha256 != f.sha256:
            part.unlink(missing_ok=True)
            raise FailedPrecondition(
                f"file {f.path!r} of {model}:{version} in the store has sha256 {result.sha256}, "
                f"but the registry recorded {f.sha256}: the stored object is damaged"
            )
        os.replace(part, blob)
        stats.fetched.append(f.path)


def _link(src: Path, dest: Path) -> None:
    try:
        os.link(src, dest)
    except OSError:  # another file system, or links not allowed: a symlink still works
        os.symlink(src, dest)
