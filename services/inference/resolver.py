"""Turning a registry reference ("name", "name:3", "name@prod") into files to fetch.

The registry is asked over gRPC (ResolveModel); the bytes themselves are then
read straight from the object store by the cache, never through the registry.
"""

from __future__ import annotations

from dataclasses import dataclass

import grpc

from lmforge.errors import InvalidArgument, Unavailable, from_rpc_error
from lmforge.services.core.layout import file_key
from lmforge.services.core.registry_client import RegistryConnection
from lmforge.v1 import registry_pb2, registry_pb2_grpc

from .cache import CachedFile

PEFT_ADAPTER = registry_pb2.MODEL_FORMAT_PEFT_ADAPTER
GGUF = registry_pb2.MODEL_FORMAT_GGUF


@dataclass(frozen=True)
class ResolvedVersion:
    """One READY registry version and what the server needs to know about it."""

    model: str
    version: int
    task: str
    labels: tuple[str, ...]
    format: int
    files: tuple[CachedFile, ...]
    base: tuple[str, int] | None = None  # for an adapter: (base model, base version)

    @property
    def is_adapter(self) -> bool:
        return self.format == PEFT_ADAPTER

    @property
    def key(self) -> tuple[str, int]:
        return (self.model, self.version)


class RegistryResolver:
    """Resolves references through the registry service's ResolveModel RPC.

    The channel (TLS, token) comes from the services' shared registry client.
    """

    def __init__(self, connection: RegistryConnection) -> None:
        self.connection = connection
        self.address = connection.address
        self._channel: grpc.aio.Channel | None = None

    def _stub(self) -> registry_pb2_grpc.RegistryServiceStub:
        if self._channel is None:  # created lazily, on the event loop that uses it
            self._channel = self.connection.aio_channel()
        return registry_pb2_grpc.RegistryServiceStub(self._channel)

    async def resolve(self, reference: str) -> ResolvedVersion:
        if not reference:
            raise InvalidArgument.field("reference", "must name a registry model version")
        try:
            reply = await self._stub().ResolveModel(
                registry_pb2.ResolveModelRequest(reference=reference),
                timeout=30,
            )
        except grpc.aio.AioRpcError as e:
            if e.code() in (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED):
                raise Unavailable(
                    f"the registry at {self.address} cannot be reached: {e.details()}"
                ) from e
            raise from_rpc_error(e) from e
        v = reply.version
        base = None
        if v.lineage.HasField("base") and v.lineage.base.model:
            base = (v.lineage.base.model, int(v.lineage.base.version))
        return ResolvedVersion(
            model=v.model,
            version=int(v.version),
            task=reply.model.task,
            labels=tuple(reply.model.labels),
            format=v.format,
            files=tuple(
                CachedFile(f.path, f.sha256, f.size_bytes, _key(v.storage_prefix, f.path))
                for f in v.files
            ),
            base=base,
        )

    async def close(self) -> None:
        if self._channel is not None:
            await self._channel.close(None)
            self._channel = None


def _key(storage_prefix: str, path: str) -> str:
    """Where the registry says the file is ("" from an older registry: the default scheme)."""
    return file_key(storage_prefix, path) if storage_prefix else ""
