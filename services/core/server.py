"""The gRPC server every service runs: health, reflection, auth, TLS, metrics, graceful stop.

A service builds a ``GrpcServer`` from its settings, adds its servicer with
``add_service`` and runs it with ``serve()`` (in ``main()``) or starts and stops
it itself (tests). Health is NOT_SERVING until the service says it is ready;
``stop()`` flips health to NOT_SERVING first so load balancers drain, then
lets in-flight calls finish for ``grace_seconds``.
"""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import Awaitable, Callable
from typing import Any

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_health.v1.health import aio as health_aio  # type: ignore[attr-defined]
from grpc_reflection.v1alpha import reflection

from lmforge.errors import InvalidArgument

from .interceptors import AuthInterceptor, ObserveInterceptor
from .metrics import MetricsServer
from .settings import ServiceSettings

log = logging.getLogger(__name__)

SERVING = health_pb2.HealthCheckResponse.SERVING
NOT_SERVING = health_pb2.HealthCheckResponse.NOT_SERVING


class GrpcServer:
    """One grpc.aio server with lmforge's standard equipment."""

    def __init__(self, settings: ServiceSettings) -> None:
        self.settings = settings
        interceptors: list[Any] = []
        if settings.auth_token is not None:
            interceptors.append(AuthInterceptor(settings.auth_token.get_secret_value()))
        interceptors.append(ObserveInterceptor(settings.max_concurrent_rpcs))
        limit = settings.max_message_bytes
        self.server = grpc.aio.server(
            interceptors=interceptors,
            options=[
                ("grpc.max_receive_message_length", limit),
                ("grpc.max_send_message_length", limit),
                ("grpc.so_reuseport", 0),
            ],
        )
        self.health = health_aio.HealthServicer()
        health_pb2_grpc.add_HealthServicer_to_server(self.health, self.server)
        self._service_names: list[str] = [
            health_pb2.DESCRIPTOR.services_by_name["Health"].full_name
        ]
        self.port = 0
        self.metrics: MetricsServer | None = None
        self.stopping = asyncio.Event()
        self._on_stop: list[Callable[[], Awaitable[None]]] = []

    def add_service(
        self, full_name: str, add_fn: Callable[[Any, grpc.aio.Server], None], servicer: Any
    ) -> None:
        """Register a servicer (e.g. ``add_RegistryServiceServicer_to_server``)."""
        add_fn(servicer, self.server)
        self._service_names.append(full_name)

    def on_stop(self, fn: Callable[[], Awaitable[None]]) -> None:
        """Run ``fn`` after the gRPC server has stopped (close stores, pools...)."""
        self._on_stop.append(fn)

    @property
    def address(self) -> str:
        return f"{self.settings.host}:{self.port}"

    def _credentials(self) -> grpc.ServerCredentials | None:
        s = self.settings
        if s.tls_cert_file is None or s.tls_key_file is None:
            return None
        try:
            cert = s.tls_cert_file.read_bytes()
            key = s.tls_key_file.read_bytes()
            client_ca = s.tls_client_ca_file.read_bytes() if s.tls_client_ca_file else None
        except OSError as e:
            raise InvalidArgument.field("tls_cert_file", f"cannot read TLS files: {e}") from e
        # With a client CA, the handshake itself refuses a client without a
        # certificate signed by it: mutual TLS, before any RPC runs.
        return grpc.ssl_server_credentials(
            [(key, cert)], root_certificates=client_ca, require_client_auth=client_ca is not None
        )

    async def start(self) -> int:
        """Bind, start serving, and return the bound port."""
        reflection.enable_server_reflection(
            [*self._service_names, reflection.SERVICE_NAME], self.server
        )
        target = f"{self.settings.host}:{self.settings.port}"
        creds = self._credentials()
        try:
            if creds is None:
                self.port = self.server.add_insecure_port(target)
            else:
                self.port = self.server.add_secure_port(target, creds)
        except RuntimeError as e:
            raise InvalidArgument.field("port", f"cannot bind {target}: {e}") from e
        # Health answers each service by its full name too (NOT_SERVING until ready).
        for name in self._service_names[1:]:
            await self.health.set(name, NOT_SERVING)
        await self.server.start()
        if self.settings.metrics_port is not None:
            self.metrics = MetricsServer(self.settings.host, self.settings.metrics_port)
        log.info(
            "listening on %s (%s)",
            target.rsplit(":", 1)[0] + f":{self.port}",
            ("mutual TLS" if self.settings.tls_client_ca_file else "TLS") if creds else "plaintext",
        )
        return self.port

    async def set_serving(self, service: str = "", serving: bool = True) -> None:
        """Report ``service`` (or the whole server, "") SERVING or NOT_SERVING.

        The whole server also stands for each service it hosts, by full name.
        """
        status = SERVING if serving else NOT_SERVING
        await self.health.set(service, status)
        if service == "":
            for name in self._service_names[1:]:
                await self.health.set(name, status)

    async def stop(self, grace: float | None = None) -> None:
        """Drain: health NOT_SERVING, refuse new calls, let in-flight ones finish."""
        if self.stopping.is_set():
            return
        self.stopping.set()
        await self.health.enter_graceful_shutdown()
        grace = self.settings.grace_seconds if grace is None else grace
        await self.server.stop(grace)
        for fn in self._on_stop:
            try:
                await fn()
            except Exception:
                log.exception("error while stopping")
        if self.metrics is not None:
            self.metrics.stop()

    async def wait(self) -> None:
        await self.server.wait_for_termination()


async def serve(server: GrpcServer, ready: Callable[[], Awaitable[None]] | None = None) -> None:
    """Start ``server``, mark it SERVING once ``ready`` returns, stop on SIGTERM/SIGINT."""
    loop = asyncio.get_running_loop()
    await server.start()
    stop_task: asyncio.Task[None] | None = None

    def on_signal(sig: signal.Signals) -> None:
        nonlocal stop_task
        log.info("received %s: stopping (grace %.0fs)", sig.name, server.settings.grace_seconds)
        if stop_task is None:
            stop_task = loop.create_task(server.stop())

    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, on_signal, sig)
    if ready is not None:
        await ready()
    await server.set_serving("")
    print(f"lmforge: serving on {server.address}", flush=True)
    await server.wait()
    if stop_task is not None:
        await stop_task


def configure_logging(level: str) -> None:
    logging.basicConfig(
        level=level.upper(),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )


def run_main(
    settings_cls: type[ServiceSettings],
    build: Callable[[Any], Awaitable[GrpcServer]],
    argv: list[str] | None = None,
) -> None:
    """The body of every service's ``main()``: settings from flags + env, build, serve.

    A configuration or start-up error (bad storage URL, unreachable S3, port
    taken) prints one line and exits with status 2 instead of a traceback.
    """
    import sys

    from pydantic import ValidationError

    from lmforge.errors import LmforgeError

    from .settings import parse_flags

    try:
        settings = settings_cls(**parse_flags(settings_cls, argv))
    except ValidationError as e:
        print(f"lmforge: invalid settings: {e}", file=sys.stderr)
        raise SystemExit(2) from None
    configure_logging(settings.log_level)

    async def main() -> None:
        server = await build(settings)
        await serve(server)

    try:
        asyncio.run(main())
    except LmforgeError as e:
        print(f"lmforge: cannot start: {e}", file=sys.stderr)
        raise SystemExit(2) from None
