"""Start-up preload, server info, metrics, and classifier adapters under concurrency."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import torch
from grpc_health.v1 import health_pb2, health_pb2_grpc
from inference_helpers import make_settings, start_served
from peft import PeftModel
from prometheus_client import REGISTRY
from transformers import AutoModelForSequenceClassification, AutoTokenizer

from fixtures_inference import build_lora_adapter
from lmforge.registry_transfer import push_model_folder
from lmforge.services.inference.models import health_name
from lmforge.services.inference.settings import InferenceSettings
from lmforge.v1 import common_pb2, registry_pb2
from lmforge.v1 import inference_pb2 as pb


def test_preload_setting_parses_lists(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LMFORGE_INFERENCE_PRELOAD", "chat@prod, sentiment:2")
    assert InferenceSettings().preload == ["chat@prod", "sentiment:2"]
    monkeypatch.setenv("LMFORGE_INFERENCE_PRELOAD", '["a", "b:1"]')
    assert InferenceSettings().preload == ["a", "b:1"]
    assert InferenceSettings(preload="x").preload == ["x"]


def test_preloaded_models_serve_after_start(
    s3_server: Any,
    registry_server: Any,
    registry_settings: Any,
    registry_stub: Any,
    tmp_path: Path,
    tiny_causal_lm: Path,
    tiny_classifier: Path,
) -> None:
    push_model_folder(registry_stub, "tiny-lm", tiny_causal_lm, task="text-generation")
    push_model_folder(
        registry_stub,
        "tiny-cls",
        tiny_classifier,
        task="text-classification",
        labels=["neg", "pos"],
    )
    settings = make_settings(
        s3_server,
        tmp_path,
        storage_url=registry_settings.storage_url,
        registry_address=registry_server.address,
        preload=["tiny-lm", "tiny-cls:1"],
    )
    s = start_served(settings)
    try:
        health = health_pb2_grpc.HealthStub(s.channel)
        deadline = time.monotonic() + 60
        for name in ("tiny-lm", "tiny-cls"):
            while True:
                try:
                    status = health.Check(health_pb2.HealthCheckRequest(service=health_name(name)))
                    if status.status == health_pb2.HealthCheckResponse.SERVING:
                        break
                except Exception:  # not registered yet: the load has not started
                    pass
                assert time.monotonic() < deadline, f"{name} never became SERVING"
                time.sleep(0.02)
        info = s.stub.GetServerInfo(pb.GetServerInfoRequest())
        assert sorted(m.name for m in info.models) == ["tiny-cls", "tiny-lm"]
        assert info.queue_capacity == settings.queue_capacity
        assert info.max_batch_texts == settings.max_batch_texts
        assert info.max_new_tokens_limit == settings.max_new_tokens_limit
        assert info.device == "cpu" and info.version
        cls = next(m for m in info.models if m.name == "tiny-cls")
        assert cls.task == "text-classification" and cls.max_context_tokens == 128
        assert (cls.version.model, cls.version.version) == ("tiny-cls", 1)
        # The registry's label names win over the config's.
        reply = s.stub.Classify(pb.ClassifyRequest(model="tiny-cls", texts=["hello"]))
        assert {x.label for x in reply.results[0].scores} == {"neg", "pos"}
        before = REGISTRY.get_sample_value(
            "lmforge_inference_time_to_first_token_seconds_count", {"model": "tiny-lm"}
        )
        tokens_before = REGISTRY.get_sample_value(
            "lmforge_inference_generated_tokens_total", {"model": "tiny-lm"}
        )
        out = s.stub.Generate(
            pb.GenerateRequest(
                model="tiny-lm", prompt="hi", parameters=pb.GenerationParameters(max_new_tokens=5)
            )
        )
        after = REGISTRY.get_sample_value(
            "lmforge_inference_time_to_first_token_seconds_count", {"model": "tiny-lm"}
        )
        tokens_after = REGISTRY.get_sample_value(
            "lmforge_inference_generated_tokens_total", {"model": "tiny-lm"}
        )
        assert after == (before or 0) + 1
        assert tokens_after - (tokens_before or 0) == out.usage.completion_tokens
        assert REGISTRY.get_sample_value("lmforge_inference_queue_depth", {"model": "tiny-lm"}) == 0
    finally:
        s.channel.close()
        s.thread.stop()


def test_classifier_adapters_per_request_under_concurrency(
    served_with_registry: Any,
    registry_stub: Any,
    tiny_classifier: Path,
    tmp_path: Path,
) -> None:
    s = served_with_registry
    adapter = build_lora_adapter(
        tiny_classifier, tmp_path / "cls-lora", seed=5, task_type="SEQ_CLS"
    )
    push_model_folder(registry_stub, "tiny-cls", tiny_classifier, task="text-classification")
    push_model_folder(
        registry_stub,
        "tiny-cls-lora",
        adapter,
        task="text-classification",
        format=registry_pb2.MODEL_FORMAT_PEFT_ADAPTER,
        lineage=registry_pb2.Lineage(base=common_pb2.ModelVersionKey(model="tiny-cls", version=1)),
    )
    s.stub.LoadModel(pb.LoadModelRequest(reference="tiny-cls", name="cls"))
    s.stub.LoadAdapter(pb.LoadAdapterRequest(model="cls", reference="tiny-cls-lora", name="tuned"))
    texts = ["I love this movie", "I hate this weather", "hello world", "the quick brown fox"]
    tok = AutoTokenizer.from_pretrained(tiny_classifier)
    base = AutoModelForSequenceClassification.from_pretrained(tiny_classifier).eval()
    with torch.no_grad():
        enc = tok(texts, padding=True, return_tensors="pt")
        want_base = torch.softmax(base(**enc).logits, -1)
        tuned = PeftModel.from_pretrained(
            AutoModelForSequenceClassification.from_pretrained(tiny_classifier), adapter
        ).eval()
        want_tuned = torch.softmax(tuned(**enc).logits, -1)
    assert not torch.allclose(want_base, want_tuned, atol=1e-3)
    labels = base.config.id2label
    jobs = [(i % len(texts), "tuned" if i % 2 else "") for i in range(16)]
    barrier = threading.Barrier(len(jobs))

    def one(job: tuple[int, str]) -> Any:
        barrier.wait()
        i, adapter_name = job
        return s.stub.Classify(
            pb.ClassifyRequest(model="cls", texts=[texts[i]], adapter=adapter_name)
        ).results[0]

    with ThreadPoolExecutor(len(jobs)) as pool:
        results = list(pool.map(one, jobs))
    for (i, adapter_name), result in zip(jobs, results, strict=True):
        want = (want_tuned if adapter_name else want_base)[i]
        got = {x.label: x.score for x in result.scores}
        for j, p in enumerate(want.tolist()):
            assert got[labels[j]] == pytest.approx(p, abs=1e-5), (texts[i], adapter_name)
