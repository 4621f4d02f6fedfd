"""Pytest fixtures for the registry service (loaded by conftest.py as a plugin).

``registry_server``: a started registry (real gRPC on 127.0.0.1, a fresh SQLite
file, a fresh bucket on the session's SeaweedFS), with ``.address`` and
``.settings``. ``registry_stub``: a RegistryServiceStub connected to it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import grpc
import pytest


@pytest.fixture
def registry_settings(s3_settings: dict[str, str], tmp_path: Path):  # type: ignore[no-untyped-def]
    from lmforge.services.registry.settings import RegistrySettings

    return RegistrySettings(
        host="127.0.0.1",
        port=0,
        database_url=f"sqlite:///{tmp_path / 'registry.db'}",
        **s3_settings,
    )


@pytest.fixture
def registry_server(registry_settings) -> Iterator[object]:  # type: ignore[no-untyped-def]
    from lmforge.services.registry.app import build_server
    from servers import ServerThread

    server = ServerThread(lambda: build_server(registry_settings))
    server.settings = registry_settings  # type: ignore[attr-defined]
    with server:
        yield server


@pytest.fixture
def registry_channel(registry_server) -> Iterator[grpc.Channel]:  # type: ignore[no-untyped-def]
    limit = 64 * 1024 * 1024
    channel = grpc.insecure_channel(
        registry_server.address,
        options=[
            ("grpc.max_receive_message_length", limit),
            ("grpc.max_send_message_length", limit),
        ],
    )
    try:
        yield channel
    finally:
        channel.close()


@pytest.fixture
def registry_stub(registry_channel: grpc.Channel):  # type: ignore[no-untyped-def]
    from lmforge.v1 import registry_pb2_grpc

    return registry_pb2_grpc.RegistryServiceStub(registry_channel)
