"""Protobuf messages <-> the registry core's plain records."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from google.protobuf.timestamp_pb2 import Timestamp

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

_STATE_PREFIX = "VERSION_STATE_"


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


def model_format_in(value: registry_pb2.ModelFormat.ValueType) -> str:
    if value == registry_pb2.MODEL_FORMAT_UNSPECIFIED:
        return "HF_FOLDER"
    try:
        return registry_pb2.ModelFormat.Name(value).removeprefix("MODEL_FORMAT_")
    except ValueError:
        raise InvalidArgument.field("format", f"{value} is not a ModelFormat") from None


def dataset_format_in(value: registry_pb2.DatasetFormat.ValueType) -> str:
    if value == registry_pb2.DATASET_FORMAT_UNSPECIFIED:
        return ""
    try:
        return registry_pb2.DatasetFormat.Name(value).removeprefix("DATASET_FORMAT_")
    except ValueError:
        raise InvalidArgument.field("format", f"{value} is not a DatasetFormat") from None


def state_in(value: registry_pb2.VersionState.ValueType) -> str:
    if value == registry_pb2.VERSION_STATE_UNSPECIFIED:
        return ""
    try:
        return registry_pb2.VersionState.Name(value).removeprefix(_STATE_PREFIX)
    except ValueError:
        raise InvalidArgument.field("state", f"{value} is not a VersionState") from None


def _state_out(state: str) -> registry_pb2.VersionState.ValueType:
    return registry_pb2.VersionState.Value(_STATE_PREFIX + state)


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
        format=registry_pb2.ModelFormat.Value("MODEL_FORMAT_" + v.format),
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
    fmt = (
        registry_pb2.DatasetFormat.Value("DATASET_FORMAT_" + v.format)
        if v.format
        else registry_pb2.DATASET_FORMAT_UNSPECIFIED
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
        kind=registry_pb2.EventKind.Value(f"EVENT_KIND_{e.kind}"),
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
        name = registry_pb2.EventKind.Name(v) if v in registry_pb2.EventKind.values() else ""
        if not name or v == registry_pb2.EVENT_KIND_UNSPECIFIED:
            raise InvalidArgument.field(f"kinds[{i}]", f"{v} is not an event kind")
        out.append(name.removeprefix("EVENT_KIND_"))
    return out
