"""Bridges between grpc.aio's async streams and the blocking object-store client.

The minio SDK blocks, so uploads and downloads run in their own threads and
pass chunks through bounded queues: the network and the store work at the
same time, and a slow side pushes back on the fast one instead of filling
memory.
"""

from __future__ import annotations

import asyncio
import contextlib
import queue
import threading
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any, TypeVar

T = TypeVar("T")

# minio sends multipart uploads in 16 MiB parts; handing it whole parts at a
# time avoids re-buffering many small gRPC chunks inside its reader.
JOIN_BYTES = 16 * 1024 * 1024
# Largest chunk per DownloadFile message: below gRPC's default 4 MiB receive
# limit, so clients with default channel options can download.
SEND_BYTES = 3 * 1024 * 1024
_END = object()


def _joined(chunks: Iterator[bytes], size: int) -> Iterator[bytes]:
    """Merge consecutive chunks into pieces of at most ``size`` bytes (without slicing)."""
    parts: list[bytes] = []
    held = 0
    for chunk in chunks:
        if parts and held + len(chunk) > size:
            yield b"".join(parts) if len(parts) > 1 else parts[0]
            parts, held = [], 0
        parts.append(chunk)
        held += len(chunk)
    if parts:
        yield b"".join(parts) if len(parts) > 1 else parts[0]


class ChunkFeed:
    """Async producer (the gRPC request stream) -> blocking iterator (the store's put).

    At most ``max_bytes`` wait in the queue (a chunk is admitted alone when the
    queue is empty), plus the piece being joined for the store, itself at
    most ``max_bytes``: one upload never holds more than about twice that.
    """

    def __init__(self, max_bytes: int = 64 * 1024 * 1024) -> None:
        self._loop = asyncio.get_running_loop()
        self._q: queue.Queue[Any] = queue.Queue()
        self._lock = threading.Lock()
        self._held = 0
        self.max_bytes = max_bytes
        self._join = min(JOIN_BYTES, max_bytes)
        self._space = asyncio.Event()
        self.consumer_done = threading.Event()

    async def put(self, chunk: bytes) -> bool:
        """Queue a chunk; False once the consumer has stopped (it failed or finished)."""
        while not self.consumer_done.is_set():
            with self._lock:
                if self._held == 0 or self._held + len(chunk) <= self.max_bytes:
                    self._held += len(chunk)
                    self._q.put_nowait(chunk)
                    return True
                self._space.clear()
            await self._space.wait()
        return False

    def close(self) -> None:
        """No more chunks: the iterator ends after the queued ones."""
        self._q.put_nowait(_END)

    def fail(self, exc: BaseException) -> None:
        """Make the consumer's next read raise ``exc`` (e.g. the client went away)."""
        with self._lock:  # queued data is of no use any more: drop it
            with contextlib.suppress(queue.Empty):
                while True:
                    self._q.get_nowait()
            self._held = 0
            self._q.put_nowait(exc)

    def _take(self) -> Any:
        item = self._q.get()
        if isinstance(item, bytes):
            with self._lock:
                self._held -= len(item)
        self._loop.call_soon_threadsafe(self._space.set)
        return item

    def finished(self) -> None:
        """Called by the consumer thread when it stops reading, for any reason."""
        self.consumer_done.set()
        self._loop.call_soon_threadsafe(self._space.set)

    def __iter__(self) -> Iterator[bytes]:
        while True:
            parts: list[bytes] = []
            size = 0
            item = self._take()
            while True:
                if item is _END:
                    if parts:
                        yield b"".join(parts)
                    return
                if isinstance(item, BaseException):
                    raise item
                parts.append(item)
                size += len(item)
                if size >= self._join:
                    break
                item = self._take()
            yield b"".join(parts)


async def run_in_thread(fn: Callable[..., T], *args: Any) -> T:
    """Run a long blocking call on its own thread (not the shared default executor,
    whose few workers long uploads would otherwise exhaust)."""
    loop = asyncio.get_running_loop()
    fut: asyncio.Future[T] = loop.create_future()

    def work() -> None:
        try:
            result = fn(*args)
        except BaseException as e:
            loop.call_soon_threadsafe(_settle, fut, None, e)
        else:
            loop.call_soon_threadsafe(_settle, fut, result, None)

    threading.Thread(target=work, daemon=True, name="registry-io").start()
    return await fut


def _settle(fut: asyncio.Future[Any], result: Any, exc: BaseException | None) -> None:
    if fut.cancelled():
        return
    if exc is not None:
        fut.set_exception(exc)
    else:
        fut.set_result(result)


async def iterate_in_thread(
    chunks: Iterator[bytes], depth: int = 4, join: int = SEND_BYTES
) -> AsyncIterator[bytes]:
    """Read a blocking iterator on its own thread, ``depth`` chunks ahead of the consumer.

    Small chunks are joined up to ``join`` bytes: fewer, larger messages cost
    less per byte in both gRPC and the thread hand-off.
    """
    loop = asyncio.get_running_loop()
    # Unbounded on the loop side; the semaphore bounds it from the thread side,
    # so the hand-off is one call_soon_threadsafe per chunk, nothing more.
    q: asyncio.Queue[Any] = asyncio.Queue()
    room = threading.Semaphore(depth)
    stop = threading.Event()

    def produce() -> None:
        item: Any = _END
        try:
            for chunk in _joined(chunks, join):
                while not room.acquire(timeout=1.0):
                    if stop.is_set():
                        return
                if stop.is_set():
                    return
                loop.call_soon_threadsafe(q.put_nowait, chunk)
        except BaseException as e:
            item = e
        finally:
            close = getattr(chunks, "close", None)
            if close is not None:
                close()
        if not stop.is_set():
            loop.call_soon_threadsafe(q.put_nowait, item)

    thread = threading.Thread(target=produce, daemon=True, name="registry-download")
    thread.start()
    try:
        while True:
            item = await q.get()
            room.release()
            if item is _END:
                return
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
