"""Models and adapters loaded through the real registry and store; cache, health, adapters."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import grpc
import pytest
import torch
from grpc_health.v1 import health_pb2, health_pb2_grpc
from inference_helpers import Served
from peft import PeftModel
from transformers import AutoModelForCausalLM, AutoTokenizer

from lmforge.registry_transfer import push_model_folder
from lmforge.services.core.storage import open_store
from lmforge.services.inference.cache import CachedFile, ModelCache, file_sha256
from lmforge.services.inference.models import health_name
from lmforge.v1 import common_pb2, registry_pb2
from lmforge.v1 import inference_pb2 as pb


def push_adapter(registry_stub: Any, name: str, folder: Path, base: tuple[str, int]) -> Any:
    lineage = registry_pb2.Lineage(base=common_pb2.ModelVersionKey(model=base[0], version=base[1]))
    return push_model_folder(
        registry_stub,
        name,
        folder,
        task="text-generation",
        format=registry_pb2.MODEL_FORMAT_PEFT_ADAPTER,
        lineage=lineage,
    )


def test_load_from_registry_shares_cached_files_and_repairs_corruption(
    served_with_registry: Served, registry_stub: Any, registry_settings: Any, tiny_causal_lm: Path
) -> None:
    s = served_with_registry
    push_model_folder(registry_stub, "tiny-lm", tiny_causal_lm, task="text-generation")
    push_model_folder(registry_stub, "tiny-lm", tiny_causal_lm, task="text-generation")
    loaded = s.stub.LoadModel(pb.LoadModelRequest(reference="tiny-lm:1", name="lm1")).model
    assert loaded.state == pb.MODEL_STATE_READY
    assert (loaded.version.model, loaded.version.version) == ("tiny-lm", 1)
    assert loaded.task == "text-generation" and loaded.memory_bytes > 0
    # Version 2 holds the same bytes: they must come from the cache, so removing
    # its objects from the store cannot stop it from loading.
    store = open_store(registry_settings)
    prefix = registry_stub.ResolveModel(
        registry_pb2.ResolveModelRequest(reference="tiny-lm:2")
    ).version.storage_prefix
    assert store.delete_prefix(prefix) > 0
    two = s.stub.LoadModel(pb.LoadModelRequest(reference="tiny-lm:2", name="lm2")).model
    assert two.state == pb.MODEL_STATE_READY
    a = s.stub.Generate(
        pb.GenerateRequest(
            model="lm1", prompt="hello", parameters=pb.GenerationParameters(max_new_tokens=8)
        )
    )
    b = s.stub.Generate(
        pb.GenerateRequest(
            model="lm2", prompt="hello", parameters=pb.GenerationParameters(max_new_tokens=8)
        )
    )
    assert a.token_ids == b.token_ids
    # Corrupt a cached blob: the next load detects it by hash and fetches it again.
    cache_dir = Path(s.core.settings.cache_dir)
    weights = cache_dir / "versions" / "tiny-lm" / "1" / "model.safetensors"
    sha = file_sha256(weights)
    blob = cache_dir / "blobs" / sha[:2] / sha
    blob.write_bytes(b"garbage")
    s.stub.UnloadModel(pb.UnloadModelRequest(name="lm1"))
    again = s.stub.LoadModel(pb.LoadModelRequest(reference="tiny-lm:1", name="lm1")).model
    assert again.state == pb.MODEL_STATE_READY
    assert file_sha256(blob) == sha
    c = s.stub.Generate(
        pb.GenerateRequest(
            model="lm1", prompt="hello", parameters=pb.GenerationParameters(max_new_tokens=8)
        )
    )
    assert c.token_ids == a.token_ids


def test_cache_fetches_each_distinct_file_once(s3_settings: dict[str, str], tmp_path: Path) -> None:
    from lmforge.services.core.layout import model_file_key
    from lmforge.services.core.settings import StorageSettings

    store = open_store(StorageSettings(**s3_settings))
    shared, own = b"tokenizer bytes", b"weights v2"
    for version, files in (
        (1, {"tok.json": shared, "w.bin": b"weights v1"}),
        (2, {"tok.json": shared, "w.bin": own}),
    ):
        for path, data in files.items():
            store.put(model_file_key("m", version, path), data)
    import hashlib

    def entries(files: dict[str, bytes]) -> list[CachedFile]:
        return [CachedFile(p, hashlib.sha256(d).hexdigest(), len(d)) for p, d in files.items()]

    cache = ModelCache(tmp_path / "c", store)
    _, s1 = cache.materialize("m", 1, entries({"tok.json": shared, "w.bin": b"weights v1"}))
    folder, s2 = cache.materialize("m", 2, entries({"tok.json": shared, "w.bin": own}))
    assert sorted(s1.fetched) == ["tok.json", "w.bin"]
    assert s2.fetched == ["w.bin"] and s2.reused == ["tok.json"]
    assert (folder / "w.bin").read_bytes() == own
    # A damaged object in the store is refused, not cached under a lying name.
    store.put(model_file_key("m", 3, "x"), b"not what was registered")
    from lmforge.errors import FailedPrecondition

    with pytest.raises(FailedPrecondition, match="damaged"):
        cache.materialize("m", 3, [CachedFile("x", hashlib.sha256(b"expected").hexdigest())])
    expected_sha = hashlib.sha256(b"expected").hexdigest()
    assert list((tmp_path / "c" / "blobs" / expected_sha[:2]).iterdir()) == []  # no blob, no .part


def test_model_health_serving_only_when_ready(
    served_with_registry: Served, registry_stub: Any, tiny_causal_lm: Path
) -> None:
    s = served_with_registry
    push_model_folder(registry_stub, "tiny-lm", tiny_causal_lm, task="text-generation")
    health = health_pb2_grpc.HealthStub(s.channel)
    with pytest.raises(grpc.RpcError) as e:
        health.Check(health_pb2.HealthCheckRequest(service=health_name("lm")))
    assert e.value.code() == grpc.StatusCode.NOT_FOUND

    async def load_then_try() -> tuple[str, Any]:
        record = await s.core.models.load("tiny-lm", "lm", wait=False)
        try:  # still loading: the warm-up has not run yet
            await s.core.generate("lm", "hi", s.core.sampling_params())
        except Exception as err:
            return record.state.value, err
        return record.state.value, None

    state, err = s.thread.run(load_then_try())
    assert state == "loading"
    assert type(err).__name__ == "FailedPrecondition" and "still loading" in str(err)
    import time

    deadline = time.monotonic() + 30
    while True:
        status = health.Check(health_pb2.HealthCheckRequest(service=health_name("lm"))).status
        if status == health_pb2.HealthCheckResponse.SERVING:
            break
        assert time.monotonic() < deadline
        time.sleep(0.02)
    models = s.stub.ListLoadedModels(pb.ListLoadedModelsRequest()).models
    assert [(m.name, m.state) for m in models] == [("lm", pb.MODEL_STATE_READY)]
    freed = s.stub.UnloadModel(pb.UnloadModelRequest(name="lm")).freed_bytes
    assert freed > 0
    status = health.Check(health_pb2.HealthCheckRequest(service=health_name("lm"))).status
    assert status == health_pb2.HealthCheckResponse.NOT_SERVING
    with pytest.raises(grpc.RpcError) as e:
        s.stub.Generate(pb.GenerateRequest(model="lm", prompt="hi"))
    assert e.value.code() == grpc.StatusCode.FAILED_PRECONDITION


def test_load_errors(
    served_with_registry: Served,
    registry_stub: Any,
    tiny_causal_lm: Path,
    tiny_lora_adapters: list[Path],
) -> None:
    s = served_with_registry
    push_model_folder(registry_stub, "tiny-lm", tiny_causal_lm, task="text-generation")
    push_adapter(registry_stub, "tiny-lora", tiny_lora_adapters[0], ("tiny-lm", 1))

    def code(req: pb.LoadModelRequest) -> tuple[grpc.StatusCode, str]:
        with pytest.raises(grpc.RpcError) as e:
            s.stub.LoadModel(req)
        return e.value.code(), e.value.details() or ""

    assert code(pb.LoadModelRequest(reference="no-such-model"))[0] == grpc.StatusCode.NOT_FOUND
    assert code(pb.LoadModelRequest(reference="tiny-lm:9"))[0] == grpc.StatusCode.NOT_FOUND
    c, msg = code(pb.LoadModelRequest(reference=""))
    assert c == grpc.StatusCode.INVALID_ARGUMENT and "reference" in msg
    c, msg = code(pb.LoadModelRequest(reference="tiny-lora"))
    assert c == grpc.StatusCode.INVALID_ARGUMENT and "LoadAdapter" in msg
    opts = pb.LoadOptions(quantization=pb.QUANTIZATION_INT4)
    c, msg = code(pb.LoadModelRequest(reference="tiny-lm", options=opts))
    assert c == grpc.StatusCode.FAILED_PRECONDITION and "quantization" in msg
    c, msg = code(
        pb.LoadModelRequest(reference="tiny-lm", options=pb.LoadOptions(trust_remote_code=True))
    )
    assert c == grpc.StatusCode.FAILED_PRECONDITION and "trust_remote_code" in msg
    c, msg = code(pb.LoadModelRequest(reference="tiny-lm", options=pb.LoadOptions(dtype="float13")))
    assert c == grpc.StatusCode.INVALID_ARGUMENT and "options.dtype" in msg
    c, msg = code(pb.LoadModelRequest(reference="tiny-lm", name="Bad Name!"))
    assert c == grpc.StatusCode.INVALID_ARGUMENT and "name" in msg
    # None of it left anything behind.
    assert list(s.stub.ListLoadedModels(pb.ListLoadedModelsRequest()).models) == []
    s.stub.LoadModel(pb.LoadModelRequest(reference="tiny-lm", name="lm"))
    c, _ = code(pb.LoadModelRequest(reference="tiny-lm", name="lm"))
    assert c == grpc.StatusCode.ALREADY_EXISTS


def peft_reference(base_path: Path, adapter: Path, prompt: str, n: int) -> list[int]:
    tok = AutoTokenizer.from_pretrained(base_path)
    model = PeftModel.from_pretrained(
        AutoModelForCausalLM.from_pretrained(base_path), adapter
    ).eval()
    ids = tok(prompt, return_tensors="pt").input_ids
    with torch.no_grad():
        out = model.generate(
            input_ids=ids, attention_mask=torch.ones_like(ids), max_new_tokens=n, do_sample=False
        )
    return out[0, ids.shape[1] :].tolist()


def test_per_request_adapters_under_concurrency(
    served_with_registry: Served,
    registry_stub: Any,
    tiny_causal_lm: Path,
    tiny_lora_adapters: list[Path],
) -> None:
    s = served_with_registry
    push_model_folder(registry_stub, "tiny-lm", tiny_causal_lm, task="text-generation")
    push_model_folder(registry_stub, "tiny-lm", tiny_causal_lm, task="text-generation")
    push_adapter(registry_stub, "lora-a", tiny_lora_adapters[0], ("tiny-lm", 1))
    push_adapter(registry_stub, "lora-b", tiny_lora_adapters[1], ("tiny-lm", 1))
    s.stub.LoadModel(pb.LoadModelRequest(reference="tiny-lm:1", name="lm"))
    s.stub.LoadModel(pb.LoadModelRequest(reference="tiny-lm:2", name="other"))
    # An adapter trained on version 1 does not attach to version 2.
    with pytest.raises(grpc.RpcError) as e:
        s.stub.LoadAdapter(pb.LoadAdapterRequest(model="other", reference="lora-a"))
    assert e.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    assert "tiny-lm:1" in (e.value.details() or "")
    m = s.stub.LoadAdapter(pb.LoadAdapterRequest(model="lm", reference="lora-a", name="a")).model
    m = s.stub.LoadAdapter(pb.LoadAdapterRequest(model="lm", reference="lora-b", name="b")).model
    assert sorted(x.name for x in m.adapters) == ["a", "b"]
    prompt, n = "hello world", 16
    base_ids = list(
        s.stub.Generate(
            pb.GenerateRequest(
                model="lm", prompt=prompt, parameters=pb.GenerationParameters(max_new_tokens=n)
            )
        ).token_ids
    )
    expected = {
        "": base_ids,
        "a": peft_reference(tiny_causal_lm, tiny_lora_adapters[0], prompt, n),
        "b": peft_reference(tiny_causal_lm, tiny_lora_adapters[1], prompt, n),
    }
    assert len({tuple(v) for v in expected.values()}) == 3  # the adapters change the output
    order = ["", "a", "b"] * 4
    barrier = threading.Barrier(len(order))

    def one(adapter: str) -> list[int]:
        barrier.wait()
        msgs = s.stub.GenerateStream(
            pb.GenerateStreamRequest(
                model="lm",
                adapter=adapter,
                prompt=prompt,
                parameters=pb.GenerationParameters(max_new_tokens=n),
            )
        )
        return [t for m in msgs for t in m.token_ids]

    with ThreadPoolExecutor(len(order)) as pool:
        results = list(pool.map(one, order))
    for adapter, got in zip(order, results, strict=True):
        assert got == expected[adapter], f"adapter {adapter!r}"
    with pytest.raises(grpc.RpcError) as e:
        s.stub.Generate(pb.GenerateRequest(model="lm", adapter="zzz", prompt=prompt))
    assert e.value.code() == grpc.StatusCode.INVALID_ARGUMENT and "adapter" in (
        e.value.details() or ""
    )
    # Unloading adapters returns the base model's own output.
    s.stub.UnloadAdapter(pb.UnloadAdapterRequest(model="lm", name="a"))
    m = s.stub.UnloadAdapter(pb.UnloadAdapterRequest(model="lm", name="b")).model
    assert list(m.adapters) == []
    again = s.stub.Generate(
        pb.GenerateRequest(
            model="lm", prompt=prompt, parameters=pb.GenerationParameters(max_new_tokens=n)
        )
    )
    assert list(again.token_ids) == base_ids
