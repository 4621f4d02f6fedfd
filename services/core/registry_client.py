"""The one way a service reaches the registry: channel, TLS and bearer token from settings.

Inference (asyncio, ``aio_stub``) and training (threads, ``stub``) both build
their registry channel here, so both honour the same settings: plaintext or
TLS, a CA bundle to verify the registry, an optional client certificate for
mutual TLS, and the services' shared ``auth_token`` sent as a bearer token.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import grpc

from lmforge.errors import InvalidArgument
from lmforge.targets import channel_options, grpc_target, hosts
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
        if self._token is None:
            return ()
        return (("authorization", f"Bearer {self._token.get_secret_value()}"),)

    def channel(self, options: list[tuple[str, Any]] | None = None) -> grpc.Channel:
        """A synchronous channel whose every call carries the token."""
        # Several registry replicas ("a:1,b:2", "ipv4:...", "dns:..."): round robin.
        target, options = grpc_target(self.address), channel_options(self.address, options)
        if self._credentials is not None:
            ch = grpc.secure_channel(target, self._credentials, options=options)
        else:
            ch = grpc.insecure_channel(target, options=options)
        if not self.metadata:
            return ch
        return grpc.intercept_channel(ch, _AddToken(self.metadata))

    def aio_channel(self, options: list[tuple[str, Any]] | None = None) -> grpc.aio.Channel:
        """An asyncio channel (create it on the loop that uses it) carrying the token."""
        interceptors = _aio_interceptors(self.metadata) if self.metadata else None
        target, options = grpc_target(self.address), channel_options(self.address, options)
        if self._credentials is not None:
            return grpc.aio.secure_channel(
                target, self._credentials, options=options, interceptors=interceptors
            )
        return grpc.aio.insecure_channel(target, options=options, interceptors=interceptors)

    @staticmethod
    def stub(channel: grpc.Channel | grpc.aio.Channel) -> registry_pb2_grpc.RegistryServiceStub:
        return registry_pb2_grpc.RegistryServiceStub(channel)


def _with(metadata: tuple[tuple[str, str], ...], d: Any) -> list[tuple[str, str]]:
    return [*(tuple(m) for m in (d.metadata or ())), *metadata]


class _AddToken(
    grpc.UnaryUnaryClientInterceptor,  # type: ignore[type-arg]
    grpc.UnaryStreamClientInterceptor,  # type: ignore[type-arg]
    grpc.StreamUnaryClientInterceptor,  # type: ignore[type-arg]
    grpc.StreamStreamClientInterceptor,  # type: ignore[type-arg]
):
    """Adds ``authorization: Bearer <token>`` to every call of a synchronous channel."""

    def __init__(self, metadata: tuple[tuple[str, str], ...]) -> None:
        self._metadata = metadata

    def _details(self, d: Any) -> Any:
        return _Details(
            d.method,
            d.timeout,
            _with(self._metadata, d),
            d.credentials,
            getattr(d, "wait_for_ready", None),
            getattr(d, "compression", None),
        )

    def intercept_unary_unary(self, continuation, client_call_details, request):  # type: ignore[no-untyped-def]
        return continuation(self._details(client_call_details), request)

    def intercept_unary_stream(self, continuation, client_call_details, request):  # type: ignore[no-untyped-def]
        return continuation(self._details(client_call_details), request)

    def intercept_stream_unary(self, continuation, client_call_details, request_iterator):  # type: ignore[no-untyped-def]
        return continuation(self._details(client_call_details), request_iterator)

    def intercept_stream_stream(self, continuation, client_call_details, request_iterator):  # type: ignore[no-untyped-def]
        return continuation(self._details(client_call_details), request_iterator)


class _Details(NamedTuple):
    """The call's details with the token added to its metadata."""

    method: str
    timeout: float | None
    metadata: Any
    credentials: Any
    wait_for_ready: Any
    compression: Any


def _aio_interceptors(metadata: tuple[tuple[str, str], ...]) -> list[Any]:
    def details(d: Any) -> Any:
        return grpc.aio.ClientCallDetails(
            d.method,
            d.timeout,
            grpc.aio.Metadata(*_with(metadata, d)),
            d.credentials,
            d.wait_for_ready,
        )

    class Unary(grpc.aio.UnaryUnaryClientInterceptor):  # type: ignore[type-arg]
        async def intercept_unary_unary(self, continuation: Any, d: Any, request: Any) -> Any:
            return await continuation(details(d), request)

    class UnaryStream(grpc.aio.UnaryStreamClientInterceptor):  # type: ignore[type-arg]
        async def intercept_unary_stream(self, continuation: Any, d: Any, request: Any) -> Any:
            return await continuation(details(d), request)

    class StreamUnary(grpc.aio.StreamUnaryClientInterceptor):  # type: ignore[type-arg]
        async def intercept_stream_unary(self, continuation: Any, d: Any, requests: Any) -> Any:
            return await continuation(details(d), requests)

    class StreamStream(grpc.aio.StreamStreamClientInterceptor):  # type: ignore[type-arg]
        async def intercept_stream_stream(self, continuation: Any, d: Any, requests: Any) -> Any:
            return await continuation(details(d), requests)

    return [Unary(), UnaryStream(), StreamUnary(), StreamStream()]


def registry_connection(settings: Any) -> RegistryConnection:
    """The connection for a service's settings (a RegistryClientSettings with auth_token)."""
    return RegistryConnection(settings, getattr(settings, "auth_token", None))
