"""Typed job events: every kind's JSON round trip, compatible with the JSON stored before."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from lmforge.services.training import job_events as ev
from lmforge.services.training.job_state import JobState
from lmforge.services.training.jobs import JobStore
from lmforge.services.training.servicer import event_pb

# One example per kind, with the payload the service stored for it before
# events were typed (the dicts coordinator/worker wrote by hand).
EXAMPLES: list[tuple[ev.AnyEvent, dict[str, Any]]] = [
    (ev.StateChange(JobState.FAILED, "boom"), {"state": "FAILED", "reason": "boom"}),
    (
        ev.StepMetrics(3, 10, 0.3, 2.25, 1e-4, 0.5, 12.5, {"rewards/margins": 0.125}),
        {
            "step": 3,
            "total_steps": 10,
            "epoch": 0.3,
            "loss": 2.25,
            "learning_rate": 1e-4,
            "grad_norm": 0.5,
            "samples_per_second": 12.5,
            "extra": {"rewards/margins": 0.125},
        },
    ),
    (
        ev.Evaluation(4, {"eval_loss": 0.75, "eval_accuracy": 0.5}),
        {"step": 4, "metrics": {"eval_loss": 0.75, "eval_accuracy": 0.5}},
    ),
    (ev.Checkpoint(5, "s3://b/j/checkpoint-5"), {"step": 5, "uri": "s3://b/j/checkpoint-5"}),
    (ev.Log("ERROR", "no rows"), {"level": "ERROR", "message": "no rows"}),
    (
        ev.Result("m", 2, {"train_loss": 0.5}),
        {"output": {"model": "m", "version": 2}, "metrics": {"train_loss": 0.5}},
    ),
    (
        ev.Promotion("prod", "eval_loss", True, 3, 0.25, 2, 0.5, "better"),
        {
            "alias": "prod",
            "metric": "eval_loss",
            "promoted": True,
            "new_version": 3,
            "new_value": 0.25,
            "baseline_version": 2,
            "baseline_value": 0.5,
            "reason": "better",
        },
    ),
    (
        ev.Promotion("prod", "eval_loss", True, 1, 0.25, 0, None, "first"),
        {
            "alias": "prod",
            "metric": "eval_loss",
            "promoted": True,
            "new_version": 1,
            "new_value": 0.25,
            "baseline_version": 0,
            "baseline_value": None,
            "reason": "first",
        },
    ),
    (ev.Placed(1), {"rank": 1}),
    (ev.PlacementGroup("ab12"), {"id": "ab12"}),
    (ev.TotalSteps(40), {"total_steps": 40}),
    (
        ev.Engine("DistributedDataParallel"),
        {"engine": "DistributedDataParallel", "deepspeed": False},
    ),
    (
        ev.Engine("DeepSpeedEngine", True, 3),
        {"engine": "DeepSpeedEngine", "deepspeed": True, "zero_stage": 3},
    ),
    (ev.Error("bad column"), {"message": "bad column"}),
]


def test_every_kind_has_an_example() -> None:
    assert {e.KIND for e, _ in EXAMPLES} == set(ev.EventKind)
    assert set(ev.TYPES) == set(ev.EventKind)
    assert set(ev.EventKind) == ev.STORED | ev.WORKER_ONLY


@pytest.mark.parametrize(("event", "stored"), EXAMPLES, ids=lambda x: getattr(x, "KIND", ""))
def test_json_round_trip(event: ev.AnyEvent, stored: dict[str, Any]) -> None:
    # The JSON is the payload stored before typed events: old rows read back.
    assert event.to_json() == stored
    text = json.dumps(event.to_json())
    back = ev.from_json(str(event.KIND), json.loads(text))
    assert back == event
    assert ev.from_json(event.KIND, stored) == event
    assert ev.from_message(json.loads(json.dumps(ev.to_message(event)))) == event


def test_old_payloads_with_fewer_fields_still_read() -> None:
    # A metrics row from before total_steps/extra were reported.
    assert ev.StepMetrics.from_json({"step": 1, "loss": 2.5}) == ev.StepMetrics(1, loss=2.5)
    assert ev.StateChange.from_json({"state": "QUEUED"}) == ev.StateChange(JobState.QUEUED)
    with pytest.raises(ValueError):
        ev.from_json("no_such_kind", {})
    with pytest.raises(ValueError):  # a field of the wrong type is refused on reading
        ev.StepMetrics.from_json({"step": "three"})
    with pytest.raises(ValueError, match="not a stored"):
        ev.stored_from_json("placed", {"rank": 0})


def test_stored_kinds_survive_the_store_and_become_protobuf(tmp_path: Path) -> None:
    store = JobStore.open(f"sqlite:///{tmp_path / 'jobs.db'}")
    job, _ = store.create(b"spec", {"plan": 1}, ("m", 1), ("d", 2))
    stored = [e for e, _ in EXAMPLES if e.KIND in ev.STORED and e.KIND != "state_change"]
    for body in stored:
        store.append(job.id, body)  # type: ignore[arg-type]
    store.close()
    reopened = JobStore.open(f"sqlite:///{tmp_path / 'jobs.db'}")
    events = reopened.events(job.id, after=1)
    reopened.close()
    assert [e.body for e in events] == stored
    assert [e.kind for e in events] == [b.KIND for b in stored]
    pbs = [event_pb(e) for e in events]
    assert [p.WhichOneof("event") for p in pbs] == [str(b.KIND) for b in stored]
    metrics = pbs[0].metrics
    assert (metrics.step, metrics.loss, dict(metrics.extra)) == (
        3,
        2.25,
        {"rewards/margins": 0.125},
    )
    assert pbs[4].result.output.model == "m" and pbs[4].result.output.version == 2
    assert pbs[5].promotion.baseline_value == 0.5
    assert not pbs[6].promotion.HasField("baseline_value")
