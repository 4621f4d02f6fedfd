"""Wiring of the inference service: settings -> domain core -> servicer -> server."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

from lmforge.services.core.registry_client import registry_connection
from lmforge.services.core.server import GrpcServer
from lmforge.services.core.storage import open_store
from lmforge.v1 import inference_pb2, inference_pb2_grpc

from .cache import ModelCache
from .core import InferenceCore
from .models import ModelManager
from .resolver import RegistryResolver
from .servicer import InferenceServicer
from .settings import InferenceSettings

log = logging.getLogger(__name__)

SERVICE_NAME = inference_pb2.DESCRIPTOR.services_by_name["InferenceService"].full_name


async def build_server(settings: InferenceSettings) -> GrpcServer:
    """A ready-to-start server for these settings (used by main() and the tests).

    Models named in ``settings.preload`` start loading in the background; each
    reports SERVING on its own health service name once warm.
    """
    server = GrpcServer(settings)
    store = open_store(settings)

    async def on_health(service: str, serving: bool) -> None:
        await server.set_serving(service, serving)

    cache = ModelCache(Path(settings.cache_dir), store, max_bytes=settings.cache_max_bytes)
    models = ModelManager(
        settings,
        cache=cache,
        # The same TLS settings and token open the registry.
        resolver=RegistryResolver(registry_connection(settings)),
        on_health=on_health,
    )
    # Versions of loaded models and their adapters stay in the cache; others may be evicted.
    cache.in_use = lambda: (
        {r.version for r in models.models.values() if r.version}
        | {a.version for r in models.models.values() for a in r.adapters.values()}
    )
    core = InferenceCore(settings, models)
    server.core = core  # type: ignore[attr-defined]  # tests and benches reach the core
    server.add_service(
        SERVICE_NAME,
        inference_pb2_grpc.add_InferenceServiceServicer_to_server,
        InferenceServicer(core),
    )

    async def close() -> None:
        await models.close()
        store.close()

    server.on_stop(close)
    if settings.preload:
        task = asyncio.create_task(models.preload())
        server.preload_task = task  # type: ignore[attr-defined]  # keep a reference
    return server
