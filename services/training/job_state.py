"""A training job's lifecycle state and its state machine."""

from __future__ import annotations

import enum


class JobState(enum.StrEnum):
    """A job's lifecycle state (training.proto's JobState without the prefix).

    The state machine (``TRANSITIONS``)::

        QUEUED -> RUNNING | FAILED | CANCELLED
        RUNNING -> SUCCEEDED | FAILED | CANCELLED
                 | QUEUED   (resuming: the service restarted under it)
        FAILED, CANCELLED -> QUEUED   (resuming: ResumeJob)
        SUCCEEDED: final

    Resuming is the move back to QUEUED, with a state_change whose reason
    says "resuming from step N" (the equivalent of a RESUMING state): the
    job keeps its id and its driver continues from the last checkpoint.
    SUCCEEDED, FAILED and CANCELLED are terminal (``is_terminal``): nothing
    moves a job out of them on its own, and a watch ends there; only an
    explicit ResumeJob re-opens a FAILED or CANCELLED job.

    A StrEnum, so a member is its name as a plain string: stored rows, event
    payloads and JSON keep the strings they always had.
    """

    QUEUED = "QUEUED"
    RUNNING = "RUNNING"
    SUCCEEDED = "SUCCEEDED"
    FAILED = "FAILED"
    CANCELLED = "CANCELLED"

    @property
    def is_terminal(self) -> bool:
        return self in (JobState.SUCCEEDED, JobState.FAILED, JobState.CANCELLED)

    def can_become(self, to: JobState) -> bool:
        return to in TRANSITIONS[self]


TRANSITIONS: dict[JobState, frozenset[JobState]] = {
    JobState.QUEUED: frozenset({JobState.RUNNING, JobState.FAILED, JobState.CANCELLED}),
    JobState.RUNNING: frozenset(
        {JobState.SUCCEEDED, JobState.FAILED, JobState.CANCELLED, JobState.QUEUED}
    ),
    JobState.SUCCEEDED: frozenset(),
    JobState.FAILED: frozenset({JobState.QUEUED}),
    JobState.CANCELLED: frozenset({JobState.QUEUED}),
}
