"""A model following a registry alias: moving the alias swaps versions, no request fails."""

from __future__ import annotations

import asyncio
import json
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import grpc
import pytest
import torch
from grpc_health.v1 import health_pb2, health_pb2_grpc
from inference_helpers import Served, wait_for
from transformers import AutoModelForCausalLM, AutoTokenizer
from typer.testing import CliRunner

from lmforge.cli import app
from lmforge.registry_transfer import push_model_folder
from lmforge.services.inference.models import health_name
from lmforge.v1 import inference_pb2 as pb
from lmforge.v1 import registry_pb2
from tiny_models import build_causal_lm

PROMPTS = [f"prompt number {i} says" for i in range(8)]
N = 96  # tokens per request (room to be mid-stream when the engine is paused)


@pytest.fixture(scope="module")
def versions(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Two tiny causal LMs with different weights (same tokenizer and shape)."""
    root = tmp_path_factory.mktemp("follow")
    return [build_causal_lm(root / f"v{i}", seed=10 + i) for i in (1, 2)]


def greedy_outputs(folder: Path, n: int = N) -> dict[str, list[int]]:
    """In-process ``generate`` (greedy) of every prompt on the weights in ``folder``."""
    tok = AutoTokenizer.from_pretrained(folder)
    model = AutoModelForCausalLM.from_pretrained(folder).eval()
    out = {}
    for prompt in PROMPTS:
        ids = tok(prompt, return_tensors="pt").input_ids
        with torch.no_grad():
            gen = model.generate(
                ids, attention_mask=torch.ones_like(ids), max_new_tokens=n, do_sample=False
            )
        out[prompt] = list(gen[0, ids.shape[1] :].tolist())
    return out


@pytest.fixture(scope="module")
def refs(versions: list[Path]) -> list[dict[str, list[int]]]:
    out = [greedy_outputs(v) for v in versions]
    assert all(out[0][p] != out[1][p] for p in PROMPTS)  # the versions can be told apart
    return out


def setup_lm(s: Served, registry_stub: Any, versions: list[Path]) -> None:
    for folder in versions:
        push_model_folder(registry_stub, "lm", folder, task="text-generation")
    set_alias(registry_stub, 1)
    s.stub.LoadModel(pb.LoadModelRequest(reference="lm@prod", name="lm", follow=True))


def set_alias(registry_stub: Any, version: int) -> None:
    registry_stub.SetAlias(registry_pb2.SetAliasRequest(model="lm", alias="prod", version=version))


def loaded(s: Served) -> pb.LoadedModel:
    (m,) = s.stub.ListLoadedModels(pb.ListLoadedModelsRequest()).models
    return m


def serving(s: Served) -> bool:
    health = health_pb2_grpc.HealthStub(s.channel)
    reply = health.Check(health_pb2.HealthCheckRequest(service=health_name("lm")))
    return bool(reply.status == health_pb2.HealthCheckResponse.SERVING)


def generate(s: Served, prompt: str) -> list[int]:
    reply = s.stub.Generate(
        pb.GenerateRequest(
            model="lm", prompt=prompt, parameters=pb.GenerationParameters(max_new_tokens=N)
        )
    )
    return list(reply.token_ids)


class Pause:
    """Holds a model's lock (its engine stops before the next forward) while set."""

    def __init__(self, lock: threading.Lock) -> None:
        self.lock, self.held = lock, False
        self.set(True)

    def set(self, held: bool) -> None:
        if held and not self.held:
            self.lock.acquire()
        elif not held and self.held:
            self.lock.release()
        self.held = held


def test_alias_move_mid_stream_finishes_old_streams_and_switches_new_requests(
    served_with_registry: Served, registry_stub: Any, versions: list[Path], refs: Any
) -> None:
    s = served_with_registry
    setup_lm(s, registry_stub, versions)
    m = loaded(s)
    assert (m.version.version, m.follow_alias, serving(s)) == (1, "prod", True)
    follower = s.core.models.follower
    assert follower is not None
    at_switch, go = threading.Event(), threading.Event()

    async def hold_switch(old: Any, new: Any) -> None:  # the new version is warm here
        at_switch.set()
        await asyncio.to_thread(go.wait, 60)

    follower.before_switch = hold_switch
    old = s.core.models.models["lm"]
    got: dict[int, list[int]] = {i: [] for i in range(8)}
    first = [threading.Event() for _ in range(8)]

    def stream(i: int) -> str:
        request = pb.GenerateStreamRequest(
            model="lm", prompt=PROMPTS[i], parameters=pb.GenerationParameters(max_new_tokens=N)
        )
        for msg in s.stub.GenerateStream(request, timeout=120):
            got[i] += msg.token_ids
            if msg.token_ids:
                first[i].set()
            last = msg.finish_reason
        return pb.FinishReason.Name(last)

    with ThreadPoolExecutor(16) as pool:
        set_alias(registry_stub, 2)
        assert at_switch.wait(60)  # v2 is loaded and warm; v1 still serves
        assert serving(s) and loaded(s).version.version == 1
        # 8 streams in flight on v1, each past its first token, then v1's engine paused.
        # They are admitted while paused so they decode in step together (none can
        # run far ahead of the others before the pause below).
        paused = Pause(old.lock)
        try:
            streams = [pool.submit(stream, i) for i in range(8)]
            wait_for(lambda: old.engine.queue_depth == 8, what="8 streams queued on v1")
            paused.set(False)
            for e in first:
                assert e.wait(60)
            paused.set(True)
            assert old.engine.queue_depth == 8  # none finished: they are mid-stream
            before = {i: len(got[i]) for i in range(8)}
            assert all(0 < n < N for n in before.values()), before
            go.set()  # the switch
            wait_for(lambda: loaded(s).version.version == 2, what="the switch to v2")
            assert serving(s)
            new = s.core.models.models["lm"]
            assert new is not old
            after = [pool.submit(generate, s, p) for p in PROMPTS]
            wait_for(lambda: new.engine.queue_depth == 8, what="8 requests queued on v2")
        finally:
            paused.set(False)
        finishes = [f.result() for f in streams]
        answers = [f.result() for f in after]
    for i, p in enumerate(PROMPTS):
        assert got[i] == refs[0][p], f"stream {i} did not finish on v1 token-exact"
        assert answers[i] == refs[1][p], f"request {i} after the switch was not answered by v2"
    assert all(f in ("FINISH_REASON_LENGTH", "FINISH_REASON_END_OF_SEQUENCE") for f in finishes)
    wait_for(lambda: old.loaded is None, what="v1 released after its streams ended")
    m = loaded(s)
    assert (m.version.version, m.swap_error, serving(s)) == (2, "", True)


def test_moving_the_alias_back_rolls_back_and_a_bad_version_keeps_the_old_one(
    served_with_registry: Served,
    registry_stub: Any,
    versions: list[Path],
    refs: Any,
    tmp_path: Path,
) -> None:
    s = served_with_registry
    setup_lm(s, registry_stub, versions)
    p = PROMPTS[0]
    assert generate(s, p) == refs[0][p]
    set_alias(registry_stub, 2)
    wait_for(lambda: loaded(s).version.version == 2)
    assert generate(s, p) == refs[1][p]
    set_alias(registry_stub, 1)  # the rollback
    wait_for(lambda: loaded(s).version.version == 1)
    assert generate(s, p) == refs[0][p] and serving(s)
    # A version whose weights do not load: the old one keeps serving, the failure is shown.
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "config.json").write_text('{"model_type": "llama", "hidden_size": "x"}')
    push_model_folder(registry_stub, "lm", broken, task="text-generation")
    set_alias(registry_stub, 3)
    m = wait_for(lambda: (x := loaded(s)).swap_error and x)
    assert "lm:3" in m.swap_error and "keeps serving" in m.swap_error
    assert m.version.version == 1 and serving(s)
    # GetServerInfo reports the same failure for the same model.
    info = s.stub.GetServerInfo(pb.GetServerInfoRequest())
    assert [x.swap_error for x in info.models if x.name == m.name] == [m.swap_error]
    # `lmforge status` shows it as a detail of a still-SERVING inference row.
    r = CliRunner().invoke(app, ["--inference", s.thread.address, "status", "--json"])
    row = json.loads(r.stdout)["inference"]
    assert row["health"] == "SERVING" and row["details"] == [f"{m.name}: {m.swap_error}"]
    assert generate(s, p) == refs[0][p]
    set_alias(registry_stub, 2)  # the failure clears once a later move succeeds
    wait_for(lambda: loaded(s).version.version == 2)
    assert not loaded(s).swap_error and generate(s, p) == refs[1][p]
    # Every swap, done or failed, is a registry event beside the alias moves.
    kinds = {registry_pb2.EVENT_KIND_DEPLOYMENT_SWAPPED, registry_pb2.EVENT_KIND_DEPLOYMENT_FAILED}
    reports = wait_for(lambda: len(r := deployments(registry_stub, kinds)) >= 4 and r)
    assert [(registry_pb2.EventKind.Name(e.kind)[11:], e.version) for e in reports] == [
        ("DEPLOYMENT_SWAPPED", 2),
        ("DEPLOYMENT_SWAPPED", 1),
        ("DEPLOYMENT_FAILED", 3),
        ("DEPLOYMENT_SWAPPED", 2),
    ]
    assert reports[2].reason == m.swap_error
    assert len({e.server for e in reports}) == 1 and "pid" in reports[0].server


def deployments(registry_stub: Any, kinds: set[int]) -> list[registry_pb2.RegistryEvent]:
    stream = registry_stub.WatchEvents(
        registry_pb2.WatchEventsRequest(after_sequence=0, model="lm"), timeout=30
    )
    head = next(stream).started.head_sequence
    out = []
    for msg in stream if head else ():
        if msg.event.kind in kinds:
            out.append(msg.event)
        if msg.event.sequence >= head:
            break
    stream.cancel()
    return out


def test_follow_needs_an_alias(
    served_with_registry: Served, registry_stub: Any, versions: Any
) -> None:
    s = served_with_registry
    push_model_folder(registry_stub, "lm", versions[0], task="text-generation")
    for ref in ("lm", "lm:1"):
        with pytest.raises(grpc.RpcError) as e:
            s.stub.LoadModel(pb.LoadModelRequest(reference=ref, follow=True))
        assert e.value.code() == grpc.StatusCode.INVALID_ARGUMENT
        assert "follow" in (e.value.details() or "")
    assert not s.stub.ListLoadedModels(pb.ListLoadedModelsRequest()).models


def test_two_replicas_follow_one_alias_and_a_balanced_client_sees_no_failure(
    s3_server: Any,
    registry_server: Any,
    registry_settings: Any,
    registry_stub: Any,
    versions: list[Path],
    refs: Any,
    tmp_path: Path,
) -> None:
    from inference_helpers import make_settings, start_served

    from lmforge import Client

    replicas = [
        start_served(
            make_settings(
                s3_server,
                tmp_path / f"r{i}",
                storage_url=registry_settings.storage_url,
                registry_address=registry_server.address,
            )
        )
        for i in range(2)
    ]
    try:
        for folder in versions:
            push_model_folder(registry_stub, "lm", folder, task="text-generation")
        set_alias(registry_stub, 1)
        for r in replicas:
            r.stub.LoadModel(pb.LoadModelRequest(reference="lm@prod", name="lm", follow=True))
        # One client over both replicas (round robin), no retries: any failure surfaces.
        both = ",".join(r.thread.address for r in replicas)
        client = Client(inference=both, retries=0)
        stop, switched = threading.Event(), threading.Event()
        answers: list[tuple[bool, str, list[int]]] = []

        def keep_asking(k: int) -> int:
            n = 0
            while not stop.is_set():
                p = PROMPTS[(k + n) % len(PROMPTS)]
                after = switched.is_set()
                got = client.generate("lm", p, max_new_tokens=N)
                answers.append((after, p, list(got.token_ids)))
                n += 1
            return n

        with ThreadPoolExecutor(4) as pool:
            workers = [pool.submit(keep_asking, k) for k in range(4)]
            wait_for(lambda: len(answers) >= 8, what="traffic on v1")
            v1_engines = [r.core.models.models["lm"].engine for r in replicas]
            set_alias(registry_stub, 2)
            for r in replicas:
                wait_for(lambda r=r: loaded(r).version.version == 2, 60, what="both switch")
            switched.set()
            seen = len(answers)
            wait_for(lambda: len(answers) >= seen + 16, what="traffic after the switch")
            stop.set()
            assert sum(w.result() for w in workers) == len(answers)  # none raised
        client.close()
        for after, p, ids in answers:
            assert ids in (refs[0][p], refs[1][p])
            if after:
                assert ids == refs[1][p]
        assert any(ids == refs[0][p] for _, p, ids in answers)
        # Round robin: both replicas answered (each engine looked up prompts in its cache).
        assert all(e is not None and e._prefix_lookups > 0 for e in v1_engines)
        for r in replicas:
            assert serving(r) and loaded(r).swap_error == ""
    finally:
        for r in replicas:
            r.channel.close()
            r.thread.stop()


def test_adapters_carry_over_and_a_full_server_refuses_the_swap(
    s3_server: Any,
    registry_server: Any,
    registry_settings: Any,
    registry_stub: Any,
    served_with_registry: Served,
    versions: list[Path],
    refs: Any,
    tmp_path: Path,
) -> None:
    from inference_helpers import make_settings, start_served

    from fixtures_inference import build_lora_adapter
    from lmforge.v1 import common_pb2

    s = served_with_registry
    setup_lm(s, registry_stub, versions)
    lora = build_lora_adapter(versions[0], tmp_path / "lora", seed=3)
    base = common_pb2.ModelVersionKey(model="lm", version=1)
    push_model_folder(
        registry_stub,
        "lm-lora",
        lora,
        task="text-generation",
        format=registry_pb2.MODEL_FORMAT_PEFT_ADAPTER,
        lineage=registry_pb2.Lineage(base=base),
    )
    s.stub.LoadAdapter(pb.LoadAdapterRequest(model="lm", reference="lm-lora", name="tuned"))
    set_alias(registry_stub, 2)
    wait_for(lambda: loaded(s).version.version == 2)
    m = loaded(s)
    assert [a.name for a in m.adapters] == ["tuned"] and m.swap_error == ""
    reply = s.stub.Generate(
        pb.GenerateRequest(
            model="lm",
            prompt=PROMPTS[0],
            adapter="tuned",
            parameters=pb.GenerationParameters(max_new_tokens=8),
        )
    )
    assert len(reply.token_ids) > 0
    assert generate(s, PROMPTS[0]) == refs[1][PROMPTS[0]]  # the base is v2

    # A server whose limit cannot hold two copies refuses, says why, and keeps serving.
    full = start_served(
        make_settings(
            s3_server,
            tmp_path / "full",
            storage_url=registry_settings.storage_url,
            registry_address=registry_server.address,
            max_loaded_models=1,
        )
    )
    try:
        full.stub.LoadModel(pb.LoadModelRequest(reference="lm@prod", name="lm", follow=True))
        assert loaded(full).version.version == 2
        set_alias(registry_stub, 1)
        wait_for(lambda: loaded(s).version.version == 1)  # the roomy server swaps
        m = wait_for(lambda: (x := loaded(full)).swap_error and x)
        assert "max_loaded_models=1" in m.swap_error and m.version.version == 2
        assert generate(full, PROMPTS[0]) == refs[1][PROMPTS[0]] and serving(full)
    finally:
        full.channel.close()
        full.thread.stop()


def test_a_move_made_while_the_registry_was_down_is_followed_after_it_restarts(
    s3_server: Any, registry_settings: Any, versions: list[Path], refs: Any, tmp_path: Path
) -> None:
    from inference_helpers import make_settings, start_served

    from lmforge.services.core.seaweed import free_port
    from lmforge.services.registry.app import build_server, open_registry
    from lmforge.v1 import registry_pb2_grpc
    from servers import ServerThread

    settings = registry_settings.model_copy(update={"port": free_port()})
    address = f"127.0.0.1:{settings.port}"
    registry = ServerThread(lambda: build_server(settings)).start()
    s = start_served(
        make_settings(
            s3_server,
            tmp_path,
            storage_url=settings.storage_url,
            registry_address=address,
        )
    )
    try:
        with grpc.insecure_channel(address) as ch:
            setup_lm(s, registry_pb2_grpc.RegistryServiceStub(ch), versions)
        assert loaded(s).version.version == 1
        registry.stop()
        # While this registry is down, another replica on the same database moves the alias.
        core = open_registry(settings)
        try:
            core.set_alias("lm", "prod", 2)
        finally:
            core.close()
        assert loaded(s).version.version == 1 and serving(s)
        registry = ServerThread(lambda: build_server(settings)).start()
        # The follower resumes after the last sequence it saw and gets the missed move.
        wait_for(lambda: loaded(s).version.version == 2, 60, what="the missed move")
        assert generate(s, PROMPTS[0]) == refs[1][PROMPTS[0]]
    finally:
        s.channel.close()
        s.thread.stop()
        registry.stop()
