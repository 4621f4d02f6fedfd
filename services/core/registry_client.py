"""The one way a service reaches the registry: channel, TLS and bearer token from settings.

Inference (asyncio, ``aio_stub``) and training (threads, ``stub``) both build
their registry channel here, so both honour the same settings: plaintext or
TLS, a CA bundle to verify the registry, an optional client certificate for
mutual TLS, and the services' shared ``auth_token`` sent as a bearer token.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

import grpc

from lmforge import channels
from lmforge.errors import InvalidArgument
from lmforge.targets import hosts
from lmforge.v1 import registry_pb2_grpc

from .settings import RegistryClientSettings, is_loopback

if TYPE_CHECKING:
    from pydantic import SecretStr

log = logging.getLogger(__name__)


def _read(field: str, path: Path | None) -> bytes | None:
    if path is None:
        return None
    try:
        return path.read_bytes()
    except OSError as e:
        raise InvalidArgument.field(field, f"cannot read {path}: {e}") from e


class RegistryConnection:
    """Settings turned into channels to the registry (one per caller, opened on demand)."""

    def __init__(self, settings: RegistryClientSettings, token: SecretStr | None = None) -> None:
        self.address = settings.registry_address
        self.tls = settings.registry_uses_tls
        self._token = token
        self._credentials: grpc.ChannelCredentials | None = None
        if self.tls:
            cert = _read("registry_client_cert_file", settings.registry_client_cert_file)
            key = _read("registry_client_key_file", settings.registry_client_key_file)
            self._credentials = grpc.ssl_channel_credentials(
                root_certificates=_read("registry_ca_file", settings.registry_ca_file),
                private_key=key,
                certificate_chain=cert,
            )
        remote = [a for a in hosts(self.address) if not is_loopback(a.rsplit(":", 1)[0])]
        if token is not None and not self.tls and remote:
            log.warning(
                "the auth token is sent to the registry at %s in plaintext; set "
                "LMFORGE_REGISTRY_TLS (and LMFORGE_REGISTRY_CA_FILE) to protect it",
                self.address,
            )

    def __repr__(self) -> str:  # never the token
        return (
            f"RegistryConnection({self.address!r}, tls={self.tls}, token={self._token is not None})"
        )

    @property
    def metadata(self) -> tuple[tuple[str, str], ...]:
        return channels.bearer(self._token.get_secret_value() if self._token else None)

    def channel(self, options: list[tuple[str, Any]] | None = None) -> grpc.Channel:
        """A synchronous channel whose every call carries the token."""
        # Several registry replicas ("a:1,b:2", "ipv4:...", "dns:..."): round robin.
        return channels.open_channel(
            self.address, credentials=self._credentials, metadata=self.metadata, options=options
        )

    def aio_channel(self, options: list[tuple[str, Any]] | None = None) -> grpc.aio.Channel:
        """An asyncio channel (create it on the loop that uses it) carrying the token."""
        return channels.open_aio_channel(
            self.address, credentials=self._credentials, metadata=self.metadata, options=options
        )

    @staticmethod
    def stub(channel: grpc.Channel | grpc.aio.Channel) -> registry_pb2_grpc.RegistryServiceStub:
        return registry_pb2_grpc.RegistryServiceStub(channel)


def registry_connection(settings: Any) -> RegistryConnection:
    """The connection for a service's settings (a RegistryClientSettings with auth_token)."""
    return RegistryConnection(settings, getattr(settings, "auth_token", None))
