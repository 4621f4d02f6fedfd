"""Wiring of the training service: settings -> domain core -> servicer -> server."""

from __future__ import annotations

import asyncio

from lmforge.services.core.registry_client import RegistryClient, registry_connection
from lmforge.services.core.server import GrpcServer
from lmforge.services.core.storage import open_store
from lmforge.v1 import training_pb2, training_pb2_grpc

from .coordinator import TrainingCoordinator
from .jobs import JobStore
from .runner import RayRunner
from .servicer import TrainingServicer
from .settings import TrainingSettings

SERVICE_NAME = training_pb2.DESCRIPTOR.services_by_name["TrainingService"].full_name


def build_coordinator(settings: TrainingSettings) -> TrainingCoordinator:
    """The domain core for these settings (not started)."""
    return TrainingCoordinator(
        settings,
        JobStore.open(settings.database_url),
        open_store(settings),
        RegistryClient(registry_connection(settings)),
        RayRunner(settings),
    )


async def build_server(settings: TrainingSettings) -> GrpcServer:
    """A ready-to-start server for these settings (used by main() and the tests)."""
    core = build_coordinator(settings)
    # The local Ray head (if any) starts before we serve, as its own process tree.
    await asyncio.to_thread(core.runner.start_local_head)
    core.start()
    server = GrpcServer(settings)
    server.add_service(
        SERVICE_NAME,
        training_pb2_grpc.add_TrainingServiceServicer_to_server,
        TrainingServicer(core),
    )

    async def close() -> None:
        await asyncio.to_thread(core.stop)
        core.registry.close()
        core.artifacts.close()
        core.store.close()

    server.on_stop(close)
    server.coordinator = core  # type: ignore[attr-defined]  # for tests and tools
    return server
