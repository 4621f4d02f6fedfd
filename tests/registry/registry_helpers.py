"""Small helpers shared by the registry tests."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

import grpc
import pytest

from lmforge.errors import from_rpc_error
from lmforge.services.core.storage import ArtifactStore, open_store


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def rpc_error(
    code: grpc.StatusCode, fn: Callable[..., Any], *args: Any, field: str | None = None
) -> grpc.RpcError:
    """Call ``fn``, expect ``code``; when ``field`` is given the message must name it."""
    with pytest.raises(grpc.RpcError) as info:
        fn(*args)
    err = info.value
    assert err.code() == code, f"{err.code()}: {err.details()}"
    if field is not None:
        assert field in (err.details() or ""), err.details()
    return err


def violation_fields(err: grpc.RpcError) -> list[str]:
    return [v.field for v in from_rpc_error(err).violations]


def store_of(registry_server: Any) -> ArtifactStore:
    return open_store(registry_server.settings)


def keys_under(store: ArtifactStore, prefix: str) -> list[str]:
    return [o.key for o in store.list(prefix)]
