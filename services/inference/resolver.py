"""A registry version as the inference server holds it: files to fetch into the cache.

Resolving ("name", "name:3", "name@prod") is the services' shared registry
client's job (services/core/registry_client.py); what is inference's own is
the view of the result: each file with the object key the cache reads it
from (the bytes come straight from the object store, never through the
registry), and whether the version is an adapter or a GGUF file.
"""

from __future__ import annotations

from dataclasses import dataclass

from lmforge.errors import InvalidArgument
from lmforge.services.core.layout import file_key
from lmforge.services.core.registry_client import (
    AsyncRegistryClient,
    RegistryConnection,
    ResolvedModel,
)

from .cache import CachedFile

# ResolvedModel.format names (lmforge.enums' names of registry_pb2.ModelFormat).
PEFT_ADAPTER = "peft_adapter"
GGUF = "gguf"


@dataclass(frozen=True)
class ResolvedVersion:
    """One READY registry version and what the server needs to know about it."""

    model: str
    version: int
    task: str
    labels: tuple[str, ...]
    format: str
    files: tuple[CachedFile, ...]
    base: tuple[str, int] | None = None  # for an adapter: (base model, base version)

    @property
    def is_adapter(self) -> bool:
        return self.format == PEFT_ADAPTER

    @property
    def key(self) -> tuple[str, int]:
        return (self.model, self.version)

    @classmethod
    def of(cls, m: ResolvedModel) -> ResolvedVersion:
        return cls(
            model=m.name,
            version=m.version,
            task=m.task,
            labels=tuple(m.labels),
            format=m.format,
            files=tuple(
                CachedFile(p, m.sha256[p], m.sizes[p], _key(m.storage_prefix, p)) for p in m.files
            ),
            base=m.base,
        )


class RegistryResolver:
    """Resolves references through the shared asyncio registry client."""

    def __init__(self, connection: RegistryConnection) -> None:
        self.connection = connection  # follow.py opens its WatchEvents stream on it
        self.address = connection.address
        self.client = AsyncRegistryClient(connection)

    async def resolve(self, reference: str) -> ResolvedVersion:
        if not reference:
            raise InvalidArgument.field("reference", "must name a registry model version")
        return ResolvedVersion.of(await self.client.resolve_model(reference))

    async def close(self) -> None:
        await self.client.close()


def _key(storage_prefix: str, path: str) -> str:
    """Where the registry says the file is ("" from an older registry: the default scheme)."""
    return file_key(storage_prefix, path) if storage_prefix else ""
