"""report_to tensorboard: a real job's event files, stored and registered with its output.

The train losses TensorBoard logged must be the per-step losses the job
reported in WatchJob (StepMetrics), step for step.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from lmforge.v1 import training_pb2

from .helpers import download_version, events, get, of_kind, spec, states

pytestmark = pytest.mark.usefixtures("ray_session")

STEPS = 6


def _scalars(folder: Path, tag: str) -> dict[int, float]:
    """step -> value of one scalar tag over the event files in ``folder``."""
    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

    values: dict[int, float] = {}
    for path in sorted(folder.glob("events.out.tfevents.*")):
        acc = EventAccumulator(str(path))
        acc.Reload()
        if tag in acc.Tags()["scalars"]:
            values.update({s.step: s.value for s in acc.Scalars(tag)})
    return values


def test_tensorboard_event_files_hold_the_reported_losses(
    training_stub, registry_stub, causal_base, chat_dataset, tmp_path: Path
) -> None:
    job = training_stub.SubmitJob(
        training_pb2.SubmitJobRequest(
            spec=spec(
                causal_base,
                chat_dataset,
                hyperparameters={"max_steps": STEPS, "learning_rate": 1e-2},
                validation_fraction=0.25,
                eval_steps=3,
                report_to=["tensorboard"],
                output={"model_name": "tiny-lm-tb"},
            )
        )
    ).job
    assert list(job.spec.report_to) == ["tensorboard"]
    evs = events(training_stub, job.id)
    assert states(evs)[-1] == "JOB_STATE_SUCCEEDED", evs
    reported = {m.step: m.loss for m in of_kind(evs, "metrics")}
    assert sorted(reported) == list(range(1, STEPS + 1))
    evaluations = of_kind(evs, "evaluation")
    assert evaluations

    done = get(training_stub, job.id)
    folder = download_version(
        registry_stub, done.output.model, done.output.version, tmp_path / "out"
    )
    event_files = sorted((folder / "tensorboard").glob("events.out.tfevents.*"))
    assert event_files, sorted(p.relative_to(folder) for p in folder.rglob("*"))

    logged = _scalars(folder / "tensorboard", "train/loss")
    eval_logged = _scalars(folder / "tensorboard", "eval/loss")
    assert sorted(logged) == sorted(reported)
    for step, loss in reported.items():
        # TensorBoard stores scalars as float32.
        assert logged[step] == pytest.approx(loss, rel=1e-6), step
    # The evaluations during the run are there too, each at its step.
    assert eval_logged == pytest.approx(
        {e.step: e.metrics["eval_loss"] for e in evaluations}, rel=1e-6
    )
    assert 3 in eval_logged


def test_without_report_to_no_event_files_are_written(
    training_stub, registry_stub, causal_base, chat_dataset, tmp_path: Path
) -> None:
    job = training_stub.SubmitJob(
        training_pb2.SubmitJobRequest(
            spec=spec(
                causal_base,
                chat_dataset,
                hyperparameters={"max_steps": 2},
                output={"model_name": "tiny-lm-no-tb"},
            )
        )
    ).job
    assert states(events(training_stub, job.id))[-1] == "JOB_STATE_SUCCEEDED"
    done = get(training_stub, job.id)
    folder = download_version(
        registry_stub, done.output.model, done.output.version, tmp_path / "out"
    )
    assert not (folder / "tensorboard").exists()
    assert not list(folder.rglob("events.out.tfevents.*"))


def test_a_merged_lora_output_keeps_its_event_files(
    training_stub, registry_stub, causal_base, chat_dataset, tmp_path: Path
) -> None:
    job = training_stub.SubmitJob(
        training_pb2.SubmitJobRequest(
            spec=spec(
                causal_base,
                chat_dataset,
                hyperparameters={"max_steps": 2},
                report_to=["tensorboard"],
                output={
                    "model_name": "tiny-lm-tb-merged",
                    "adapter_output": training_pb2.ADAPTER_OUTPUT_MERGED,
                },
            )
        )
    ).job
    evs = events(training_stub, job.id)
    assert states(evs)[-1] == "JOB_STATE_SUCCEEDED", evs
    reported = {m.step: m.loss for m in of_kind(evs, "metrics")}
    done = get(training_stub, job.id)
    folder = download_version(
        registry_stub, done.output.model, done.output.version, tmp_path / "out"
    )
    assert not (folder / "adapter_config.json").exists()  # really the merged model
    logged = _scalars(folder / "tensorboard", "train/loss")
    assert sorted(logged) == sorted(reported) == [1, 2]
    assert all(logged[s] == pytest.approx(reported[s], rel=1e-6) for s in reported)
