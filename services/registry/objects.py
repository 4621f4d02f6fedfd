"""Object-store operations the shared ArtifactStore interface does not have (yet)."""

from __future__ import annotations

from lmforge.errors import Unavailable
from lmforge.services.core.storage import ArtifactStore, S3Store

_MAX_SINGLE_COPY = 5 * 1024**3  # S3's limit for one CopyObject


def copy_object(store: ArtifactStore, src: str, dst: str, size: int) -> None:
    """Copy ``src`` to ``dst`` inside the store: server-side on S3, no bytes through us."""
    if isinstance(store, S3Store):
        from minio.commonconfig import ComposeSource, CopySource
        from minio.error import S3Error
        from urllib3.exceptions import HTTPError

        store.ensure_bucket()
        bucket, prefix = store.bucket, store.prefix
        try:
            if size <= _MAX_SINGLE_COPY:
                store.client.copy_object(bucket, prefix + dst, CopySource(bucket, prefix + src))
            else:
                store.client.compose_object(
                    bucket, prefix + dst, [ComposeSource(bucket, prefix + src)]
                )
        except (S3Error, HTTPError, OSError) as e:
            raise Unavailable(f"copying {src!r} to {dst!r} in the object store failed: {e}") from e
        return
    store.put(dst, store.get(src), size)
