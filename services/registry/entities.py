"""Plain values the registry core takes and returns (no SQL, no protobuf).

The servicer turns these into protobuf messages; tests of the core use them
directly.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Generic, Literal, TypeVar

T = TypeVar("T")

Kind = Literal["model", "dataset"]

MODEL_FORMATS = ("HF_FOLDER", "PEFT_ADAPTER", "GGUF")
DATASET_FORMATS = ("JSONL", "CSV", "PARQUET")


@dataclass(frozen=True)
class FileRecord:
    """One file of a version: relative path, size in bytes, lower-case hex sha256."""

    path: str
    size: int
    sha256: str


@dataclass(frozen=True)
class VersionRef:
    """``name`` + ``version`` of a model or dataset version."""

    name: str
    version: int


@dataclass(frozen=True)
class Target:
    """The version a file operation applies to."""

    kind: Kind
    name: str
    version: int


@dataclass
class ModelRecord:
    name: str
    task: str
    labels: list[str]
    description: str
    tags: dict[str, str]
    aliases: dict[str, int]
    latest_version: int
    created_at: dt.datetime
    updated_at: dt.datetime


@dataclass
class ModelVersionRecord:
    model: str
    version: int
    state: str
    format: str
    files: list[FileRecord]
    base: VersionRef | None = None
    parent: VersionRef | None = None
    source_job_id: str = ""
    dataset: VersionRef | None = None
    hyperparameters: dict[str, str] = field(default_factory=dict)
    metrics: dict[str, float] = field(default_factory=dict)
    tags: dict[str, str] = field(default_factory=dict)
    description: str = ""
    aliases: list[str] = field(default_factory=list)
    failure_reason: str = ""
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None
    storage_prefix: str = ""  # where the files live in the store (+ path)

    @property
    def total_size(self) -> int:
        return sum(f.size for f in self.files)


@dataclass
class DatasetRecord:
    name: str
    description: str
    tags: dict[str, str]
    latest_version: int
    created_at: dt.datetime
    updated_at: dt.datetime


@dataclass
class DatasetVersionRecord:
    dataset: str
    version: int
    state: str
    format: str
    files: list[FileRecord]
    row_count: int = 0
    columns: list[str] = field(default_factory=list)
    tags: dict[str, str] = field(default_factory=dict)
    description: str = ""
    failure_reason: str = ""
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None
    storage_prefix: str = ""  # where the files live in the store (+ path)

    @property
    def total_size(self) -> int:
        return sum(f.size for f in self.files)


@dataclass
class ResolvedModel:
    model: ModelRecord
    version: ModelVersionRecord
    base_model: ModelRecord | None = None
    base_version: ModelVersionRecord | None = None


@dataclass
class Page(Generic[T]):
    items: list[T]
    next_page_token: str = ""
