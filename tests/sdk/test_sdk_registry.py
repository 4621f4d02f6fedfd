"""The sync Client against a live registry: models, versions, aliases, files, errors."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest

from lmforge import errors


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_push_list_show_alias_download_delete(
    client: Any, tiny_classifier: Path, tmp_path: Path
) -> None:
    seen: list[tuple[int, int]] = []
    v1 = client.push_model(
        tiny_classifier, "sdk-cls", progress=lambda done, total: seen.append((done, total))
    )
    # The task and the label names come from the folder's config.json.
    model = client.get_model("sdk-cls")
    assert (model.task, model.labels) == ("text-classification", ["negative", "positive"])
    assert v1.ref == "sdk-cls:1" and v1.state == "READY" and v1.format == "HF_FOLDER"
    local = {p.relative_to(tiny_classifier).as_posix(): p for p in tiny_classifier.rglob("*")}
    assert {f.path for f in v1.files} == {k for k, p in local.items() if p.is_file()}
    assert v1.total_size_bytes == sum(p.stat().st_size for p in local.values() if p.is_file())
    # Progress ends exactly at the total, counted from the bytes that went out.
    assert seen and seen[-1] == (v1.total_size_bytes, v1.total_size_bytes)

    v2 = client.push_model(tiny_classifier, "sdk-cls", description="second")
    assert v2.version == 2
    assert [v.version for v in client.list_model_versions("sdk-cls")] == [2, 1]
    assert "sdk-cls" in {m.name for m in client.list_models(task="text-classification")}
    assert "sdk-cls" not in {m.name for m in client.list_models(task="text-generation")}

    client.set_alias("sdk-cls", "prod", 1, expected_version=0)
    with pytest.raises(errors.Aborted):  # lost compare-and-swap: nothing changes
        client.set_alias("sdk-cls", "prod", 2, expected_version=2)
    assert client.resolve("sdk-cls@prod").version.version == 1
    assert client.resolve("sdk-cls").version.version == 2  # latest READY

    dest = client.download_model("sdk-cls@prod", tmp_path / "dl")
    for f in v1.files:
        assert _sha(dest / f.path) == f.sha256

    updated = client.update_model("sdk-cls", description="tiny", tags={"team": "sdk"})
    assert updated.description == "tiny" and updated.tags == {"team": "sdk"}
    assert [m.name for m in client.list_models(tag="team=sdk")] == ["sdk-cls"]

    with pytest.raises(errors.FailedPrecondition):
        client.delete_model("sdk-cls")  # versions exist
    assert client.delete_model("sdk-cls", force=True) == 2
    with pytest.raises(errors.NotFound):
        client.get_model("sdk-cls")


def test_server_errors_become_sdk_exceptions_with_fields(client: Any) -> None:
    with pytest.raises(errors.NotFound) as nf:
        client.resolve("no-such-model")
    assert "no-such-model" in str(nf.value)
    with pytest.raises(errors.InvalidArgument) as bad:
        client.create_model("Bad Name!", task="text-generation")
    assert bad.value.violations, "field violations travel from the server"
    assert "name" in bad.value.violations[0].field
    client.create_model("dup-model", task="text-generation")
    with pytest.raises(errors.AlreadyExists):
        client.create_model("dup-model", task="text-generation")


def test_push_refuses_bad_paths_before_creating_anything(client: Any, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("hello")
    with pytest.raises(errors.InvalidArgument, match="path"):
        client.push_model(tmp_path / "notes.txt", "never-created")
    with pytest.raises(errors.InvalidArgument, match=r"config\.json"):
        client.push_model(tmp_path, "never-created")
    with pytest.raises(errors.NotFound):
        client.get_model("never-created")


def test_a_lone_gguf_file_is_pushed_as_a_gguf_version(client: Any, tmp_path: Path) -> None:
    gguf = tmp_path / "weights" / "tiny.Q4.gguf"
    gguf.parent.mkdir()
    gguf.write_bytes(b"GGUF" + bytes(range(256)) * 64)
    (gguf.parent / "other.bin").write_bytes(b"not part of the push")
    v = client.push_model(gguf, "sdk-gguf")
    assert (v.format, [f.path for f in v.files]) == ("GGUF", ["tiny.Q4.gguf"])
    assert v.files[0].sha256 == _sha(gguf) and v.files[0].size_bytes == gguf.stat().st_size
    assert client.get_model("sdk-gguf").task == "text-generation"
