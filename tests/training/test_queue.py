"""The coordinator core without gRPC: a job cancelled while QUEUED never reaches Ray."""

from __future__ import annotations

import pytest

from fixtures_training import wait_for

from .helpers import spec


@pytest.mark.usefixtures("ray_session")  # SubmitJob checks the request against Ray's CPUs
def test_cancel_while_queued_never_runs(training_settings, causal_base, chat_dataset) -> None:

    from lmforge.services.training.app import build_coordinator

    core = build_coordinator(training_settings)  # not started: nothing drives the queue yet
    try:
        job = core.submit(spec(causal_base, chat_dataset))
        assert job.state == "QUEUED"
        cancelled = core.cancel(job.id)
        assert cancelled.state == "CANCELLED" and cancelled.end_time is not None
        core.start()  # the driver thread takes the job off the queue and skips it
        wait_for(lambda: core._queue.empty(), timeout=10, what="the queue to drain")
        assert core.get(job.id).state == "CANCELLED"
        assert [e.payload["state"] for e in core.store.events(job.id)] == ["QUEUED", "CANCELLED"]
        assert not core.is_active(job.id)
    finally:
        core.stop()
        core.registry.close()
        core.store.close()
