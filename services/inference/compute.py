"""The one thread of this process that runs torch: loading, warm-up, every forward.

Why one thread: libgomp (the OpenMP runtime under torch's CPU kernels) keeps
a team of worker threads for each calling thread, and once torch has run on
two Python threads of a process, the idle team's spinning workers take the
cores from the busy one. Measured on a 2-core machine with SmolLM2-135M: a
padded ``generate`` ran at ~190 tokens/s when one thread did everything,
~119 on a second thread, and ~112 back on the first one afterwards;
``OMP_WAIT_POLICY=PASSIVE`` / ``GOMP_SPINCOUNT=0`` only make every thread
slow. So every torch call of the inference server goes through here.

Two kinds of work share the thread:

- jobs: a callable submitted from anywhere (``submit`` gives a
  ``concurrent.futures.Future``, ``run`` an awaitable); a model load, one
  classifier batch, one embedding call, a pipeline call;
- steppers: generation engines. Each turn of the loop runs at most one job,
  then one iteration (``step()``) of every stepper that has work, so a
  classify batch waits at most one decode step and a decode step waits at
  most one job.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import threading
from collections import deque
from collections.abc import Callable
from typing import Any, Protocol, TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")


class Stepper(Protocol):
    """Something that advances in small steps on the compute thread (an engine)."""

    def has_work(self) -> bool: ...

    def step(self) -> None: ...


class ComputeThread:
    """A single worker thread for torch work; see the module docstring."""

    def __init__(self, name: str = "torch-compute") -> None:
        self._cond = threading.Condition()
        self._jobs: deque[tuple[Callable[[], Any], concurrent.futures.Future[Any]]] = deque()
        self._steppers: list[Stepper] = []
        self._thread = threading.Thread(target=self._loop, name=name, daemon=True)
        self._thread.start()

    @property
    def ident(self) -> int | None:
        return self._thread.ident

    def on_thread(self) -> bool:
        return threading.get_ident() == self._thread.ident

    def submit(
        self, fn: Callable[..., T], *args: Any, **kwargs: Any
    ) -> concurrent.futures.Future[T]:
        """Queue ``fn(*args, **kwargs)``; called on the compute thread itself, it runs now."""
        future: concurrent.futures.Future[T] = concurrent.futures.Future()
        if self.on_thread():  # a job that needs another job must not wait for itself
            try:
                future.set_result(fn(*args, **kwargs))
            except BaseException as e:
                future.set_exception(e)
            return future
        with self._cond:
            self._jobs.append((lambda: fn(*args, **kwargs), future))
            self._cond.notify()
        return future

    async def run(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Await ``fn(*args, **kwargs)`` run on the compute thread."""
        return await asyncio.wrap_future(self.submit(fn, *args, **kwargs))

    def call(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run ``fn`` on the compute thread and block the calling thread for the result."""
        return self.submit(fn, *args, **kwargs).result()

    def add_stepper(self, stepper: Stepper) -> None:
        with self._cond:
            self._steppers.append(stepper)
            self._cond.notify()

    def remove_stepper(self, stepper: Stepper) -> None:
        with self._cond:
            if stepper in self._steppers:
                self._steppers.remove(stepper)

    def wake(self) -> None:
        """A stepper got work: take the loop out of its wait."""
        with self._cond:
            self._cond.notify()

    def _loop(self) -> None:
        while True:
            with self._cond:
                while not self._jobs and not any(s.has_work() for s in self._steppers):
                    self._cond.wait()
                job = self._jobs.popleft() if self._jobs else None
                steppers = list(self._steppers)
            if job is not None:
                fn, future = job
                if future.set_running_or_notify_cancel():
                    try:
                        future.set_result(fn())
                    except BaseException as e:  # handed to the caller, never lost
                        future.set_exception(e)
            for stepper in steppers:
                if stepper.has_work():
                    try:
                        stepper.step()
                    except Exception:  # a stepper handles its own errors; never kill the loop
                        log.exception("compute stepper %r failed", stepper)


_THREAD: ComputeThread | None = None
_LOCK = threading.Lock()


def compute_thread() -> ComputeThread:
    """This process's compute thread (started on first use, never at import)."""
    global _THREAD
    with _LOCK:
        if _THREAD is None:
            _THREAD = ComputeThread()
        return _THREAD
