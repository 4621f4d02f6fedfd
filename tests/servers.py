"""lmforge gRPC servers for tests: in a background thread, or as a real child process.

``ServerThread`` runs a grpc.aio server on its own event loop in the test process
(cheap, and the test can reach into the server). ``ChildService`` runs
``python -m lmforge.services.X`` as a separate OS process, for what only a process
shows: SIGKILL mid-request, a restart on the same state, several replicas that
share nothing but the database and the object store.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Awaitable, Callable
from concurrent.futures import Future
from pathlib import Path
from typing import Any

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc

from lmforge.services.core.seaweed import free_port
from lmforge.services.core.server import GrpcServer
from waiting import wait_for


class ServerThread:
    """A server on its own event loop thread, bound to 127.0.0.1 on a free port."""

    def __init__(self, build: Callable[[], Awaitable[GrpcServer]]) -> None:
        self._build = build
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.server: GrpcServer | None = None

    def run(self, coro: Awaitable[Any], timeout: float = 120) -> Any:
        """Run a coroutine on the server's loop and wait for its result."""
        fut: Future[Any] = asyncio.run_coroutine_threadsafe(coro, self.loop)  # type: ignore[arg-type]
        return fut.result(timeout)

    def start(self) -> ServerThread:
        self._thread.start()

        async def boot() -> GrpcServer:
            server = await self._build()
            await server.start()
            await server.set_serving("")
            return server

        self.server = self.run(boot())
        return self

    @property
    def address(self) -> str:
        assert self.server is not None
        return f"127.0.0.1:{self.server.port}"

    def stop(self, grace: float = 0.5) -> None:
        if self.server is not None:
            self.run(self.server.stop(grace))
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(10)

    def __enter__(self) -> ServerThread:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


class ChildService:
    """``python -m MODULE --port P ARGS...`` as a real child process on 127.0.0.1.

    The port is chosen once, so ``start()`` after ``kill()`` or ``stop()`` brings the
    service back at the same address (a restart on the same database and store).
    Its stdout and stderr go to ``log``, which a failed start quotes.
    """

    def __init__(
        self,
        module: str,
        args: list[str],
        log: Path,
        env: dict[str, str] | None = None,
        *,
        start_timeout: float = 90,
        stop_timeout: float = 30,
    ) -> None:
        self.port = free_port()
        self.args = [sys.executable, "-m", module, "--port", str(self.port), *args]
        self.env = dict(os.environ, **(env or {}))
        self.log = log
        self.start_timeout, self.stop_timeout = start_timeout, stop_timeout
        self.proc: subprocess.Popen[bytes] | None = None
        self.channel: grpc.Channel | None = None

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def start(self) -> grpc.Channel:
        """Start the process and wait until its gRPC health says SERVING (the server
        reports it only once the service is built and listening); a channel to it."""
        if self.channel is not None:
            self.channel.close()
        with self.log.open("ab") as out:
            self.proc = subprocess.Popen(self.args, env=self.env, stdout=out, stderr=out)
        self.channel = grpc.insecure_channel(self.address)
        health = health_pb2_grpc.HealthStub(self.channel)

        def serving() -> bool:
            if not self.alive():
                raise AssertionError(f"{self.args[2]} exited: {self.log.read_text()}")
            try:
                reply = health.Check(health_pb2.HealthCheckRequest(), timeout=1)
            except grpc.RpcError:
                return False
            return bool(reply.status == health_pb2.HealthCheckResponse.SERVING)

        wait_for(serving, self.start_timeout, what=f"{self.args[2]} to serve on {self.address}")
        return self.channel

    def kill(self) -> None:
        """SIGKILL: no shutdown code runs, as when the machine loses the process."""
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(30)

    def stop(self) -> None:
        """SIGTERM (a graceful drain), SIGKILL if it outlasts ``stop_timeout``; reaped."""
        if self.channel is not None:
            self.channel.close()
            self.channel = None
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(self.stop_timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
