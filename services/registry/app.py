"""Wiring of the registry service: settings -> domain core -> servicer -> server."""

from __future__ import annotations

from lmforge.services.core.server import GrpcServer
from lmforge.v1 import registry_pb2, registry_pb2_grpc

from .servicer import RegistryServicer
from .settings import RegistrySettings

SERVICE_NAME = registry_pb2.DESCRIPTOR.services_by_name["RegistryService"].full_name


async def build_server(settings: RegistrySettings) -> GrpcServer:
    """A ready-to-start server for these settings (used by main() and the tests)."""
    server = GrpcServer(settings)
    server.add_service(
        SERVICE_NAME,
        registry_pb2_grpc.add_RegistryServiceServicer_to_server,
        RegistryServicer(settings),
    )
    return server
