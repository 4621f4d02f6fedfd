"""The job state machine: typed states, is_terminal, transitions it allows and refuses.

No Ray: the job store alone, on a real SQLite file.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lmforge.services.training import jobs
from lmforge.services.training.jobs import JobState
from lmforge.v1 import training_pb2


def test_every_state_is_a_proto_state_and_terminal_ones_have_no_way_out() -> None:
    for state in JobState:
        assert training_pb2.JobState.Value(f"JOB_STATE_{state}")  # same names as the proto
        assert state.is_terminal == (state in {"SUCCEEDED", "FAILED", "CANCELLED"})
        assert json.loads(json.dumps({"state": state})) == {"state": state.value}
    assert {JobState.SUCCEEDED, JobState.FAILED, JobState.CANCELLED} == jobs.TERMINAL
    assert not JobState.SUCCEEDED.can_become(JobState.RUNNING)
    assert JobState.QUEUED.can_become(JobState.CANCELLED)
    assert not JobState.QUEUED.can_become(JobState.SUCCEEDED)  # never trained


def test_store_returns_typed_states_and_refuses_a_forbidden_transition(tmp_path: Path) -> None:
    store = jobs.JobStore.open(f"sqlite:///{tmp_path / 'jobs.db'}")
    job, _ = store.create(b"spec", {"plan": 1}, ("m", 1), ("d", 2))
    assert store.get(job.id).state is JobState.QUEUED
    with pytest.raises(ValueError, match="cannot become"):
        store.transition(job.id, (jobs.QUEUED,), jobs.SUCCEEDED)
    assert store.get(job.id).state is JobState.QUEUED  # nothing written
    ev = store.transition(job.id, (jobs.QUEUED,), jobs.RUNNING)
    assert ev is not None and ev.payload["state"] == "RUNNING"
    assert store.get(job.id).state is JobState.RUNNING
    ev = store.transition(job.id, (jobs.RUNNING,), jobs.SUCCEEDED)
    assert ev is not None and ev.is_terminal
    assert store.get(job.id).state.is_terminal
    # A terminal job stays where it is.
    with pytest.raises(ValueError):
        store.transition(job.id, (jobs.SUCCEEDED,), jobs.RUNNING)
    store.close()


def test_resuming_reopens_failed_and_cancelled_jobs_only(tmp_path: Path) -> None:
    """Resuming is the move back to QUEUED; it clears the ending, keeps the id."""
    store = jobs.JobStore.open(f"sqlite:///{tmp_path / 'jobs.db'}")
    job, _ = store.create(b"spec", {"plan": 1}, ("m", 1), ("d", 2))
    store.transition(job.id, (jobs.QUEUED,), jobs.RUNNING)
    store.transition(job.id, (jobs.RUNNING,), jobs.FAILED, "driver gone")
    assert store.get(job.id).error == "driver gone"
    ev = store.transition(job.id, (jobs.FAILED,), jobs.QUEUED, "resuming from step 5")
    assert ev is not None and not ev.is_terminal
    again = store.get(job.id)
    assert again.state is JobState.QUEUED and again.error == "" and again.end_time is None
    assert JobState.RUNNING.can_become(JobState.QUEUED)  # a service restart under it
    assert JobState.CANCELLED.can_become(JobState.QUEUED)
    assert not JobState.SUCCEEDED.can_become(JobState.QUEUED)  # nothing to resume
    store.close()


def test_progress_reported_after_an_ending_changes_nothing(tmp_path: Path) -> None:
    """A cancelled job's workers may report a step while they stop: GetJob.step stays put."""
    store = jobs.JobStore.open(f"sqlite:///{tmp_path / 'jobs.db'}")
    job, _ = store.create(b"spec", {"plan": 1}, ("m", 1), ("d", 2))
    store.transition(job.id, (jobs.QUEUED,), jobs.RUNNING)
    assert store.update_progress(job.id, 3, 40)
    assert (store.get(job.id).step, store.get(job.id).total_steps) == (3, 40)
    store.transition(job.id, (jobs.RUNNING,), jobs.CANCELLED, "cancelled by the user")
    assert not store.update_progress(job.id, 4, 40)
    assert (store.get(job.id).step, store.get(job.id).total_steps) == (3, 40)
    # Resumed, it reports progress again.
    store.transition(job.id, (jobs.CANCELLED,), jobs.QUEUED, "resuming from step 3")
    store.transition(job.id, (jobs.QUEUED,), jobs.RUNNING)
    assert store.update_progress(job.id, 5, 40) and store.get(job.id).step == 5
    store.close()
