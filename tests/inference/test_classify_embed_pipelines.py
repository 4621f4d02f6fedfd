"""Classify (dynamic batcher), Embed and RunPipeline compared with in-process transformers."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import grpc
import pytest
import torch
from google.protobuf import json_format, struct_pb2
from inference_helpers import Served, engine_paused, wait_for
from prometheus_client import REGISTRY
from transformers import AutoModel, AutoTokenizer, pipeline

from lmforge.v1 import inference_pb2 as pb

TEXTS = [
    "I love this movie, it is great and wonderful",
    "I hate this weather, it is terrible and awful",
    "hello world",
    "caf\u00e9 na\u00efve r\u00e9sum\u00e9",
]


def best(pipe: Any, text: str, **kw: Any) -> list[dict[str, Any]]:
    """The pipeline's label scores for one text, best first."""
    out = pipe(text, **kw)
    return out[0] if out and isinstance(out[0], list) else out


@pytest.fixture(scope="module")
def cls_pipe(tiny_classifier: Path) -> Any:
    return pipeline("text-classification", model=str(tiny_classifier), top_k=None)


def test_classify_equals_in_process_pipeline(served: Served, cls_pipe: Any) -> None:
    reply = served.stub.Classify(pb.ClassifyRequest(model="cls", texts=TEXTS))
    assert len(reply.results) == len(TEXTS)
    for text, result in zip(TEXTS, reply.results, strict=True):
        expected = best(cls_pipe, text)
        assert [s.label for s in result.scores] == [e["label"] for e in expected]
        for got, want in zip(result.scores, expected, strict=True):
            assert got.score == pytest.approx(want["score"], abs=1e-5)
        assert not result.truncated and not result.HasField("error")
        scores = [s.score for s in result.scores]
        assert scores == sorted(scores, reverse=True)


def test_classify_per_text_errors_truncation_and_top_k(served: Served, cls_pipe: Any) -> None:
    long = "the quick brown fox jumps over the lazy dog " * 60
    reply = served.stub.Classify(
        pb.ClassifyRequest(model="cls", texts=["hello world", "", long, "   "], top_k=1)
    )
    ok, empty, cut, blank = reply.results
    assert len(ok.scores) == 1 and ok.scores[0].label == best(cls_pipe, "hello world")[0]["label"]
    assert empty.error.code == grpc.StatusCode.INVALID_ARGUMENT.value[0]
    assert "texts[1]" in empty.error.message and not empty.scores
    assert blank.error.code == grpc.StatusCode.INVALID_ARGUMENT.value[0]
    assert cut.truncated and len(cut.scores) == 1
    want = best(cls_pipe, long, truncation=True)
    assert cut.scores[0].score == pytest.approx(want[0]["score"], abs=1e-5)


def test_concurrent_classify_calls_share_batches(served: Served, cls_pipe: Any) -> None:
    labels = {"model": "cls"}
    before_count = (
        REGISTRY.get_sample_value("lmforge_inference_classify_batch_size_count", labels) or 0
    )
    before_sum = REGISTRY.get_sample_value("lmforge_inference_classify_batch_size_sum", labels) or 0
    texts = [f"{TEXTS[i % 4]} {i}" for i in range(32)]
    batcher = served.core.models.models["cls"].batcher
    assert batcher is not None

    def one(text: str) -> Any:
        return served.stub.Classify(pb.ClassifyRequest(model="cls", texts=[text])).results[0]

    # Paused until all 32 calls are queued, so the merge does not depend on
    # how fast this machine starts the client threads.
    with ThreadPoolExecutor(len(texts)) as pool:
        with engine_paused(served, "cls"):
            futures = [pool.submit(one, t) for t in texts]
            wait_for(lambda: batcher.queue_depth == len(texts))
        results = [f.result() for f in futures]
    for text, result in zip(texts, results, strict=True):
        want = best(cls_pipe, text)
        assert result.scores[0].label == want[0]["label"]
        assert result.scores[0].score == pytest.approx(want[0]["score"], abs=1e-5)
    passes = (
        REGISTRY.get_sample_value("lmforge_inference_classify_batch_size_count", labels)
        - before_count
    )
    rows = (
        REGISTRY.get_sample_value("lmforge_inference_classify_batch_size_sum", labels) - before_sum
    )
    assert rows == len(texts)
    assert passes <= 3  # 32 calls shared a few forward passes (max batch size 32)


def test_classify_bad_input(served: Served) -> None:
    def err(req: pb.ClassifyRequest) -> tuple[grpc.StatusCode, str]:
        with pytest.raises(grpc.RpcError) as e:
            served.stub.Classify(req)
        return e.value.code(), e.value.details() or ""

    limit = served.core.settings.max_batch_texts
    c, msg = err(pb.ClassifyRequest(model="cls", texts=["x"] * (limit + 1)))
    assert c == grpc.StatusCode.INVALID_ARGUMENT and "texts" in msg
    c, msg = err(pb.ClassifyRequest(model="cls", texts=[]))
    assert c == grpc.StatusCode.INVALID_ARGUMENT and "texts" in msg
    c, msg = err(pb.ClassifyRequest(model="cls", texts=["x"], top_k=-1))
    assert c == grpc.StatusCode.INVALID_ARGUMENT and "top_k" in msg
    c, msg = err(pb.ClassifyRequest(model="cls", texts=["x"], adapter="nope"))
    assert c == grpc.StatusCode.INVALID_ARGUMENT and "adapter" in msg
    c, _ = err(pb.ClassifyRequest(model="not-loaded", texts=["x"]))
    assert c == grpc.StatusCode.FAILED_PRECONDITION
    c, msg = err(pb.ClassifyRequest(model="lm", texts=["x"]))
    assert c == grpc.StatusCode.FAILED_PRECONDITION and "text-classification" in msg


def test_enum_numbers_the_protos_lack_are_invalid_argument_naming_the_field(
    served: Served,
) -> None:
    """A newer client's enum number is refused, not read as the default."""
    with pytest.raises(grpc.RpcError) as e:
        served.stub.Embed(pb.EmbedRequest(model="cls", texts=["x"], pooling=99))  # type: ignore[arg-type]
    assert e.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "pooling" in (e.value.details() or "") and "99" in (e.value.details() or "")
    with pytest.raises(grpc.RpcError) as e:
        served.stub.LoadModel(
            pb.LoadModelRequest(
                reference="cls",
                name="q",
                options=pb.LoadOptions(quantization=7),  # type: ignore[arg-type]
            )
        )
    assert e.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "options.quantization" in (e.value.details() or "")


def test_generation_bad_input(served: Served) -> None:
    def err(req: Any) -> tuple[grpc.StatusCode, str]:
        with pytest.raises(grpc.RpcError) as e:
            if isinstance(req, pb.ChatRequest):
                served.stub.Chat(req)
            else:
                served.stub.Generate(req)
        return e.value.code(), e.value.details() or ""

    P = pb.GenerationParameters
    cases = [
        (pb.GenerateRequest(model="lm", prompt=""), "prompt"),
        (
            pb.GenerateRequest(model="lm", prompt="hi", parameters=P(temperature=-1)),
            "parameters.temperature",
        ),
        (pb.GenerateRequest(model="lm", prompt="hi", parameters=P(top_p=1.5)), "parameters.top_p"),
        (pb.GenerateRequest(model="lm", prompt="hi", parameters=P(top_p=-0.1)), "parameters.top_p"),
        (pb.GenerateRequest(model="lm", prompt="hi", parameters=P(top_k=-3)), "parameters.top_k"),
        (
            pb.GenerateRequest(model="lm", prompt="hi", parameters=P(max_new_tokens=10_000)),
            "parameters.max_new_tokens",
        ),
        (pb.GenerateRequest(model="lm", prompt="hi", parameters=P(stop=[""])), "parameters.stop"),
        (pb.GenerateRequest(model="lm", prompt="hi", adapter="ghost"), "adapter"),
        (pb.ChatRequest(model="lm"), "messages"),
        (
            pb.ChatRequest(model="lm", messages=[pb.ChatMessage(role="wizard", content="x")]),
            "messages[0].role",
        ),
    ]
    # A stream in flight while the bad requests come in must finish untouched.
    in_flight = served.stub.GenerateStream(
        pb.GenerateStreamRequest(model="lm", prompt="hello world", parameters=P(max_new_tokens=40))
    )
    first = next(in_flight)
    for req, field in cases:
        code, msg = err(req)
        assert code == grpc.StatusCode.INVALID_ARGUMENT, (req, msg)
        assert field in msg, (field, msg)
    rest = list(in_flight)
    streamed = [*first.token_ids, *(t for m in rest for t in m.token_ids)]
    alone = served.stub.Generate(
        pb.GenerateRequest(model="lm", prompt="hello world", parameters=P(max_new_tokens=40))
    )
    assert streamed == list(alone.token_ids)
    assert rest[-1].finish_reason == alone.finish_reason
    code, msg = err(pb.GenerateRequest(model="cls", prompt="hi"))
    assert code == grpc.StatusCode.FAILED_PRECONDITION and "text-generation" in msg
    code, _ = err(pb.GenerateRequest(model="ghost", prompt="hi"))
    assert code == grpc.StatusCode.FAILED_PRECONDITION
    # None of that disturbed the server.
    assert (
        served.stub.Generate(
            pb.GenerateRequest(model="lm", prompt="hi", parameters=P(max_new_tokens=2))
        ).usage.completion_tokens
        >= 1
    )


def mean_pool(model_path: Path, texts: list[str], normalize: bool) -> torch.Tensor:
    tok = AutoTokenizer.from_pretrained(model_path)
    model = AutoModel.from_pretrained(model_path).eval()
    enc = tok(texts, padding=True, truncation=True, return_tensors="pt")
    with torch.no_grad():
        hidden = model(**enc).last_hidden_state
    mask = enc["attention_mask"].unsqueeze(-1).float()
    vec = (hidden * mask).sum(1) / mask.sum(1)
    return torch.nn.functional.normalize(vec, dim=1) if normalize else vec


def test_embed_minilm_equals_mean_pooling(served: Served, minilm_path: Path) -> None:
    served.load_folder("minilm", minilm_path, "feature-extraction")
    texts = ["A man is eating food.", "A man is riding a horse.", "hello"]
    reply = served.stub.Embed(pb.EmbedRequest(model="minilm", texts=texts, normalize=True))
    assert reply.dimensions == 384 and len(reply.embeddings) == 3
    got = torch.tensor([list(e.values) for e in reply.embeddings])
    want = mean_pool(minilm_path, texts, normalize=True)
    assert torch.allclose(got, want, atol=1e-5)
    assert torch.allclose(got.norm(dim=1), torch.ones(3), atol=1e-5)
    raw = served.stub.Embed(pb.EmbedRequest(model="minilm", texts=texts, pooling=pb.POOLING_MEAN))
    assert torch.allclose(
        torch.tensor([list(e.values) for e in raw.embeddings]),
        mean_pool(minilm_path, texts, False),
        atol=1e-5,
    )
    cls = served.stub.Embed(pb.EmbedRequest(model="minilm", texts=texts, pooling=pb.POOLING_CLS))
    assert not torch.allclose(
        torch.tensor([list(e.values) for e in cls.embeddings]), got, atol=1e-3
    )
    assert reply.usage.prompt_tokens > len(texts)
    with pytest.raises(grpc.RpcError) as e:
        served.stub.Embed(pb.EmbedRequest(model="minilm", texts=["ok", ""]))
    assert e.value.code() == grpc.StatusCode.INVALID_ARGUMENT and "texts[1]" in (
        e.value.details() or ""
    )


def run(served: Served, model: str, inp: pb.PipelineInput, **params: Any) -> Any:
    p = struct_pb2.Struct()
    p.update(params)
    reply = served.stub.RunPipeline(pb.RunPipelineRequest(model=model, input=inp, parameters=p))
    return json_format.MessageToDict(reply.output) if reply.HasField("output") else None, reply.task


def test_run_pipeline_feature_extraction(served: Served, tiny_classifier: Path) -> None:
    served.load_folder("fe", tiny_classifier, "feature-extraction")
    out, task = run(served, "fe", pb.PipelineInput(text="hello world"))
    assert task == "feature-extraction"
    want = pipeline("feature-extraction", model=str(tiny_classifier))("hello world")
    assert torch.allclose(torch.tensor(out), torch.tensor(want), atol=1e-5)


def test_run_pipeline_token_classification(served: Served, tiny_token_classifier: Path) -> None:
    served.load_folder("ner", tiny_token_classifier, "token-classification")
    texts = ["hello world", "the quick brown fox"]
    out, task = run(served, "ner", pb.PipelineInput(texts=pb.TextList(texts=texts)))
    assert task == "token-classification"
    want = pipeline("token-classification", model=str(tiny_token_classifier))(texts)
    assert len(out) == 2
    for got_items, want_items in zip(out, want, strict=True):
        assert [g["entity"] for g in got_items] == [w["entity"] for w in want_items]
        assert [g["word"] for g in got_items] == [w["word"] for w in want_items]
        for g, w in zip(got_items, want_items, strict=True):
            assert g["score"] == pytest.approx(float(w["score"]), abs=1e-5)


def test_run_pipeline_fill_mask(served: Served, tiny_masked_lm: Path) -> None:
    served.load_folder("mlm", tiny_masked_lm, "fill-mask")
    text = "the quick brown [MASK] jumps"
    out, task = run(served, "mlm", pb.PipelineInput(text=text), top_k=3)
    assert task == "fill-mask"
    want = pipeline("fill-mask", model=str(tiny_masked_lm))(text, top_k=3)
    assert [o["token"] for o in out] == [w["token"] for w in want]
    for o, w in zip(out, want, strict=True):
        assert o["score"] == pytest.approx(w["score"], abs=1e-5)
        assert o["sequence"] == w["sequence"]


def test_run_pipeline_bad_input(served: Served, tiny_masked_lm: Path) -> None:
    if "mlm" not in served.core.models.models:
        served.load_folder("mlm", tiny_masked_lm, "fill-mask")

    def err(req: pb.RunPipelineRequest) -> tuple[grpc.StatusCode, str]:
        with pytest.raises(grpc.RpcError) as e:
            served.stub.RunPipeline(req)
        return e.value.code(), e.value.details() or ""

    c, msg = err(pb.RunPipelineRequest(model="mlm"))
    assert c == grpc.StatusCode.INVALID_ARGUMENT and "input" in msg
    c, msg = err(pb.RunPipelineRequest(model="mlm", input=pb.PipelineInput(text="")))
    assert c == grpc.StatusCode.INVALID_ARGUMENT and "input.text" in msg
    c, msg = err(pb.RunPipelineRequest(model="mlm", input=pb.PipelineInput(text="no mask here")))
    assert c == grpc.StatusCode.INVALID_ARGUMENT and "input" in msg
    c, msg = err(
        pb.RunPipelineRequest(model="mlm", task="no-such-task", input=pb.PipelineInput(text="x"))
    )
    assert c == grpc.StatusCode.INVALID_ARGUMENT and "task" in msg


def test_embed_last_token_pooling_on_a_causal_lm(served: Served, tiny_causal_lm: Path) -> None:
    from transformers import AutoModelForCausalLM

    tok = AutoTokenizer.from_pretrained(tiny_causal_lm)
    model = AutoModelForCausalLM.from_pretrained(tiny_causal_lm).eval()
    texts = ["hello world", "the quick brown fox jumps over"]
    reply = served.stub.Embed(pb.EmbedRequest(model="lm", texts=texts, pooling=pb.POOLING_LAST))
    for text, emb in zip(texts, reply.embeddings, strict=True):
        enc = tok(text, return_tensors="pt")
        with torch.no_grad():
            hidden = model(**enc, output_hidden_states=True).hidden_states[-1][0, -1]
        assert torch.allclose(torch.tensor(list(emb.values)), hidden, atol=1e-4)
