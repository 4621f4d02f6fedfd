"""Gated promotion: a job moves its output model's alias (compare-and-swap)
only if its eval metric beats the version the alias pointed at when it was
submitted; the outcome, with both figures, is a job event, a registry event
and tags on the new version. Real Ray, registry and S3.

The baselines are versions registered with a recorded eval_loss that every
real run beats (1e6) or none can (0.0), so both outcomes are certain.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import grpc
import pytest

from lmforge.registry_transfer import push_model_folder
from lmforge.v1 import registry_pb2, training_pb2

from .helpers import events, get, logs, of_kind, spec, states

pytestmark = pytest.mark.usefixtures("ray_session")

OUT = "promo-lm"


def _baseline(registry_stub: Any, folder: Path, eval_loss: float, alias: str) -> int:
    version = push_model_folder(
        registry_stub, OUT, folder, task="text-generation", metrics={"eval_loss": eval_loss}
    ).version
    registry_stub.SetAlias(registry_pb2.SetAliasRequest(model=OUT, alias=alias, version=version))
    return version


def _promoting(causal_base: str, chat_dataset: str, alias: str) -> training_pb2.JobSpec:
    return spec(
        causal_base,
        chat_dataset,
        validation_fraction=0.25,
        output=training_pb2.OutputConfig(
            model_name=OUT,
            promote=training_pb2.Promotion(alias=alias, metric="eval_loss"),
        ),
    )


def _alias(registry_stub: Any, alias: str) -> int:
    model = registry_stub.GetModel(registry_pb2.GetModelRequest(name=OUT)).model
    return dict(model.aliases)[alias]


def test_a_better_job_promotes_and_a_worse_one_keeps_the_alias_with_both_figures(
    training_stub, registry_stub, causal_base, chat_dataset, tiny_causal_lm
) -> None:
    easy = _baseline(registry_stub, tiny_causal_lm, 1e6, "easy")
    hard = _baseline(registry_stub, tiny_causal_lm, 0.0, "hard")
    better = training_stub.SubmitJob(
        training_pb2.SubmitJobRequest(spec=_promoting(causal_base, chat_dataset, "easy"))
    ).job
    worse = training_stub.SubmitJob(
        training_pb2.SubmitJobRequest(spec=_promoting(causal_base, chat_dataset, f"{OUT}@hard"))
    ).job
    outcomes = {}
    for job, alias, baseline, value in ((better, "easy", easy, 1e6), (worse, "hard", hard, 0.0)):
        evs = events(training_stub, job.id, timeout=600)
        assert states(evs)[-1] == "JOB_STATE_SUCCEEDED", logs(evs)
        (outcome,) = of_kind(evs, "promotion")
        done = get(training_stub, job.id)
        assert outcome.alias == alias and outcome.metric == "eval_loss"
        assert outcome.new_version == done.output.version
        assert outcome.new_value == pytest.approx(done.metrics["eval_loss"])
        assert outcome.baseline_version == baseline
        assert outcome.HasField("baseline_value") and outcome.baseline_value == value
        version = registry_stub.GetModelVersion(
            registry_pb2.GetModelVersionRequest(model=OUT, version=done.output.version)
        ).version
        tags = dict(version.tags)
        assert tags["promotion_alias"] == alias
        assert float(tags["promotion_value"]) == pytest.approx(done.metrics["eval_loss"])
        assert float(tags["promotion_baseline_value"]) == value
        assert tags["promotion_baseline_version"] == str(baseline)
        outcomes[alias] = (outcome, tags, done.output.version)

    promoted, tags, new = outcomes["easy"]
    assert promoted.promoted and tags["promotion_decision"] == "promoted"
    assert "beats" in promoted.reason
    assert _alias(registry_stub, "easy") == new

    kept, tags, _ = outcomes["hard"]
    assert not kept.promoted and tags["promotion_decision"] == "kept"
    assert "does not beat" in kept.reason
    assert _alias(registry_stub, "hard") == hard  # left where it was

    # The registry holds the same decisions, with both figures, as events.
    decided = {
        e.alias: e
        for e in _registry_events(registry_stub)
        if e.kind == registry_pb2.EVENT_KIND_PROMOTION_DECIDED
    }
    for alias, (outcome, _tags, version) in outcomes.items():
        e = decided[alias]
        assert (e.version, e.old_version) == (version, outcome.baseline_version)
        assert e.promotion.promoted == outcome.promoted
        assert e.promotion.candidate_value == pytest.approx(outcome.new_value)
        assert e.promotion.baseline_value == outcome.baseline_value
        assert e.reason == outcome.reason
    assert decided["easy"].new_version == new and decided["hard"].new_version == hard


def _registry_events(registry_stub: Any) -> list[registry_pb2.RegistryEvent]:
    stream = registry_stub.WatchEvents(
        registry_pb2.WatchEventsRequest(after_sequence=0, model=OUT), timeout=30
    )
    head = next(stream).started.head_sequence
    out = []
    for msg in stream:
        out.append(msg.event)
        if msg.event.sequence >= head:
            break
    stream.cancel()
    return out


def test_promoting_to_an_alias_of_another_model_is_refused_naming_the_field(
    training_stub, causal_base, chat_dataset
) -> None:
    with pytest.raises(grpc.RpcError) as e:
        training_stub.SubmitJob(
            training_pb2.SubmitJobRequest(
                spec=_promoting(causal_base, chat_dataset, "tiny-lm@prod")
            )
        )
    assert e.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "spec.output.promote.alias" in e.value.details()
    listed = training_stub.ListJobs(training_pb2.ListJobsRequest()).jobs
    assert not listed  # nothing queued
