"""The job store on a real SQLite file: state machine, event history, paging."""

from __future__ import annotations

from pathlib import Path

import pytest

from lmforge.errors import InvalidArgument, NotFound
from lmforge.services.training import jobs
from lmforge.services.training.job_events import Log, StepMetrics
from lmforge.services.training.jobs import JobStore


@pytest.fixture
def store(tmp_path: Path):  # type: ignore[no-untyped-def]
    s = JobStore.open(f"sqlite:///{tmp_path / 'jobs.db'}")
    yield s
    s.close()


def _new(store: JobStore) -> str:
    job, ev = store.create(b"spec", {"plan": 1}, ("m", 1), ("d", 2))
    assert ev.sequence == 1 and ev.payload == {"state": "QUEUED", "reason": ""}
    return job.id


def test_transitions_only_from_the_named_states(store: JobStore) -> None:
    job_id = _new(store)
    assert store.transition(job_id, (jobs.QUEUED,), jobs.RUNNING) is not None
    assert store.get(job_id).start_time is not None
    # A cancel wins; the driver's later SUCCEEDED must not overwrite it.
    cancelled = store.transition(job_id, (jobs.QUEUED, jobs.RUNNING), jobs.CANCELLED, "by user")
    assert cancelled is not None and cancelled.is_terminal
    assert store.transition(job_id, (jobs.RUNNING,), jobs.SUCCEEDED) is None
    job = store.get(job_id)
    assert job.state == jobs.CANCELLED and job.error == "by user" and job.end_time is not None
    assert [e.payload["state"] for e in store.events(job_id)] == ["QUEUED", "RUNNING", "CANCELLED"]


def test_events_are_numbered_and_survive_reopening(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'jobs.db'}"
    store = JobStore.open(url)
    job_id = _new(store)
    store.append(job_id, StepMetrics(step=1, total_steps=10, loss=2.5))
    store.append(job_id, Log.info("hello"))
    store.update(job_id, step=1, total_steps=10, metrics={"loss": 2.5})
    store.close()

    reopened = JobStore.open(url)
    evs = reopened.events(job_id)
    assert [(e.sequence, e.kind) for e in evs] == [(1, "state_change"), (2, "metrics"), (3, "log")]
    assert evs[1].body == StepMetrics(step=1, total_steps=10, loss=2.5)
    assert evs[1].payload["loss"] == 2.5 and evs[2].body == Log("INFO", "hello")
    assert [e.sequence for e in reopened.events(job_id, after=2)] == [3]
    job = reopened.get(job_id)
    assert (job.step, job.total_steps, job.metrics) == (1, 10, {"loss": 2.5})
    assert job.create_time.tzinfo is not None
    reopened.close()


def test_list_pages_newest_first_and_filters(store: JobStore) -> None:
    ids = [_new(store) for _ in range(5)]
    store.transition(ids[1], (jobs.QUEUED,), jobs.RUNNING)
    page, token = store.list_jobs(None, 2, "")
    assert [j.id for j in page] == [ids[4], ids[3]] and token
    page2, token2 = store.list_jobs(None, 2, token)
    assert [j.id for j in page2] == [ids[2], ids[1]]
    page3, token3 = store.list_jobs(None, 2, token2)
    assert [j.id for j in page3] == [ids[0]] and token3 == ""
    running, _ = store.list_jobs(jobs.RUNNING, 10, "")
    assert [j.id for j in running] == [ids[1]]
    with pytest.raises(InvalidArgument, match="page_token"):
        store.list_jobs(None, 2, "not-a-token")


def test_unknown_job_is_not_found(store: JobStore) -> None:
    with pytest.raises(NotFound, match="nope"):
        store.get("nope")
