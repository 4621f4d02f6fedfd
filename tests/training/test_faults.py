"""Cancel, a worker killed mid-training, and a service restart, on real Ray."""

from __future__ import annotations

import os
import re
import signal
import time

import pytest

from fixtures_training import wait_for
from lmforge.services.core import layout
from lmforge.services.core.storage import open_store
from lmforge.v1 import training_pb2

from .helpers import events, get, logs, of_kind, spec, states


def _until(stream, kind: str) -> list:  # type: ignore[no-untyped-def]
    """Read the stream up to and including the first event of ``kind``."""
    seen = []
    for r in stream:
        seen.append(r.event)
        if r.event.WhichOneof("event") == kind:
            return seen
    raise AssertionError(f"the stream ended before a {kind} event: {seen}")


def _ray_is_idle() -> bool:
    import ray
    from ray.util import placement_group_table

    pgs = placement_group_table().values()
    return ray.available_resources().get("CPU", 0) >= 2 and all(
        p["state"] == "REMOVED" for p in pgs
    )


@pytest.mark.usefixtures("ray_session")
def test_cancel_stops_within_seconds_and_frees_ray(
    training_stub, training_server, causal_base, chat_dataset
) -> None:
    job = training_stub.SubmitJob(
        training_pb2.SubmitJobRequest(
            spec=spec(
                causal_base,
                chat_dataset,
                hyperparameters={"max_steps": 100_000},
                scaling={"num_workers": 2},
            )
        )
    ).job
    stream = training_stub.WatchJob(training_pb2.WatchJobRequest(id=job.id), timeout=300)
    _until(stream, "metrics")  # it is really training
    started = time.monotonic()
    cancelled = training_stub.CancelJob(training_pb2.CancelJobRequest(id=job.id)).job
    assert cancelled.state == training_pb2.JOB_STATE_CANCELLED
    assert cancelled.error == "cancelled by a user"
    rest = [r.event for r in stream]  # the watcher's stream ends with the cancel
    assert states(rest)[-1] == "JOB_STATE_CANCELLED"
    core = training_server.server.coordinator
    wait_for(lambda: not core.is_active(job.id), timeout=30, what="the driver to stop")
    wait_for(_ray_is_idle, timeout=30, what="Ray's CPUs and placement groups to be freed")
    assert time.monotonic() - started < 30
    final = get(training_stub, job.id)
    assert final.state == training_pb2.JOB_STATE_CANCELLED  # not overwritten by the driver
    assert final.step < 100_000
    # Cancelling again is harmless and changes nothing.
    again = training_stub.CancelJob(training_pb2.CancelJobRequest(id=job.id)).job
    assert again.state == training_pb2.JOB_STATE_CANCELLED and again.end_time == final.end_time


@pytest.mark.usefixtures("ray_session")
def test_killed_worker_resumes_from_checkpoint(
    training_stub, training_settings, causal_base, chat_dataset
) -> None:
    job = training_stub.SubmitJob(
        training_pb2.SubmitJobRequest(
            spec=spec(
                causal_base,
                chat_dataset,
                hyperparameters={"max_steps": 120, "per_device_batch_size": 2},
                scaling={"num_workers": 2},
                checkpoint_steps=20,
                max_failures=1,
            )
        )
    ).job
    stream = training_stub.WatchJob(training_pb2.WatchJobRequest(id=job.id), timeout=600)
    before = _until(stream, "checkpoint")
    # Ray Train's controller records a reported checkpoint asynchronously;
    # kill only once it is on record, or the restart rightly starts over.
    store = open_store(training_settings, check=False)
    snapshot = f"{layout.checkpoint_prefix(job.id)}checkpoint_manager_snapshot.json"
    wait_for(lambda: store.exists(snapshot), timeout=60, what="the checkpoint on record")
    pids = {
        int(m.group(2)): int(m.group(1))
        for m in (re.search(r"rank (\d+) pid (\d+)", line) for line in logs(before))
        if m
    }
    pid = next(p for p, rank in pids.items() if rank == 1)
    os.kill(pid, signal.SIGKILL)
    after = [r.event for r in stream]
    evs = before + after
    assert states(evs)[-1] == "JOB_STATE_SUCCEEDED", logs(evs)
    resumed = [line for line in logs(after) if line.startswith("resumed from step")]
    assert resumed, (logs(after), [m.step for m in of_kind(evs, "metrics")])
    # After the restart, training went on from a checkpoint, not from step 1.
    index = next(i for i, e in enumerate(after) if e.log.message.startswith("resumed from step"))
    steps_after = [m.step for m in of_kind(after[index:], "metrics")]
    assert steps_after and steps_after[0] > 20
    assert steps_after[-1] == 120
    assert get(training_stub, job.id).step == 120


def test_restart_marks_orphaned_running_jobs_failed(training_settings, registry_server) -> None:
    """A job RUNNING in the database when the service starts has lost its driver."""
    import grpc

    from lmforge.services.training.app import build_server
    from lmforge.services.training.jobs import QUEUED, RUNNING, JobStore
    from lmforge.v1 import training_pb2_grpc
    from servers import ServerThread

    store = JobStore.open(training_settings.database_url)
    orphan, _ = store.create(b"", {}, ("tiny-lm", 1), ("chat", 1))
    store.transition(orphan.id, (QUEUED,), RUNNING)
    store.close()

    with (
        ServerThread(lambda: build_server(training_settings)) as server,
        grpc.insecure_channel(server.address) as channel,
    ):
        stub = training_pb2_grpc.TrainingServiceStub(channel)
        job = get(stub, orphan.id)
        assert job.state == training_pb2.JOB_STATE_FAILED
        assert "restarted" in job.error and job.end_time.seconds > 0
        evs = events(stub, orphan.id, timeout=10)  # ends: the job is over
        assert states(evs) == ["JOB_STATE_QUEUED", "JOB_STATE_RUNNING", "JOB_STATE_FAILED"]
        listed = stub.ListJobs(training_pb2.ListJobsRequest(state=training_pb2.JOB_STATE_RUNNING))
        assert not listed.jobs


@pytest.mark.usefixtures("ray_session")
def test_service_stop_kills_running_jobs_and_a_restart_runs_the_queued_ones(
    training_settings, causal_base, chat_dataset
) -> None:
    """A stopping service force-stops its running jobs (none stays RUNNING); jobs still
    QUEUED survive in the database and run when the service starts again."""
    import grpc

    from lmforge.services.training.app import build_server
    from lmforge.services.training.coordinator import STOP_REASON
    from lmforge.services.training.jobs import JobStore
    from lmforge.v1 import training_pb2_grpc
    from servers import ServerThread

    settings = training_settings.model_copy(update={"max_concurrent_jobs": 1})
    server = ServerThread(lambda: build_server(settings)).start()
    try:
        with grpc.insecure_channel(server.address) as channel:
            stub = training_pb2_grpc.TrainingServiceStub(channel)
            long_job = stub.SubmitJob(
                training_pb2.SubmitJobRequest(
                    spec=spec(causal_base, chat_dataset, hyperparameters={"max_steps": 100_000})
                )
            ).job
            queued = stub.SubmitJob(
                training_pb2.SubmitJobRequest(spec=spec(causal_base, chat_dataset))
            ).job
            stream = stub.WatchJob(training_pb2.WatchJobRequest(id=long_job.id), timeout=300)
            _until(stream, "metrics")
            stream.cancel()
            assert get(stub, queued.id).state == training_pb2.JOB_STATE_QUEUED
    finally:
        server.stop()
    wait_for(_ray_is_idle, timeout=30, what="Ray's CPUs and placement groups to be freed")
    store = JobStore.open(settings.database_url)
    try:
        stopped = store.get(long_job.id)
        assert stopped.state == "FAILED" and stopped.error == STOP_REASON
        assert store.get(queued.id).state == "QUEUED"
    finally:
        store.close()

    with (
        ServerThread(lambda: build_server(settings)) as again,
        grpc.insecure_channel(again.address) as channel,
    ):
        stub = training_pb2_grpc.TrainingServiceStub(channel)
        evs = events(stub, queued.id)
        assert states(evs)[-1] == "JOB_STATE_SUCCEEDED", logs(evs)
        assert get(stub, long_job.id).state == training_pb2.JOB_STATE_FAILED
