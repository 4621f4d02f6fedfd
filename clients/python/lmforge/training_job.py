"""``TrainingJob``: a handle on a submitted fine-tuning job.

``fit`` returns one at once; ``wait()`` follows the job's event stream (with
an optional live progress line: step, loss, ETA) until it ends, ``events()``
yields the typed events, ``cancel()`` stops it, and ``result()`` gives the
trained model as the same kind of object ``fit`` was called on.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

from lmforge import _terminal
from lmforge import types as t
from lmforge.client import Client
from lmforge.errors import DeadlineExceeded, FailedPrecondition, LmforgeError


class TrainingFailed(LmforgeError):
    """The job ended FAILED or CANCELLED; ``job`` holds the record and its error."""

    def __init__(self, job: t.Job) -> None:
        reason = job.error or ("cancelled" if job.state == "CANCELLED" else "no reason recorded")
        super().__init__(f"training job {job.id} {job.state.lower()}: {reason}")
        self.job = job


def format_eta(seconds: float | None) -> str:
    if seconds is None or seconds != seconds or seconds < 0:
        return "--:--"
    m, s = divmod(int(seconds + 0.5), 60)
    h, m = divmod(m, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m:02d}:{s:02d}"


class ProgressTracker:
    """Step, loss and an ETA from the job's metric events (shared with the CLI)."""

    def __init__(self) -> None:
        self.step = 0
        self.total = 0
        self.loss: float | None = None
        self.state = "QUEUED"
        self._first: tuple[float, int] | None = None
        self._last: tuple[float, int] | None = None

    def update(self, event: t.JobEvent, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        if event.kind == "state" and event.state:
            self.state = event.state
        elif event.kind == "metrics" and event.metrics is not None:
            m = event.metrics
            self.step = m.step
            self.total = m.total_steps or self.total
            self.loss = m.loss
            if self._first is None:
                self._first = (now, m.step)
            self._last = (now, m.step)

    @property
    def eta_seconds(self) -> float | None:
        """Remaining time at the rate seen since the first step event."""
        if self._first is None or self._last is None or not self.total:
            return None
        (t0, s0), (t1, s1) = self._first, self._last
        if s1 <= s0 or t1 <= t0:
            return None
        return (self.total - s1) * (t1 - t0) / (s1 - s0)

    def line(self) -> str:
        loss = f"{self.loss:.4f}" if self.loss is not None else "-"
        total = self.total or "?"
        return (
            f"{self.state.lower():9} step {self.step}/{total}  loss {loss}  "
            f"eta {format_eta(self.eta_seconds)}"
        )


class TrainingJob:
    """A submitted job. ``id`` and ``job`` (the last record seen) are always available."""

    def __init__(
        self, client: Client, job: t.Job, make_result: Callable[[str], Any] | None = None
    ) -> None:
        self.client = client
        self.job = job
        self._make_result = make_result

    @property
    def id(self) -> str:
        return self.job.id

    def __repr__(self) -> str:
        return f"TrainingJob(id={self.id!r}, state={self.job.state!r})"

    def refresh(self) -> t.Job:
        self.job = self.client.get_job(self.id)
        return self.job

    def events(self, after_sequence: int = 0) -> Iterator[t.JobEvent]:
        """The job's events, history first, until it ends."""
        return self.client.watch_job(self.id, after_sequence=after_sequence)

    def cancel(self) -> t.Job:
        self.job = self.client.cancel_job(self.id)
        return self.job

    def wait(self, progress: bool = False, timeout: float | None = None) -> t.Job:
        """Block until the job ends; raise ``TrainingFailed`` unless it SUCCEEDED.

        ``progress=True`` shows a live line with step, loss and ETA.
        ``timeout`` (seconds) raises DeadlineExceeded without cancelling the job.
        """
        tracker = ProgressTracker()
        live: Any = None
        if progress:
            live = progress_display(tracker.line())
        try:
            for event in self.client.watch_job(self.id, timeout=timeout):
                tracker.update(event)
                if live is not None:
                    live.update(tracker.line())
        except DeadlineExceeded:
            raise DeadlineExceeded(
                f"training job {self.id} still {tracker.state.lower()} after {timeout}s "
                "(it keeps running; cancel() stops it)"
            ) from None
        finally:
            if live is not None:
                stop_progress(live)
        job = self.refresh()
        if job.state != "SUCCEEDED":
            raise TrainingFailed(job)
        return job

    def result(self) -> Any:
        """The trained model (an ``LLM`` with the new adapter, for an LLM's LoRA job)."""
        if self.job.state != "SUCCEEDED":
            self.refresh()
        if self.job.state != "SUCCEEDED" or not self.job.output:
            raise FailedPrecondition(
                f"training job {self.id} is {self.job.state.lower()}: it has no result yet; "
                "call wait() first"
            )
        if self._make_result is None:
            return self.job.output
        return self._make_result(self.job.output)


def progress_display(line: Any, console: Any = None) -> Any:
    """A started rich ``Live`` line, below any streamed answer the cursor is still on.

    Its redraws (``\r\x1b[2K``) erase the cursor's line, so a streamed answer
    printed with ``end=""`` just before would lose its last line.
    """
    from rich.live import Live

    _terminal.fresh_line(console.file if console is not None else None)
    live = Live(line, refresh_per_second=4, transient=False, console=console)
    live.start()
    return live


def stop_progress(live: Any) -> None:
    """Stop a ``progress_display`` (or any rich ``Live``) with its last line ended.

    On a terminal rich ends the line itself; written to a file or a pipe it
    prints the final line without a newline, so the next text printed would
    land on the same line.
    """
    live.stop()
    console = live.console
    if not console.is_terminal and not console.is_jupyter:
        console.file.write("\n")
        console.file.flush()
