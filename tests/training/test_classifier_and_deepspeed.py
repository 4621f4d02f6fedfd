"""Sequence classification with LoRA, and DeepSpeed ZeRO-2 data parallel, on real Ray."""

from __future__ import annotations

import pytest

from lmforge.v1 import registry_pb2, training_pb2

from .helpers import events, logs, of_kind, spec, states

pytestmark = pytest.mark.usefixtures("ray_session")


def test_lora_sequence_classification_saves_the_head(
    training_stub, registry_stub, classifier_base, push_rows
) -> None:
    rows = [
        {"sentence": t, "sentiment": s}
        for t, s in [
            ("I love this movie, it is great", "positive"),
            ("I hate this weather, it is awful", "negative"),
            ("wonderful and great", "positive"),
            ("terrible and awful", "negative"),
        ]
        * 6
    ]
    dataset = push_rows("sentiment", rows)
    job = training_stub.SubmitJob(
        training_pb2.SubmitJobRequest(
            spec=spec(
                classifier_base,
                dataset,
                columns={"text": "sentence", "label": "sentiment"},
                hyperparameters={"max_steps": 6, "learning_rate": 1e-2},
                validation_fraction=0.25,
                checkpoint_steps=3,
            )
        )
    ).job
    evs = events(training_stub, job.id)
    assert states(evs)[-1] == "JOB_STATE_SUCCEEDED", logs(evs)
    checkpoints = of_kind(evs, "checkpoint")
    assert [c.step for c in checkpoints] == [3, 6]
    assert checkpoints[0].uri.endswith(f"/checkpoints/{job.id}/checkpoint-3")
    evaluations = of_kind(evs, "evaluation")
    assert evaluations and "eval_accuracy" in evaluations[-1].metrics
    (result,) = of_kind(evs, "result")
    assert result.output.model == "tiny-cls-lora"  # the default name of an adapter
    version = registry_stub.GetModelVersion(
        registry_pb2.GetModelVersionRequest(model="tiny-cls-lora", version=result.output.version)
    ).version
    assert version.format == registry_pb2.MODEL_FORMAT_PEFT_ADAPTER
    assert version.lineage.base.model == "tiny-cls"
    import json

    from lmforge import registry_transfer

    config = json.loads(
        b"".join(
            r.chunk
            for r in registry_stub.DownloadFile(
                registry_pb2.DownloadFileRequest(
                    target=registry_transfer.model_target("tiny-cls-lora", result.output.version),
                    path="adapter_config.json",
                )
            )
        )
    )
    assert config["task_type"] == "SEQ_CLS"
    assert "classifier" in (config["modules_to_save"] or [])  # the new head is saved


def test_deepspeed_zero2_two_workers_runs_the_deepspeed_engine(
    training_stub, causal_base, chat_dataset
) -> None:
    job = training_stub.SubmitJob(
        training_pb2.SubmitJobRequest(
            spec=spec(
                causal_base,
                chat_dataset,
                method=training_pb2.TRAINING_METHOD_FULL,
                scaling={"num_workers": 2},
                deepspeed=training_pb2.DeepSpeedConfig(preset="zero2"),
                hyperparameters={"max_steps": 6, "learning_rate": 5e-3},
            )
        )
    ).job
    evs = events(training_stub, job.id, timeout=600)
    assert states(evs)[-1] == "JOB_STATE_SUCCEEDED", logs(evs)
    assert "training engine: DeepSpeedEngine (DeepSpeed ZeRO stage 2)" in logs(evs)
    (result,) = of_kind(evs, "result")
    assert result.metrics["deepspeed_zero_stage"] == 2
    losses = [m.loss for m in of_kind(evs, "metrics")]
    assert len(losses) == 6 and losses[-1] < losses[0]
