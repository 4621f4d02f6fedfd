"""Synchronous calls: channels, bearer auth, error translation and retries, in one place.

Every RPC the sync client makes goes through ``Rpc.unary`` / ``Rpc.stream`` /
``Rpc.client_stream``, which turn ``grpc.RpcError`` into the matching
``lmforge.errors`` exception (``from_rpc_error``) and retry UNAVAILABLE with
exponential backoff for calls that are safe to repeat. The bearer token rides
on a channel interceptor, so raw stubs handed to helpers carry it too.
"""

from __future__ import annotations

import contextlib
import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, Generic, TypeVar

import grpc

from lmforge import channels
from lmforge._config import Connection, warn_if_token_in_clear
from lmforge.errors import LmforgeError, Unavailable, from_rpc_error

T = TypeVar("T")


def open_channel(conn: Connection, service: str) -> grpc.Channel:
    """A channel to one service with TLS and auth as configured (``lmforge.channels``)."""
    address = conn.address(service)
    warn_if_token_in_clear(conn, service)
    creds = None
    if conn.tls:
        creds = grpc.ssl_channel_credentials(
            root_certificates=conn.root_certificates,
            private_key=conn.client_key,
            certificate_chain=conn.client_cert,
        )
    return channels.open_channel(
        address, credentials=creds, metadata=conn.metadata, options=conn.channel_options
    )


def _code(err: grpc.RpcError) -> grpc.StatusCode | None:
    return err.code() if hasattr(err, "code") else None


def translate(
    err: grpc.RpcError, service: str = "", conn: Connection | None = None
) -> LmforgeError:
    """The lmforge exception for a gRPC error; a connection failure names the service."""
    exc = from_rpc_error(err)
    if (
        isinstance(exc, Unavailable)
        and service
        and conn is not None
        and "connect" in exc.message.lower()
    ):
        exc = Unavailable(
            f"cannot reach the {service} service at {conn.address(service)} ({exc.message})"
        )
    return exc


@contextmanager
def translate_errors(service: str = "", conn: Connection | None = None) -> Iterator[None]:
    """Raise ``lmforge.errors`` exceptions instead of ``grpc.RpcError`` inside the block."""
    try:
        yield
    except grpc.RpcError as e:
        raise translate(e, service, conn) from None


class Stream(Generic[T]):
    """A server stream as an iterator of converted items; ``cancel()`` ends it at once.

    Closing it (``with`` block, ``close()``, or breaking out of a loop over
    ``iter()`` then dropping it) cancels the call so the server frees the slot.
    """

    def __init__(
        self,
        open_call: Callable[[], Any],
        convert: Callable[[Any], T],
        retry: Rpc | None,
        rpc: Rpc | None = None,
    ):
        self._open = open_call
        self._rpc = rpc
        self._convert = convert
        self._retry = retry
        self._call: Any = None
        self._received = 0
        self._cancelled = False

    def _start(self) -> Any:
        if self._call is None:
            self._call = self._open()
        return self._call

    def __iter__(self) -> Stream[T]:
        return self

    def __next__(self) -> T:
        attempt = 0
        while True:
            call = self._start()
            try:
                msg = next(call)
            except StopIteration:
                raise
            except grpc.RpcError as e:
                if self._cancelled and _code(e) == grpc.StatusCode.CANCELLED:
                    raise StopIteration from None
                # A stream is only retried before its first item: after that the
                # caller has seen part of the answer and must decide.
                if (
                    self._retry is not None
                    and self._received == 0
                    and _code(e) == grpc.StatusCode.UNAVAILABLE
                    and attempt < self._retry.conn.retries
                ):
                    self._retry.sleep(attempt)
                    attempt += 1
                    self._call = None
                    continue
                raise (self._rpc.error(e) if self._rpc else from_rpc_error(e)) from None
            self._received += 1
            return self._convert(msg)

    def cancel(self) -> None:
        """Cancel the call; the server sees the client go away."""
        self._cancelled = True
        if self._call is not None:
            self._call.cancel()

    close = cancel

    def __enter__(self) -> Stream[T]:
        return self

    def __exit__(self, *exc: object) -> None:
        self.cancel()

    def __del__(self) -> None:
        call = self._call
        if call is not None and not self._cancelled:
            # The interpreter may be shutting down; nothing useful to do then.
            with contextlib.suppress(Exception):
                call.cancel()


class Rpc:
    """One service's stub with lmforge's call policy around it."""

    def __init__(
        self, conn: Connection, channel: grpc.Channel, stub: Any, service: str = ""
    ) -> None:
        self.conn = conn
        self.channel = channel
        self.stub = stub
        self.service = service

    def error(self, err: grpc.RpcError) -> LmforgeError:
        return translate(err, self.service, self.conn)

    def sleep(self, attempt: int) -> None:
        # Full jitter, so many clients retrying together do not stampede.
        time.sleep(random.uniform(0, self.conn.backoff * (2**attempt)))

    def unary(
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
                return fn(request, timeout=timeout or self.conn.timeout)
            except grpc.RpcError as e:
                if (
                    idempotent
                    and _code(e) == grpc.StatusCode.UNAVAILABLE
                    and attempt < self.conn.retries
                ):
                    self.sleep(attempt)
                    attempt += 1
                    continue
                raise self.error(e) from None

    def stream(
        self,
        method: str,
        request: Any,
        convert: Callable[[Any], T],
        *,
        idempotent: bool = False,
        timeout: float | None = None,
    ) -> Stream[T]:
        fn = getattr(self.stub, method)
        return Stream(
            lambda: fn(request, timeout=timeout or self.conn.timeout),
            convert,
            self if idempotent else None,
            self,
        )

    def client_stream(
        self, method: str, requests: Iterator[Any], timeout: float | None = None
    ) -> Any:
        with translate_errors(self.service, self.conn):
            return getattr(self.stub, method)(requests, timeout=timeout or self.conn.timeout)
