"""Moving files between this machine and the registry: push models and datasets, download.

Uploads reuse the registry's own helpers (``lmforge.registry_transfer``: create a
PENDING version, stream each file with its sha256, finalize; abort on any
failure). This module adds what the SDK needs around them: creating the model
or dataset when missing, turning rows into a file, progress callbacks, and
downloads checked against the manifest.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lmforge import _convert, datasets
from lmforge import types as t
from lmforge._requests import MODEL_FORMATS, version_key
from lmforge._rpc import translate_errors
from lmforge.errors import AlreadyExists, Internal, InvalidArgument, NotFound
from lmforge.v1 import registry_pb2

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


class _CountingStub:
    """The registry stub, counting the bytes of uploads and downloads for a progress callback.

    ``lmforge.registry_transfer`` does the work; this only watches its messages go by.
    """

    def __init__(self, stub: Any, total: int, progress: Progress | None) -> None:
        self._stub = stub
        self.total = total
        self.done = 0
        self._progress = progress

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stub, name)

    def _count(self, n: int) -> None:
        self.done += n
        if self._progress is not None and n:
            self._progress(self.done, self.total)

    def UploadFile(self, requests: Iterator[Any], **kwargs: Any) -> Any:
        def counted() -> Iterator[Any]:
            for r in requests:
                if r.WhichOneof("payload") == "chunk":
                    self._count(len(r.chunk))
                yield r

        return self._stub.UploadFile(counted(), **kwargs)

    def DownloadFile(self, request: Any, **kwargs: Any) -> Iterator[Any]:
        for msg in self._stub.DownloadFile(request, **kwargs):
            self._count(len(msg.chunk))
            yield msg


@contextmanager
def _errors(client: Client) -> Iterator[None]:
    """gRPC errors and the upload helper's local errors as lmforge exceptions."""
    with translate_errors("registry", client.connection):
        try:
            yield
        except (ValueError, NotADirectoryError) as e:
            raise InvalidArgument.field("path", str(e)) from None
        except OSError as e:  # a download whose bytes do not match the manifest
            raise Internal(str(e)) from None


def _folder_of(path: Path, stack: ExitStack) -> Path:
    """A folder holding exactly the files to push (a lone .gguf gets a folder of its own)."""
    if path.is_dir():
        return path
    tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="lmforge-push-")))
    (tmp / path.name).symlink_to(path.resolve())
    return tmp


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
    from lmforge import registry_transfer

    fmt, guessed_task, guessed_labels = guess_model(path)
    if fmt == "peft_adapter" and not base:
        raise InvalidArgument.field(
            "base", f"{path} is a LoRA adapter: name the base version it applies to, e.g. 'llm:1'"
        )
    lineage = registry_pb2.Lineage()
    if base:
        # A name or alias is pinned to the exact version it means now, for the lineage.
        base_ref = base if ":" in base else client.resolve(base).version.ref
        lineage.base.CopyFrom(version_key(base_ref, "base"))
    model = ensure_model(
        client, name, task or guessed_task, list(labels) or guessed_labels, description
    )
    with ExitStack() as stack:
        folder = _folder_of(path, stack)
        total = sum(p.stat().st_size for p, _ in registry_transfer.folder_files(folder))
        stub = _CountingStub(client._registry.stub, total, progress)
        with _errors(client):
            version = registry_transfer.push_model_folder(
                stub,  # type: ignore[arg-type]
                name,
                folder,
                task=model.task,
                format=MODEL_FORMATS[fmt],  # type: ignore[arg-type]
                lineage=lineage,
                tags=dict(tags or {}),
                description=description,
                create_model=False,
                timeout=client.connection.timeout,
            )
    return _convert.model_version(version)


def push_dataset(
    client: Client,
    name: str,
    data: Any,
    *,
    description: str,
    tags: Mapping[str, str] | None,
    progress: Progress | None,
) -> t.DatasetVersion:
    from lmforge import registry_transfer

    with tempfile.TemporaryDirectory(prefix="lmforge-data-") as tmp:
        file = datasets.to_file(data, Path(tmp))
        stub = _CountingStub(client._registry.stub, file.stat().st_size, progress)
        with _errors(client):
            version = registry_transfer.push_dataset_file(
                stub,  # type: ignore[arg-type]
                name,
                file,
                tags=dict(tags or {}),
                description=description,
                timeout=client.connection.timeout,
            )
    return _convert.dataset_version(version)


def download_model(
    client: Client, reference: str, dest: Path, *, progress: Progress | None
) -> Path:
    """Every file of the resolved version into ``dest``, each checked against its sha256."""
    from lmforge import registry_transfer

    version = client.resolve(reference).version
    total = sum(f.size_bytes for f in version.files)
    stub = _CountingStub(client._registry.stub, total, progress)
    target = registry_transfer.model_target(version.model, version.version)
    # Every path the registry named is checked before the first byte is written.
    local = [registry_transfer.safe_join(dest, f.path) for f in version.files]
    with _errors(client):
        for f, path in zip(version.files, local, strict=True):
            registry_transfer.download_file(
                stub,  # type: ignore[arg-type]
                target,
                f.path,
                path,
                timeout=client.connection.timeout,
            )
    return dest
