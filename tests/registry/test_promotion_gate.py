"""PromoteVersion and ReportDeployment: the registry's gated alias move and the
inference servers' deployment reports, as events in the same stream as the
alias moves. Real registry server over loopback, SQLite, SeaweedFS."""

from __future__ import annotations

from typing import Any

import grpc
import pytest
from registry_helpers import sha

from lmforge.services.registry.app import open_registry
from lmforge.services.registry.core import Registry
from lmforge.services.registry.entities import FileRecord, Target
from lmforge.v1 import registry_pb2 as pb

K = pb.EventKind


def ready(core: Registry, model: str, eval_loss: float | None) -> int:
    metrics = {} if eval_loss is None else {"eval_loss": eval_loss, "eval_accuracy": 0.5}
    v = core.create_model_version(model, metrics=metrics).version
    data = f"weights {v}".encode()
    core.upload(Target("model", model, v), FileRecord("w.bin", len(data), sha(data)), [data])
    core.finalize_model_version(model, v)
    return v


@pytest.fixture
def core(registry_server: Any) -> Any:
    c = open_registry(registry_server.settings)
    yield c
    c.close()


def events_since(stub: Any, after: int, kinds: list[int]) -> list[pb.RegistryEvent]:
    """Every retained event after ``after`` of these kinds, read up to the head."""
    stream = stub.WatchEvents(pb.WatchEventsRequest(after_sequence=after), timeout=30)
    head = next(stream).started.head_sequence
    out = []
    if head > after:
        for msg in stream:
            if msg.event.kind in kinds:
                out.append(msg.event)
            if msg.event.sequence >= head:
                break
    stream.cancel()
    return out


def promote(stub: Any, version: int, **kw: Any) -> pb.PromoteVersionResponse:
    req = pb.PromoteVersionRequest(model="lm", version=version, alias="prod", **kw)
    return stub.PromoteVersion(req)


def alias(stub: Any) -> int:
    return dict(stub.GetModel(pb.GetModelRequest(name="lm")).model.aliases).get("prod", 0)


def test_the_gate_moves_only_on_a_better_metric_and_records_both_figures(
    registry_stub: Any, core: Registry
) -> None:
    core.create_model("lm", "text-generation")
    v1, v2, v3 = ready(core, "lm", 0.50), ready(core, "lm", 0.40), ready(core, "lm", 0.45)
    head = events_since(registry_stub, 0, [])  # nothing of no kind: just the head
    assert head == []
    start = core.events_head()[0]

    first = promote(registry_stub, v1, metric="eval_loss", expected_version=0)
    assert first.decision.promoted and not first.decision.baseline_version
    assert not first.decision.HasField("baseline_value")
    better = promote(registry_stub, v2, metric="eval_loss", expected_version=v1)
    worse = promote(registry_stub, v3, metric="eval_loss")  # no CAS: against the current target
    assert alias(registry_stub) == v2

    assert better.decision.promoted and better.decision.candidate_value == 0.40
    assert better.decision.baseline_version == v1 and better.decision.baseline_value == 0.50
    assert "0.4 beats 0.5 of version 1" in better.reason
    assert not worse.decision.promoted
    assert (worse.decision.baseline_version, worse.decision.baseline_value) == (v2, 0.40)
    assert "does not beat" in worse.reason

    kinds = [K.EVENT_KIND_PROMOTION_DECIDED, K.EVENT_KIND_ALIAS_SET, K.EVENT_KIND_ALIAS_MOVED]
    got = events_since(registry_stub, start, kinds)
    assert [(K.Name(e.kind)[11:], e.version, e.old_version, e.new_version) for e in got] == [
        ("PROMOTION_DECIDED", v1, 0, v1),
        ("ALIAS_SET", 0, 0, v1),
        ("PROMOTION_DECIDED", v2, v1, v2),
        ("ALIAS_MOVED", 0, v1, v2),
        ("PROMOTION_DECIDED", v3, v2, v2),  # kept: the alias still points at v2
    ]
    decided = [e for e in got if e.kind == K.EVENT_KIND_PROMOTION_DECIDED]
    assert [e.sequence for e in decided] == [first.sequence, better.sequence, worse.sequence]
    assert [e.promotion for e in decided] == [first.decision, better.decision, worse.decision]
    assert decided[2].reason == worse.reason

    # The figures are tags on the candidate, written with the decision.
    tags = dict(core.get_model_version("lm", v3).tags)
    assert tags["promotion_decision"] == "kept" and float(tags["promotion_value"]) == 0.45
    assert tags["promotion_baseline_version"] == str(v2)
    assert float(tags["promotion_baseline_value"]) == 0.40
    assert dict(core.get_model_version("lm", v2).tags)["promotion_decision"] == "promoted"

    # greater_is_better flips the comparison.
    up = promote(registry_stub, v1, metric="eval_accuracy", greater_is_better=True)
    assert not up.decision.promoted and "does not beat" in up.reason  # 0.5 vs 0.5: a tie keeps


def test_a_lost_race_or_bad_request_changes_nothing(registry_stub: Any, core: Registry) -> None:
    core.create_model("lm", "text-generation")
    core.create_model("other", "text-generation")
    v1, v2 = ready(core, "lm", 0.5), ready(core, "lm", 0.1)
    bare = ready(core, "lm", None)
    pending = core.create_model_version("lm").version
    core.set_alias("lm", "prod", v1)
    start = core.events_head()[0]
    tags_before = dict(core.get_model_version("lm", v2).tags)
    cases = [
        # The alias moved since the gate was set: compare-and-swap loses.
        (dict(version=v2, metric="eval_loss", expected_version=0), "ABORTED", "expected_version"),
        (dict(version=v2, metric="bleu"), "FAILED_PRECONDITION", "metric"),
        (dict(version=bare, metric="eval_loss"), "FAILED_PRECONDITION", "metric"),
        (dict(version=pending, metric="eval_loss"), "FAILED_PRECONDITION", "version"),
        (dict(version=99, metric="eval_loss"), "NOT_FOUND", "99"),
        (dict(version=v2, metric="eval loss; drop"), "INVALID_ARGUMENT", "metric"),
        (dict(version=v2, metric="eval_loss", expected_version=-1), "INVALID_ARGUMENT", "expected"),
    ]
    for kw, code, field in cases:
        with pytest.raises(grpc.RpcError) as e:
            promote(registry_stub, **kw)
        assert e.value.code().name == code, (kw, e.value.details())
        assert field in e.value.details(), (kw, e.value.details())
    with pytest.raises(grpc.RpcError) as e:
        registry_stub.PromoteVersion(
            pb.PromoteVersionRequest(model="nope", version=1, alias="prod", metric="eval_loss")
        )
    assert e.value.code() == grpc.StatusCode.NOT_FOUND
    assert alias(registry_stub) == v1
    assert dict(core.get_model_version("lm", v2).tags) == tags_before
    assert core.events_head()[0] == start  # no event either


def test_deployment_reports_are_events_and_bad_ones_are_refused(
    registry_stub: Any, core: Registry
) -> None:
    core.create_model("lm", "text-generation")
    start = core.events_head()[0]
    ok = registry_stub.ReportDeployment(
        pb.ReportDeploymentRequest(
            model="lm", alias="prod", version=2, outcome=pb.DEPLOYMENT_OUTCOME_SWAPPED, server="a:1"
        )
    )
    failed = registry_stub.ReportDeployment(
        pb.ReportDeploymentRequest(
            model="lm",
            alias="prod",
            version=3,
            outcome=pb.DEPLOYMENT_OUTCOME_FAILED,
            server="b:2",
            reason="x" * 10_000,
        )
    )
    kinds = [K.EVENT_KIND_DEPLOYMENT_SWAPPED, K.EVENT_KIND_DEPLOYMENT_FAILED]
    got = events_since(registry_stub, start, kinds)
    assert [(e.sequence, e.kind, e.version, e.server) for e in got] == [
        (ok.sequence, K.EVENT_KIND_DEPLOYMENT_SWAPPED, 2, "a:1"),
        (failed.sequence, K.EVENT_KIND_DEPLOYMENT_FAILED, 3, "b:2"),
    ]
    assert got[1].reason == "x" * 4096  # cut, not refused
    bad = [
        (dict(outcome=pb.DEPLOYMENT_OUTCOME_UNSPECIFIED, server="a"), "outcome"),
        (dict(outcome=pb.DEPLOYMENT_OUTCOME_SWAPPED, server=""), "server"),
        (dict(outcome=pb.DEPLOYMENT_OUTCOME_SWAPPED, server="s" * 300), "server"),
        (dict(outcome=pb.DEPLOYMENT_OUTCOME_SWAPPED, server="a\nb"), "server"),
    ]
    head = core.events_head()[0]
    for kw, field in bad:
        with pytest.raises(grpc.RpcError) as e:
            registry_stub.ReportDeployment(
                pb.ReportDeploymentRequest(model="lm", alias="prod", version=2, **kw)
            )
        assert e.value.code() == grpc.StatusCode.INVALID_ARGUMENT and field in e.value.details()
    assert core.events_head()[0] == head
