"""The SDK's old name for ``lmforge.registry_transfer`` (kept so existing imports work)."""

from lmforge.registry_transfer import (
    CHUNK,
    Stub,
    dataset_target,
    download_file,
    download_version,
    file_entry,
    folder_files,
    model_target,
    push_dataset_file,
    push_model_folder,
    safe_join,
    sha256_file,
    upload_file,
)

__all__ = [
    "CHUNK",
    "Stub",
    "dataset_target",
    "download_file",
    "download_version",
    "file_entry",
    "folder_files",
    "model_target",
    "push_dataset_file",
    "push_model_folder",
    "safe_join",
    "sha256_file",
    "upload_file",
]
