"""Evaluation during training, and the registered version's metrics, on real Ray.

The accuracy the job reports is checked against one this test computes
itself, in process, from the registered weights on the same validation rows.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from lmforge.v1 import registry_pb2, training_pb2

from .helpers import download_version, events, logs, of_kind, spec, states

pytestmark = pytest.mark.usefixtures("ray_session")

ROWS = [
    {"sentence": f"{word} {i}", "sentiment": label}
    for i in range(12)
    for word, label in (
        ("great lovely wonderful", "positive"),
        ("awful terrible horrible", "negative"),
    )
]
FRACTION = 0.25
SEED = 42  # the spec's default seed, which also seeds the split


def _accuracy_in_process(
    base: Path, folder: Path, validation: list[dict[str, str]] | None = None
) -> float:
    """Accuracy of the adapter in ``folder`` (over ``base``) on the job's validation rows
    (by default the fraction of ROWS the worker holds out)."""
    import datasets
    import torch
    from peft import PeftModel
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    if validation is None:
        # The same split the worker makes: it depends only on the row count and seed.
        validation = list(
            datasets.Dataset.from_list(ROWS).train_test_split(test_size=FRACTION, seed=SEED)["test"]
        )
    tokenizer = AutoTokenizer.from_pretrained(folder)
    labels = ["negative", "positive"]
    # The adapter's base_model_name_or_path is the worker's scratch folder: load the base here.
    base_model = AutoModelForSequenceClassification.from_pretrained(base, num_labels=len(labels))
    model = PeftModel.from_pretrained(base_model, folder).eval()
    right = 0
    with torch.no_grad():
        for row in validation:
            enc = tokenizer(row["sentence"], truncation=True, max_length=64, return_tensors="pt")
            pred = int(model(**enc).logits[0].argmax())
            right += labels[pred] == row["sentiment"]
    return right / len(validation)


def test_classifier_evaluates_every_eval_steps_and_registers_its_metrics(
    training_stub, registry_stub, classifier_base, tiny_classifier, push_rows, tmp_path: Path
) -> None:
    dataset = push_rows("sentiment-eval", ROWS)
    job = training_stub.SubmitJob(
        training_pb2.SubmitJobRequest(
            spec=spec(
                classifier_base,
                dataset,
                columns={"text": "sentence", "label": "sentiment"},
                hyperparameters={"max_steps": 6, "learning_rate": 1e-2},
                validation_fraction=FRACTION,
                eval_steps=2,
            )
        )
    ).job
    evs = events(training_stub, job.id)
    assert states(evs)[-1] == "JOB_STATE_SUCCEEDED", logs(evs)

    evaluations = of_kind(evs, "evaluation")
    # Every 2 steps of 6, then the final evaluation of the registered weights.
    assert [e.step for e in evaluations] == [2, 4, 6, 6]
    names = {"eval_loss", "eval_accuracy", "eval_f1", "eval_precision", "eval_recall"}
    for e in evaluations:
        assert names <= set(e.metrics), e.metrics
        assert 0 <= e.metrics["eval_accuracy"] <= 1
    assert "eval_runtime" not in evaluations[-1].metrics  # timings are not metrics

    (result,) = of_kind(evs, "result")
    version = registry_stub.GetModelVersion(
        registry_pb2.GetModelVersionRequest(
            model=result.output.model, version=result.output.version
        )
    ).version
    metrics = dict(version.metrics)
    # One train loss: the version's is the last one the watch showed.
    last = of_kind(evs, "metrics")[-1]
    assert last.step == 6
    assert metrics["train_loss"] == pytest.approx(last.loss, abs=1e-9)
    assert metrics["eval_step"] == 6
    for name in names:
        assert metrics[name] == pytest.approx(evaluations[-1].metrics[name], abs=1e-9)

    folder = download_version(
        registry_stub, result.output.model, result.output.version, tmp_path / "out"
    )
    mine = _accuracy_in_process(tiny_classifier, folder)
    assert metrics["eval_accuracy"] == pytest.approx(mine, abs=1e-9)
    assert evaluations[-1].metrics["eval_accuracy"] == pytest.approx(mine, abs=1e-9)
    assert not math.isnan(metrics["train_loss_mean"])


def test_validation_dataset_is_what_the_classifier_is_evaluated_on(
    training_stub, registry_stub, classifier_base, tiny_classifier, push_rows, tmp_path: Path
) -> None:
    # Trained on one set of rows, evaluated on another that it never sees:
    # the version's eval_accuracy is the accuracy on those rows, all of them.
    held_out = [
        {"sentence": f"{word} held out {i}", "sentiment": label}
        for i in range(5)
        for word, label in (("lovely", "positive"), ("horrible", "negative"))
    ]
    dataset = push_rows("sentiment-train", ROWS)
    validation = push_rows("sentiment-held-out", held_out)
    job = training_stub.SubmitJob(
        training_pb2.SubmitJobRequest(
            spec=spec(
                classifier_base,
                dataset,
                columns={"text": "sentence", "label": "sentiment"},
                hyperparameters={"max_steps": 6, "learning_rate": 1e-2},
                validation_dataset=validation,
                eval_steps=3,
            )
        )
    ).job
    evs = events(training_stub, job.id)
    assert states(evs)[-1] == "JOB_STATE_SUCCEEDED", logs(evs)
    assert any(f"{len(ROWS)} rows (+{len(held_out)} validation)" in m for m in logs(evs))
    assert [e.step for e in of_kind(evs, "evaluation")] == [3, 6, 6]

    (result,) = of_kind(evs, "result")
    version = registry_stub.GetModelVersion(
        registry_pb2.GetModelVersionRequest(
            model=result.output.model, version=result.output.version
        )
    ).version
    metrics = dict(version.metrics)
    assert metrics["eval_step"] == 6
    assert version.lineage.hyperparameters["validation_dataset"] == f"{validation}:1"
    folder = download_version(
        registry_stub, result.output.model, result.output.version, tmp_path / "out"
    )
    mine = _accuracy_in_process(tiny_classifier, folder, held_out)
    assert metrics["eval_accuracy"] == pytest.approx(mine, abs=1e-9)


def test_metric_for_best_model_registers_the_best_checkpoint_not_the_last(
    training_stub, registry_stub, causal_base, chat_dataset
) -> None:
    # Training lowers eval_loss, so with greater_is_better the best evaluation
    # is an early one, never the last: registering the last would fail here.
    job = training_stub.SubmitJob(
        training_pb2.SubmitJobRequest(
            spec=spec(
                causal_base,
                chat_dataset,
                hyperparameters={"max_steps": 6, "learning_rate": 2e-2},
                validation_fraction=FRACTION,
                eval_steps=2,
                metric_for_best_model="loss",
                greater_is_better=True,
            )
        )
    ).job
    evs = events(training_stub, job.id)
    assert states(evs)[-1] == "JOB_STATE_SUCCEEDED", logs(evs)
    evaluations = of_kind(evs, "evaluation")
    periodic, final = evaluations[:-1], evaluations[-1]
    assert [e.step for e in periodic] == [2, 4, 6]
    for e in evaluations:
        assert e.metrics["eval_perplexity"] == pytest.approx(math.exp(e.metrics["eval_loss"]))
    best = max(periodic, key=lambda e: e.metrics["eval_loss"])
    assert best.step != 6, [e.metrics["eval_loss"] for e in periodic]
    # Checkpoints were saved at every evaluation, so the best one exists.
    assert [c.step for c in of_kind(evs, "checkpoint")] == [2, 4, 6]

    # The final evaluation ran on the weights that were registered: they are
    # the best step's (the same eval loss), and its event names that step.
    assert final.step == best.step
    assert final.metrics["eval_loss"] == pytest.approx(best.metrics["eval_loss"], abs=1e-5)
    (result,) = of_kind(evs, "result")
    version = registry_stub.GetModelVersion(
        registry_pb2.GetModelVersionRequest(
            model=result.output.model, version=result.output.version
        )
    ).version
    metrics = dict(version.metrics)
    assert metrics["eval_step"] == best.step
    assert metrics["global_step"] == 6
    assert metrics["eval_loss"] == pytest.approx(best.metrics["eval_loss"], abs=1e-5)
    assert metrics["train_loss"] == pytest.approx(of_kind(evs, "metrics")[-1].loss, abs=1e-9)
