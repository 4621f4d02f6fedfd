"""Server interceptors: bearer-token auth, and error mapping plus metrics for every RPC.

``ObserveInterceptor`` wraps each handler so that a domain exception becomes
its status code through ``errors.to_status`` (the one mapping), and every call
is counted and timed by method and final code, and at most
``max_concurrent_rpcs`` calls run at once. Health is exempt from auth so
orchestrators can probe without credentials; reflection is not (it lists
every method, which is a map for an attacker).
"""

from __future__ import annotations

import hmac
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import TYPE_CHECKING, Any

import grpc
from grpc.aio import AbortError

from lmforge import errors

from .errors import classify, to_status
from .metrics import IN_FLIGHT, RPC_LATENCY, RPC_REQUESTS

log = logging.getLogger(__name__)

# grpc-stubs makes these generic over request/response types; the interceptors
# handle every method, so they are Any here.
if TYPE_CHECKING:
    Context = grpc.aio.ServicerContext[Any, Any]
    Handler = grpc.RpcMethodHandler[Any, Any]
else:
    Context = grpc.aio.ServicerContext
    Handler = grpc.RpcMethodHandler
Interceptor = grpc.aio.ServerInterceptor

# Neither counted nor wrapped: the server's own plumbing.
OPEN_SERVICES = ("grpc.health.v1.Health", "grpc.reflection.")
# Reachable without a token: only health, for load balancers and orchestrators.
NO_AUTH_SERVICES = ("grpc.health.v1.Health",)


def _is_open(method: str) -> bool:
    return any(method.startswith("/" + s) for s in OPEN_SERVICES)


def _needs_no_auth(method: str) -> bool:
    return any(method.startswith("/" + s + "/") for s in NO_AUTH_SERVICES)


def _split(method: str) -> tuple[str, str]:
    service, _, name = method.lstrip("/").partition("/")
    return service, name


async def _abort(context: Context, exc: BaseException) -> None:
    err = classify(exc)
    if isinstance(err, errors.Internal):
        log.exception("bug while handling a call", exc_info=exc)
    status = to_status(err)
    await context.abort(status.code, status.details, status.trailing_metadata)


def _final_code(context: Context, default: grpc.StatusCode) -> str:
    code = context.code()
    if isinstance(code, grpc.StatusCode):
        return code.name
    return default.name


class CallLimit:
    """At most ``limit`` calls in flight (one event loop, so no lock is needed)."""

    def __init__(self, limit: int | None) -> None:
        self.limit = limit
        self.running = 0

    def enter(self, service: str) -> None:
        if self.limit is not None and self.running >= self.limit:
            raise errors.ResourceExhausted(
                f"{service} is running its limit of {self.limit} concurrent calls "
                "(max_concurrent_rpcs, LMFORGE_MAX_CONCURRENT_RPCS); retry later"
            )
        self.running += 1

    def leave(self) -> None:
        self.running -= 1


class ObserveInterceptor(Interceptor):  # type: ignore[type-arg]
    """Map exceptions to status codes, record request metrics, bound concurrent calls."""

    def __init__(self, max_concurrent_rpcs: int | None = None) -> None:
        self.calls = CallLimit(max_concurrent_rpcs)

    async def intercept_service(
        self,
        continuation: Callable[[grpc.HandlerCallDetails], Awaitable[Handler]],
        details: grpc.HandlerCallDetails,
    ) -> Handler:
        handler = await continuation(details)
        if handler is None or _is_open(details.method):
            return handler
        service, method = _split(details.method)
        return _wrap(handler, service, method, self.calls)


def _wrap(handler: Handler, service: str, method: str, calls: CallLimit) -> Handler:
    def record(start: float, code: str) -> None:
        RPC_REQUESTS.labels(service, method, code).inc()
        RPC_LATENCY.labels(service, method).observe(time.perf_counter() - start)

    def unary_response(behavior: Callable[..., Awaitable[Any]]) -> Callable[..., Awaitable[Any]]:
        async def run(request: Any, context: Context) -> Any:
            start = time.perf_counter()
            try:
                calls.enter(service)
            except errors.ResourceExhausted as exc:
                record(start, exc.code.name)
                await _abort(context, exc)
            IN_FLIGHT.labels(service).inc()
            code = grpc.StatusCode.OK
            try:
                return await behavior(request, context)
            except AbortError:
                code = grpc.StatusCode.UNKNOWN
                raise
            except Exception as exc:
                code = classify(exc).code
                await _abort(context, exc)
            finally:
                calls.leave()
                IN_FLIGHT.labels(service).dec()
                record(start, _final_code(context, code) if code != grpc.StatusCode.OK else "OK")

        return run

    def stream_response(behavior: Callable[..., AsyncIterator[Any]]) -> Callable[..., Any]:
        async def run(request: Any, context: Context) -> AsyncIterator[Any]:
            start = time.perf_counter()
            try:
                calls.enter(service)
            except errors.ResourceExhausted as exc:
                record(start, exc.code.name)
                await _abort(context, exc)
            IN_FLIGHT.labels(service).inc()
            code = grpc.StatusCode.OK
            try:
                async for item in behavior(request, context):
                    yield item
            except AbortError:
                code = grpc.StatusCode.UNKNOWN
                raise
            except Exception as exc:
                code = classify(exc).code
                await _abort(context, exc)
            except BaseException:  # client went away: asyncio.CancelledError
                code = grpc.StatusCode.CANCELLED
                raise
            finally:
                calls.leave()
                IN_FLIGHT.labels(service).dec()
                record(
                    start,
                    code.name
                    if code in (grpc.StatusCode.CANCELLED, grpc.StatusCode.OK)
                    else _final_code(context, code),
                )

        return run

    kwargs = {
        "request_deserializer": handler.request_deserializer,
        "response_serializer": handler.response_serializer,
    }
    if handler.unary_unary:
        return grpc.unary_unary_rpc_method_handler(unary_response(handler.unary_unary), **kwargs)
    if handler.stream_unary:
        return grpc.stream_unary_rpc_method_handler(unary_response(handler.stream_unary), **kwargs)
    if handler.unary_stream:
        return grpc.unary_stream_rpc_method_handler(
            stream_response(handler.unary_stream),  # type: ignore[arg-type]
            **kwargs,
        )
    return grpc.stream_stream_rpc_method_handler(
        stream_response(handler.stream_stream),  # type: ignore[arg-type]
        **kwargs,
    )


class AuthInterceptor(Interceptor):  # type: ignore[type-arg]
    """Refuse calls without ``authorization: Bearer <token>`` (only health stays open)."""

    def __init__(self, token: str) -> None:
        self._expected = f"Bearer {token}".encode()

    async def intercept_service(
        self,
        continuation: Callable[[grpc.HandlerCallDetails], Awaitable[Handler]],
        details: grpc.HandlerCallDetails,
    ) -> Handler:
        if _needs_no_auth(details.method):
            return await continuation(details)
        given = dict(details.invocation_metadata or ()).get("authorization", "")
        given_b = given.encode() if isinstance(given, str) else bytes(given)
        if hmac.compare_digest(given_b, self._expected):
            return await continuation(details)
        service, method = _split(details.method)
        RPC_REQUESTS.labels(service, method, "UNAUTHENTICATED").inc()
        message = (
            "missing credentials: send the metadata 'authorization: Bearer <token>' "
            "(the token is the server's LMFORGE_AUTH_TOKEN)"
            if not given
            else "invalid bearer token"
        )
        return _refuse(message)


def _refuse(message: str) -> Handler:
    async def deny(request: Any, context: Context) -> None:
        await context.abort(grpc.StatusCode.UNAUTHENTICATED, message)

    # A generic handler shape: the request is never deserialized.
    return grpc.unary_unary_rpc_method_handler(deny)
