"""Wiring of the training service: settings -> domain core -> servicer -> server."""

from __future__ import annotations

from lmforge.services.core.server import GrpcServer
from lmforge.v1 import training_pb2, training_pb2_grpc

from .servicer import TrainingServicer
from .settings import TrainingSettings

SERVICE_NAME = training_pb2.DESCRIPTOR.services_by_name["TrainingService"].full_name


async def build_server(settings: TrainingSettings) -> GrpcServer:
    """A ready-to-start server for these settings (used by main() and the tests)."""
    server = GrpcServer(settings)
    server.add_service(
        SERVICE_NAME,
        training_pb2_grpc.add_TrainingServiceServicer_to_server,
        TrainingServicer(settings),
    )
    return server
