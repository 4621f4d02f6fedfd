"""Run an lmforge grpc.aio server in a background thread for synchronous tests."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Awaitable, Callable
from concurrent.futures import Future
from typing import Any

from lmforge.services.core.server import GrpcServer


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
