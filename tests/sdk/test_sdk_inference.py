"""The familiar API and the clients against live registry + inference servers, tiny models."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import grpc
import pytest
import torch

from lmforge import LLM, AsyncClient, Pipeline, TextClassification, errors
from references import hf_chat, hf_classify, hf_embed, hf_greedy, load_causal
from waiting import wait_for


@pytest.fixture(scope="module")
def hf(tiny_causal_lm: Path) -> Any:
    return load_causal(tiny_causal_lm)


@pytest.fixture(scope="module")
def llm(platform: Any, tiny_causal_lm: Path) -> LLM:
    return LLM.from_pretrained(tiny_causal_lm, identifier="sdk-llm", client=platform.client())


def test_from_pretrained_registers_then_loads(llm: LLM, platform: Any) -> None:
    c = platform.client()
    resolved = c.resolve("sdk-llm")
    assert resolved.model.task == "text-generation" and resolved.version.state == "READY"
    loaded = {m.name: m for m in c.list_loaded_models()}
    assert loaded["sdk-llm"].state == "READY"
    assert loaded["sdk-llm"].version == resolved.version.ref
    # A second object for the same version reuses the loaded copy (no new version, no reload).
    again = LLM("sdk-llm", client=c)
    again.init()
    assert c.resolve("sdk-llm").version.version == resolved.version.version
    assert [m.name for m in c.list_loaded_models()].count("sdk-llm") == 1


def test_predict_stream_chat_and_batches_agree(llm: LLM, platform: Any, hf: Any) -> None:
    prompt = "What are we having for dinner?"
    text = llm.predict(prompt, max_new_tokens=12)
    assert text == hf_greedy(hf, prompt, 12)
    raw = platform.client().generate("sdk-llm", prompt, max_new_tokens=12)
    assert text == raw.text and raw.usage.completion_tokens > 0
    assert "".join(llm.stream(prompt, max_new_tokens=12)) == text
    batch = llm.predict_batches([prompt, "hello world"], max_new_tokens=12)
    assert batch[0] == text and batch[1] == hf_greedy(hf, "hello world", 12)
    answer = llm.chat([{"role": "user", "content": "hello"}], max_new_tokens=8)
    assert answer == hf_chat(hf, [{"role": "user", "content": "hello"}], 8)
    assert "".join(llm.chat("hello", stream=True, max_new_tokens=8)) == answer


def test_prompt_template_wraps_the_input(llm: LLM, platform: Any, hf: Any) -> None:
    templated = LLM("sdk-llm", prompt_template="Q: {input}\nA:", client=platform.client()).predict(
        "hello", max_new_tokens=8
    )
    assert templated == hf_greedy(hf, "Q: hello\nA:", 8)
    # As Superduper: a template without {input} gets the input appended.
    appended = LLM("sdk-llm", prompt_template="Q: ", client=platform.client())
    assert appended.predict("hello", max_new_tokens=8) == hf_greedy(hf, "Q: hello", 8)


@contextlib.contextmanager
def engine_paused(platform: Any, model: str) -> Iterator[Any]:
    """Hold the model's lock: its engine stops before the next forward, so nothing finishes."""
    record = platform.inference.server.core.models.models[model]
    with record.lock:
        yield record.engine


def depth_of(client: Any, model: str) -> int:
    return {m.name: m.queue_depth for m in client.list_loaded_models()}[model]


def test_leaving_a_stream_early_frees_the_slot(llm: LLM, platform: Any) -> None:
    c = platform.client()
    stream = c.generate_stream("sdk-llm", "the quick brown fox", max_new_tokens=200)
    first = next(stream)
    assert first.finish_reason is None
    with engine_paused(platform, "sdk-llm") as engine:  # it cannot finish on its own now
        assert depth_of(c, "sdk-llm") == 1
        stream.cancel()
        wait_for(lambda: depth_of(c, "sdk-llm") == 0, timeout=10)
    wait_for(lambda: engine.running == 0, timeout=10)  # out of the batch at the next step
    assert list(stream) == []  # a cancelled stream just ends


def test_bad_generation_input_is_refused_client_side_and_server_side(
    llm: LLM, platform: Any
) -> None:
    c = platform.client()
    with pytest.raises(errors.InvalidArgument) as e:
        c.generate("sdk-llm", "hi", temperature=-1)
    assert e.value.violations[0].field == "parameters.temperature"
    # Refused client-side with exactly the message the server gives for the same value.
    from lmforge.v1 import inference_pb2 as pb

    for field, value in (("temperature", -1.0), ("top_p", 1.5), ("top_k", -2)):
        with pytest.raises(errors.InvalidArgument) as local:
            c.generate("sdk-llm", "hi", **{field: value})
        raw = pb.GenerateRequest(model="sdk-llm", prompt="hi")
        setattr(raw.parameters, field, value)
        with pytest.raises(grpc.RpcError) as remote:
            c._inference.stub.Generate(raw)
        assert str(local.value) == remote.value.details()
    with pytest.raises(errors.InvalidArgument):
        c.generate("sdk-llm", "", max_new_tokens=4)  # the server's check: empty prompt
    with pytest.raises(errors.InvalidArgument):
        c.generate("sdk-llm", "hi", max_new_tokens=100000)  # above the server's limit
    with pytest.raises(errors.FailedPrecondition, match="LoadModel"):
        c.generate("not-loaded", "hi")


def test_text_classification_and_pipeline(platform: Any, tiny_classifier: Path) -> None:
    clf = TextClassification.from_pretrained(
        tiny_classifier, identifier="sdk-clf", client=platform.client()
    )
    texts = ["I love this movie", "I hate this weather"]
    expected = hf_classify(tiny_classifier, texts)
    one = clf.predict(texts[0])
    assert one.label == max(expected[0], key=expected[0].__getitem__)
    assert one.score == pytest.approx(max(expected[0].values()), abs=1e-4)
    assert {s.label: s.score for s in one.scores} == pytest.approx(expected[0], abs=1e-4)
    many = clf.predict(texts)
    assert many[0].scores == one.scores and len(many) == 2
    assert {s.label: s.score for s in many[1].scores} == pytest.approx(expected[1], abs=1e-4)
    # One empty text gets its own error without failing its neighbours.
    mixed = clf.predict(["fine", ""])
    assert mixed[0].error is None and mixed[1].error and mixed[1].error_code == "INVALID_ARGUMENT"

    emb = Pipeline(
        "sdk-clf", task="feature-extraction", identifier="sdk-emb", client=platform.client()
    )
    vectors = emb.embed(["hello world", "gRPC streams"], normalize=True)
    reference = hf_embed(tiny_classifier, ["hello world", "gRPC streams"], normalize=True)
    assert torch.allclose(torch.tensor(vectors), reference, atol=1e-5)
    raw = emb.embed(["hello world"])
    assert torch.allclose(
        torch.tensor(raw), hf_embed(tiny_classifier, ["hello world"], normalize=False), atol=1e-4
    )
    single = emb.embed("hello world", normalize=True)
    assert single == pytest.approx(vectors[0], abs=1e-5)


def test_async_client_matches_sync(llm: LLM, platform: Any, hf: Any) -> None:
    prompt = "hello world"
    expected = hf_greedy(hf, prompt, 10)
    assert platform.client().generate("sdk-llm", prompt, max_new_tokens=10).text == expected

    async def run() -> tuple[str, str, list[str]]:
        async with AsyncClient(**platform.addresses) as ac:
            unary = (await ac.generate("sdk-llm", prompt, max_new_tokens=10)).text
            pieces = [
                d.text async for d in ac.generate_stream("sdk-llm", prompt, max_new_tokens=10)
            ]
            names = [m.name for m in await ac.list_models()]
            try:
                await ac.get_model("nope")
            except errors.NotFound:
                names.append("<not found>")
            return unary, "".join(pieces), names

    unary, streamed, names = asyncio.run(run())
    assert unary == expected == streamed
    assert "sdk-llm" in names and names[-1] == "<not found>"


def test_async_client_classify_chat_cancel_and_errors(llm: LLM, platform: Any, hf: Any) -> None:
    sync = platform.client()
    expected_chat = hf_chat(hf, [{"role": "user", "content": "hello"}], 8)
    assert sync.chat("sdk-llm", "hello", max_new_tokens=8).text == expected_chat

    async def run() -> tuple[str, int, str]:
        async with AsyncClient(**platform.addresses) as ac:
            chat = "".join(
                [d.text async for d in ac.chat_stream("sdk-llm", "hello", max_new_tokens=8)]
            )
            stream = ac.generate_stream("sdk-llm", "the quick brown fox", max_new_tokens=200)
            seen = 0
            with contextlib.ExitStack() as paused:
                async for _ in stream:
                    seen += 1
                    # From the first delta on the engine is paused: it cannot finish alone.
                    if seen == 1:
                        paused.enter_context(engine_paused(platform, "sdk-llm"))
                    stream.cancel()
                # The server let go of it while it could not have ended by itself.
                await asyncio.to_thread(
                    wait_for, lambda: depth_of(sync, "sdk-llm") == 0, timeout=10
                )
            try:
                await ac.generate("sdk-llm", "hi", top_k=-1)
                bad = ""
            except errors.InvalidArgument as e:
                bad = e.violations[0].field
            return chat, seen, bad

    chat, seen, bad = asyncio.run(run())
    assert chat == expected_chat and seen == 1 and bad == "parameters.top_k"

    async def unreachable() -> None:
        async with AsyncClient(registry="127.0.0.1:1", retries=1, backoff=0.01) as ac:
            await ac.list_models()

    with pytest.raises(errors.Unavailable):
        asyncio.run(unreachable())
