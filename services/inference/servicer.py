"""gRPC surface of the inference service: decode, call the domain core, encode.

Methods not overridden here answer UNIMPLEMENTED (the generated base class).
"""

from __future__ import annotations

from lmforge.v1 import inference_pb2_grpc

from .settings import InferenceSettings


class InferenceServicer(inference_pb2_grpc.InferenceServiceServicer):
    def __init__(self, settings: InferenceSettings) -> None:
        self.settings = settings
