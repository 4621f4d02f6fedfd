"""Generation through gRPC on the tiny Llama: equal to in-process generate, streamed exactly.

The continuous-batching engine prefills prompts in batched chunks over a
paged KV cache and decodes rows together; every comparison here is against
``model.generate`` on the same model in this process (test_engine.py covers
chunking, prefix hits, adapters and admission).
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import grpc
import pytest
import torch
from inference_helpers import Served, engine_paused, make_settings, start_served, wait_for
from transformers import AutoModelForCausalLM, AutoTokenizer

from lmforge.v1 import inference_pb2 as pb
from references import greedy_ids

PROMPTS = [
    "hello world",
    "the quick brown fox jumps",
    "caf\u00e9 na\u00efve r\u00e9sum\u00e9",
    "0 1 2 3 4",
    "I love this movie, it is",
    "\u65e5\u672c\u8a9e \U0001f600",
    "gRPC streams messages",
    "What are we having for dinner?",
]


@pytest.fixture(scope="module")
def ref(tiny_causal_lm: Path) -> tuple[Any, Any]:
    tok = AutoTokenizer.from_pretrained(tiny_causal_lm)
    model = AutoModelForCausalLM.from_pretrained(tiny_causal_lm).eval()
    return model, tok


def reference(ref: tuple[Any, Any], prompt: str, n: int, **kw: Any) -> tuple[list[int], str]:
    model, tok = ref
    new = greedy_ids(model, tok(prompt, return_tensors="pt").input_ids, n, **kw)
    return new, tok.decode(new, skip_special_tokens=True)


def greedy(n: int, **kw: Any) -> pb.GenerationParameters:
    return pb.GenerationParameters(max_new_tokens=n, **kw)


def stream(served: Served, prompt: str, params: pb.GenerationParameters, **kw: Any) -> Any:
    msgs = list(
        served.stub.GenerateStream(
            pb.GenerateStreamRequest(model="lm", prompt=prompt, parameters=params, **kw)
        )
    )
    return msgs


def first_divergence_gap(
    ref: tuple[Any, Any], prompt: str, expected: list[int], got: list[int]
) -> float:
    """Top-1 minus top-2 logit of the reference at the first differing token."""
    model, tok = ref
    k = next(i for i, (a, b) in enumerate(zip(expected, got, strict=False)) if a != b)
    ids = torch.tensor([tok(prompt).input_ids + expected[:k]])
    with torch.no_grad():
        logits = model(ids).logits[0, -1]
    top = torch.topk(logits, 2).values
    return float(top[0] - top[1])


def assert_same_tokens(
    ref: tuple[Any, Any], prompt: str, expected: list[int], got: list[int]
) -> None:
    """Equal, or (batched arithmetic) divergent only where the reference was a near tie."""
    if expected == got:
        return
    gap = first_divergence_gap(ref, prompt, expected, got)
    assert gap < 1e-4, f"{prompt!r}: tokens differ where the reference margin was {gap}"


def test_unary_and_stream_equal_generate_alone(served: Served, ref: tuple[Any, Any]) -> None:
    for prompt in PROMPTS:
        ids, text = reference(ref, prompt, 24)
        unary = served.stub.Generate(
            pb.GenerateRequest(model="lm", prompt=prompt, parameters=greedy(24))
        )
        assert list(unary.token_ids) == ids
        assert unary.text == text
        msgs = stream(served, prompt, greedy(24))
        assert "".join(m.text_delta for m in msgs) == unary.text
        assert [t for m in msgs for t in m.token_ids] == ids
        assert msgs[-1].finish_reason == unary.finish_reason
        assert msgs[-1].usage == unary.usage
        assert unary.usage.prompt_tokens == len(ref[1](prompt).input_ids)
        assert unary.usage.completion_tokens == len(ids)
        assert all(m.finish_reason == pb.FINISH_REASON_UNSPECIFIED for m in msgs[:-1])
        for m in msgs:  # never half a multi-byte character
            m.text_delta.encode("utf-8")
            assert not m.text_delta.endswith("\ufffd") or m is msgs[-1] or "\ufffd" in text


def test_deltas_never_split_multibyte_characters(served: Served, ref: tuple[Any, Any]) -> None:
    """The byte-level tokenizer needs several tokens for one emoji or CJK character."""
    tok = ref[1]
    emoji_tokens = tok("\U0001f600").input_ids
    assert len(emoji_tokens) > 1  # the case under test really happens
    split_seen = 0
    for prompt in PROMPTS:
        msgs = stream(served, prompt, greedy(40))
        ids = [t for m in msgs for t in m.token_ids]
        for m in msgs:
            if m.token_ids and not m.text_delta and m.finish_reason == pb.FINISH_REASON_UNSPECIFIED:
                pytest.fail("a message with tokens but no text must not be sent mid-stream")
        # Each prefix of the stream is a prefix of the final text: had a delta
        # cut a character, it would show U+FFFD where the final text has the
        # character.
        final = "".join(m.text_delta for m in msgs)
        assert final == tok.decode(ids, skip_special_tokens=True)
        shown = ""
        for m in msgs:
            shown += m.text_delta
            assert final.startswith(shown)
        split_seen += sum(
            tok.decode(ids[: i + 1], skip_special_tokens=True).endswith("\ufffd")
            for i in range(len(ids))
        )
    assert split_seen > 0, "no generated token ended mid-character; the test would prove nothing"


def test_concurrent_streams_equal_generate(served: Served, ref: tuple[Any, Any]) -> None:
    from prometheus_client import REGISTRY

    def batch_counts() -> tuple[float, float]:
        small = REGISTRY.get_sample_value(
            "lmforge_inference_decode_batch_size_bucket", {"model": "lm", "le": "4.0"}
        )
        total = REGISTRY.get_sample_value(
            "lmforge_inference_decode_batch_size_count", {"model": "lm"}
        )
        return small or 0.0, total or 0.0

    prompts = [PROMPTS[i % len(PROMPTS)] + " " * (i // len(PROMPTS)) for i in range(16)]
    expected = {p: reference(ref, p, 32) for p in set(prompts)}
    small_before, total_before = batch_counts()
    # The scheduler is paused until all 16 have arrived, so they really share
    # decode steps however slowly this machine starts the client threads.
    with ThreadPoolExecutor(16) as pool:
        with engine_paused(served, "lm"):
            futures = [pool.submit(stream, served, p, greedy(32)) for p in prompts]
            wait_for(lambda: queue_depth(served) == 16)
        results = [f.result() for f in futures]
    for p, msgs in zip(prompts, results, strict=True):
        ids = [t for m in msgs for t in m.token_ids]
        assert_same_tokens(ref, p, expected[p][0], ids)
        assert msgs[-1].finish_reason in (pb.FINISH_REASON_LENGTH, pb.FINISH_REASON_END_OF_SEQUENCE)
        assert "".join(m.text_delta for m in msgs) == ref[1].decode(ids, skip_special_tokens=True)
    # They really ran together: this test's decode steps held more than 4 sequences.
    small, total = batch_counts()
    assert total - total_before > small - small_before


def test_stop_sequences(served: Served, ref: tuple[Any, Any]) -> None:
    prompt = "the quick brown fox jumps"
    _, full = reference(ref, prompt, 40)
    # Pick a stop string from the middle of the greedy continuation.
    stop = full[10:13]
    assert stop and full.find(stop) >= 0
    cut = full[: full.find(stop)]
    unary = served.stub.Generate(
        pb.GenerateRequest(
            model="lm", prompt=prompt, parameters=greedy(40, stop=[stop, "never-there"])
        )
    )
    assert unary.finish_reason == pb.FINISH_REASON_STOP_SEQUENCE
    assert unary.text == cut
    msgs = stream(served, prompt, greedy(40, stop=[stop]))
    assert "".join(m.text_delta for m in msgs) == cut
    assert all(stop not in m.text_delta for m in msgs)


def test_seed_reproducible_and_sampling_varies(served: Served) -> None:
    def sample(seed: int) -> list[int]:
        params = pb.GenerationParameters(
            max_new_tokens=24, temperature=1.5, top_k=50, top_p=0.95, seed=seed
        )
        return list(
            served.stub.Generate(
                pb.GenerateRequest(model="lm", prompt="hello", parameters=params)
            ).token_ids
        )

    a, b, c = sample(7), sample(7), sample(8)
    assert a == b
    assert a != c
    # Same seed through the stream gives the same tokens as the unary call.
    params = pb.GenerationParameters(
        max_new_tokens=24, temperature=1.5, top_k=50, top_p=0.95, seed=7
    )
    assert [t for m in stream(served, "hello", params) for t in m.token_ids] == a


def test_repetition_penalty_matches_generate(served: Served, ref: tuple[Any, Any]) -> None:
    ids, _ = reference(ref, "0 1 2 3 4", 24, repetition_penalty=1.3)
    unary = served.stub.Generate(
        pb.GenerateRequest(
            model="lm", prompt="0 1 2 3 4", parameters=greedy(24, repetition_penalty=1.3)
        )
    )
    assert list(unary.token_ids) == ids
    plain, _ = reference(ref, "0 1 2 3 4", 24)
    assert ids != plain  # the penalty changed something, so the comparison means something


def test_chat_uses_the_template(served: Served, ref: tuple[Any, Any]) -> None:
    model, tok = ref
    messages = [("system", "be brief"), ("user", "hello world, how are you?")]
    text = tok.apply_chat_template(
        [{"role": r, "content": c} for r, c in messages], tokenize=False, add_generation_prompt=True
    )
    assert text.endswith("<|im_start|>assistant\n")
    ids = tok(text, add_special_tokens=False, return_tensors="pt").input_ids
    with torch.no_grad():
        out = model.generate(
            ids, attention_mask=torch.ones_like(ids), max_new_tokens=20, do_sample=False
        )
    expected = out[0, ids.shape[1] :].tolist()
    req = [pb.ChatMessage(role=r, content=c) for r, c in messages]
    reply = served.stub.Chat(pb.ChatRequest(model="lm", messages=req, parameters=greedy(20)))
    assert list(reply.token_ids) == expected
    assert reply.message.role == "assistant"
    assert reply.message.content == tok.decode(expected, skip_special_tokens=True)
    assert reply.usage.prompt_tokens == ids.shape[1]
    msgs = list(
        served.stub.ChatStream(
            pb.ChatStreamRequest(model="lm", messages=req, parameters=greedy(20))
        )
    )
    assert "".join(m.text_delta for m in msgs) == reply.message.content


def queue_depth(served: Served) -> int:
    return served.stub.GetServerInfo(pb.GetServerInfoRequest()).queue_depth


def test_cancel_mid_stream_frees_the_slot(served: Served) -> None:
    assert queue_depth(served) == 0
    call = served.stub.GenerateStream(
        pb.GenerateStreamRequest(model="lm", prompt="hello", parameters=greedy(256))
    )
    got = 0
    for m in call:
        got += len(m.token_ids)
        if got >= 3:
            break
    with engine_paused(served, "lm"):  # it cannot finish on its own meanwhile
        assert queue_depth(served) == 1
        call.cancel()
        wait_for(lambda: queue_depth(served) == 0, timeout=5)
    engine = served.core.models.models["lm"].engine
    assert engine is not None
    wait_for(lambda: not engine._running, timeout=5)  # out of the batch at the next step
    info = served.stub.ListLoadedModels(pb.ListLoadedModelsRequest())
    assert {m.name: m.queue_depth for m in info.models}["lm"] == 0
    # The freed slot serves the next request.
    assert served.stub.Generate(pb.GenerateRequest(model="lm", prompt="hi")).usage.completion_tokens


def test_deadline_is_honoured_and_frees_the_slot(served: Served) -> None:
    start = time.monotonic()
    with engine_paused(served, "lm"), pytest.raises(grpc.RpcError) as e:
        served.stub.Generate(
            pb.GenerateRequest(model="lm", prompt="hello", parameters=greedy(256)), timeout=0.2
        )
    assert e.value.code() == grpc.StatusCode.DEADLINE_EXCEEDED
    assert time.monotonic() - start < 5
    wait_for(lambda: queue_depth(served) == 0, timeout=5)


def test_full_queue_is_resource_exhausted(
    s3_server: Any, tmp_path: Path, tiny_causal_lm: Path
) -> None:
    settings = make_settings(s3_server, tmp_path, queue_capacity=2, max_running_sequences=1)
    s = start_served(settings)
    try:
        s.load_folder("lm", tiny_causal_lm, "text-generation")
        long = pb.GenerateStreamRequest(model="lm", prompt="hello", parameters=greedy(256))
        running = s.stub.GenerateStream(long)
        next(running)  # it holds the only running slot
        with engine_paused(s, "lm"):  # nothing finishes while the queue is checked
            waiting = [s.stub.GenerateStream(long) for _ in range(2)]
            wait_for(lambda: queue_depth(s) == 3)
            with pytest.raises(grpc.RpcError) as e:
                s.stub.Generate(pb.GenerateRequest(model="lm", prompt="hi", parameters=greedy(4)))
            assert e.value.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
            assert "queue capacity" in (e.value.details() or "")
            assert queue_depth(s) == 3  # the refusal changed nothing
            for call in [running, *waiting]:
                call.cancel()
            wait_for(lambda: queue_depth(s) == 0)
        # The server still serves after the refusals and cancellations.
        ok = s.stub.Generate(pb.GenerateRequest(model="lm", prompt="hi", parameters=greedy(4)))
        assert ok.usage.completion_tokens >= 1
    finally:
        s.channel.close()
        s.thread.stop()


def test_max_new_tokens_and_context_limits(served: Served, ref: tuple[Any, Any]) -> None:
    reply = served.stub.Generate(
        pb.GenerateRequest(model="lm", prompt="hello", parameters=greedy(5))
    )
    assert reply.usage.completion_tokens <= 5
    if reply.finish_reason == pb.FINISH_REASON_LENGTH:
        assert reply.usage.completion_tokens == 5
    # A prompt near the context limit gets only the room left, finishing with LENGTH.
    tok = ref[1]
    model_ctx = 128  # tokenizer model_max_length of the tiny model
    prompt = "hello world " * 200
    n = len(tok(prompt).input_ids)
    assert n > model_ctx
    with pytest.raises(grpc.RpcError) as e:
        served.stub.Generate(pb.GenerateRequest(model="lm", prompt=prompt, parameters=greedy(5)))
    assert e.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "prompt" in (e.value.details() or "")


def test_unload_during_a_stream_ends_it_unavailable(
    s3_server: Any, tmp_path: Path, tiny_causal_lm: Path
) -> None:
    s = start_served(make_settings(s3_server, tmp_path))
    try:
        s.load_folder("lm", tiny_causal_lm, "text-generation")
        call = s.stub.GenerateStream(
            pb.GenerateStreamRequest(model="lm", prompt="hello", parameters=greedy(256))
        )
        next(call)
        freed = s.stub.UnloadModel(pb.UnloadModelRequest(name="lm")).freed_bytes
        assert freed > 0
        with pytest.raises(grpc.RpcError) as e:
            for _ in call:
                pass
        assert e.value.code() == grpc.StatusCode.UNAVAILABLE
        assert "unloaded" in (e.value.details() or "")
        assert list(s.stub.ListLoadedModels(pb.ListLoadedModelsRequest()).models) == []
    finally:
        s.channel.close()
        s.thread.stop()
