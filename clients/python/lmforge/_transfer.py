"""Moving files between this machine and the registry: push models and datasets, download.

Uploads reuse the registry's own helpers (``lmforge._upload``: create a
PENDING version, stream each file with its sha256, finalize; abort on any
failure). This module adds what the SDK needs around them: creating the model
or dataset when missing, turning rows into a file, progress callbacks, and
downloads checked against the manifest.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import tempfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lmforge import _convert, datasets
from lmforge import types as t
from lmforge._rpc import translate_errors
from lmforge.errors import AlreadyExists, Internal, InvalidArgument, NotFound
from lmforge.v1 import common_pb2, registry_pb2

if TYPE_CHECKING:
    from lmforge.client import Client

Progress = Callable[[int, int], None]

# Which registry task a saved transformers config is for, by its architecture name.
_TASK_BY_ARCH_SUFFIX = (
    ("ForCausalLM", "text-generation"),
    ("LMHeadModel", "text-generation"),
    ("ForSequenceClassification", "text-classification"),
    ("ForTokenClassification", "token-classification"),
    ("ForMaskedLM", "fill-mask"),
    ("ForQuestionAnswering", "question-answering"),
    ("Model", "feature-extraction"),
)


def guess_model(path: Path) -> tuple[str, str | None, list[str]]:
    """(format, task or None, labels) of a local model folder or file."""
    if path.is_file():
        if path.suffix.lower() == ".gguf":
            return "gguf", "text-generation", []
        raise InvalidArgument.field("path", f"{path.name}: expected a model folder or a .gguf file")
    if not path.is_dir():
        raise InvalidArgument.field("path", f"{path} does not exist")
    if (path / "adapter_config.json").is_file():
        return "peft_adapter", None, []
    if any(path.glob("*.gguf")) and not (path / "config.json").is_file():
        return "gguf", "text-generation", []
    cfg_file = path / "config.json"
    if not cfg_file.is_file():
        raise InvalidArgument.field(
            "path", f"{path} has no config.json or adapter_config.json: not a model folder"
        )
    try:
        cfg = json.loads(cfg_file.read_text())
    except json.JSONDecodeError as e:
        raise InvalidArgument.field("path", f"{cfg_file} is not valid JSON: {e}") from None
    task = None
    for arch in cfg.get("architectures") or []:
        for suffix, name in _TASK_BY_ARCH_SUFFIX:
            if arch.endswith(suffix):
                task = name
                break
        if task:
            break
    labels: list[str] = []
    id2label = cfg.get("id2label") or {}
    if task == "text-classification" and id2label:
        labels = [str(id2label[k]) for k in sorted(id2label, key=lambda k: int(k))]
    return "hf_folder", task, labels


def ensure_model(
    client: Client, name: str, task: str | None, labels: Sequence[str], description: str
) -> t.Model:
    try:
        return client.get_model(name)
    except NotFound:
        pass
    if not task:
        raise InvalidArgument.field(
            "task", f"model {name!r} does not exist yet: give its task (e.g. text-generation)"
        )
    try:
        return client.create_model(name, task=task, labels=labels, description=description)
    except AlreadyExists:  # created by someone else in between: fine
        return client.get_model(name)


def push_model(
    client: Client,
    path: Path,
    name: str,
    *,
    task: str | None,
    labels: Sequence[str],
    base: str | None,
    description: str,
    tags: Mapping[str, str] | None,
    progress: Progress | None,
) -> t.ModelVersion:
    from lmforge import _upload

    fmt, guessed_task, guessed_labels = guess_model(path)
    if fmt == "peft_adapter" and not base:
        raise InvalidArgument.field(
            "base", f"{path} is a LoRA adapter: name the base version it applies to, e.g. 'llm:1'"
        )
    ensure_model(client, name, task or guessed_task, list(labels) or guessed_labels, description)
    lineage = registry_pb2.Lineage()
    if base:
        base_ref = base
        if ":" not in base:  # a name or alias: pin the exact version for the lineage
            base_ref = client.resolve(base).version.ref
        lineage.base.CopyFrom(_requests_version_key(base_ref))
    files = [path] if path.is_file() else None
    with translate_errors():
        version = _upload.push_model_folder(
            client._registry.stub,
            path.parent if files else path,
            model=name,
            format=_FORMATS[fmt],
            lineage=lineage,
            tags=dict(tags or {}),
            description=description,
            only=[p.name for p in files] if files else None,
            progress=progress,
        )
    return _convert.model_version(version)


_FORMATS = {
    "hf_folder": registry_pb2.MODEL_FORMAT_HF_FOLDER,
    "peft_adapter": registry_pb2.MODEL_FORMAT_PEFT_ADAPTER,
    "gguf": registry_pb2.MODEL_FORMAT_GGUF,
}


def _requests_version_key(ref: str) -> common_pb2.ModelVersionKey:
    from lmforge._requests import version_key

    return version_key(ref, "base")


def push_dataset(
    client: Client,
    name: str,
    data: Any,
    *,
    description: str,
    tags: Mapping[str, str] | None,
    progress: Progress | None,
) -> t.DatasetVersion:
    from lmforge import _upload

    with tempfile.TemporaryDirectory(prefix="lmforge-data-") as tmp:
        file = datasets.to_file(data, Path(tmp))
        try:
            client.get_dataset(name)
        except NotFound:
            with contextlib.suppress(AlreadyExists):
                client.create_dataset(name, description=description)
        with translate_errors():
            version = _upload.push_dataset_file(
                client._registry.stub,
                file,
                dataset=name,
                tags=dict(tags or {}),
                description=description,
                progress=progress,
            )
    return _convert.dataset_version(version)


def download_model(
    client: Client, reference: str, dest: Path, *, progress: Progress | None
) -> Path:
    """Every file of the resolved version into ``dest``, each checked against its sha256.

    A file is written to a temporary name and renamed only once its hash
    matches, so an interrupted download never leaves a plausible-looking
    corrupt file behind.
    """
    resolved = client.resolve(reference)
    version = resolved.version
    total = sum(f.size_bytes for f in version.files)
    done = 0
    dest.mkdir(parents=True, exist_ok=True)
    target = registry_pb2.ArtifactTarget(
        model_version=common_pb2.ModelVersionKey(model=version.model, version=version.version)
    )
    for entry in version.files:
        out = dest / entry.path
        out.parent.mkdir(parents=True, exist_ok=True)
        partial = out.with_name(out.name + ".partial")
        digest = hashlib.sha256()
        req = registry_pb2.DownloadFileRequest(target=target, path=entry.path)
        with partial.open("wb") as f:
            stream = client._registry.stream("DownloadFile", req, lambda r: r, idempotent=True)
            for msg in stream:
                if msg.chunk:
                    f.write(msg.chunk)
                    digest.update(msg.chunk)
                    done += len(msg.chunk)
                    if progress is not None:
                        progress(done, total)
        if digest.hexdigest() != entry.sha256:
            partial.unlink(missing_ok=True)
            raise Internal(f"{entry.path}: downloaded bytes do not match the recorded sha256")
        partial.replace(out)
    return dest
