"""The object-store key scheme, shared by every service that reads or writes artifacts.

    models/<model>@<incarnation>/versions/<version>/files/<relative path>
    datasets/<dataset>@<incarnation>/versions/<version>/files/<relative path>
    checkpoints/<job id>/<relative path>

The incarnation is an id the registry gives each creation of a name, so a
model deleted and created again never reuses the old keys (a slow delete or
an old presigned URL of the old one cannot touch the new one's bytes). The
registry reports the prefix of a version as ``storage_prefix``; readers use
it. Names without an incarnation ("", registries of schema 1) keep the old
``models/<model>/...`` scheme; '@' is not allowed in names, so the two never meet.

The registry writes the first two; the inference server and the training
workers read them straight from the store (bytes never pass through the
registry for them), and the training coordinator writes checkpoints.
"""

from __future__ import annotations

from .names import check_relative_path


def owner_prefix(kind: str, name: str, incarnation: str = "") -> str:
    """Every object of every version of one model or dataset incarnation."""
    return f"{kind}s/{name}@{incarnation}/" if incarnation else f"{kind}s/{name}/"


def model_version_prefix(model: str, version: int, incarnation: str = "") -> str:
    return owner_prefix("model", model, incarnation) + f"versions/{version}/files/"


def model_file_key(model: str, version: int, path: str, incarnation: str = "") -> str:
    return model_version_prefix(model, version, incarnation) + check_relative_path("path", path)


def dataset_version_prefix(dataset: str, version: int, incarnation: str = "") -> str:
    return owner_prefix("dataset", dataset, incarnation) + f"versions/{version}/files/"


def dataset_file_key(dataset: str, version: int, path: str, incarnation: str = "") -> str:
    return dataset_version_prefix(dataset, version, incarnation) + check_relative_path("path", path)


def file_key(storage_prefix: str, path: str) -> str:
    """The key of ``path`` in a version whose ``storage_prefix`` the registry reported."""
    return storage_prefix + check_relative_path("path", path)


def checkpoint_prefix(job_id: str) -> str:
    return f"checkpoints/{job_id}/"
