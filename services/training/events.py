"""Live fan-out of job events to watchers (the history lives in the job store).

Runner threads publish; each WatchJob call subscribes with its own asyncio
queue on the server's event loop. A watcher that is slow or leaves never
blocks the publisher: queues are unbounded and delivery is a
``call_soon_threadsafe`` hop onto the loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections import defaultdict

from .jobs import Event


class EventBus:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._subs: dict[str, list[tuple[asyncio.AbstractEventLoop, asyncio.Queue[Event]]]] = (
            defaultdict(list)
        )

    def subscribe(self, job_id: str) -> asyncio.Queue[Event]:
        """A queue that receives the job's events from now on (call on the event loop)."""
        queue: asyncio.Queue[Event] = asyncio.Queue()
        with self._lock:
            self._subs[job_id].append((asyncio.get_running_loop(), queue))
        return queue

    def unsubscribe(self, job_id: str, queue: asyncio.Queue[Event]) -> None:
        with self._lock:
            subs = self._subs.get(job_id, [])
            self._subs[job_id] = [(lp, q) for lp, q in subs if q is not queue]
            if not self._subs[job_id]:
                del self._subs[job_id]

    def watchers(self, job_id: str) -> int:
        with self._lock:
            return len(self._subs.get(job_id, []))

    def publish(self, event: Event) -> None:
        """Deliver to every current subscriber; callable from any thread."""
        with self._lock:
            subs = list(self._subs.get(event.job_id, []))
        for loop, queue in subs:
            # A closed loop means that watcher is gone.
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(queue.put_nowait, event)
