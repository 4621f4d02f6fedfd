"""The object-store key scheme, shared by every service that reads or writes artifacts.

    models/<model>/versions/<version>/files/<relative path>
    datasets/<dataset>/versions/<version>/files/<relative path>
    checkpoints/<job id>/<relative path>

The registry writes the first two; the inference server and the training
workers read them straight from the store (bytes never pass through the
registry for them), and the training coordinator writes checkpoints.
"""

from __future__ import annotations

from .names import check_relative_path


def model_version_prefix(model: str, version: int) -> str:
    return f"models/{model}/versions/{version}/files/"


def model_file_key(model: str, version: int, path: str) -> str:
    return model_version_prefix(model, version) + check_relative_path("path", path)


def dataset_version_prefix(dataset: str, version: int) -> str:
    return f"datasets/{dataset}/versions/{version}/files/"


def dataset_file_key(dataset: str, version: int, path: str) -> str:
    return dataset_version_prefix(dataset, version) + check_relative_path("path", path)


def checkpoint_prefix(job_id: str) -> str:
    return f"checkpoints/{job_id}/"
