"""Database rows (``db``) as the entities (``entities``) the registry core returns."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from lmforge.services.core import layout

from . import db
from .entities import (
    DatasetRecord,
    DatasetVersionRecord,
    FileRecord,
    ModelRecord,
    ModelVersionRecord,
    VersionRef,
)


def utc(when: dt.datetime) -> dt.datetime:
    # SQLite hands datetimes back without their zone; they were written in UTC.
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)


def model_record(m: db.Model) -> ModelRecord:
    return ModelRecord(
        name=m.name,
        task=m.task,
        labels=list(m.labels or []),
        description=m.description,
        tags=dict(m.tags or {}),
        aliases={a.name: a.version.number for a in m.aliases},
        latest_version=m.latest_version,
        created_at=utc(m.created_at),
        updated_at=utc(m.updated_at),
    )


def version_ref(v: Any, owner_attr: str) -> VersionRef | None:
    if v is None:
        return None
    return VersionRef(getattr(v, owner_attr).name, v.number)


def file_records(rows: Iterable[Any]) -> list[FileRecord]:
    return [FileRecord(f.path, f.size, f.sha256) for f in rows]


def model_version_record(s: Session, v: db.ModelVersion) -> ModelVersionRecord:
    aliases = s.scalars(
        select(db.Alias.name).where(db.Alias.version_id == v.id).order_by(db.Alias.name)
    )
    return ModelVersionRecord(
        model=v.model.name,
        version=v.number,
        state=v.state,
        format=v.format,
        files=file_records(v.files),
        base=version_ref(v.base, "model"),
        parent=version_ref(v.parent, "model"),
        source_job_id=v.source_job_id,
        dataset=version_ref(v.dataset_version, "dataset"),
        hyperparameters=dict(v.hyperparameters or {}),
        metrics=dict(v.metrics or {}),
        tags=dict(v.tags or {}),
        description=v.description,
        aliases=list(aliases),
        failure_reason=v.failure_reason,
        created_at=utc(v.created_at),
        updated_at=utc(v.updated_at),
        storage_prefix=layout.model_version_prefix(v.model.name, v.number, v.model.incarnation),
    )


def dataset_record(d: db.Dataset) -> DatasetRecord:
    return DatasetRecord(
        name=d.name,
        description=d.description,
        tags=dict(d.tags or {}),
        latest_version=d.latest_version,
        created_at=utc(d.created_at),
        updated_at=utc(d.updated_at),
    )


def dataset_version_record(v: db.DatasetVersion) -> DatasetVersionRecord:
    return DatasetVersionRecord(
        dataset=v.dataset.name,
        version=v.number,
        state=v.state,
        format=v.format,
        files=file_records(v.files),
        row_count=v.row_count,
        columns=list(v.columns or []),
        tags=dict(v.tags or {}),
        description=v.description,
        failure_reason=v.failure_reason,
        created_at=utc(v.created_at),
        updated_at=utc(v.updated_at),
        storage_prefix=layout.dataset_version_prefix(
            v.dataset.name, v.number, v.dataset.incarnation
        ),
    )
