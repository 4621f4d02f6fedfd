"""``lmforge train submit|watch|list|cancel`` against live registry + training on real Ray."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from cli_helpers import json_lines


@pytest.fixture
def train_cli(ray_session: None, registry_server: Any, training_server: Any) -> Any:
    from typer.testing import CliRunner

    from lmforge.cli import app

    runner = CliRunner()
    base = ["--registry", registry_server.address, "--training", training_server.address]

    def run(*args: str) -> Any:
        return runner.invoke(app, [*base, *args])

    return run


def test_submit_watch_list_cancel(train_cli: Any, classifier_base: str, tmp_path: Path) -> None:
    csv = tmp_path / "reviews.csv"
    csv.write_text("text,label\n" + "I love it,positive\nawful,negative\n" * 8)
    r = train_cli(
        "train",
        "submit",
        "--base",
        classifier_base,
        "--dataset",
        str(csv),
        "--max-steps",
        "4",
        "--lr",
        "1e-2",
        "--watch",
        "--json",
    )
    assert r.exit_code == 0, r.output
    lines = json_lines(r.stdout)
    job, events = lines[0], lines[1:]
    assert job["state"] == "QUEUED" and job["base_model"] == classifier_base
    assert job["dataset"] == "reviews:1"  # the local file was pushed as a dataset first
    assert [e["state"] for e in events if e["kind"] == "state"][-1] == "SUCCEEDED"
    steps = [e["metrics"]["step"] for e in events if e["kind"] == "metrics"]
    assert steps and steps[-1] == 4
    output = next(e["output"] for e in events if e["kind"] == "result")

    # Watching a finished job replays its history, with the live progress line.
    r = train_cli("train", "watch", job["id"])
    assert r.exit_code == 0 and "state SUCCEEDED" in r.stdout
    assert f"registered {output}" in r.stdout and "step 4/4" in r.stdout
    # Off a terminal the progress line is printed once, at the end, and ends its line.
    last_loss = [e["metrics"]["loss"] for e in events if e["kind"] == "metrics"][-1]
    progress = rf"succeeded step 4/4  loss {last_loss:.4f}  eta (00:00|--:--)\n"
    assert re.search(progress + r"\Z", r.stdout), r.stdout

    # The loss curve, drawn in the terminal; its legend line holds the last
    # logged loss, the figure the JSON events carry.
    for command in (
        ("train", "show", job["id"], "--plot"),
        ("train", "watch", job["id"], "--plot"),
    ):
        r = train_cli(*command)
        assert r.exit_code == 0, r.output
        assert f"loss {last_loss:.4g} at step 4" in r.stdout.splitlines()[-1]
        chart = r.stdout[r.stdout.index("┌") :]
        assert "step" in chart and "loss" in chart and "\x1b[" not in chart  # no colour off a TTY

    r = train_cli(
        "train",
        "submit",
        "--base",
        classifier_base,
        "--dataset",
        "reviews:1",
        "--max-steps",
        "100000",
        "--json",
    )
    long_job = json_lines(r.stdout)[0]["id"]
    r = train_cli("train", "cancel", long_job)
    assert r.exit_code == 0 and r.stdout.strip() == f"job {long_job}: cancelled", r.output
    r = train_cli("train", "watch", long_job)
    assert r.exit_code == 9 and "cancelled" in r.stderr

    r = train_cli("train", "list", "--json")
    states = {j["id"]: j["state"] for j in json_lines(r.stdout)}
    assert states == {job["id"]: "SUCCEEDED", long_job: "CANCELLED"}
    r = train_cli("train", "list", "--state", "cancelled", "--json")
    assert [j["id"] for j in json_lines(r.stdout)] == [long_job]
    r = train_cli("train", "show", "no-such-job")
    assert r.exit_code == 3 and r.stderr.startswith("lmforge: error: NOT_FOUND")


def test_submit_with_hf_training_arguments(
    train_cli: Any, classifier_base: str, tmp_path: Path
) -> None:
    csv = tmp_path / "moods.csv"
    csv.write_text("text,label\n" + "I love it,positive\nawful,negative\n" * 8)
    r = train_cli(
        "train",
        "submit",
        "--base",
        classifier_base,
        "--dataset",
        str(csv),
        "--arg",
        "max_steps=3",
        "--arg",
        "learning_rate=4e-3",
        "--arg",
        "lr_scheduler_type=constant",
        "--arg",
        "per_device_train_batch_size=2",
        "--arg",
        "lora_r=4",
        "--watch",
        "--json",
    )
    assert r.exit_code == 0, r.output
    lines = json_lines(r.stdout)
    job, events = lines[0], lines[1:]
    assert [e["state"] for e in events if e["kind"] == "state"][-1] == "SUCCEEDED"
    metrics = [e["metrics"] for e in events if e["kind"] == "metrics"]
    assert [m["step"] for m in metrics] == [1, 2, 3]
    assert [m["learning_rate"] for m in metrics] == pytest.approx([4e-3] * 3)
    effective = next(
        e["message"] for e in events if e["kind"] == "log" and "training arguments" in e["message"]
    )
    assert '"per_device_train_batch_size": 2' in effective

    # An unknown name: exit 2 (INVALID_ARGUMENT) listing the supported names, nothing queued.
    r = train_cli(
        "train", "submit", "--base", classifier_base, "--dataset", "moods:1",
        "--arg", "evaluation_strategy=steps",
    )  # fmt: skip
    assert r.exit_code == 2
    assert "training_args.evaluation_strategy" in r.stderr and "num_train_epochs" in r.stderr
    r = train_cli("train", "list", "--json")
    assert [j["id"] for j in json_lines(r.stdout)] == [job["id"]]


@pytest.mark.parametrize(
    ("option", "bad", "good", "read_back", "expected"),
    [
        (
            "--placement-strategy",
            "SIDEWAYS",
            "SPREAD",
            lambda s: s.scaling.placement_strategy,
            "SPREAD",
        ),
        ("--report-to", "wandb", "tensorboard", lambda s: list(s.report_to), ["tensorboard"]),
    ],
    ids=["placement_strategy", "report_to"],
)
def test_submit_option_checked_then_sent(
    train_cli: Any,
    training_stub: Any,
    classifier_base: str,
    tmp_path: Path,
    option: str,
    bad: str,
    good: str,
    read_back: Any,
    expected: Any,
) -> None:
    """A value outside the option's table: exit 2 naming the option and the choices, no job;
    an allowed one reaches the job's stored spec."""
    from lmforge.v1 import training_pb2

    csv = tmp_path / "rows.csv"
    csv.write_text("text,label\n" + "I love it,positive\nawful,negative\n" * 4)
    args = ("train", "submit", "--base", classifier_base, "--dataset", str(csv))
    r = train_cli(*args, option, bad)
    assert r.exit_code == 2 and option in r.stderr and good in r.stderr  # the choices are listed
    assert training_stub.ListJobs(training_pb2.ListJobsRequest()).jobs == []

    r = train_cli(*args, "--max-steps", "100000", option, good, "--json")
    assert r.exit_code == 0, r.output
    job_id = json_lines(r.stdout)[0]["id"]
    try:
        read = training_stub.GetJob(training_pb2.GetJobRequest(id=job_id)).job
        assert read_back(read.spec) == expected
    finally:
        assert train_cli("train", "cancel", job_id).exit_code == 0


def test_submit_with_a_validation_dataset_file(
    train_cli: Any, training_stub: Any, classifier_base: str, tmp_path: Path
) -> None:
    """A local --validation-dataset is pushed like --dataset and reaches the stored spec;
    with --validation as well: exit 2, no job."""
    from lmforge.v1 import training_pb2

    csv, held_out = tmp_path / "rows.csv", tmp_path / "held-out.csv"
    csv.write_text("text,label\n" + "I love it,positive\nawful,negative\n" * 4)
    held_out.write_text("text,label\nlovely,positive\nhorrible,negative\n")
    args = ("train", "submit", "--base", classifier_base, "--dataset", str(csv))
    r = train_cli(*args, "--validation", "0.2", "--validation-dataset", str(held_out))
    assert r.exit_code == 2 and "--validation-dataset" in r.stderr
    assert training_stub.ListJobs(training_pb2.ListJobsRequest()).jobs == []

    r = train_cli(*args, "--max-steps", "100000", "--validation-dataset", str(held_out), "--json")
    assert r.exit_code == 0, r.output
    job_id = json_lines(r.stdout)[0]["id"]
    try:
        read = training_stub.GetJob(training_pb2.GetJobRequest(id=job_id)).job
        assert read.spec.validation_dataset == "held-out:1"
    finally:
        assert train_cli("train", "cancel", job_id).exit_code == 0
