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
