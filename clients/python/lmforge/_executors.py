"""How ``Client`` and ``AsyncClient`` run the calls ``lmforge._operations`` declares.

``sync_method(builder)`` and ``async_method(builder)`` turn one request
builder into a client method with the builder's own signature: the sync one
returns the converted reply (a ``Stream``, a list over all pages), the async
one a coroutine (an ``AsyncStream`` for streams). Retrying follows the
operation's ``retry_safe``. ``ClientBase`` holds the constructor both
clients share, so its signature is written once.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, TypeVar, overload

from lmforge._config import Connection
from lmforge._operations import Operation, Paged, Streamed, Unary
from lmforge.v1 import inference_pb2_grpc, registry_pb2_grpc, training_pb2_grpc

if TYPE_CHECKING:
    from lmforge._rpc import Rpc, Stream
    from lmforge._rpc_aio import AsyncRpc, AsyncStream

P = ParamSpec("P")
R = TypeVar("R")
Self_ = TypeVar("Self_", bound="ClientBase")

STUBS = {
    "registry": registry_pb2_grpc.RegistryServiceStub,
    "inference": inference_pb2_grpc.InferenceServiceStub,
    "training": training_pb2_grpc.TrainingServiceStub,
}

Progress = Callable[[int, int], None]
"""Called as ``progress(bytes_done, bytes_total)`` while files move."""


class ClientBase:
    """Addresses come from the arguments, else ``LMFORGE_REGISTRY_ADDRESS``,
    ``LMFORGE_INFERENCE_ADDRESS``, ``LMFORGE_TRAINING_ADDRESS``, else
    127.0.0.1:50051/50052/50053. ``token`` (else ``LMFORGE_AUTH_TOKEN``) is
    sent as ``authorization: Bearer``. ``tls=True`` or ``root_certificates``
    (PEM bytes or a file path; else ``LMFORGE_TLS_CA_FILE``) use TLS;
    ``client_cert``/``client_key`` (PEM bytes or files) present a client
    certificate for mutual TLS. Channels open on first use, so a client for
    one service never touches the others."""

    connection: Connection

    def __init__(
        self,
        registry: str | None = None,
        inference: str | None = None,
        training: str | None = None,
        *,
        token: str | None = None,
        tls: bool | None = None,
        root_certificates: bytes | str | Path | None = None,
        timeout: float | None = None,
        retries: int = 4,
        backoff: float = 0.1,
        client_cert: bytes | str | Path | None = None,
        client_key: bytes | str | Path | None = None,
    ) -> None:
        self._connect(
            Connection.build(
                registry=registry,
                inference=inference,
                training=training,
                token=token,
                tls=tls,
                root_certificates=root_certificates,
                timeout=timeout,
                retries=retries,
                backoff=backoff,
                client_cert=client_cert,
                client_key=client_key,
            )
        )

    def _connect(self, connection: Connection) -> None:
        self.connection = connection

    @classmethod
    def with_connection(cls: type[Self_], connection: Connection) -> Self_:
        """A client over an existing ``Connection`` (same addresses, token, TLS, retries)."""
        client = cls.__new__(cls)
        client._connect(connection)
        return client


def _method_signature(build: Callable[..., Any]) -> inspect.Signature:
    """The builder's parameters after ``self``; the return is the executor's, not the call's."""
    sig = inspect.signature(build)
    this = inspect.Parameter("self", inspect.Parameter.POSITIONAL_OR_KEYWORD)
    return sig.replace(parameters=[this, *sig.parameters.values()], return_annotation=sig.empty)


def _named_like(method: Callable[..., Any], build: Callable[..., Any]) -> None:
    method.__name__ = build.__name__
    method.__qualname__ = build.__name__
    method.__doc__ = build.__doc__
    method.__signature__ = _method_signature(build)  # type: ignore[attr-defined]
    method.operation = build.operation  # type: ignore[attr-defined]


def operation_of(build: Callable[..., Any]) -> Operation:
    op: Operation = build.operation  # type: ignore[attr-defined]
    return op


# ------------------------------------------------------------------------- sync


class SyncCalls(ClientBase):
    """One ``Rpc`` per service, opened on first use; runs built calls."""

    _rpcs: dict[str, Rpc]

    def _connect(self, connection: Connection) -> None:
        super()._connect(connection)
        self._rpcs = {}

    def _rpc(self, service: str) -> Rpc:
        from lmforge._rpc import Rpc, open_channel

        rpc = self._rpcs.get(service)
        if rpc is None:
            channel = open_channel(self.connection, service)
            rpc = Rpc(self.connection, channel, STUBS[service](channel), service)
            self._rpcs[service] = rpc
        return rpc

    @property
    def _registry(self) -> Rpc:
        return self._rpc("registry")

    @property
    def _inference(self) -> Rpc:
        return self._rpc("inference")

    @property
    def _training(self) -> Rpc:
        return self._rpc("training")

    def _execute(self, call: Unary[Any] | Streamed[Any] | Paged[Any]) -> Any:
        op = call.op
        assert op is not None, "a call built outside lmforge._operations"
        rpc = self._rpc(op.service)
        if isinstance(call, Unary):
            reply = rpc.unary(
                op.method, call.request, idempotent=op.retry_safe, timeout=call.timeout
            )
            return call.convert(reply)
        if isinstance(call, Streamed):
            return rpc.stream(
                op.method,
                call.request,
                call.convert,
                idempotent=op.retry_safe,
                timeout=call.timeout,
            )
        out: list[Any] = []
        token = ""
        while True:
            reply = rpc.unary(op.method, call.request(token), idempotent=op.retry_safe)
            for item in getattr(reply, op.page_items):
                out.append(call.convert(item))
                if call.limit is not None and len(out) >= call.limit:
                    return out
            token = reply.next_page_token
            if not token:
                return out


@overload
def sync_method(build: Callable[P, Unary[R]]) -> Callable[Concatenate[Any, P], R]: ...
@overload
def sync_method(build: Callable[P, Streamed[R]]) -> Callable[Concatenate[Any, P], Stream[R]]: ...
@overload
def sync_method(build: Callable[P, Paged[R]]) -> Callable[Concatenate[Any, P], list[R]]: ...
def sync_method(build: Callable[..., Any]) -> Callable[..., Any]:
    """A ``Client`` method that builds the call and runs it."""

    def method(self: SyncCalls, /, *args: Any, **kwargs: Any) -> Any:
        return self._execute(build(*args, **kwargs))

    _named_like(method, build)
    return method


# ------------------------------------------------------------------------ async


class AsyncCalls(ClientBase):
    """One ``AsyncRpc`` per service, opened on first use; runs built calls."""

    _rpcs: dict[str, AsyncRpc]

    def _connect(self, connection: Connection) -> None:
        super()._connect(connection)
        self._rpcs = {}

    def _rpc(self, service: str) -> AsyncRpc:
        from lmforge._rpc_aio import AsyncRpc, open_channel

        rpc = self._rpcs.get(service)
        if rpc is None:
            channel = open_channel(self.connection, service)
            rpc = AsyncRpc(self.connection, channel, STUBS[service](channel), service)
            self._rpcs[service] = rpc
        return rpc

    def _stream(self, call: Streamed[R]) -> AsyncStream[R]:
        op = call.op
        assert op is not None, "a call built outside lmforge._operations"
        return self._rpc(op.service).stream(
            op.method, call.request, call.convert, idempotent=op.retry_safe, timeout=call.timeout
        )

    async def _execute(self, call: Unary[Any] | Paged[Any]) -> Any:
        op = call.op
        assert op is not None, "a call built outside lmforge._operations"
        rpc = self._rpc(op.service)
        if isinstance(call, Unary):
            reply = await rpc.unary(
                op.method, call.request, idempotent=op.retry_safe, timeout=call.timeout
            )
            return call.convert(reply)
        out: list[Any] = []
        token = ""
        while True:
            reply = await rpc.unary(op.method, call.request(token), idempotent=op.retry_safe)
            for item in getattr(reply, op.page_items):
                out.append(call.convert(item))
                if call.limit is not None and len(out) >= call.limit:
                    return out
            token = reply.next_page_token
            if not token:
                return out


@overload
def async_method(
    build: Callable[P, Unary[R]],
) -> Callable[Concatenate[Any, P], Coroutine[Any, Any, R]]: ...
@overload
def async_method(
    build: Callable[P, Streamed[R]],
) -> Callable[Concatenate[Any, P], AsyncStream[R]]: ...
@overload
def async_method(
    build: Callable[P, Paged[R]],
) -> Callable[Concatenate[Any, P], Coroutine[Any, Any, list[R]]]: ...
def async_method(build: Callable[..., Any]) -> Callable[..., Any]:
    """An ``AsyncClient`` method: a coroutine, or (for a stream) an ``AsyncStream`` at once."""
    if operation_of(build).streaming:

        def stream(self: AsyncCalls, /, *args: Any, **kwargs: Any) -> Any:
            return self._stream(build(*args, **kwargs))

        _named_like(stream, build)
        return stream

    async def method(self: AsyncCalls, /, *args: Any, **kwargs: Any) -> Any:
        return await self._execute(build(*args, **kwargs))

    _named_like(method, build)
    return method
