"""Artifact storage: one interface, two implementations chosen by URL.

- ``s3://BUCKET[/PREFIX]``: any S3 server (MinIO, SeaweedFS, AWS) through the
  ``minio`` SDK. The bucket is created on first use; large files go up in
  multipart; SHA-256 is computed while streaming.
- ``file:///ABSOLUTE/PATH``: a local directory, for single-machine setups.

Keys are always relative and validated (no ``..``, absolute paths,
backslashes or control characters) before they reach either backend. A
failing object store surfaces as ``Unavailable``, a missing key as
``NotFound``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import tempfile
import threading
from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING
from urllib.parse import urlparse

from lmforge.errors import InvalidArgument, NotFound, Unavailable

from .names import relative_path_problem

if TYPE_CHECKING:
    from .settings import StorageSettings

CHUNK = 1024 * 1024  # 1 MiB: small enough to stream, big enough to be cheap per call
PART_SIZE = 16 * 1024 * 1024  # multipart part size for S3 uploads


@dataclass(frozen=True)
class ObjectInfo:
    """What the store knows about one object."""

    key: str
    size: int
    sha256: str | None = None  # known when we wrote it (S3 user metadata / sidecar)


def check_key(key: str) -> str:
    why = relative_path_problem(key)
    if why:
        raise InvalidArgument.field("key", f"object key {key!r} {why}")
    return key


class _HashingReader:
    """A file-like wrapper that hashes and counts bytes as they are read."""

    def __init__(self, stream: IO[bytes] | Iterator[bytes]) -> None:
        self._stream = stream
        self._buffer = b""
        self.sha256 = hashlib.sha256()
        self.size = 0

    def _next_chunk(self) -> bytes:
        if hasattr(self._stream, "read"):
            return bytes(self._stream.read(CHUNK))
        return bytes(next(self._stream, b""))

    def read(self, n: int = -1) -> bytes:
        while n < 0 or len(self._buffer) < n:
            chunk = self._next_chunk()
            if not chunk:
                break
            self._buffer += chunk
        if n < 0:
            out, self._buffer = self._buffer, b""
        else:
            out, self._buffer = self._buffer[:n], self._buffer[n:]
        self.sha256.update(out)
        self.size += len(out)
        return out


@dataclass(frozen=True)
class PutResult:
    """What a put wrote."""

    key: str
    size: int
    sha256: str


class ArtifactStore(ABC):
    """Bytes by key. Keys are relative paths; implementations add their prefix."""

    url: str

    @abstractmethod
    def put(self, key: str, data: IO[bytes] | Iterator[bytes] | bytes, size: int = -1) -> PutResult:
        """Store ``data`` under ``key`` (overwriting), returning its size and sha256."""

    @abstractmethod
    def get(self, key: str, offset: int = 0) -> Iterator[bytes]:
        """Stream the object's bytes from ``offset``. NotFound if absent."""

    @abstractmethod
    def stat(self, key: str) -> ObjectInfo:
        """Size (and sha256 when known) of one object. NotFound if absent."""

    @abstractmethod
    def list(self, prefix: str = "") -> list[ObjectInfo]:
        """Every object whose key starts with ``prefix``, sorted by key."""

    @abstractmethod
    def delete(self, key: str) -> bool:
        """Remove one object; False if it did not exist."""

    @abstractmethod
    def copy(self, src_key: str, dst_key: str) -> None:
        """Copy one object to another key (overwriting), inside the store: the bytes do
        not pass through the caller where the backend can avoid it. NotFound if absent."""

    def exists(self, key: str) -> bool:
        try:
            self.stat(key)
        except NotFound:
            return False
        return True

    def delete_prefix(self, prefix: str) -> int:
        """Remove every object under ``prefix``; returns how many."""
        return sum(1 for info in self.list(prefix) if self.delete(info.key))

    def sha256(self, key: str) -> str:
        """Hash an object by reading it back (the only proof of what is stored)."""
        digest = hashlib.sha256()
        for chunk in self.get(key):
            digest.update(chunk)
        return digest.hexdigest()

    def download(self, key: str, dest: Path) -> PutResult:
        """Copy an object to a local file atomically; returns its size and sha256."""
        dest.parent.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        size = 0
        fd, tmp = tempfile.mkstemp(dir=dest.parent, prefix=".part-")
        try:
            with os.fdopen(fd, "wb") as out:
                for chunk in self.get(key):
                    out.write(chunk)
                    digest.update(chunk)
                    size += len(chunk)
            os.replace(tmp, dest)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return PutResult(key, size, digest.hexdigest())

    def presigned_put(self, key: str, expires: dt.timedelta) -> str:
        raise InvalidArgument(f"the store {self.url} does not support presigned URLs")

    def presigned_get(self, key: str, expires: dt.timedelta) -> str:
        raise InvalidArgument(f"the store {self.url} does not support presigned URLs")

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release connections."""


class LocalStore(ArtifactStore):
    """A directory on the local file system. Writes are atomic (temp + rename)."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self.root.mkdir(parents=True, exist_ok=True)
        self.url = self.root.as_uri()

    def _path(self, key: str) -> Path:
        return self.root / check_key(key)

    def put(self, key: str, data: IO[bytes] | Iterator[bytes] | bytes, size: int = -1) -> PutResult:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes | bytearray):
            data = iter([bytes(data)])
        reader = _HashingReader(data)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".part-")
        try:
            with os.fdopen(fd, "wb") as out:
                while chunk := reader.read(CHUNK):
                    out.write(chunk)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return PutResult(key, reader.size, reader.sha256.hexdigest())

    def get(self, key: str, offset: int = 0) -> Iterator[bytes]:
        path = self._path(key)
        if not path.is_file():
            raise NotFound(f"object {key!r} not found in {self.url}")

        def chunks() -> Iterator[bytes]:
            with path.open("rb") as f:
                f.seek(offset)
                while chunk := f.read(CHUNK):
                    yield chunk

        return chunks()

    def stat(self, key: str) -> ObjectInfo:
        path = self._path(key)
        if not path.is_file():
            raise NotFound(f"object {key!r} not found in {self.url}")
        return ObjectInfo(key, path.stat().st_size)

    def list(self, prefix: str = "") -> list[ObjectInfo]:
        out = []
        for path in self.root.rglob("*"):
            if path.is_file() and not path.name.startswith(".part-"):
                key = path.relative_to(self.root).as_posix()
                if key.startswith(prefix):
                    out.append(ObjectInfo(key, path.stat().st_size))
        return sorted(out, key=lambda o: o.key)

    def delete(self, key: str) -> bool:
        path = self._path(key)
        if not path.is_file():
            return False
        path.unlink()
        return True

    def copy(self, src_key: str, dst_key: str) -> None:
        src, dst = self._path(src_key), self._path(dst_key)
        if not src.is_file():
            raise NotFound(f"object {src_key!r} not found in {self.url}")
        dst.parent.mkdir(parents=True, exist_ok=True)
        # Temp + rename, like put: a reader of dst sees the old object or the whole new one.
        fd, tmp = tempfile.mkstemp(dir=dst.parent, prefix=".part-")
        os.close(fd)
        try:
            shutil.copyfile(src, tmp)
            os.replace(tmp, dst)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def delete_prefix(self, prefix: str) -> int:
        n = super().delete_prefix(prefix)
        if prefix and (self.root / prefix).is_dir():
            shutil.rmtree(self.root / prefix, ignore_errors=True)
        return n


class S3Store(ArtifactStore):
    """An S3 bucket (optionally under a key prefix), through the minio SDK."""

    def __init__(
        self,
        bucket: str,
        prefix: str,
        endpoint: str,
        access_key: str | None,
        secret_key: str | None,
        secure: bool = False,
        region: str | None = None,
    ) -> None:
        import minio
        import urllib3

        self.bucket = bucket
        self.prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""
        self.url = f"s3://{bucket}/{self.prefix}"
        # Short connect timeout and few retries: a dead store should surface
        # as UNAVAILABLE within seconds, not hang a caller for minutes.
        http = urllib3.PoolManager(
            timeout=urllib3.Timeout(connect=3.0, read=120.0),
            retries=urllib3.Retry(total=2, backoff_factor=0.2, status_forcelist=(502, 503, 504)),
            maxsize=16,
        )
        self.client = minio.Minio(
            endpoint,
            access_key=access_key,
            secret_key=secret_key,
            secure=secure,
            region=region,
            http_client=http,
        )
        self._bucket_ready = False
        self._lock = threading.Lock()

    def _key(self, key: str) -> str:
        return self.prefix + check_key(key)

    def _call(self, what: str, fn, *args, **kwargs):  # type: ignore[no-untyped-def]
        """Run a minio call, translating its errors into lmforge errors."""
        from minio.error import S3Error
        from urllib3.exceptions import HTTPError

        try:
            return fn(*args, **kwargs)
        except S3Error as e:
            if e.code in ("NoSuchKey", "NoSuchObject", "NoSuchBucket", "ResourceNotFound"):
                raise NotFound(f"{what}: not found in {self.url} ({e.code})") from e
            if e.code in ("AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch"):
                raise Unavailable(
                    f"{what}: the object store refused our credentials ({e.code}); "
                    "check LMFORGE_S3_ACCESS_KEY / LMFORGE_S3_SECRET_KEY"
                ) from e
            raise Unavailable(f"{what}: object store error {e.code}: {e.message}") from e
        except (HTTPError, ConnectionError, OSError) as e:
            raise Unavailable(
                f"{what}: the object store at {self.client._base_url.host} is unreachable ({e})"
            ) from e

    def ensure_bucket(self) -> None:
        """Create the bucket if missing. Also the start-up reachability check."""
        if self._bucket_ready:
            return
        with self._lock:
            if not self._bucket_ready:
                if not self._call("check bucket", self.client.bucket_exists, self.bucket):
                    try:
                        self._call("create bucket", self.client.make_bucket, self.bucket)
                    except Unavailable:
                        # Lost a race with another service creating it.
                        if not self._call("check bucket", self.client.bucket_exists, self.bucket):
                            raise
                self._bucket_ready = True

    def put(self, key: str, data: IO[bytes] | Iterator[bytes] | bytes, size: int = -1) -> PutResult:
        self.ensure_bucket()
        if isinstance(data, bytes | bytearray):
            size = len(data)
            data = iter([bytes(data)])
        reader = _HashingReader(data)
        self._call(
            f"put {key!r}",
            self.client.put_object,
            self.bucket,
            self._key(key),
            reader,
            length=size if size >= 0 else -1,
            part_size=PART_SIZE,
        )
        return PutResult(key, reader.size, reader.sha256.hexdigest())

    def get(self, key: str, offset: int = 0) -> Iterator[bytes]:
        self.ensure_bucket()
        resp = self._call(
            f"get {key!r}", self.client.get_object, self.bucket, self._key(key), offset=offset
        )

        def chunks() -> Iterator[bytes]:
            try:
                yield from resp.stream(CHUNK)
            except Exception as e:
                raise Unavailable(f"reading {key!r} from the object store failed: {e}") from e
            finally:
                resp.close()
                resp.release_conn()

        return chunks()

    def stat(self, key: str) -> ObjectInfo:
        self.ensure_bucket()
        st = self._call(f"stat {key!r}", self.client.stat_object, self.bucket, self._key(key))
        return ObjectInfo(key, int(st.size or 0))

    def list(self, prefix: str = "") -> list[ObjectInfo]:
        self.ensure_bucket()
        objs = self._call(
            f"list {prefix!r}",
            lambda: list(
                self.client.list_objects(self.bucket, prefix=self.prefix + prefix, recursive=True)
            ),
        )
        n = len(self.prefix)
        return sorted(
            (ObjectInfo(o.object_name[n:], int(o.size or 0)) for o in objs if not o.is_dir),
            key=lambda o: o.key,
        )

    def delete(self, key: str) -> bool:
        if not self.exists(key):
            return False
        self._call(f"delete {key!r}", self.client.remove_object, self.bucket, self._key(key))
        return True

    def copy(self, src_key: str, dst_key: str) -> None:
        from minio.commonconfig import ComposeSource

        self.ensure_bucket()
        src, dst = self._key(src_key), self._key(dst_key)
        # Server-side: compose_object issues one CopyObject up to S3's 5 GiB limit for
        # it, and a multipart upload-part-copy beyond that; no bytes come through us.
        self._call(
            f"copy {src_key!r} to {dst_key!r}",
            self.client.compose_object,
            self.bucket,
            dst,
            [ComposeSource(self.bucket, src)],
        )

    def presigned_put(self, key: str, expires: dt.timedelta) -> str:
        self.ensure_bucket()
        return str(
            self._call(
                "presign put",
                self.client.presigned_put_object,
                self.bucket,
                self._key(key),
                expires=expires,
            )
        )

    def presigned_get(self, key: str, expires: dt.timedelta) -> str:
        self.ensure_bucket()
        return str(
            self._call(
                "presign get",
                self.client.presigned_get_object,
                self.bucket,
                self._key(key),
                expires=expires,
            )
        )

    def close(self) -> None:
        self.client._http.clear()


def open_store(settings: StorageSettings, check: bool = True) -> ArtifactStore:
    """Build the store a URL names. With ``check``, fail now if it is unreachable."""
    url = settings.storage_url
    parsed = urlparse(url)
    if parsed.scheme == "file":
        if parsed.netloc not in ("", "localhost") or not parsed.path.startswith("/"):
            raise InvalidArgument.field(
                "storage_url", f"{url!r}: a file URL must be absolute, e.g. file:///var/lmforge"
            )
        return LocalStore(Path(parsed.path))
    if parsed.scheme == "s3":
        if not parsed.netloc:
            raise InvalidArgument.field("storage_url", f"{url!r}: name a bucket, e.g. s3://lmforge")
        if not settings.s3_endpoint:
            raise InvalidArgument.field(
                "s3_endpoint",
                f"storage_url {url!r} needs an S3 endpoint: set LMFORGE_S3_ENDPOINT (host:port)",
            )
        from minio.helpers import check_bucket_name

        try:
            check_bucket_name(parsed.netloc)
        except ValueError as e:
            raise InvalidArgument.field(
                "storage_url", f"{url!r}: {e} (3-63 lowercase letters, digits, '-' or '.')"
            ) from e
        secret = settings.s3_secret_key.get_secret_value() if settings.s3_secret_key else None
        store = S3Store(
            parsed.netloc,
            parsed.path,
            settings.s3_endpoint,
            settings.s3_access_key,
            secret,
            settings.s3_secure,
            settings.s3_region,
        )
        if check:
            store.ensure_bucket()
        return store
    raise InvalidArgument.field(
        "storage_url",
        f"{url!r}: unsupported scheme {parsed.scheme!r}; use s3://BUCKET or file:///PATH",
    )
