"""asyncio calls: the same policy as ``lmforge._rpc`` (auth, error translation, retries)."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Callable
from typing import Any, Generic, TypeVar

import grpc

from lmforge._config import Connection, warn_if_token_in_clear
from lmforge._rpc import translate
from lmforge.targets import channel_options, grpc_target

T = TypeVar("T")


def open_channel(conn: Connection, service: str) -> grpc.aio.Channel:
    address = conn.address(service)
    warn_if_token_in_clear(conn, service)
    # Several replicas ("a:1,b:2", "ipv4:...", "dns:..."): round robin over them.
    target, options = grpc_target(address), channel_options(address, conn.channel_options)
    if conn.tls:
        creds = grpc.ssl_channel_credentials(
            root_certificates=conn.root_certificates,
            private_key=conn.client_key,
            certificate_chain=conn.client_cert,
        )
        return grpc.aio.secure_channel(target, creds, options=options)
    return grpc.aio.insecure_channel(target, options=options)


def _code(err: grpc.RpcError) -> grpc.StatusCode | None:
    return err.code() if hasattr(err, "code") else None


class AsyncStream(Generic[T]):
    """A server stream as an async iterator of converted items; ``cancel()`` ends it."""

    def __init__(
        self,
        open_call: Callable[[], Any],
        convert: Callable[[Any], T],
        retry: AsyncRpc | None,
        rpc: AsyncRpc | None = None,
    ) -> None:
        self._rpc = rpc or retry  # names the service when it cannot be reached
        self._open = open_call
        self._convert = convert
        self._retry = retry
        self._call: Any = None
        self._iter: Any = None
        self._received = 0
        self._cancelled = False

    def __aiter__(self) -> AsyncStream[T]:
        return self

    async def __anext__(self) -> T:
        attempt = 0
        while True:
            if self._call is None:
                self._call = self._open()
                self._iter = self._call.__aiter__()
            try:
                msg = await self._iter.__anext__()
            except StopAsyncIteration:
                raise
            except grpc.RpcError as e:
                if self._cancelled and _code(e) == grpc.StatusCode.CANCELLED:
                    raise StopAsyncIteration from None
                if (
                    self._retry is not None
                    and self._received == 0
                    and _code(e) == grpc.StatusCode.UNAVAILABLE
                    and attempt < self._retry.conn.retries
                ):
                    await self._retry.sleep(attempt)
                    attempt += 1
                    self._call = None
                    continue
                if self._rpc is not None:
                    raise translate(e, self._rpc.service, self._rpc.conn) from None
                raise translate(e) from None
            except asyncio.CancelledError:
                # grpc.aio reports a call we cancelled ourselves this way: just end.
                if self._cancelled:
                    raise StopAsyncIteration from None
                self.cancel()  # our task was cancelled: take the call down with it
                raise
            self._received += 1
            return self._convert(msg)

    def cancel(self) -> None:
        self._cancelled = True
        if self._call is not None:
            self._call.cancel()

    async def aclose(self) -> None:
        self.cancel()

    async def __aenter__(self) -> AsyncStream[T]:
        return self

    async def __aexit__(self, *exc: object) -> None:
        self.cancel()


class AsyncRpc:
    """One service's aio stub with lmforge's call policy around it."""

    def __init__(
        self, conn: Connection, channel: grpc.aio.Channel, stub: Any, service: str = ""
    ) -> None:
        self.service = service  # named in "cannot reach the <service> service at ..."
        self.conn = conn
        self.channel = channel
        self.stub = stub
        self.metadata = conn.metadata or None

    async def sleep(self, attempt: int) -> None:
        await asyncio.sleep(random.uniform(0, self.conn.backoff * (2**attempt)))

    async def unary(
        self,
        method: str,
        request: Any,
        *,
        idempotent: bool = False,
        timeout: float | None = None,
    ) -> Any:
        fn = getattr(self.stub, method)
        attempt = 0
        while True:
            try:
                return await fn(
                    request, timeout=timeout or self.conn.timeout, metadata=self.metadata
                )
            except grpc.RpcError as e:
                if (
                    idempotent
                    and _code(e) == grpc.StatusCode.UNAVAILABLE
                    and attempt < self.conn.retries
                ):
                    await self.sleep(attempt)
                    attempt += 1
                    continue
                raise translate(e, self.service, self.conn) from None

    def stream(
        self,
        method: str,
        request: Any,
        convert: Callable[[Any], T],
        *,
        idempotent: bool = False,
        timeout: float | None = None,
    ) -> AsyncStream[T]:
        fn = getattr(self.stub, method)
        return AsyncStream(
            lambda: fn(request, timeout=timeout or self.conn.timeout, metadata=self.metadata),
            convert,
            self if idempotent else None,
            self,
        )
