"""The generation engine: batched and chunked prefill, prefix hits, mixed adapters, admission.

Every comparison is against in-process ``model.generate`` on the same weights
(greedy); batched arithmetic may differ from a lone forward only where the
reference itself was a near tie (``assert_same_tokens``). Concurrency is made
real by pausing the engine until every request has arrived; claims about
what the engine did are read from its own step records and block pool.
"""

from __future__ import annotations

import itertools
import json
import shutil
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import grpc
import pytest
import torch
from inference_helpers import Served, engine_paused, make_settings, start_served, wait_for
from peft import PeftModel
from prometheus_client import REGISTRY
from test_generation import assert_same_tokens, greedy, queue_depth, reference, stream
from transformers import AutoModelForCausalLM, AutoTokenizer

from lmforge.services.inference.generation import GenerationEngine
from lmforge.v1 import inference_pb2 as pb

SYSTEM = (
    "the quick brown fox jumps over the lazy dog. hello world, how are you today? "
    "I am fine, thank you. What are we having for dinner? Pasta with tomato sauce. "
)
QUESTIONS = ["I love this movie", "gRPC streams", "0 1 2 3", "caf\u00e9 na\u00efve", "hello"]


@pytest.fixture(scope="module")
def ref(tiny_causal_lm: Path) -> tuple[Any, Any]:
    tok = AutoTokenizer.from_pretrained(tiny_causal_lm)
    return AutoModelForCausalLM.from_pretrained(tiny_causal_lm).eval(), tok


@pytest.fixture(scope="module")
def small_chunks(
    s3_server: Any, tmp_path_factory: pytest.TempPathFactory, tiny_causal_lm: Path
) -> Iterator[Served]:
    """A server whose prefill takes at most 8 prompt tokens per forward."""
    settings = make_settings(s3_server, tmp_path_factory.mktemp("engine"), prefill_chunk_tokens=8)
    s = start_served(settings)
    try:
        s.load_folder("lm", tiny_causal_lm, "text-generation")
        yield s
    finally:
        s.channel.close()
        s.thread.stop()


def engine_of(served: Served, model: str = "lm") -> GenerationEngine:
    engine = served.core.models.models[model].engine
    assert engine is not None
    return engine


def metric(name: str, model: str = "lm") -> float:
    return REGISTRY.get_sample_value(name, {"model": model}) or 0.0


def concurrently(served: Served, model: str, calls: list[Any]) -> list[Any]:
    """Run the calls with the engine paused until all are queued, so they share steps."""
    with ThreadPoolExecutor(len(calls)) as pool:
        with engine_paused(served, model):
            futures = [pool.submit(c) for c in calls]
            wait_for(lambda: queue_depth(served) >= len(calls))
        return [f.result() for f in futures]


def ids_of(msgs: list[Any]) -> list[int]:
    return [t for m in msgs for t in m.token_ids]


def test_batched_chunked_prefill_equals_generate(
    small_chunks: Served, ref: tuple[Any, Any]
) -> None:
    engine = engine_of(small_chunks)
    prompts = [f"{q} {SYSTEM[: 20 + 9 * i]}" for i, q in enumerate(QUESTIONS * 2)]
    lengths = [len(ref[1](p).input_ids) for p in prompts]
    assert max(lengths) > 3 * 8  # several chunks for the longest prompt
    expected = [reference(ref, p, 16)[0] for p in prompts]
    first = len(engine.steps)
    results = concurrently(
        small_chunks, "lm", [lambda p=p: stream(small_chunks, p, greedy(16)) for p in prompts]
    )
    for p, want, msgs in zip(prompts, expected, results, strict=True):
        assert_same_tokens(ref, p, want, ids_of(msgs))
    prefills = [r for r in list(engine.steps)[first:] if r.kind == "prefill"]
    assert max(r.tokens for r in prefills) <= 8  # chunked: never more than the setting
    assert max(r.rows for r in prefills) >= 2  # batched: several prompts in one forward
    assert sum(r.tokens for r in prefills) >= sum(lengths) - 16 * len(prompts)


def test_prefix_hits_equal_generate(small_chunks: Served, ref: tuple[Any, Any]) -> None:
    engine = engine_of(small_chunks)
    tok = ref[1]
    assert len(tok(SYSTEM).input_ids) >= 32  # at least two full blocks to share
    # First request: nothing cached for this text yet.
    first = stream(small_chunks, SYSTEM + "hello", greedy(12))
    assert_same_tokens(
        ref, SYSTEM + "hello", reference(ref, SYSTEM + "hello", 12)[0], ids_of(first)
    )
    hits = metric("lmforge_inference_prefix_cache_hit_tokens_total")
    looked = metric("lmforge_inference_prefix_cache_lookup_tokens_total")
    prompts = [SYSTEM + q for q in QUESTIONS]
    expected = [reference(ref, p, 12)[0] for p in prompts]
    results = concurrently(
        small_chunks, "lm", [lambda p=p: stream(small_chunks, p, greedy(12)) for p in prompts]
    )
    for p, want, msgs in zip(prompts, expected, results, strict=True):
        assert_same_tokens(ref, p, want, ids_of(msgs))
    hit = metric("lmforge_inference_prefix_cache_hit_tokens_total") - hits
    lookup = metric("lmforge_inference_prefix_cache_lookup_tokens_total") - looked
    assert lookup == sum(len(tok(p).input_ids) for p in prompts)
    assert hit >= 16 * len(prompts)  # every prompt reused at least one block of SYSTEM
    assert 0 < engine.prefix_hit_rate() <= 1
    assert metric("lmforge_inference_prefix_cache_hit_rate") == pytest.approx(
        engine.prefix_hit_rate()
    )


def test_chat_turns_reuse_the_history(small_chunks: Served, ref: tuple[Any, Any]) -> None:
    model, tok = ref
    history = [("system", "be brief"), ("user", "hello world, how are you today?")]
    for _ in range(3):
        text = tok.apply_chat_template(
            [{"role": r, "content": c} for r, c in history],
            tokenize=False,
            add_generation_prompt=True,
        )
        ids = tok(text, add_special_tokens=False, return_tensors="pt").input_ids
        with torch.no_grad():
            out = model.generate(
                ids, attention_mask=torch.ones_like(ids), max_new_tokens=10, do_sample=False
            )
        want = out[0, ids.shape[1] :].tolist()
        hits = metric("lmforge_inference_prefix_cache_hit_tokens_total")
        req = [pb.ChatMessage(role=r, content=c) for r, c in history]
        reply = small_chunks.stub.Chat(
            pb.ChatRequest(model="lm", messages=req, parameters=greedy(10))
        )
        assert_same_tokens(ref, text, want, list(reply.token_ids))
        if len(history) > 2:  # a later turn: the earlier turns' blocks were reused
            assert metric("lmforge_inference_prefix_cache_hit_tokens_total") - hits >= 16
        history += [("assistant", reply.message.content), ("user", "and then?")]


def test_mixed_adapters_share_a_batch_and_never_share_kv(
    small_chunks: Served, ref: tuple[Any, Any], tiny_causal_lm: Path, tiny_lora_adapters: list[Path]
) -> None:
    record = small_chunks.core.models.models["lm"]
    for i, folder in enumerate(tiny_lora_adapters):
        small_chunks.thread.run(
            small_chunks.core.models.attach_adapter(record, f"a{i}", folder, ("lora", i + 1))
        )
    try:
        tok = ref[1]
        refs: dict[str, tuple[Any, Any]] = {"": ref}
        for i, folder in enumerate(tiny_lora_adapters):
            base = AutoModelForCausalLM.from_pretrained(tiny_causal_lm)
            refs[f"a{i}"] = (PeftModel.from_pretrained(base, str(folder)).eval(), tok)
        prompt = SYSTEM + "hello"
        stream(small_chunks, prompt, greedy(12))  # the base model's K/V of it are cached
        cases = [(a, prompt) for a in ("", "a0", "a1")] + [
            (a, SYSTEM + "0 1 2") for a in ("a0", "a1")
        ]
        expected = [reference(refs[a], p, 12)[0] for a, p in cases]
        assert len({tuple(e) for e in expected[:3]}) == 3  # the adapters change the output
        results = concurrently(
            small_chunks,
            "lm",
            [lambda a=a, p=p: stream(small_chunks, p, greedy(12), adapter=a) for a, p in cases],
        )
        for (a, p), want, msgs in zip(cases, expected, results, strict=True):
            assert_same_tokens(refs[a], p, want, ids_of(msgs))
    finally:
        for i in range(len(tiny_lora_adapters)):
            small_chunks.thread.run(small_chunks.core.models.unload_adapter("lm", f"a{i}"))


def test_sampling_settings_and_seeds_share_a_batch(
    small_chunks: Served, ref: tuple[Any, Any]
) -> None:
    def sampled(seed: int, temperature: float, top_k: int = 0, top_p: float = 0.0) -> Any:
        return pb.GenerationParameters(
            max_new_tokens=16, temperature=temperature, top_k=top_k, top_p=top_p, seed=seed
        )

    cases = [
        ("hello", sampled(1, 1.0)),
        ("hello", sampled(2, 1.0)),
        ("hello", sampled(1, 0.7, top_k=20)),
        ("the quick brown fox jumps", sampled(3, 1.3, top_p=0.9)),
        ("0 1 2 3 4", greedy(16, repetition_penalty=1.3)),
        ("0 1 2 3 4", greedy(16)),
    ]
    alone = [ids_of(stream(small_chunks, p, params)) for p, params in cases]
    together = concurrently(
        small_chunks, "lm", [lambda p=p, k=k: stream(small_chunks, p, k) for p, k in cases]
    )
    assert [ids_of(m) for m in together] == alone  # each row got exactly what it asked for
    assert alone[0] != alone[1]  # different seeds differ, so the comparison means something
    assert alone[4] == reference(ref, "0 1 2 3 4", 16, repetition_penalty=1.3)[0]
    assert alone[4] != alone[5]


def test_kv_budget_limits_the_running_set(
    s3_server: Any, tmp_path: Path, tiny_causal_lm: Path, ref: tuple[Any, Any]
) -> None:
    s = start_served(make_settings(s3_server, tmp_path, kv_cache_tokens=96))
    try:
        s.load_folder("lm", tiny_causal_lm, "text-generation")
        engine = engine_of(s)
        assert engine.pool.capacity == 6  # 96 tokens in blocks of 16
        prompts = ["hello world", "0 1 2 3 4", "gRPC streams", "hello"]
        # Each budget (prompt + 40) takes 3 blocks: the 6 fit two, never three.
        assert all(-(-(len(ref[1](p).input_ids) + 40) // 16) == 3 for p in prompts)
        first = len(engine.steps)
        results = concurrently(s, "lm", [lambda p=p: stream(s, p, greedy(40)) for p in prompts])
        for p, msgs in zip(prompts, results, strict=True):
            assert_same_tokens(ref, p, reference(ref, p, 40)[0], ids_of(msgs))
        decodes = [r for r in list(engine.steps)[first:] if r.kind == "decode"]
        assert max(r.rows for r in decodes) == 2
        assert engine.pool.peak <= engine.pool.capacity
    finally:
        s.channel.close()
        s.thread.stop()


def test_kv_budget_counts_a_shared_prefix_once(
    s3_server: Any, tmp_path: Path, tiny_causal_lm: Path, ref: tuple[Any, Any]
) -> None:
    """A system prompt every request shares is reserved once, not once per request, so
    more requests run together in the same budget; outputs stay token-exact."""
    s = start_served(make_settings(s3_server, tmp_path, kv_cache_tokens=160))
    try:
        s.load_folder("lm", tiny_causal_lm, "text-generation")
        engine = engine_of(s)
        assert engine.pool.capacity == 10
        tok = ref[1]
        system = tok.decode(tok(SYSTEM * 2).input_ids[:48])
        prompts = [f"{system} {q}" for q in QUESTIONS[:4]]
        ids = [tok(p).input_ids for p in prompts]
        assert all(i[:48] == ids[0][:48] for i in ids)  # three full blocks in common
        # Each budget (prompt + 16) is 5 blocks: without sharing the 10 fit two requests.
        # Three of the five are the shared prefix, so after the first only 2 are new:
        # 5 + 2 + 2 fit, a fourth (11) does not.
        assert all(-(-(len(i) + 16) // 16) == 5 and (len(i) - 1) // 16 == 3 for i in ids)
        first = len(engine.steps)
        results = concurrently(s, "lm", [lambda p=p: stream(s, p, greedy(16)) for p in prompts])
        for p, msgs in zip(prompts, results, strict=True):
            assert_same_tokens(ref, p, reference(ref, p, 16)[0], ids_of(msgs))
        decodes = [r for r in list(engine.steps)[first:] if r.kind == "decode"]
        assert max(r.rows for r in decodes) == 3
        assert engine.pool.peak <= engine.pool.capacity
    finally:
        s.channel.close()
        s.thread.stop()


def test_default_max_new_tokens_and_context_clamp(
    s3_server: Any, tmp_path: Path, tiny_causal_lm: Path, ref: tuple[Any, Any]
) -> None:
    s = start_served(make_settings(s3_server, tmp_path, default_max_new_tokens=7))
    try:
        s.load_folder("lm", tiny_causal_lm, "text-generation")
        # Left at 0, max_new_tokens is the server default.
        prompt = "the quick brown fox jumps"
        want = reference(ref, prompt, 7)[0]
        reply = s.stub.Generate(pb.GenerateRequest(model="lm", prompt=prompt))
        assert list(reply.token_ids) == want
        if len(want) == 7:
            assert reply.finish_reason == pb.FINISH_REASON_LENGTH
        # A prompt near the 128-token context gets only the room left.
        tok = ref[1]
        long = " ".join(["0 1 2 3 4 5 6 7 8 9"] * 40)
        ids = tok(long).input_ids[:120]
        long = tok.decode(ids)
        n = len(tok(long).input_ids)
        assert 110 < n < 128
        reply = s.stub.Generate(pb.GenerateRequest(model="lm", prompt=long, parameters=greedy(50)))
        want = reference(ref, long, 128 - n)[0]
        got = list(reply.token_ids)
        assert reply.usage.completion_tokens == len(got) <= 128 - n
        assert_same_tokens(ref, long, want, got)
        if reply.finish_reason == pb.FINISH_REASON_LENGTH:
            assert len(got) == 128 - n  # cut by the context, not by the asked 50
    finally:
        s.channel.close()
        s.thread.stop()


@pytest.fixture(scope="module")
def long_context_lm(tiny_causal_lm: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny Llama with a 4096-token context (same weights; RoPE needs no table)."""
    out = tmp_path_factory.mktemp("tiny-long") / "lm"
    shutil.copytree(tiny_causal_lm, out)
    for name, key in (
        ("config.json", "max_position_embeddings"),
        ("tokenizer_config.json", "model_max_length"),
    ):
        path = out / name
        data = json.loads(path.read_text())
        data[key] = 4096
        path.write_text(json.dumps(data))
    return out


def test_a_long_prompt_does_not_stall_running_streams(
    s3_server: Any, tmp_path: Path, long_context_lm: Path
) -> None:
    chunk = 256
    s = start_served(make_settings(s3_server, tmp_path, prefill_chunk_tokens=chunk))
    try:
        s.load_folder("lm", long_context_lm, "text-generation")
        engine = engine_of(s)
        tok = AutoTokenizer.from_pretrained(long_context_lm)
        long_prompt = tok.decode(
            tok(" ".join(["hello world, how are you today?"] * 400)).input_ids[:2000]
        )
        assert len(tok(long_prompt).input_ids) >= 1990
        streams = [
            s.stub.GenerateStream(
                pb.GenerateStreamRequest(model="lm", prompt=p, parameters=greedy(200, stop=[]))
            )
            for p in ("hello", "0 1 2 3", "gRPC streams")
        ]
        for call in streams:
            next(call)  # each is decoding
        first = len(engine.steps)
        long_reply = s.stub.Generate(
            pb.GenerateRequest(model="lm", prompt=long_prompt, parameters=greedy(4))
        )
        assert long_reply.usage.prompt_tokens >= 1990
        for call in streams:
            call.cancel()
        records = list(engine.steps)[first:]
        prefills = [r for r in records if r.kind == "prefill"]
        assert len(prefills) >= 1990 // chunk  # the long prompt went in chunks
        assert max(r.tokens for r in prefills) <= chunk
        # While the long prompt was prefilled, the streams kept decoding: between two
        # decode steps lies at most one prefill forward, and the gap is that forward.
        window = [r for r in records if prefills[0].started <= r.started <= prefills[-1].ended]
        decodes = [r for r in window if r.kind == "decode"]
        assert len(decodes) >= len(prefills) - 1
        for a, b in itertools.pairwise(decodes):
            between = [r for r in prefills if a.ended <= r.started and r.ended <= b.started]
            assert len(between) <= 1
            budget = sum(r.ended - r.started for r in between)
            # (+0.1 s for sampling, streaming and the OS on a shared machine)
            assert b.started - a.ended <= budget + 0.1, (b.started - a.ended, budget)
    finally:
        s.channel.close()
        s.thread.stop()


def test_deadline_exceeded_stops_the_work(small_chunks: Served) -> None:
    """The client gives up after 0.2 s; the server must not go on generating for it."""
    engine = engine_of(small_chunks)
    before = metric("lmforge_inference_generated_tokens_total")
    first = len(engine.steps)
    with engine_paused(small_chunks, "lm"), pytest.raises(grpc.RpcError) as e:
        small_chunks.stub.Generate(
            pb.GenerateRequest(model="lm", prompt="hello", parameters=greedy(100)), timeout=0.2
        )
    assert e.value.code() == grpc.StatusCode.DEADLINE_EXCEEDED
    wait_for(lambda: queue_depth(small_chunks) == 0 and engine.running == 0, timeout=5)
    assert metric("lmforge_inference_generated_tokens_total") == before  # not one token
    assert not any(r.kind == "decode" for r in list(engine.steps)[first:])


def test_samples_of_one_prompt_share_its_prefill(
    small_chunks: Served, ref: tuple[Any, Any]
) -> None:
    """n requests with one new prompt: one prefills it, the others take its cached blocks."""
    engine = engine_of(small_chunks)
    prompt = "gRPC streams messages between clients and servers. " + SYSTEM
    n_tokens = len(ref[1](prompt).input_ids)
    shared = (n_tokens - 1) // 16 * 16
    assert shared >= 32
    hits = metric("lmforge_inference_prefix_cache_hit_tokens_total")
    first = len(engine.steps)
    want = reference(ref, prompt, 8)[0]
    results = concurrently(
        small_chunks, "lm", [lambda: stream(small_chunks, prompt, greedy(8)) for _ in range(4)]
    )
    for msgs in results:
        assert_same_tokens(ref, prompt, want, ids_of(msgs))
    assert metric("lmforge_inference_prefix_cache_hit_tokens_total") - hits == 3 * shared
    prefilled = sum(r.tokens for r in list(engine.steps)[first:] if r.kind == "prefill")
    assert prefilled == n_tokens + 3 * (n_tokens - shared)  # the prompt was computed once


def test_prefix_cache_off_shares_nothing(
    s3_server: Any, tmp_path: Path, tiny_causal_lm: Path, ref: tuple[Any, Any]
) -> None:
    s = start_served(make_settings(s3_server, tmp_path, prefix_cache_tokens=0))
    try:
        s.load_folder("lm", tiny_causal_lm, "text-generation")
        engine = engine_of(s)
        prompt = SYSTEM + "hello"
        want = reference(ref, prompt, 8)[0]
        hits = metric("lmforge_inference_prefix_cache_hit_tokens_total")
        first = stream(s, prompt, greedy(8))
        rest = concurrently(s, "lm", [lambda: stream(s, prompt, greedy(8)) for _ in range(3)])
        for msgs in [first, *rest]:
            assert_same_tokens(ref, prompt, want, ids_of(msgs))
        assert metric("lmforge_inference_prefix_cache_hit_tokens_total") == hits
        assert engine.pool.cached_blocks == 0
    finally:
        s.channel.close()
        s.thread.stop()


def test_kv_memory_bounds_running_and_cached_blocks_together(
    s3_server: Any, tmp_path: Path, tiny_causal_lm: Path, ref: tuple[Any, Any]
) -> None:
    from lmforge.services.inference.kvcache import kv_bytes_per_token

    model, tok = ref
    per_token = kv_bytes_per_token(model.config, model.dtype)
    assert per_token == 2 * 2 * 2 * 16 * 4  # K and V, 2 layers, 2 KV heads, head_dim 16, fp32
    s = start_served(make_settings(s3_server, tmp_path, kv_cache_mb=0.5))
    try:
        s.load_folder("lm", tiny_causal_lm, "text-generation")
        engine = engine_of(s)
        capacity = 2**19 // per_token // 16
        assert engine.kv_cache_tokens == 2**19 // per_token and engine.pool.capacity == capacity
        # Distinct first blocks, so nothing is shared and every sequence caches its own.
        prompts = [tok.decode(tok(f"{i} {SYSTEM}").input_ids[:60]) for i in range(25)]
        lengths = [len(tok(p).input_ids) for p in prompts]
        would_cache = sum((n + 16) // 16 for n in lengths)
        assert would_cache > capacity > 0  # unbounded, the prefix cache alone would pass it
        assert engine.pool.max_cached > would_cache
        for p in prompts:
            assert_same_tokens(ref, p, reference(ref, p, 16)[0], ids_of(stream(s, p, greedy(16))))
        # Never more blocks written than the budget: the cache gave up its oldest.
        assert engine.pool.peak <= capacity
        assert engine.store.nbytes() == per_token * engine.store.slots
        hits = metric("lmforge_inference_prefix_cache_hit_tokens_total")
        again = stream(s, prompts[0], greedy(16))
        assert metric("lmforge_inference_prefix_cache_hit_tokens_total") == hits  # evicted
        assert_same_tokens(ref, prompts[0], reference(ref, prompts[0], 16)[0], ids_of(again))
        hits = metric("lmforge_inference_prefix_cache_hit_tokens_total")
        stream(s, prompts[-1], greedy(16))
        assert metric("lmforge_inference_prefix_cache_hit_tokens_total") > hits  # the newest kept
    finally:
        s.channel.close()
        s.thread.stop()
