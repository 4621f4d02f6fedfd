"""gRPC surface of the training service: decode, call the domain core, encode.

Methods not overridden here answer UNIMPLEMENTED (the generated base class).
"""

from __future__ import annotations

from lmforge.v1 import training_pb2_grpc

from .settings import TrainingSettings


class TrainingServicer(training_pb2_grpc.TrainingServiceServicer):
    def __init__(self, settings: TrainingSettings) -> None:
        self.settings = settings
