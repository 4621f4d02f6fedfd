"""Push folders and files into the registry, and pull them back, over gRPC.

Shared by the SDK, the CLI and the training service, so it is part of the
neutral layer (like ``lmforge.errors`` and the ``lmforge.v1`` stubs): only
grpc and protobuf, no torch, no server code, no SDK internals. Every function
takes a synchronous ``registry_pb2_grpc.RegistryServiceStub``.

A push is all or nothing: the version is created PENDING, every file is
uploaded with its SHA-256 computed up front (the server checks it while the
bytes stream), then the version is finalized; if anything fails on the way,
the version is aborted so no half-pushed version lingers.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path

import grpc

from lmforge import enums
from lmforge.errors import PermissionDenied
from lmforge.v1 import common_pb2, registry_pb2, registry_pb2_grpc

CHUNK = 1024 * 1024  # 1 MiB per message: well under gRPC's limits, few messages
Stub = registry_pb2_grpc.RegistryServiceStub

# File suffix -> dataset format name (the number comes from the proto enum).
DATASET_SUFFIXES = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "jsonl",
    ".csv": "csv",
    ".parquet": "parquet",
    ".pq": "parquet",
}
_DATASET_FORMATS: dict[str, registry_pb2.DatasetFormat.ValueType] = {
    suffix: registry_pb2.DatasetFormat.ValueType(enums.value_of(registry_pb2.DatasetFormat, name))
    for suffix, name in DATASET_SUFFIXES.items()
}


def sha256_file(path: str | os.PathLike[str]) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def safe_join(root: str | os.PathLike[str], path: str) -> Path:
    """``root / path`` for a path a server sent, refused if it could land outside ``root``.

    The registry's replies are not trusted with the local file system: an
    absolute path, a drive, ``..``, a backslash or an empty part is refused.
    """
    parts = path.split("/")
    bad = (
        not path
        or path.startswith("/")
        or "\\" in path
        or "\0" in path
        or any(p in ("", ".", "..") for p in parts)
        or ":" in parts[0]
    )
    base = Path(root).resolve()
    joined = (base / path).resolve() if not bad else base
    if bad or not joined.is_relative_to(base) or joined == base:
        raise PermissionDenied(
            f"refusing to write {path!r}: a file path from the registry must stay inside {root}"
        )
    return Path(root) / path


def file_entry(local: str | os.PathLike[str], path: str) -> common_pb2.FileEntry:
    """The manifest entry of a local file, stored under ``path`` in a version."""
    return common_pb2.FileEntry(
        path=path, size_bytes=os.path.getsize(local), sha256=sha256_file(local)
    )


def folder_files(folder: str | os.PathLike[str]) -> list[tuple[Path, str]]:
    """(local path, relative posix path) of every regular file under ``folder``, sorted.

    Hidden files and folders (".git", ".cache" ...) are skipped.
    """
    root = Path(folder)
    if not root.is_dir():
        raise NotADirectoryError(f"{root} is not a folder")
    out = []
    for p in sorted(root.rglob("*")):
        rel = p.relative_to(root)
        if p.is_file() and not any(part.startswith(".") for part in rel.parts):
            out.append((p, rel.as_posix()))
    return out


def model_target(model: str, version: int) -> registry_pb2.ArtifactTarget:
    return registry_pb2.ArtifactTarget(
        model_version=common_pb2.ModelVersionKey(model=model, version=version)
    )


def dataset_target(dataset: str, version: int) -> registry_pb2.ArtifactTarget:
    return registry_pb2.ArtifactTarget(
        dataset_version=common_pb2.DatasetVersionKey(dataset=dataset, version=version)
    )


def _requests(
    target: registry_pb2.ArtifactTarget, entry: common_pb2.FileEntry, local: Path, chunk: int
) -> Iterator[registry_pb2.UploadFileRequest]:
    yield registry_pb2.UploadFileRequest(
        header=registry_pb2.UploadFileHeader(target=target, file=entry)
    )
    with local.open("rb") as f:
        while data := f.read(chunk):
            yield registry_pb2.UploadFileRequest(chunk=data)


def upload_file(
    stub: Stub,
    target: registry_pb2.ArtifactTarget,
    local: str | os.PathLike[str],
    path: str,
    *,
    entry: common_pb2.FileEntry | None = None,
    chunk_size: int = CHUNK,
    timeout: float | None = None,
) -> common_pb2.FileEntry:
    """Stream one local file into a PENDING version under ``path``."""
    entry = entry or file_entry(local, path)
    resp = stub.UploadFile(_requests(target, entry, Path(local), chunk_size), timeout=timeout)
    return resp.file


def _abort_quietly(call: object, request: object) -> None:
    # The original error matters more; a stale PENDING version expires anyway.
    with contextlib.suppress(grpc.RpcError):
        call(request, timeout=30)  # type: ignore[operator]


def push_model_folder(
    stub: Stub,
    name: str,
    folder: str | os.PathLike[str],
    *,
    task: str,
    labels: Sequence[str] = (),
    format: registry_pb2.ModelFormat.ValueType = registry_pb2.MODEL_FORMAT_HF_FOLDER,
    lineage: registry_pb2.Lineage | None = None,
    metrics: Mapping[str, float] | None = None,
    tags: Mapping[str, str] | None = None,
    description: str = "",
    create_model: bool = True,
    timeout: float | None = None,
) -> registry_pb2.ModelVersion:
    """Register every file of ``folder`` as a new READY version of model ``name``.

    Creates the model (with ``task`` and ``labels``) when ``create_model`` is
    set and it does not exist yet. For an adapter pass
    ``format=MODEL_FORMAT_PEFT_ADAPTER`` and ``lineage.base``.
    """
    files = folder_files(folder)
    if not files:
        raise ValueError(f"{folder} holds no files")
    if create_model:
        try:
            stub.CreateModel(
                registry_pb2.CreateModelRequest(
                    model=registry_pb2.Model(
                        name=name, task=task, labels=list(labels), description=description
                    )
                ),
                timeout=timeout,
            )
        except grpc.RpcError as e:
            if e.code() != grpc.StatusCode.ALREADY_EXISTS:
                raise
    entries = [file_entry(local, rel) for local, rel in files]
    version = stub.CreateModelVersion(
        registry_pb2.CreateModelVersionRequest(
            model=name,
            format=format,
            files=entries,
            lineage=lineage,
            metrics=dict(metrics or {}),
            tags=dict(tags or {}),
            description=description,
        ),
        timeout=timeout,
    ).version
    target = model_target(name, version.version)
    try:
        for (local, rel), entry in zip(files, entries, strict=True):
            upload_file(stub, target, local, rel, entry=entry, timeout=timeout)
        return stub.FinalizeModelVersion(
            registry_pb2.FinalizeModelVersionRequest(model=name, version=version.version),
            timeout=timeout,
        ).version
    except BaseException as e:
        _abort_quietly(
            stub.AbortModelVersion,
            registry_pb2.AbortModelVersionRequest(
                model=name, version=version.version, reason=f"push failed: {e}"[:1000]
            ),
        )
        raise


def push_dataset_file(
    stub: Stub,
    name: str,
    path_or_paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    *,
    format: registry_pb2.DatasetFormat.ValueType | None = None,
    tags: Mapping[str, str] | None = None,
    description: str = "",
    create_dataset: bool = True,
    timeout: float | None = None,
) -> registry_pb2.DatasetVersion:
    """Register one or more JSONL/CSV/Parquet files as a new READY dataset version.

    Files keep their base names inside the version. The returned version
    carries ``row_count`` and ``columns`` as the registry parsed them.
    """
    if isinstance(path_or_paths, str | os.PathLike):
        paths = [Path(path_or_paths)]
    else:
        paths = [Path(p) for p in path_or_paths]
    if not paths:
        raise ValueError("no dataset files given")
    if len({p.name for p in paths}) != len(paths):
        raise ValueError("dataset files must have distinct names")
    if format is None:
        format = _DATASET_FORMATS.get(
            paths[0].suffix.lower(), registry_pb2.DATASET_FORMAT_UNSPECIFIED
        )
    if create_dataset:
        try:
            stub.CreateDataset(
                registry_pb2.CreateDatasetRequest(
                    dataset=registry_pb2.Dataset(name=name, description=description)
                ),
                timeout=timeout,
            )
        except grpc.RpcError as e:
            if e.code() != grpc.StatusCode.ALREADY_EXISTS:
                raise
    entries = [file_entry(p, p.name) for p in paths]
    version = stub.CreateDatasetVersion(
        registry_pb2.CreateDatasetVersionRequest(
            dataset=name,
            format=format,
            files=entries,
            tags=dict(tags or {}),
            description=description,
        ),
        timeout=timeout,
    ).version
    target = dataset_target(name, version.version)
    try:
        for p, entry in zip(paths, entries, strict=True):
            upload_file(stub, target, p, p.name, entry=entry, timeout=timeout)
        return stub.FinalizeDatasetVersion(
            registry_pb2.FinalizeDatasetVersionRequest(dataset=name, version=version.version),
            timeout=timeout,
        ).version
    except BaseException as e:
        _abort_quietly(
            stub.AbortDatasetVersion,
            registry_pb2.AbortDatasetVersionRequest(
                dataset=name, version=version.version, reason=f"push failed: {e}"[:1000]
            ),
        )
        raise


def download_file(
    stub: Stub,
    target: registry_pb2.ArtifactTarget,
    path: str,
    dest: str | os.PathLike[str],
    *,
    timeout: float | None = None,
) -> common_pb2.FileEntry:
    """Download one file to ``dest`` atomically, checking its size and SHA-256."""
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    size = 0
    entry: common_pb2.FileEntry | None = None
    fd, tmp = tempfile.mkstemp(dir=dest.parent, prefix=".part-")
    try:
        with os.fdopen(fd, "wb") as out:
            request = registry_pb2.DownloadFileRequest(target=target, path=path)
            for msg in stub.DownloadFile(request, timeout=timeout):
                if entry is None:
                    entry = msg.file
                out.write(msg.chunk)
                digest.update(msg.chunk)
                size += len(msg.chunk)
        if entry is None or size != entry.size_bytes or digest.hexdigest() != entry.sha256:
            raise OSError(
                f"download of {path!r} is corrupt: got {size} bytes with SHA-256 "
                f"{digest.hexdigest()}, expected {entry.size_bytes if entry else '?'} bytes "
                f"with {entry.sha256 if entry else '?'}"
            )
        os.replace(tmp, dest)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return entry


def download_version(
    stub: Stub,
    target: registry_pb2.ArtifactTarget,
    files: Iterable[common_pb2.FileEntry],
    dest: str | os.PathLike[str],
    *,
    timeout: float | None = None,
) -> Path:
    """Download every file of a version (e.g. ``ResolveModel(...).version.files``) into ``dest``."""
    root = Path(dest)
    for f in files:
        download_file(stub, target, f.path, safe_join(root, f.path), timeout=timeout)
    return root
