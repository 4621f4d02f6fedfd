"""Helpers of the inference tests: settings, and a real server on 127.0.0.1 with a stub."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import grpc

from lmforge.services.inference.app import build_server
from lmforge.services.inference.core import InferenceCore
from lmforge.services.inference.settings import InferenceSettings
from lmforge.v1 import inference_pb2_grpc
from servers import ServerThread
from waiting import wait_for  # noqa: F401 - re-exported for the inference tests


def make_settings(s3_server: Any, tmp: Path, **overrides: Any) -> InferenceSettings:
    values: dict[str, Any] = {
        "port": 0,
        "storage_url": f"s3://t-{uuid.uuid4().hex[:12]}",
        "s3_endpoint": s3_server.endpoint,
        "s3_access_key": s3_server.access_key,
        "s3_secret_key": s3_server.secret_key,
        "cache_dir": str(tmp / "cache"),
        "registry_address": "127.0.0.1:1",  # no registry unless a test gives one
        "max_new_tokens_limit": 256,
        "queue_capacity": 64,
    }
    values.update(overrides)
    return InferenceSettings(**values)


@dataclass
class Served:
    """A running inference server, its domain core and a stub on a live channel."""

    thread: ServerThread
    core: InferenceCore
    stub: inference_pb2_grpc.InferenceServiceStub
    channel: grpc.Channel

    def load_folder(self, name: str, folder: Path, task: str = "", **kw: Any) -> Any:
        return self.thread.run(self.core.models.load_folder(name, folder, task, **kw))


def start_served(settings: InferenceSettings) -> Served:
    thread = ServerThread(lambda: build_server(settings)).start()
    assert thread.server is not None
    channel = grpc.insecure_channel(thread.address)
    return Served(
        thread, thread.server.core, inference_pb2_grpc.InferenceServiceStub(channel), channel
    )  # type: ignore[attr-defined]


@contextlib.contextmanager
def engine_paused(served: Served, model: str) -> Iterator[None]:
    """Hold the model's lock so its scheduler stops before the next forward pass.

    Requests stay queued or running (not finishing) while it is held, which
    makes queue-depth and cancellation checks independent of machine speed.
    """
    lock = served.core.models.models[model].lock
    lock.acquire()
    try:
        yield
    finally:
        lock.release()
