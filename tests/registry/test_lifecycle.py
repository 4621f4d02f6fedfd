"""End to end over gRPC: a model, a base version, an adapter version, aliases, datasets."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import grpc
import pytest

from lmforge import registry_transfer
from lmforge.v1 import common_pb2, registry_pb2

pb = registry_pb2


@pytest.fixture(scope="module")
def tiny_lora(tiny_causal_lm: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real PEFT LoRA adapter folder for the tiny causal LM."""
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM

    model = AutoModelForCausalLM.from_pretrained(tiny_causal_lm)
    peft_model = get_peft_model(
        model, LoraConfig(r=4, lora_alpha=8, target_modules=["q_proj", "v_proj"])
    )
    out = tmp_path_factory.mktemp("tiny-lora")
    peft_model.save_pretrained(out)
    return out


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_model_base_and_adapter_lifecycle(
    registry_stub, tiny_causal_lm: Path, tiny_lora: Path, tmp_path: Path
) -> None:
    stub = registry_stub
    base = registry_transfer.push_model_folder(
        stub, "tiny-llama", tiny_causal_lm, task="text-generation", metrics={"loss": 1.5}
    )
    assert base.state == pb.VERSION_STATE_READY
    assert base.version == 1
    local = {rel: p for p, rel in registry_transfer.folder_files(tiny_causal_lm)}
    assert {f.path for f in base.files} == set(local)
    for f in base.files:
        assert f.sha256 == _sha(local[f.path])
        assert f.size_bytes == local[f.path].stat().st_size
    assert base.total_size_bytes == sum(p.stat().st_size for p in local.values())
    assert base.metrics["loss"] == 1.5

    # The adapter is a version of its own model, pointing at the base version.
    adapter = registry_transfer.push_model_folder(
        stub,
        "tiny-llama-lora",
        tiny_lora,
        task="text-generation",
        format=pb.MODEL_FORMAT_PEFT_ADAPTER,
        lineage=pb.Lineage(
            base=common_pb2.ModelVersionKey(model="tiny-llama", version=1),
            source_job_id="job-123",
        ),
    )
    assert adapter.state == pb.VERSION_STATE_READY
    assert adapter.lineage.base.model == "tiny-llama"
    assert adapter.lineage.base.version == 1

    resolved = stub.ResolveModel(pb.ResolveModelRequest(reference="tiny-llama-lora"))
    assert resolved.version.format == pb.MODEL_FORMAT_PEFT_ADAPTER
    assert resolved.base_model.name == "tiny-llama"
    assert resolved.base_version.version == 1
    assert {f.path for f in resolved.base_version.files} == set(local)
    assert "adapter_config.json" in {f.path for f in resolved.version.files}

    # Aliases: set, resolve through them, and the version lists them.
    stub.SetAlias(pb.SetAliasRequest(model="tiny-llama", alias="prod", version=1))
    by_alias = stub.ResolveModel(pb.ResolveModelRequest(reference="tiny-llama@prod"))
    assert by_alias.version.version == 1
    assert by_alias.model.aliases["prod"] == 1
    assert list(by_alias.version.aliases) == ["prod"]
    assert stub.ResolveModel(pb.ResolveModelRequest(reference="tiny-llama:1")).version.version == 1

    # Download every file back through the streaming RPC and compare bytes.
    target = registry_transfer.model_target("tiny-llama", 1)
    out = registry_transfer.download_version(
        stub, target, by_alias.version.files, tmp_path / "pulled"
    )
    for rel, p in local.items():
        assert (out / rel).read_bytes() == p.read_bytes()

    # A second base version becomes "latest"; the alias stays where it was.
    v2 = registry_transfer.push_model_folder(
        stub, "tiny-llama", tiny_causal_lm, task="text-generation"
    )
    assert v2.version == 2
    assert stub.ResolveModel(pb.ResolveModelRequest(reference="tiny-llama")).version.version == 2
    assert (
        stub.ResolveModel(pb.ResolveModelRequest(reference="tiny-llama@prod")).version.version == 1
    )

    # The base version is protected while an alias and an adapter use it.
    with pytest.raises(grpc.RpcError) as e:
        stub.DeleteModelVersion(pb.DeleteModelVersionRequest(model="tiny-llama", version=1))
    assert e.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    assert "prod" in e.value.details() and "tiny-llama-lora:1" in e.value.details()

    listed = stub.ListModelVersions(pb.ListModelVersionsRequest(model="tiny-llama"))
    assert [v.version for v in listed.versions] == [2, 1]

    # Delete v2: its objects go, and its number is never handed out again.
    deleted = stub.DeleteModelVersion(pb.DeleteModelVersionRequest(model="tiny-llama", version=2))
    assert deleted.deleted_objects == len(local)
    v3 = stub.CreateModelVersion(pb.CreateModelVersionRequest(model="tiny-llama")).version
    assert v3.version == 3 and v3.state == pb.VERSION_STATE_PENDING
    aborted = stub.AbortModelVersion(
        pb.AbortModelVersionRequest(model="tiny-llama", version=3, reason="changed my mind")
    ).version
    assert aborted.state == pb.VERSION_STATE_FAILED
    assert aborted.failure_reason == "changed my mind"

    model = stub.GetModel(pb.GetModelRequest(name="tiny-llama")).model
    assert model.latest_version == 3 and model.task == "text-generation"

    # Force-delete the whole base model: versions and aliases go with it.
    gone = stub.DeleteModel(pb.DeleteModelRequest(name="tiny-llama", force=True))
    assert gone.deleted_versions == 2
    with pytest.raises(grpc.RpcError) as e:
        stub.GetModel(pb.GetModelRequest(name="tiny-llama"))
    assert e.value.code() == grpc.StatusCode.NOT_FOUND
    # The orphaned adapter is refused at resolve time with a clear reason.
    with pytest.raises(grpc.RpcError) as e:
        stub.ResolveModel(pb.ResolveModelRequest(reference="tiny-llama-lora"))
    assert e.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    assert "base" in e.value.details()


def test_dataset_versions_record_rows_and_columns(registry_stub, tmp_path: Path) -> None:
    stub = registry_stub
    jsonl = tmp_path / "train.jsonl"
    jsonl.write_text(
        "\n".join(json.dumps({"text": f"row {i}", "label": i % 2}) for i in range(25)) + "\n"
    )
    v1 = registry_transfer.push_dataset_file(stub, "tweets", jsonl)
    assert v1.state == pb.VERSION_STATE_READY
    assert v1.format == pb.DATASET_FORMAT_JSONL
    assert v1.row_count == 25
    assert list(v1.columns) == ["text", "label"]

    csv_a, csv_b = tmp_path / "a.csv", tmp_path / "b.csv"
    csv_a.write_text("sentiment,text\npositive,good\nnegative,bad\n")
    csv_b.write_text("sentiment,text\nneutral,meh\n")
    v2 = registry_transfer.push_dataset_file(stub, "tweets", [csv_a, csv_b])
    assert (v2.version, v2.row_count, list(v2.columns)) == (2, 3, ["sentiment", "text"])

    import pyarrow as pa
    import pyarrow.parquet as pq

    parquet = tmp_path / "chat.parquet"
    pq.write_table(pa.table({"prompt": ["a", "b"], "completion": ["c", "d"]}), parquet)
    v3 = registry_transfer.push_dataset_file(stub, "tweets", parquet)
    assert (v3.row_count, list(v3.columns)) == (2, ["prompt", "completion"])

    resolved = stub.ResolveDataset(pb.ResolveDatasetRequest(reference="tweets:2"))
    assert resolved.version.row_count == 3
    latest = stub.ResolveDataset(pb.ResolveDatasetRequest(reference="tweets"))
    assert latest.version.version == 3
    assert latest.dataset.latest_version == 3

    dest = tmp_path / "back.jsonl"
    registry_transfer.download_file(
        stub, registry_transfer.dataset_target("tweets", 1), "train.jsonl", dest
    )
    assert dest.read_bytes() == jsonl.read_bytes()

    # A model version trained on it records the dataset in its lineage.
    listed = stub.ListDatasetVersions(pb.ListDatasetVersionsRequest(dataset="tweets"))
    assert [v.version for v in listed.versions] == [3, 2, 1]
