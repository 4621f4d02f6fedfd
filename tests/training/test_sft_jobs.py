"""Causal LM jobs end to end on real Ray, the real registry and the real S3 server."""

from __future__ import annotations

import threading

import pytest
from lmforge.v1 import registry_pb2, training_pb2

from .helpers import events, get, logs, of_kind, spec, states

pytestmark = pytest.mark.usefixtures("ray_session")


def test_lora_sft_two_workers_registers_adapter_with_lineage(
    training_stub, registry_stub, causal_base, chat_dataset
) -> None:
    job = training_stub.SubmitJob(
        training_pb2.SubmitJobRequest(
            spec=spec(
                causal_base,
                chat_dataset,
                hyperparameters={"max_steps": 8, "learning_rate": 1e-2},
                scaling={"num_workers": 2},
                lora={"r": 4, "alpha": 8},
                output={"model_name": "tiny-lm-chat"},
            )
        )
    ).job
    # Non-blocking: the answer comes before any training happened.
    assert job.state == training_pb2.JOB_STATE_QUEUED
    assert job.base_version.model == "tiny-lm" and job.base_version.version == 1

    # Two watchers at once see the same live stream.
    seen: dict[str, list] = {}
    second = threading.Thread(target=lambda: seen.update(b=events(training_stub, job.id)))
    second.start()
    live = events(training_stub, job.id)
    second.join(300)
    assert [e.sequence for e in seen["b"]] == [e.sequence for e in live]

    assert states(live) == ["JOB_STATE_QUEUED", "JOB_STATE_RUNNING", "JOB_STATE_SUCCEEDED"]
    steps = of_kind(live, "metrics")
    assert [m.step for m in steps] == list(range(1, 9))
    assert steps[0].total_steps == 8
    assert steps[-1].loss < steps[0].loss  # it learned
    assert all(m.samples_per_second > 0 and m.learning_rate > 0 for m in steps)
    assert "training engine: DistributedDataParallel" in logs(live)

    (result,) = of_kind(live, "result")
    assert result.output.model == "tiny-lm-chat"
    done = get(training_stub, job.id)
    assert done.state == training_pb2.JOB_STATE_SUCCEEDED
    assert done.output == result.output and done.step == 8
    assert done.end_time.seconds >= done.start_time.seconds >= done.create_time.seconds

    version = registry_stub.GetModelVersion(
        registry_pb2.GetModelVersionRequest(model="tiny-lm-chat", version=result.output.version)
    ).version
    assert version.state == registry_pb2.VERSION_STATE_READY
    assert version.format == registry_pb2.MODEL_FORMAT_PEFT_ADAPTER
    paths = {f.path for f in version.files}
    assert {"adapter_config.json", "adapter_model.safetensors"} <= paths
    assert version.lineage.source_job_id == job.id
    assert (version.lineage.base.model, version.lineage.base.version) == ("tiny-lm", 1)
    assert version.lineage.dataset.dataset == "chat"
    assert version.lineage.hyperparameters["max_steps"] == "8"
    assert version.lineage.hyperparameters["lora_r"] == "4"
    assert version.metrics["train_loss"] > 0

    # A watcher that comes after the end gets the whole history, then the stream ends.
    late = events(training_stub, job.id)
    assert [(e.sequence, e.WhichOneof("event")) for e in late] == [
        (e.sequence, e.WhichOneof("event")) for e in live
    ]
    # ... or only what it has not seen yet.
    tail = events(training_stub, job.id, after=live[-3].sequence)
    assert [e.sequence for e in tail] == [e.sequence for e in live[-2:]]
