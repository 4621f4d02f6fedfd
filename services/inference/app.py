"""Wiring of the inference service: settings -> domain core -> servicer -> server."""

from __future__ import annotations

from lmforge.services.core.server import GrpcServer
from lmforge.v1 import inference_pb2, inference_pb2_grpc

from .servicer import InferenceServicer
from .settings import InferenceSettings

SERVICE_NAME = inference_pb2.DESCRIPTOR.services_by_name["InferenceService"].full_name


async def build_server(settings: InferenceSettings) -> GrpcServer:
    """A ready-to-start server for these settings (used by main() and the tests)."""
    server = GrpcServer(settings)
    server.add_service(
        SERVICE_NAME,
        inference_pb2_grpc.add_InferenceServiceServicer_to_server,
        InferenceServicer(settings),
    )
    return server
