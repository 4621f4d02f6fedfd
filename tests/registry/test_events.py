"""WatchEvents: typed registry events, stored with a sequence number, resumable across restarts."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from typing import Any

import grpc
from registry_helpers import rpc_error, sha

from lmforge.services.registry.app import build_server, open_registry
from lmforge.services.registry.core import Registry
from lmforge.services.registry.entities import FileRecord, Target
from lmforge.v1 import registry_pb2 as pb
from lmforge.v1 import registry_pb2_grpc
from servers import ServerThread

K = pb.EventKind


def ready_version(core: Registry, model: str, data: bytes = b"weights") -> int:
    v = core.create_model_version(model).version
    core.upload(Target("model", model, v), FileRecord("w.bin", len(data), sha(data)), [data])
    core.finalize_model_version(model, v)
    return v


def take(stream: Iterator[pb.WatchEventsResponse], n: int) -> list[pb.RegistryEvent]:
    out = []
    for msg in stream:
        assert msg.WhichOneof("payload") == "event"
        out.append(msg.event)
        if len(out) == n:
            break
    return out


def started(stream: Iterator[pb.WatchEventsResponse]) -> int:
    first = next(stream)
    assert first.WhichOneof("payload") == "started"
    return first.started.head_sequence


def summary(events: list[pb.RegistryEvent]) -> list[tuple[Any, ...]]:
    return [
        (
            K.Name(e.kind).removeprefix("EVENT_KIND_"),
            e.model or e.dataset,
            e.version,
            e.alias,
            e.old_version,
            e.new_version,
        )
        for e in events
    ]


def test_every_change_is_a_typed_event_in_commit_order(registry_server, registry_stub) -> None:  # type: ignore[no-untyped-def]
    core = open_registry(registry_server.settings)
    try:
        stream = registry_stub.WatchEvents(pb.WatchEventsRequest(after_sequence=0), timeout=60)
        assert started(stream) == 0
        core.create_model("lm", "text-generation")
        v1 = ready_version(core, "lm", b"one")
        v2 = ready_version(core, "lm", b"two")
        core.set_alias("lm", "prod", v1)
        core.set_alias("lm", "prod", v2, expected=v1)
        core.set_alias("lm", "prod", v2)  # no change: no event
        v3 = core.create_model_version("lm").version
        core.abort_model_version("lm", v3, "bad run")
        core.delete_alias("lm", "prod")
        core.create_dataset("d")
        core.set_alias("lm", "canary", v1)
        core.delete_model_version("lm", v1, force=True)  # drops its alias too
        got = take(stream, 14)
        stream.cancel()
    finally:
        core.close()
    assert [e.sequence for e in got] == list(range(1, 15))
    assert summary(got) == [
        ("MODEL_CREATED", "lm", 0, "", 0, 0),
        ("MODEL_VERSION_CREATED", "lm", 1, "", 0, 0),
        ("MODEL_VERSION_READY", "lm", 1, "", 0, 0),
        ("MODEL_VERSION_CREATED", "lm", 2, "", 0, 0),
        ("MODEL_VERSION_READY", "lm", 2, "", 0, 0),
        ("ALIAS_SET", "lm", 0, "prod", 0, 1),
        ("ALIAS_MOVED", "lm", 0, "prod", 1, 2),
        ("MODEL_VERSION_CREATED", "lm", 3, "", 0, 0),
        ("MODEL_VERSION_FAILED", "lm", 3, "", 0, 0),
        ("ALIAS_DELETED", "lm", 0, "prod", 2, 0),
        ("DATASET_CREATED", "d", 0, "", 0, 0),
        ("ALIAS_SET", "lm", 0, "canary", 0, 1),
        ("MODEL_VERSION_DELETED", "lm", 1, "", 0, 0),
        ("ALIAS_DELETED", "lm", 0, "canary", 1, 0),
    ]
    assert got[8].reason == "bad run"
    assert all(e.create_time.seconds > 0 for e in got)


def test_filters_by_model_and_kind(registry_server, registry_stub) -> None:  # type: ignore[no-untyped-def]
    core = open_registry(registry_server.settings)
    try:
        stream = registry_stub.WatchEvents(
            pb.WatchEventsRequest(
                model="lm", kinds=[K.EVENT_KIND_ALIAS_SET, K.EVENT_KIND_ALIAS_MOVED]
            ),
            timeout=60,
        )
        assert started(stream) == 0
        for name in ("other", "lm"):
            core.create_model(name, "text-generation")
            a = ready_version(core, name, b"a")
            b = ready_version(core, name, b"b")
            core.set_alias(name, "prod", a)
            core.set_alias(name, "prod", b)
        got = take(stream, 2)
        stream.cancel()
    finally:
        core.close()
    assert summary(got) == [
        ("ALIAS_SET", "lm", 0, "prod", 0, 1),
        ("ALIAS_MOVED", "lm", 0, "prod", 1, 2),
    ]
    assert got[0].sequence > 10  # "other"'s events came first and were skipped


@contextlib.contextmanager
def serving(settings: Any) -> Iterator[registry_pb2_grpc.RegistryServiceStub]:
    """A registry server (its own process state) on ``settings`` and a stub to it."""
    with (
        ServerThread(lambda: build_server(settings)) as server,
        grpc.insecure_channel(server.address) as ch,
    ):
        yield registry_pb2_grpc.RegistryServiceStub(ch)


def test_watch_resumes_after_a_registry_restart_with_no_gap(registry_settings) -> None:  # type: ignore[no-untyped-def]
    seen: list[pb.RegistryEvent] = []
    with serving(registry_settings) as stub:
        stream = stub.WatchEvents(pb.WatchEventsRequest(), timeout=60)
        assert started(stream) == 0
        stub.CreateModel(pb.CreateModelRequest(model=pb.Model(name="lm", task="text-generation")))
        stub.CreateModelVersion(pb.CreateModelVersionRequest(model="lm"))
        seen += take(stream, 2)
        stream.cancel()
    # While no server runs, another process (a replica) keeps changing the database.
    core = open_registry(registry_settings)
    try:
        v = ready_version(core, "lm")
        core.set_alias("lm", "prod", v)
    finally:
        core.close()
    with serving(registry_settings) as stub:
        stream = stub.WatchEvents(
            pb.WatchEventsRequest(after_sequence=seen[-1].sequence), timeout=60
        )
        assert started(stream) == 5
        seen += take(stream, 3)  # the 3 committed while it was down
        stub.DeleteAlias(pb.DeleteAliasRequest(model="lm", alias="prod"))
        seen += take(stream, 1)  # and a live one after
        stream.cancel()
    assert [e.sequence for e in seen] == list(range(1, 7))
    assert summary(seen) == [
        ("MODEL_CREATED", "lm", 0, "", 0, 0),
        ("MODEL_VERSION_CREATED", "lm", 1, "", 0, 0),
        ("MODEL_VERSION_CREATED", "lm", 2, "", 0, 0),
        ("MODEL_VERSION_READY", "lm", 2, "", 0, 0),
        ("ALIAS_SET", "lm", 0, "prod", 0, 2),
        ("ALIAS_DELETED", "lm", 0, "prod", 2, 0),
    ]


def test_resume_before_retention_or_ahead_is_out_of_range(registry_server, registry_stub) -> None:  # type: ignore[no-untyped-def]
    core = open_registry(registry_server.settings)
    try:
        core.create_model("a", "text-generation")
        core.create_model("b", "text-generation")
        assert core.prune_events(dt.datetime.now(dt.UTC) + dt.timedelta(seconds=1)) == 2
        core.create_model("c", "text-generation")
    finally:
        core.close()

    def watch(request: pb.WatchEventsRequest) -> Any:
        return next(registry_stub.WatchEvents(request, timeout=30))

    def bad(code: grpc.StatusCode, field: str, **kw: Any) -> None:
        rpc_error(code, watch, pb.WatchEventsRequest(**kw), field=field)

    for after in (0, 1):
        bad(grpc.StatusCode.OUT_OF_RANGE, "after_sequence", after_sequence=after)
    bad(grpc.StatusCode.OUT_OF_RANGE, "after_sequence", after_sequence=99)
    stream = registry_stub.WatchEvents(pb.WatchEventsRequest(after_sequence=2), timeout=30)
    assert started(stream) == 3
    assert summary(take(stream, 1)) == [("MODEL_CREATED", "c", 0, "", 0, 0)]
    stream.cancel()
    bad(grpc.StatusCode.INVALID_ARGUMENT, "kinds[0]", kinds=[0])
    bad(grpc.StatusCode.INVALID_ARGUMENT, "kinds[1]", kinds=[1, 999])
    bad(grpc.StatusCode.INVALID_ARGUMENT, "model", model="bad name!")
