"""gRPC surface of the registry service: decode, call the domain core, encode.

Methods not overridden here answer UNIMPLEMENTED (the generated base class).
"""

from __future__ import annotations

from lmforge.v1 import registry_pb2_grpc

from .settings import RegistrySettings


class RegistryServicer(registry_pb2_grpc.RegistryServiceServicer):
    def __init__(self, settings: RegistrySettings) -> None:
        self.settings = settings
