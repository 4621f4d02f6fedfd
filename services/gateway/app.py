"""The gateway: OpenAI's HTTP API over InferenceService (FastAPI on uvicorn).

A plain gRPC client: every request becomes one Chat/ChatStream, Generate/
GenerateStream, Embed or ListLoadedModels call, so the gRPC contract stays
the one source of truth. The bearer token is checked here and passed on to
inference with the call. A streaming client that disconnects cancels its
gRPC stream (Starlette cancels the response task; the ``finally`` of the
stream cancels the call), and inference frees the slot at the next step.
"""

from __future__ import annotations

import asyncio
import base64
import hmac
import json
import logging
import struct
import time
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager
from typing import Any

import grpc
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse
from grpc_health.v1 import health_pb2, health_pb2_grpc
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from lmforge.services.inference.toolcalls import content_besides_calls
from lmforge.v1 import inference_pb2 as pb
from lmforge.v1 import inference_pb2_grpc

from . import metrics
from .errors import GatewayError
from .openai_api import (
    FINISH,
    chat_logprobs,
    chat_request,
    completion_logprobs,
    completion_request,
    embedding_input,
    tool_calls_json,
    usage_json,
)
from .settings import GatewaySettings

log = logging.getLogger(__name__)


def inference_channel(settings: GatewaySettings) -> grpc.aio.Channel:
    options = [("grpc.max_receive_message_length", 64 * 1024 * 1024)]
    if settings.inference_tls or settings.tls_ca_file is not None:
        ca = settings.tls_ca_file.read_bytes() if settings.tls_ca_file else None
        creds = grpc.ssl_channel_credentials(root_certificates=ca)
        return grpc.aio.secure_channel(settings.inference_address, creds, options=options)
    return grpc.aio.insecure_channel(settings.inference_address, options=options)


class Gateway:
    """The routes' shared state: the channel to inference and the settings."""

    def __init__(self, settings: GatewaySettings) -> None:
        self.settings = settings
        self.channel: grpc.aio.Channel | None = None
        self.stub: Any = None

    def open(self) -> None:
        self.channel = inference_channel(self.settings)
        self.stub = inference_pb2_grpc.InferenceServiceStub(self.channel)

    async def close(self) -> None:
        if self.channel is not None:
            await self.channel.close(None)

    def metadata(self, request: Request) -> tuple[tuple[str, str], ...]:
        """Check the caller's bearer token; the token inference gets with the call."""
        header = request.headers.get("authorization", "")
        scheme, _, given = header.partition(" ")
        given = given.strip() if scheme.lower() == "bearer" else ""
        expected = self.settings.auth_token
        if expected is not None and not hmac.compare_digest(
            given.encode(), expected.get_secret_value().encode()
        ):
            raise GatewayError(
                grpc.StatusCode.UNAUTHENTICATED,
                "a valid bearer token is required (Authorization: Bearer ...)",
            )
        return (("authorization", f"Bearer {given}"),) if given else ()


async def _body(request: Request) -> Any:
    limit = request.app.state.gateway.settings.max_request_mb * 1024 * 1024
    raw = await request.body()
    if len(raw) > limit:
        raise GatewayError.bad("body", f"is larger than {limit} bytes")
    try:
        body = json.loads(raw)
    except (ValueError, RecursionError):
        raise GatewayError.bad("body", "is not valid JSON") from None
    try:  # "\ud800" escapes decode to lone surrogates, which protobuf cannot carry
        json.dumps(body, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        raise GatewayError.bad("body", "holds invalid Unicode (a lone surrogate)") from None
    except RecursionError:
        raise GatewayError.bad("body", "is nested too deeply") from None
    return body


def _sse(data: dict[str, Any]) -> str:
    return f"data: {json.dumps(data, separators=(',', ':'))}\n\n"


async def _first(call: Any) -> tuple[Any, AsyncIterator[Any]]:
    """The first message of a stream: errors (bad input) surface before the HTTP status is sent."""
    it = call.__aiter__()
    try:
        first = await it.__anext__()
    except StopAsyncIteration:
        first = None
    except grpc.RpcError as e:
        raise GatewayError.from_rpc(e) from None
    return first, it


def _chunk_writer(
    ident: str, obj: str, created: int, model: str, include_usage: bool
) -> Callable[..., str]:
    """The SSE event of one stream chunk (``usage`` only when the client asked for it)."""

    def chunk(choices: list[dict[str, Any]], usage: Any = None) -> str:
        data: dict[str, Any] = {
            "id": ident,
            "object": obj,
            "created": created,
            "model": model,
            "choices": choices,
        }
        if include_usage:
            data["usage"] = usage
        return _sse(data)

    return chunk


async def _sse_stream(
    grpc_call: Any,
    first: Any,
    it: AsyncIterator[Any],
    events: Callable[[Any], Iterator[str]],
    chunk: Callable[..., str],
    include_usage: bool,
) -> AsyncIterator[str]:
    """The SSE body of a chat or completion stream: ``events`` turns each gRPC message
    into chunks; usage is summed over the rows, then the usage chunk and ``[DONE]``."""
    prompt_tokens = completion_tokens = 0
    try:
        msg = first
        while msg is not None:
            for event in events(msg):
                yield event
            if msg.finish_reason != pb.FINISH_REASON_UNSPECIFIED:
                prompt_tokens = msg.usage.prompt_tokens
                completion_tokens += msg.usage.completion_tokens
            msg = await anext(it, None)
        if include_usage:
            yield chunk([], usage_json(prompt_tokens, completion_tokens))
        yield "data: [DONE]\n\n"
    except grpc.RpcError as e:
        yield _sse(GatewayError.from_rpc(e).body())
    finally:
        grpc_call.cancel()  # a client gone mid-stream frees its slot in inference


def _tool_deltas(text: str, calls: Any, mode: str) -> list[dict[str, Any]]:
    """The deltas that end a streamed row with tools, in OpenAI's incremental shape.

    Content besides the calls first (as the unary reply has it), then per
    call a header (index, id, type, name, empty arguments) and its arguments
    as one fragment: the stream holds the text until the row ends, because a
    call is only known once it parses.
    """
    if not calls:
        return [{"content": text}]
    deltas: list[dict[str, Any]] = []
    content = content_besides_calls(text, mode)
    if content:
        deltas.append({"content": content})
    for k, c in enumerate(calls):
        deltas.append(
            {
                "tool_calls": [
                    {
                        "index": k,
                        "id": c.id,
                        "type": "function",
                        "function": {"name": c.name, "arguments": ""},
                    }
                ]
            }
        )
        deltas.append({"tool_calls": [{"index": k, "function": {"arguments": c.arguments_json}}]})
    return deltas


def _sample_message(sample: Any, tools_active: bool) -> dict[str, Any]:
    message: dict[str, Any] = {"role": "assistant", "content": sample.text}
    if sample.tool_calls:
        message["tool_calls"] = tool_calls_json(sample.tool_calls)
        if not sample.text:
            message["content"] = None
    return message


class RequestMetrics:
    """In-flight, latency and status counts per route, as plain ASGI middleware.

    Starlette's ``@app.middleware("http")`` (BaseHTTPMiddleware) runs every
    response through an extra task and memory stream: measured here it was
    about a third of the gateway's CPU per streaming request, which on a busy
    machine shows up as time to first token.
    """

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        route = scope["path"]
        status = 500  # the app raised before it answered

        async def sending(message: Any) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        metrics.IN_FLIGHT.labels(route).inc()
        start = time.perf_counter()
        try:
            await self.app(scope, receive, sending)
        finally:
            metrics.IN_FLIGHT.labels(route).dec()
            metrics.LATENCY.labels(route).observe(time.perf_counter() - start)
            metrics.REQUESTS.labels(route, str(status)).inc()


def build_app(settings: GatewaySettings) -> FastAPI:
    gateway = Gateway(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        gateway.open()
        try:
            yield
        finally:
            await gateway.close()

    app = FastAPI(title="lmforge gateway", lifespan=lifespan, docs_url=None, redoc_url=None)
    app.state.gateway = gateway

    @app.exception_handler(GatewayError)
    async def on_gateway_error(request: Request, exc: GatewayError) -> JSONResponse:
        return exc.response()

    app.add_middleware(RequestMetrics)

    async def call(coro: Any) -> Any:
        try:
            return await coro
        except grpc.RpcError as e:
            raise GatewayError.from_rpc(e) from None

    # -- health and metrics ----------------------------------------------------------

    @app.get("/health")
    async def health() -> JSONResponse:
        """200 when the inference service answers SERVING, else 503 (no token needed)."""
        assert gateway.channel is not None
        stub = health_pb2_grpc.HealthStub(gateway.channel)
        try:
            reply = await stub.Check(health_pb2.HealthCheckRequest(service=""), timeout=2)
            serving = reply.status == health_pb2.HealthCheckResponse.SERVING
        except grpc.RpcError:
            serving = False
        return JSONResponse(
            {"status": "ok" if serving else "unavailable", "inference": serving},
            status_code=200 if serving else 503,
        )

    @app.get("/metrics")
    async def prometheus() -> Response:
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)

    # -- models ----------------------------------------------------------------------

    @app.get("/v1/models")
    async def models(request: Request) -> JSONResponse:
        md = gateway.metadata(request)
        reply = await call(gateway.stub.ListLoadedModels(pb.ListLoadedModelsRequest(), metadata=md))
        data = []
        for m in reply.models:
            if m.state != pb.MODEL_STATE_READY:
                continue
            data.append({"id": m.name, "object": "model", "created": 0, "owned_by": "lmforge"})
            for a in m.adapters:
                data.append(
                    {
                        "id": f"{m.name}:{a.name}",
                        "object": "model",
                        "created": 0,
                        "owned_by": "lmforge",
                        "parent": m.name,
                    }
                )
        return JSONResponse({"object": "list", "data": data})

    # -- chat ------------------------------------------------------------------------

    @app.post("/v1/chat/completions", response_model=None)
    async def chat_completions(request: Request) -> Response:
        md = gateway.metadata(request)
        body = await _body(request)
        req, stream, include_usage, tools_active, top = chat_request(body)
        tool_mode = req.tool_choice.function or req.tool_choice.mode or "auto"
        ident = f"chatcmpl-{uuid.uuid4().hex}"
        created = int(time.time())
        model = body["model"]
        if not stream:
            unary = pb.ChatRequest.FromString(req.SerializeToString())
            reply = await call(gateway.stub.Chat(unary, metadata=md))
            choices = []
            for s in reply.samples:
                choice: dict[str, Any] = {
                    "index": s.index,
                    "message": _sample_message(s, tools_active),
                    "finish_reason": FINISH.get(s.finish_reason, "stop"),
                    "logprobs": {"content": chat_logprobs(s.logprobs)} if top >= 0 else None,
                }
                choices.append(choice)
            return JSONResponse(
                {
                    "id": ident,
                    "object": "chat.completion",
                    "created": created,
                    "model": model,
                    "choices": choices,
                    "usage": usage_json(reply.usage.prompt_tokens, reply.usage.completion_tokens),
                }
            )
        started = time.perf_counter()
        grpc_call = gateway.stub.ChatStream(req, metadata=md)
        first, it = await _first(grpc_call)

        chunk = _chunk_writer(ident, "chat.completion.chunk", created, model, include_usage)
        began: set[int] = set()
        held: dict[int, list[str]] = {}  # tools: text held until the calls are parsed
        held_lp: dict[int, list[Any]] = {}
        timed = False

        def events(msg: Any) -> Iterator[str]:
            nonlocal timed
            i = msg.index
            if i not in began:
                began.add(i)
                yield chunk(
                    [
                        {
                            "index": i,
                            "delta": {"role": "assistant", "content": ""},
                            "logprobs": None,
                            "finish_reason": None,
                        }
                    ]
                )
            if tools_active:
                held.setdefault(i, []).append(msg.text_delta)
                held_lp.setdefault(i, []).extend(msg.logprobs)
            elif msg.text_delta or msg.logprobs:
                if not timed and msg.text_delta:
                    timed = True
                    metrics.TTFT.labels("/v1/chat/completions").observe(
                        time.perf_counter() - started
                    )
                yield chunk(
                    [
                        {
                            "index": i,
                            "delta": {"content": msg.text_delta},
                            "logprobs": {"content": chat_logprobs(msg.logprobs)}
                            if top >= 0
                            else None,
                            "finish_reason": None,
                        }
                    ]
                )
            if msg.finish_reason != pb.FINISH_REASON_UNSPECIFIED:
                if tools_active:
                    text = "".join(held.get(i, []))
                    lp = held_lp.get(i, [])
                    logprobs = {"content": chat_logprobs(lp)} if top >= 0 else None
                    for delta in _tool_deltas(text, msg.tool_calls, tool_mode):
                        yield chunk(
                            [
                                {
                                    "index": i,
                                    "delta": delta,
                                    "logprobs": logprobs,
                                    "finish_reason": None,
                                }
                            ]
                        )
                        logprobs = None  # the row's logprobs go out once
                yield chunk(
                    [
                        {
                            "index": i,
                            "delta": {},
                            "logprobs": None,
                            "finish_reason": FINISH.get(msg.finish_reason, "stop"),
                        }
                    ]
                )

        return StreamingResponse(
            _sse_stream(grpc_call, first, it, events, chunk, include_usage),
            media_type="text/event-stream",
        )

    # -- completions -------------------------------------------------------------------

    @app.post("/v1/completions", response_model=None)
    async def completions(request: Request) -> Response:
        md = gateway.metadata(request)
        body = await _body(request)
        req, stream, include_usage, k = completion_request(body)
        ident = f"cmpl-{uuid.uuid4().hex}"
        created = int(time.time())
        model = body["model"]
        if not stream:
            unary = pb.GenerateRequest.FromString(req.SerializeToString())
            reply = await call(gateway.stub.Generate(unary, metadata=md))
            return JSONResponse(
                {
                    "id": ident,
                    "object": "text_completion",
                    "created": created,
                    "model": model,
                    "choices": [
                        {
                            "index": s.index,
                            "text": s.text,
                            "finish_reason": FINISH.get(s.finish_reason, "stop"),
                            "logprobs": completion_logprobs(s.logprobs) if k >= 0 else None,
                        }
                        for s in reply.samples
                    ],
                    "usage": usage_json(reply.usage.prompt_tokens, reply.usage.completion_tokens),
                }
            )
        started = time.perf_counter()
        grpc_call = gateway.stub.GenerateStream(req, metadata=md)
        first, it = await _first(grpc_call)

        chunk = _chunk_writer(ident, "text_completion", created, model, include_usage)
        offsets: dict[int, int] = {}
        timed = False

        def events(msg: Any) -> Iterator[str]:
            nonlocal timed
            i = msg.index
            done = msg.finish_reason != pb.FINISH_REASON_UNSPECIFIED
            if msg.text_delta and not timed:
                timed = True
                metrics.TTFT.labels("/v1/completions").observe(time.perf_counter() - started)
            if msg.text_delta or done or msg.logprobs:
                offset = offsets.get(i, 0)
                offsets[i] = offset + len(msg.text_delta)
                yield chunk(
                    [
                        {
                            "index": i,
                            "text": msg.text_delta,
                            "logprobs": completion_logprobs(msg.logprobs, offset)
                            if k >= 0
                            else None,
                            "finish_reason": FINISH.get(msg.finish_reason, "stop")
                            if done
                            else None,
                        }
                    ]
                )

        return StreamingResponse(
            _sse_stream(grpc_call, first, it, events, chunk, include_usage),
            media_type="text/event-stream",
        )

    # -- embeddings --------------------------------------------------------------------

    @app.post("/v1/embeddings")
    async def embeddings(request: Request) -> JSONResponse:
        md = gateway.metadata(request)
        body = await _body(request)
        model, texts, fmt = embedding_input(body)
        # OpenAI's embeddings are unit length; mean pooling as sentence-transformers does.
        reply = await call(
            gateway.stub.Embed(
                pb.EmbedRequest(model=model, texts=texts, normalize=True), metadata=md
            )
        )
        data = []
        for i, e in enumerate(reply.embeddings):
            values: Any = list(e.values)
            if fmt == "base64":
                values = base64.b64encode(struct.pack(f"<{len(values)}f", *values)).decode()
            data.append({"object": "embedding", "index": i, "embedding": values})
        return JSONResponse(
            {
                "object": "list",
                "data": data,
                "model": body["model"],
                "usage": {
                    "prompt_tokens": reply.usage.prompt_tokens,
                    "total_tokens": reply.usage.total_tokens,
                },
            }
        )

    return app


def main(argv: list[str] | None = None) -> None:
    import sys

    import uvicorn
    from pydantic import ValidationError

    from lmforge.services.core.server import configure_logging
    from lmforge.services.core.settings import parse_flags

    try:
        settings = GatewaySettings(**parse_flags(GatewaySettings, argv))
    except ValidationError as e:
        print(f"lmforge: invalid settings: {e}", file=sys.stderr)
        raise SystemExit(2) from None
    configure_logging(settings.log_level)
    config = uvicorn.Config(
        build_app(settings),
        host=settings.host,
        port=settings.port,
        ssl_certfile=str(settings.tls_cert_file) if settings.tls_cert_file else None,
        ssl_keyfile=str(settings.tls_key_file) if settings.tls_key_file else None,
        log_level=settings.log_level.lower(),
        timeout_graceful_shutdown=10,
    )
    scheme = "https" if settings.tls_cert_file else "http"
    log.info(
        "gateway on %s://%s:%s -> inference %s",
        scheme,
        settings.host,
        settings.port,
        settings.inference_address,
    )
    asyncio.run(uvicorn.Server(config).serve())
