"""Resume, never just fail: a job continues from its last checkpoint after the
training service is SIGKILLed and started again, and ResumeJob re-opens a
cancelled job, on real Ray, real S3 and the real job database."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import grpc
import pytest

from fixtures_training import wait_for
from lmforge.services.core import layout
from lmforge.services.core.storage import open_store
from lmforge.v1 import registry_pb2, training_pb2, training_pb2_grpc
from servers import ChildService

from .helpers import events, get, logs, of_kind, spec, states

MAX_STEPS = 60
EVERY = 5


def _job_spec(causal_base: str, chat_dataset: str) -> training_pb2.JobSpec:
    return spec(
        causal_base,
        chat_dataset,
        hyperparameters={"max_steps": MAX_STEPS, "per_device_batch_size": 2},
        checkpoint_steps=EVERY,
    )


def _until_checkpoint_on_record(stream: Any, settings: Any, job_id: str) -> list[Any]:
    """Read events up to the first checkpoint, then wait until Ray Train has it on record."""
    seen = []
    for r in stream:
        seen.append(r.event)
        if r.event.WhichOneof("event") == "checkpoint":
            break
    else:
        raise AssertionError(f"the job ended before a checkpoint: {logs(seen)}")
    store = open_store(settings, check=False)
    snapshot = f"{layout.checkpoint_prefix(job_id)}checkpoint_manager_snapshot.json"
    wait_for(lambda: store.exists(snapshot), timeout=60, what="the checkpoint on record")
    return seen


def _resumed_step(evs: list[Any]) -> int:
    found = [m for m in (re.match(r"resumed from step (\d+)", line) for line in logs(evs)) if m]
    assert len(found) == 1, logs(evs)
    return int(found[0].group(1))


def _service_process(settings: Any, ray_address: str, s3_server: Any, log: Path) -> ChildService:
    """``python -m lmforge.services.training`` as a real child process."""
    args = [
        "--database-url",
        settings.database_url,
        "--work-dir",
        str(settings.work_dir),
        "--registry-address",
        settings.registry_address,
        "--storage-url",
        settings.storage_url,
        "--log-level",
        "INFO",
    ]
    env = dict(
        **s3_server.env(),
        LMFORGE_RAY_ADDRESS=ray_address,
        # Keep 127.0.0.1 as the node address (see runner.connect_local).
        RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER="0",
        TORCH_EXTENSIONS_DIR=str(settings.torch_extensions_dir),
    )
    return ChildService(
        "lmforge.services.training", args, log, env, start_timeout=120, stop_timeout=60
    )


@pytest.fixture
def service(training_settings, ray_session, s3_server, tmp_path: Path) -> Iterator[ChildService]:  # type: ignore[no-untyped-def]
    svc = _service_process(training_settings, ray_session, s3_server, tmp_path / "training.log")
    try:
        yield svc
    finally:
        svc.stop()


def test_sigkill_of_the_service_then_restart_resumes_from_the_checkpoint_and_registers(
    service, training_settings, registry_stub, causal_base, chat_dataset
) -> None:
    stub = training_pb2_grpc.TrainingServiceStub(service.start())
    job = stub.SubmitJob(
        training_pb2.SubmitJobRequest(spec=_job_spec(causal_base, chat_dataset))
    ).job
    stream = stub.WatchJob(training_pb2.WatchJobRequest(id=job.id), timeout=600)
    before = _until_checkpoint_on_record(stream, training_settings, job.id)
    service.kill()  # no shutdown code runs: the driver is simply gone
    stream.cancel()

    from lmforge.services.training.jobs import JobStore

    store = JobStore.open(training_settings.database_url)
    try:
        killed = store.get(job.id)
        checkpoints = [e.payload["step"] for e in store.events(job.id) if e.kind == "checkpoint"]
    finally:
        store.close()
    # The kill landed mid-run (otherwise there is nothing to resume).
    assert killed.state == "RUNNING" and killed.step < MAX_STEPS, (killed, logs(before))
    assert checkpoints and checkpoints[0] == EVERY

    stub = training_pb2_grpc.TrainingServiceStub(
        service.start()
    )  # same database, same object store, same job id
    evs = events(stub, job.id, timeout=600)
    assert states(evs)[-1] == "JOB_STATE_SUCCEEDED", logs(evs)
    reasons = [c.reason for c in of_kind(evs, "state_change")]
    assert f"resuming from step {max(checkpoints)}" in " ".join(reasons), reasons
    resumed = _resumed_step(evs)
    assert resumed in checkpoints
    index = next(i for i, e in enumerate(evs) if e.log.message.startswith("resumed from step"))
    steps_after = [m.step for m in of_kind(evs[index:], "metrics")]
    assert steps_after[0] == resumed + 1 and steps_after[-1] == MAX_STEPS, steps_after
    done = get(stub, job.id)
    assert done.id == job.id and done.step == MAX_STEPS
    assert done.output.model and done.output.version >= 1
    version = registry_stub.GetModelVersion(
        registry_pb2.GetModelVersionRequest(model=done.output.model, version=done.output.version)
    ).version
    assert version.state == registry_pb2.VERSION_STATE_READY
    assert version.lineage.source_job_id == job.id


def _losses(evs: list[Any]) -> dict[int, float]:
    return {m.step: m.loss for m in of_kind(evs, "metrics")}


@pytest.mark.usefixtures("ray_session")
def test_resume_job_continues_a_cancelled_job_from_its_checkpoint(
    training_stub, training_settings, training_server, causal_base, chat_dataset
) -> None:
    # The reference: the same spec run without interruption. A resumed run must
    # train on the same batches from the same weights and RNG state, so its
    # losses are those of this run step for step (not merely "it went on").
    whole = training_stub.SubmitJob(
        training_pb2.SubmitJobRequest(spec=_job_spec(causal_base, chat_dataset))
    ).job
    whole_evs = events(training_stub, whole.id, timeout=600)
    assert states(whole_evs)[-1] == "JOB_STATE_SUCCEEDED", logs(whole_evs)
    reference = _losses(whole_evs)
    assert sorted(reference) == list(range(1, MAX_STEPS + 1))

    job = training_stub.SubmitJob(
        training_pb2.SubmitJobRequest(spec=_job_spec(causal_base, chat_dataset))
    ).job
    stream = training_stub.WatchJob(training_pb2.WatchJobRequest(id=job.id), timeout=600)
    _until_checkpoint_on_record(stream, training_settings, job.id)
    with pytest.raises(grpc.RpcError) as running:
        training_stub.ResumeJob(training_pb2.ResumeJobRequest(id=job.id))
    assert running.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    assert "id" in running.value.details() and "RUNNING" in running.value.details()
    training_stub.CancelJob(training_pb2.CancelJobRequest(id=job.id))
    stream.cancel()
    cancelled = events(training_stub, job.id, timeout=60)
    assert states(cancelled)[-1] == "JOB_STATE_CANCELLED"
    first_run = _losses(cancelled)
    assert first_run == pytest.approx({k: reference[k] for k in first_run}, rel=1e-5, abs=1e-6)
    core = training_server.server.coordinator
    wait_for(lambda: not core.is_active(job.id), timeout=60, what="the cancelled job to stop")

    resumed_job = training_stub.ResumeJob(training_pb2.ResumeJobRequest(id=job.id)).job
    assert resumed_job.id == job.id and resumed_job.state == training_pb2.JOB_STATE_QUEUED
    assert resumed_job.error == ""
    evs = events(training_stub, job.id, after=cancelled[-1].sequence, timeout=600)
    assert states(evs)[-1] == "JOB_STATE_SUCCEEDED", logs(evs)
    step = _resumed_step(evs)
    assert step >= EVERY
    # From the resumed run's first log on (the cancelled run's last metrics may
    # still arrive while its workers stop).
    index = next(i for i, e in enumerate(evs) if e.log.message.startswith("resumed from step"))
    steps_after = [m.step for m in of_kind(evs[index:], "metrics")]
    assert steps_after[0] == step + 1 and steps_after[-1] == MAX_STEPS, steps_after
    resumed = _losses(evs[index:])
    assert resumed == pytest.approx({k: reference[k] for k in resumed}, rel=1e-5, abs=1e-6)
    assert get(training_stub, job.id).output.version >= 1


def test_resume_job_refuses_a_job_without_a_checkpoint_or_that_succeeded(
    training_settings, training_stub
) -> None:
    from lmforge.services.training.jobs import FAILED, QUEUED, RUNNING, SUCCEEDED, JobStore

    store = JobStore.open(training_settings.database_url)
    try:
        failed, _ = store.create(b"", {"plan": {}}, ("tiny-lm", 1), ("chat", 1))
        store.transition(failed.id, (QUEUED,), FAILED, "broken")
        done, _ = store.create(b"", {"plan": {}}, ("tiny-lm", 1), ("chat", 1))
        store.transition(done.id, (QUEUED,), RUNNING)
        store.transition(done.id, (RUNNING,), SUCCEEDED)
    finally:
        store.close()
    for job_id, words in ((failed.id, "no checkpoint"), (done.id, "SUCCEEDED")):
        with pytest.raises(grpc.RpcError) as e:
            training_stub.ResumeJob(training_pb2.ResumeJobRequest(id=job_id))
        assert e.value.code() == grpc.StatusCode.FAILED_PRECONDITION, e.value.details()
        assert words in e.value.details() and e.value.details().startswith("id:")
        assert get(training_stub, job_id).state != training_pb2.JOB_STATE_QUEUED
    with pytest.raises(grpc.RpcError) as unknown:
        training_stub.ResumeJob(training_pb2.ResumeJobRequest(id="nope"))
    assert unknown.value.code() == grpc.StatusCode.NOT_FOUND
