"""The generation engine on CUDA: fp32 token-exact with in-process generate, bf16 runs.

Run on a machine with a GPU: ``pytest -m gpu tests/gpu/test_gpu_engine.py``
(skipped without CUDA). The same paths as tests/inference/test_engine.py:
concurrent rows, batched and chunked prefill, prefix hits.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "inference"))

from inference_helpers import Served, make_settings, start_served
from test_engine import QUESTIONS, SYSTEM, concurrently, ids_of
from test_generation import assert_same_tokens, greedy

from lmforge.services.inference.loading import LoadOptions
from lmforge.v1 import inference_pb2 as pb

pytestmark = pytest.mark.gpu


@pytest.fixture(scope="module")
def cuda_served(
    s3_server: Any, tmp_path_factory: pytest.TempPathFactory, tiny_causal_lm: Path
) -> Iterator[Served]:
    settings = make_settings(
        s3_server, tmp_path_factory.mktemp("gpu"), device="cuda", prefill_chunk_tokens=8
    )
    s = start_served(settings)
    try:
        s.load_folder(
            "lm32", tiny_causal_lm, "text-generation", options=LoadOptions(dtype="float32")
        )
        s.load_folder(
            "lm16", tiny_causal_lm, "text-generation", options=LoadOptions(dtype="bfloat16")
        )
        yield s
    finally:
        s.channel.close()
        s.thread.stop()


def stream(served: Served, prompt: str, params: Any, model: str) -> list[Any]:
    request = pb.GenerateStreamRequest(model=model, prompt=prompt, parameters=params)
    return list(served.stub.GenerateStream(request))


def cuda_reference(folder: Path, dtype: torch.dtype) -> tuple[Any, Any]:
    from transformers import AutoModelForCausalLM, AutoTokenizer

    model = AutoModelForCausalLM.from_pretrained(folder, dtype=dtype).to("cuda").eval()
    return model, AutoTokenizer.from_pretrained(folder)


def generate_on(ref: tuple[Any, Any], prompt: str, n: int) -> list[int]:
    model, tok = ref
    ids = tok(prompt, return_tensors="pt").input_ids.to("cuda")
    with torch.no_grad():
        out = model.generate(
            ids, attention_mask=torch.ones_like(ids), max_new_tokens=n, do_sample=False
        )
    return out[0, ids.shape[1] :].tolist()


def test_cuda_fp32_engine_equals_generate(cuda_served: Served, tiny_causal_lm: Path) -> None:
    record = cuda_served.core.models.models["lm32"]
    assert record.device.startswith("cuda") and record.dtype == "float32"
    ref = cuda_reference(tiny_causal_lm, torch.float32)
    stream(cuda_served, SYSTEM + "hello", greedy(12), model="lm32")  # cache SYSTEM's blocks
    prompts = [SYSTEM + q for q in QUESTIONS] + [q for q in QUESTIONS]
    expected = [generate_on(ref, p, 12) for p in prompts]
    results = concurrently(
        cuda_served,
        "lm32",
        [lambda p=p: stream(cuda_served, p, greedy(12), model="lm32") for p in prompts],
    )
    for p, want, msgs in zip(prompts, expected, results, strict=True):
        assert_same_tokens(ref, p, want, ids_of(msgs))
    engine = record.engine
    assert engine is not None and engine.prefix_hit_rate() > 0
    assert all(t.device.type == "cuda" for t in engine.store.keys.values())


def test_cuda_bf16_engine_runs_concurrently(cuda_served: Served, tiny_causal_lm: Path) -> None:
    record = cuda_served.core.models.models["lm16"]
    assert record.dtype == "bfloat16"
    ref = cuda_reference(tiny_causal_lm, torch.bfloat16)
    prompts = [SYSTEM + q for q in QUESTIONS]
    together = concurrently(
        cuda_served,
        "lm16",
        [lambda p=p: stream(cuda_served, p, greedy(8), model="lm16") for p in prompts],
    )
    model, tok = ref
    for p, msgs in zip(prompts, together, strict=True):
        got = ids_of(msgs)
        assert got and msgs[-1].usage.completion_tokens == len(got)
        # bf16 rounding differs between a chunked batch and a lone forward: the first
        # token must agree wherever the reference's top-2 margin is clear of rounding.
        ids = tok(p, return_tensors="pt").input_ids.to("cuda")
        with torch.no_grad():
            top = torch.topk(model(ids).logits[0, -1].float(), 2)
        if float(top.values[0] - top.values[1]) > 0.1:
            assert got[0] == int(top.indices[0])
    assert all(t.dtype == torch.bfloat16 for t in record.engine.store.keys.values())  # type: ignore[union-attr]
