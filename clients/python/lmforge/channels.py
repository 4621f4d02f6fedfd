"""gRPC channels with TLS and a bearer token: the one channel factory of SDK and services.

``open_channel`` (threads) and ``open_aio_channel`` (asyncio; create it on
the loop that uses it) dial one address or several replicas (round robin,
``lmforge.targets``), over TLS when ``credentials`` are given, and add
``authorization: Bearer <token>`` metadata to every call through an
interceptor, so raw stubs built on the channel carry the token too.
Public and free of SDK internals: the services' registry connection
(``services/core/registry_client.py``) and the SDK's ``lmforge._rpc`` both
use it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

import grpc

from lmforge.targets import channel_options, grpc_target

Metadata = tuple[tuple[str, str], ...]


def bearer(token: str | None) -> Metadata:
    """The metadata that carries ``token`` (none without one)."""
    return (("authorization", f"Bearer {token}"),) if token else ()


def _with(metadata: Metadata, d: Any) -> list[tuple[str, str]]:
    return [*(tuple(m) for m in (d.metadata or ())), *metadata]


class _Details(NamedTuple):
    """A call's details with the token added to its metadata."""

    method: str
    timeout: float | None
    metadata: Any
    credentials: Any
    wait_for_ready: Any
    compression: Any


# The stubs declare these generic; at run time they are plain classes, not subscriptable.
class AuthInterceptor(
    grpc.UnaryUnaryClientInterceptor,  # type: ignore[type-arg]
    grpc.UnaryStreamClientInterceptor,  # type: ignore[type-arg]
    grpc.StreamUnaryClientInterceptor,  # type: ignore[type-arg]
    grpc.StreamStreamClientInterceptor,  # type: ignore[type-arg]
):
    """Adds the given metadata (the bearer token) to every call of a synchronous channel."""

    def __init__(self, metadata: Metadata) -> None:
        self._metadata = metadata

    def _details(self, d: Any) -> _Details:
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


def aio_auth_interceptors(metadata: Metadata) -> list[Any]:
    """The asyncio interceptors adding ``metadata`` to every call, one per call shape."""

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


def open_channel(
    address: str,
    *,
    credentials: grpc.ChannelCredentials | None = None,
    metadata: Metadata = (),
    options: Sequence[tuple[str, Any]] | None = None,
) -> grpc.Channel:
    """A synchronous channel to ``address`` (one or several replicas) carrying ``metadata``."""
    target, opts = grpc_target(address), channel_options(address, list(options or []))
    if credentials is not None:
        channel = grpc.secure_channel(target, credentials, options=opts)
    else:
        channel = grpc.insecure_channel(target, options=opts)
    if metadata:
        channel = grpc.intercept_channel(channel, AuthInterceptor(metadata))
    return channel


def open_aio_channel(
    address: str,
    *,
    credentials: grpc.ChannelCredentials | None = None,
    metadata: Metadata = (),
    options: Sequence[tuple[str, Any]] | None = None,
) -> grpc.aio.Channel:
    """An asyncio channel, as ``open_channel``."""
    interceptors = aio_auth_interceptors(metadata) if metadata else None
    target, opts = grpc_target(address), channel_options(address, list(options or []))
    if credentials is not None:
        return grpc.aio.secure_channel(target, credentials, options=opts, interceptors=interceptors)
    return grpc.aio.insecure_channel(target, options=opts, interceptors=interceptors)
