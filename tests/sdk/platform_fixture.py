"""A live lmforge platform for the SDK, CLI and Node tests: real servers on 127.0.0.1.

The registry (fresh SQLite file, fresh bucket on the session's SeaweedFS) and
the inference server (pulling from that registry) run in background threads;
the training service joins when it is importable. One platform serves a
whole test module, because loading models is the slow part.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from servers import ServerThread


@dataclass
class Platform:
    registry: ServerThread
    inference: ServerThread
    training: ServerThread | None = None
    settings: dict[str, Any] = field(default_factory=dict)

    @property
    def addresses(self) -> dict[str, str]:
        out = {"registry": self.registry.address, "inference": self.inference.address}
        if self.training is not None:
            out["training"] = self.training.address
        return out

    def client(self, **kw: Any) -> Any:
        from lmforge import Client

        return Client(**self.addresses, **kw)


def start_platform(
    s3_server: Any, tmp: Path, *, training: bool = False, auth_token: str | None = None
) -> Iterator[Platform]:
    from lmforge.services.inference.app import build_server as build_inference
    from lmforge.services.inference.settings import InferenceSettings
    from lmforge.services.registry.app import build_server as build_registry
    from lmforge.services.registry.settings import RegistrySettings

    storage = {
        "storage_url": f"s3://t-{uuid.uuid4().hex[:12]}",
        "s3_endpoint": s3_server.endpoint,
        "s3_access_key": s3_server.access_key,
        "s3_secret_key": s3_server.secret_key,
    }
    common: dict[str, Any] = {"host": "127.0.0.1", "port": 0, **storage}
    if auth_token:
        common["auth_token"] = auth_token
    reg_settings = RegistrySettings(database_url=f"sqlite:///{tmp / 'registry.db'}", **common)
    registry = ServerThread(lambda: build_registry(reg_settings)).start()
    inf_settings = InferenceSettings(
        registry_address=registry.address,
        cache_dir=str(tmp / "cache"),
        max_new_tokens_limit=256,
        **common,
    )
    inference = ServerThread(lambda: build_inference(inf_settings)).start()
    train_thread = None
    try:
        if training:
            from lmforge.services.training.app import build_server as build_training
            from lmforge.services.training.settings import TrainingSettings

            tr_settings = TrainingSettings(
                registry_address=registry.address,
                database_url=f"sqlite:///{tmp / 'training.db'}",
                **common,
            )
            train_thread = ServerThread(lambda: build_training(tr_settings)).start()
        yield Platform(registry, inference, train_thread, storage)
    finally:
        if train_thread is not None:
            train_thread.stop()
        inference.stop()
        registry.stop()


def inference_for(
    registry_server: Any, registry_settings: Any, tmp: Path, **overrides: Any
) -> ServerThread:
    """A started inference server on a registry fixture's address, store and bucket
    (``overrides``: more InferenceSettings fields)."""
    from lmforge.services.inference.app import build_server
    from lmforge.services.inference.settings import InferenceSettings

    settings = InferenceSettings(
        host="127.0.0.1",
        port=0,
        registry_address=registry_server.address,
        cache_dir=str(tmp / "cache"),
        storage_url=registry_settings.storage_url,
        s3_endpoint=registry_settings.s3_endpoint,
        s3_access_key=registry_settings.s3_access_key,
        s3_secret_key=registry_settings.s3_secret_key,
        **overrides,
    )
    return ServerThread(lambda: build_server(settings)).start()
