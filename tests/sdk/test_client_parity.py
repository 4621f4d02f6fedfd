"""``Client`` and ``AsyncClient`` cover every RPC of the three services, alike.

The RPC list comes from the proto descriptors, so a new RPC without a client
method (in either client) fails here. RPCs served by a higher-level method
(file transfer behind push/download) name that method instead.
"""

from __future__ import annotations

import asyncio
import inspect
import re
import socket
from typing import Any

import pytest

from lmforge import AsyncClient, Client, errors
from lmforge.v1 import inference_pb2, registry_pb2, training_pb2

# RPCs whose client method is not the snake_case of their name.
RENAMED = {
    "ResolveModel": "resolve",
    "GetServerInfo": "server_info",
    # File bytes and version creation with a file list travel inside push/download.
    "UploadFile": "push_model",
    "GetUploadUrl": "push_model",
    "DownloadFile": "download_model",
    "GetDownloadUrl": "download_model",
    "CreateDatasetVersion": "push_dataset",
}


def rpcs() -> list[tuple[str, str]]:
    out = []
    for module in (registry_pb2, inference_pb2, training_pb2):
        for service in module.DESCRIPTOR.services_by_name.values():
            for method in service.methods:
                out.append((service.name, method.name))
    return out


def method_name(rpc: str) -> str:
    return RENAMED.get(rpc) or re.sub(r"(?<!^)(?=[A-Z])", "_", rpc).lower()


@pytest.mark.parametrize(("service", "rpc"), rpcs(), ids=lambda v: v)
def test_both_clients_have_the_method_with_one_signature(service: str, rpc: str) -> None:
    name = method_name(rpc)
    sync = getattr(Client, name, None)
    aio = getattr(AsyncClient, name, None)
    assert sync is not None, f"Client lacks {name}() for {service}.{rpc}"
    assert aio is not None, f"AsyncClient lacks {name}() for {service}.{rpc}"
    sync_params = list(inspect.signature(sync).parameters.values())
    aio_params = list(inspect.signature(aio).parameters.values())
    assert [(p.name, p.kind, p.default) for p in sync_params] == [
        (p.name, p.kind, p.default) for p in aio_params
    ], f"{name}: Client{inspect.signature(sync)} != AsyncClient{inspect.signature(aio)}"


def test_the_rpc_list_is_not_empty() -> None:
    assert len(rpcs()) > 40  # the walk found the services (a broken import finds none)


def _dead_address() -> str:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()  # nothing listens there now
    return f"127.0.0.1:{port}"


def test_async_client_names_the_unreachable_service() -> None:
    address = _dead_address()

    async def go() -> None:
        async with AsyncClient(registry=address, retries=0) as c:
            with pytest.raises(errors.Unavailable, match=rf"registry service at {address}"):
                await c.list_models(limit=1)

    asyncio.run(go())


def test_async_registry_calls_against_the_live_registry(platform: Any) -> None:
    async def go() -> tuple[Any, ...]:
        async with AsyncClient(**platform.addresses) as c:
            await c.create_model("aio-parity", task="text-generation")
            v = await c.create_model_version("aio-parity")
            aborted = await c.abort_model_version("aio-parity", v.version, reason="test")
            await c.create_dataset("aio-parity-data")
            got = await c.get_dataset("aio-parity-data")
            listed = await c.list_datasets(limit=1)
            deleted = await c.delete_dataset("aio-parity-data")
            return v, aborted, got, listed, deleted

    v, aborted, got, listed, deleted = asyncio.run(go())
    sync = platform.client()
    assert v.state == "PENDING" and aborted.state == "FAILED"
    assert sync.get_model_version("aio-parity", v.version).state == "FAILED"
    assert got.name == "aio-parity-data" and len(listed) == 1 and deleted == 0
    with pytest.raises(errors.NotFound):
        sync.get_dataset("aio-parity-data")


def test_watch_events_in_both_clients_replays_the_registry_history(platform: Any) -> None:
    sync = platform.client()
    sync.create_model("watch-parity", task="text-generation")
    v = sync.create_model_version("watch-parity")
    sync.abort_model_version("watch-parity", v.version, reason="test")

    # The registry's own record of those changes, from the replayed history.
    events = sync.watch_events(after_sequence=0, model="watch-parity", timeout=30)
    got = [next(events) for _ in range(3)]
    events.close()
    assert [(e.kind, e.model, e.version) for e in got] == [
        ("model_created", "watch-parity", 0),
        ("model_version_created", "watch-parity", v.version),
        ("model_version_failed", "watch-parity", v.version),
    ]
    assert got[0].sequence < got[1].sequence < got[2].sequence

    async def go() -> list[Any]:
        async with AsyncClient(**platform.addresses) as c:
            out = []
            async for e in c.watch_events(
                after_sequence=got[0].sequence, kinds=["model_version_failed"], timeout=30
            ):
                out.append(e)
                break
            return out

    (failed,) = asyncio.run(go())
    assert (failed.sequence, failed.kind) == (got[2].sequence, "model_version_failed")
    with pytest.raises(ValueError):
        sync.watch_events(kinds=["no_such_kind"]).__next__()
