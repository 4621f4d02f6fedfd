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


def test_full_sft_two_workers_prompt_completion_registers_full_model(
    training_stub, registry_stub, causal_base, push_rows
) -> None:
    rows = [{"q": f"question {i}", "a": " hello world"} for i in range(24)]
    dataset = push_rows("qa", rows)
    job = training_stub.SubmitJob(
        training_pb2.SubmitJobRequest(
            spec=spec(
                causal_base,
                dataset,
                method=training_pb2.TRAINING_METHOD_FULL,
                columns={"prompt": "q", "completion": "a"},
                hyperparameters={"max_steps": 6, "learning_rate": 3e-3},
                scaling={"num_workers": 2},
                validation_fraction=0.25,
            )
        )
    ).job
    # A watcher that leaves early does not disturb the job.
    leaving = training_stub.WatchJob(training_pb2.WatchJobRequest(id=job.id), timeout=60)
    assert next(leaving).event.state_change.state == training_pb2.JOB_STATE_QUEUED
    leaving.cancel()
    evs = events(training_stub, job.id)
    assert states(evs)[-1] == "JOB_STATE_SUCCEEDED", logs(evs)
    losses = [m.loss for m in of_kind(evs, "metrics")]
    assert losses[-1] < losses[0]
    (evaluation,) = of_kind(evs, "evaluation")  # the final evaluation on the held-out rows
    assert evaluation.metrics["eval_loss"] > 0

    (result,) = of_kind(evs, "result")
    assert result.output.model == "tiny-lm-ft"  # the default name of a full model
    assert result.metrics["eval_loss"] == evaluation.metrics["eval_loss"]
    version = registry_stub.GetModelVersion(
        registry_pb2.GetModelVersionRequest(model="tiny-lm-ft", version=result.output.version)
    ).version
    assert version.format == registry_pb2.MODEL_FORMAT_HF_FOLDER
    assert {"config.json", "model.safetensors", "tokenizer.json"} <= {f.path for f in version.files}
    assert "training_args.bin" not in {f.path for f in version.files}
    assert (version.lineage.parent.model, version.lineage.parent.version) == ("tiny-lm", 1)
    assert version.lineage.hyperparameters["method"] == "full"


def test_bad_row_mid_job_fails_the_job_naming_the_row(
    training_stub, causal_base, push_rows
) -> None:
    rows = [{"text": f"line {i}"} for i in range(10)]
    rows[6] = {"text": 7}  # valid JSON, so the registry takes it; the trainer cannot
    dataset = push_rows("broken", rows)
    job = training_stub.SubmitJob(
        training_pb2.SubmitJobRequest(spec=spec(causal_base, dataset))
    ).job
    evs = events(training_stub, job.id)
    assert states(evs)[-1] == "JOB_STATE_FAILED"
    failed = get(training_stub, job.id)
    assert "dataset row 7" in failed.error and "must be a string" in failed.error
    # The service is unharmed: it still answers.
    assert training_stub.ListJobs(training_pb2.ListJobsRequest()).jobs[0].id == job.id
