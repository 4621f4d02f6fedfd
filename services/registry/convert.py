"""Protobuf messages <-> the registry core's plain records."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from google.protobuf.timestamp_pb2 import Timestamp

from lmforge import enums
from lmforge.errors import InvalidArgument
from lmforge.v1 import common_pb2, registry_pb2

from .entities import (
    DatasetRecord,
    DatasetVersionRecord,
    FileRecord,
    ModelRecord,
    ModelVersionRecord,
    Target,
    VersionRef,
)
from .events import EventRecord, PromotionFigures


def ts(when: dt.datetime | None) -> Timestamp | None:
    if when is None:
        return None
    out = Timestamp()
    out.FromDatetime(when)
    return out


def file_in(msg: common_pb2.FileEntry) -> FileRecord:
    return FileRecord(msg.path, msg.size_bytes, msg.sha256)


def file_out(f: FileRecord) -> common_pb2.FileEntry:
    return common_pb2.FileEntry(path=f.path, size_bytes=f.size, sha256=f.sha256)


def target_in(msg: registry_pb2.ArtifactTarget, field: str = "target") -> Target:
    which = msg.WhichOneof("target")
    if which == "model_version":
        return Target("model", msg.model_version.model, msg.model_version.version)
    if which == "dataset_version":
        return Target("dataset", msg.dataset_version.dataset, msg.dataset_version.version)
    raise InvalidArgument.field(field, "set model_version or dataset_version")


# Enum numbers <-> the core's upper-case names ("READY", "HF_FOLDER") come from lmforge.enums.


def model_format_in(value: registry_pb2.ModelFormat.ValueType) -> str:
    return enums.name_in(registry_pb2.ModelFormat, value, "format") or "HF_FOLDER"


def dataset_format_in(value: registry_pb2.DatasetFormat.ValueType) -> str:
    return enums.name_in(registry_pb2.DatasetFormat, value, "format")


def state_in(value: registry_pb2.VersionState.ValueType) -> str:
    return enums.name_in(registry_pb2.VersionState, value, "state")


def _state_out(state: str) -> registry_pb2.VersionState.ValueType:
    return enums.value_of(registry_pb2.VersionState, state)  # type: ignore[return-value]


def model_ref_in(msg: common_pb2.ModelVersionKey) -> VersionRef | None:
    if not msg.model and not msg.version:
        return None
    return VersionRef(msg.model, msg.version)


def dataset_ref_in(msg: common_pb2.DatasetVersionKey) -> VersionRef | None:
    if not msg.dataset and not msg.version:
        return None
    return VersionRef(msg.dataset, msg.version)


def model_out(m: ModelRecord) -> registry_pb2.Model:
    return registry_pb2.Model(
        name=m.name,
        task=m.task,
        labels=m.labels,
        description=m.description,
        tags=m.tags,
        aliases=m.aliases,
        latest_version=m.latest_version,
        create_time=ts(m.created_at),
        update_time=ts(m.updated_at),
    )


def model_version_out(v: ModelVersionRecord) -> registry_pb2.ModelVersion:
    lineage = registry_pb2.Lineage(source_job_id=v.source_job_id, hyperparameters=v.hyperparameters)
    if v.base is not None:
        lineage.base.CopyFrom(common_pb2.ModelVersionKey(model=v.base.name, version=v.base.version))
    if v.parent is not None:
        lineage.parent.CopyFrom(
            common_pb2.ModelVersionKey(model=v.parent.name, version=v.parent.version)
        )
    if v.dataset is not None:
        lineage.dataset.CopyFrom(
            common_pb2.DatasetVersionKey(dataset=v.dataset.name, version=v.dataset.version)
        )
    return registry_pb2.ModelVersion(
        model=v.model,
        version=v.version,
        state=_state_out(v.state),
        format=enums.value_of(registry_pb2.ModelFormat, v.format),  # type: ignore[arg-type]
        files=[file_out(f) for f in v.files],
        lineage=lineage,
        metrics=v.metrics,
        tags=v.tags,
        description=v.description,
        aliases=v.aliases,
        failure_reason=v.failure_reason,
        total_size_bytes=v.total_size,
        create_time=ts(v.created_at),
        update_time=ts(v.updated_at),
        storage_prefix=v.storage_prefix,
    )


def dataset_out(d: DatasetRecord) -> registry_pb2.Dataset:
    return registry_pb2.Dataset(
        name=d.name,
        description=d.description,
        tags=d.tags,
        latest_version=d.latest_version,
        create_time=ts(d.created_at),
        update_time=ts(d.updated_at),
    )


def dataset_version_out(v: DatasetVersionRecord) -> registry_pb2.DatasetVersion:
    fmt = registry_pb2.DATASET_FORMAT_UNSPECIFIED
    if v.format:
        fmt = registry_pb2.DatasetFormat.ValueType(
            enums.value_of(registry_pb2.DatasetFormat, v.format)
        )
    return registry_pb2.DatasetVersion(
        dataset=v.dataset,
        version=v.version,
        state=_state_out(v.state),
        format=fmt,
        files=[file_out(f) for f in v.files],
        row_count=v.row_count,
        columns=v.columns,
        tags=v.tags,
        description=v.description,
        failure_reason=v.failure_reason,
        total_size_bytes=v.total_size,
        create_time=ts(v.created_at),
        update_time=ts(v.updated_at),
        storage_prefix=v.storage_prefix,
    )


def event_out(e: EventRecord) -> registry_pb2.RegistryEvent:
    return registry_pb2.RegistryEvent(
        sequence=e.seq,
        kind=enums.value_of(registry_pb2.EventKind, e.kind),  # type: ignore[arg-type]
        model=e.model,
        dataset=e.dataset,
        version=e.version,
        alias=e.alias,
        old_version=e.old_version,
        new_version=e.new_version,
        reason=e.reason,
        create_time=ts(e.created_at),
        server=e.server,
        promotion=promotion_out(e.promotion) if e.promotion is not None else None,
    )


def promotion_out(f: PromotionFigures) -> registry_pb2.PromotionDecision:
    out = registry_pb2.PromotionDecision(
        metric=f.metric,
        greater_is_better=f.greater_is_better,
        promoted=f.promoted,
        candidate_value=f.candidate_value,
        baseline_version=f.baseline_version,
    )
    if f.baseline_value is not None:
        out.baseline_value = f.baseline_value
    return out


def event_kinds_in(values: Iterable[registry_pb2.EventKind.ValueType]) -> list[str]:
    """Kinds as stored; EVENT_KIND_UNSPECIFIED or an unknown number is refused."""
    out = []
    for i, v in enumerate(values):
        name = enums.name_in(registry_pb2.EventKind, v, f"kinds[{i}]")
        if not name:
            raise InvalidArgument.field(f"kinds[{i}]", f"{v} is not an event kind")
        out.append(name)
    return out
