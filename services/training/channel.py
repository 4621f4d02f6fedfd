"""The job channel: a small Ray actor between a job's workers and the coordinator.

Rank 0 pushes events (metrics, evaluations, checkpoints, log lines) into it;
the coordinator drains it a few times a second and records them. The
coordinator sets its stop flag on CancelJob; the workers poll it each step.
Going through an actor (not the driver task's return value) is what makes the
events live.
"""

from __future__ import annotations

from typing import Any


class JobChannel:
    """Plain class; ``channel_actor()`` wraps it as a Ray actor."""

    def __init__(self) -> None:
        self._events: list[dict[str, Any]] = []
        self._stop = False

    def push(self, event: dict[str, Any]) -> None:
        self._events.append(event)

    def drain(self) -> list[dict[str, Any]]:
        out, self._events = self._events, []
        return out

    def request_stop(self) -> None:
        self._stop = True

    def should_stop(self) -> bool:
        return self._stop


def channel_actor(job_id: str) -> Any:
    """A new channel actor for one job (no CPU: it only holds a list and a flag)."""
    import ray

    return (
        ray.remote(num_cpus=0, max_restarts=0)(JobChannel)
        .options(name=f"lmforge-job-{job_id}")
        .remote()
    )
