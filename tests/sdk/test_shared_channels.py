"""SDK and services dial through one public channel factory (``lmforge.channels``).

The bearer-token interceptor used to be written twice (the SDK's private
``_rpc`` and ``services/core/registry_client.py``); now only
``lmforge.channels`` defines one. A live server records the metadata each
kind of channel sends, so a channel that drops the token fails here.
"""

from __future__ import annotations

import ast
import asyncio
from concurrent import futures
from pathlib import Path
from typing import Any

import grpc
from pydantic import SecretStr

from lmforge import Client, channels
from lmforge.v1 import registry_pb2, registry_pb2_grpc

ROOT = Path(__file__).resolve().parents[2]


def _interceptor_classes(source: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ClassDef):
            for base in node.bases:
                text = ast.unparse(base)
                if "ClientInterceptor" in text:
                    found.append(node.name)
    return found


def test_only_lmforge_channels_defines_a_client_interceptor() -> None:
    files = [*(ROOT / "services").rglob("*.py"), *(ROOT / "clients/python/lmforge").glob("*.py")]
    found = {
        str(p.relative_to(ROOT)): _interceptor_classes(p.read_text())
        for p in files
        if p.name != "channels.py" and "/v1/" not in str(p)
    }
    assert {k: v for k, v in found.items() if v} == {}
    assert _interceptor_classes((ROOT / "clients/python/lmforge/channels.py").read_text())


class _Recorder(registry_pb2_grpc.RegistryServiceServicer):
    def __init__(self) -> None:
        self.seen: list[str] = []

    def GetModel(self, request: Any, context: grpc.ServicerContext) -> Any:
        md = dict(context.invocation_metadata())
        self.seen.append(str(md.get("authorization", "")))
        return registry_pb2.GetModelResponse(model=registry_pb2.Model(name=request.name))


def test_sdk_and_service_channels_send_the_token() -> None:
    from lmforge.services.core.registry_client import RegistryConnection
    from lmforge.services.core.settings import RegistryClientSettings

    recorder = _Recorder()
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=2))
    registry_pb2_grpc.add_RegistryServiceServicer_to_server(recorder, server)
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    address = f"127.0.0.1:{port}"
    try:
        with Client(registry=address, token="sdk-token", retries=0) as c:
            assert c.get_model("m").name == "m"
        conn = RegistryConnection(
            RegistryClientSettings(registry_address=address), SecretStr("svc-token")
        )
        with conn.channel() as ch:
            conn.stub(ch).GetModel(registry_pb2.GetModelRequest(name="m"), timeout=10)

        async def aio() -> None:
            async with conn.aio_channel() as ch:
                await conn.stub(ch).GetModel(registry_pb2.GetModelRequest(name="m"), timeout=10)

        asyncio.run(aio())
        with channels.open_channel(address) as plain:
            registry_pb2_grpc.RegistryServiceStub(plain).GetModel(
                registry_pb2.GetModelRequest(name="m"), timeout=10
            )
    finally:
        server.stop(None)
    assert recorder.seen == ["Bearer sdk-token", "Bearer svc-token", "Bearer svc-token", ""]
