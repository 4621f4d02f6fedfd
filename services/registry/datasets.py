"""Datasets and dataset versions (JSONL, CSV or Parquet files)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from sqlalchemy import Engine, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from lmforge.errors import AlreadyExists, FailedPrecondition, InvalidArgument

from . import db, events, queries
from .dataset_inspection import TableShape, format_of, inspect_file
from .entities import DATASET_FORMATS, DatasetRecord, DatasetVersionRecord, FileRecord, Page, Target
from .entity_rows import dataset_record, dataset_version_record
from .paging import list_versions, page_of, scan
from .queries import DATASETS
from .validate import (
    check_description,
    check_files,
    check_name,
    check_tags,
    check_version,
    decode_token,
    page_size,
    parse_reference,
)
from .versioned_store import VersionedStore, VersionKind


class DatasetsMixin:
    """``Registry``'s dataset and dataset-version methods (the attributes are set by
    ``Registry.__init__``; the version lifecycle is ``versions``, shared with models)."""

    engine: Engine
    notifier: events.Notifier
    versions: VersionedStore
    max_file_bytes: int

    def create_dataset(
        self, name: str, description: str = "", tags: Mapping[str, str] | None = None
    ) -> DatasetRecord:
        check_name("dataset.name", name)
        description = check_description("dataset.description", description)
        tags = check_tags("dataset.tags", tags or {})
        with queries.tx(self.engine) as s, s.begin():
            if s.scalar(select(db.Dataset.id).where(db.Dataset.name == name)) is not None:
                raise AlreadyExists(f"dataset {name!r} already exists")
            row = db.Dataset(name=name, description=description, tags=tags)
            s.add(row)
            try:
                s.flush()
            except IntegrityError as e:
                raise AlreadyExists(f"dataset {name!r} already exists") from e
            out = dataset_record(row)
            events.emit(s, [events.owner_event("dataset", name, "CREATED")], self.notifier)
            return out

    def get_dataset(self, name: str) -> DatasetRecord:
        check_name("name", name)
        with queries.tx(self.engine) as s, s.begin():
            row = queries.owner(s, DATASETS, name)
            assert isinstance(row, db.Dataset)
            return dataset_record(row)

    def list_datasets(self, size: int = 0, token: str = "") -> Page[DatasetRecord]:
        size = page_size(size)
        after = decode_token(token, str)
        stmt = select(db.Dataset).order_by(db.Dataset.name)
        with queries.tx(self.engine) as s, s.begin():
            found = scan(s, stmt, db.Dataset.name, after, size, None, ascending=True)
            return page_of([dataset_record(r) for r in found], size, lambda r: r.name)

    def delete_dataset(self, name: str, force: bool = False) -> int:
        return self.versions.delete_owner("dataset", name, force)

    def create_dataset_version(
        self,
        dataset: str,
        *,
        format: str = "",
        files: Iterable[FileRecord] = (),
        tags: Mapping[str, str] | None = None,
        description: str = "",
    ) -> DatasetVersionRecord:
        check_name("dataset", dataset)
        if format and format not in DATASET_FORMATS:
            raise InvalidArgument.field("format", f"{format!r} is not one of {DATASET_FORMATS}")
        files = check_files("files", files, self.max_file_bytes)
        if not format and files:
            format = format_of(files[0].path, "files[0].path")
        tags = check_tags("tags", tags or {})
        description = check_description("description", description)
        with queries.tx(self.engine) as s, s.begin():
            owner = queries.owner(s, DATASETS, dataset)
            number = queries.next_number(s, DATASETS, owner.id)
            row = db.DatasetVersion(
                dataset_id=owner.id,
                number=number,
                state=db.PENDING,
                format=format,
                tags=tags,
                description=description,
                files=[db.DatasetFile(path=f.path, size=f.size, sha256=f.sha256) for f in files],
            )
            s.add(row)
            owner.updated_at = db.utcnow()
            s.flush()
            out = dataset_version_record(row)
            events.emit(
                s, [events.version_event("dataset", dataset, number, "CREATED")], self.notifier
            )
            return out

    def get_dataset_version(self, dataset: str, version: int) -> DatasetVersionRecord:
        check_name("dataset", dataset)
        check_version("version", version)
        with queries.tx(self.engine) as s, s.begin():
            row = queries.version(s, DATASETS, dataset, version)
            assert isinstance(row, db.DatasetVersion)
            return dataset_version_record(row)

    def list_dataset_versions(
        self, dataset: str, size: int = 0, token: str = "", state: str = ""
    ) -> Page[DatasetVersionRecord]:
        check_name("dataset", dataset)
        with queries.tx(self.engine) as s, s.begin():
            found = list_versions(s, DATASETS, dataset, size, token, state)
            return page_of(
                [dataset_version_record(r) for r in found],
                page_size(size),
                lambda r: r.version,
            )

    def finalize_dataset_version(self, dataset: str, version: int) -> DatasetVersionRecord:
        self.versions.finalize(Target("dataset", dataset, version))
        return self.get_dataset_version(dataset, version)

    def abort_dataset_version(
        self, dataset: str, version: int, reason: str = ""
    ) -> DatasetVersionRecord:
        self.versions.abort(Target("dataset", dataset, version), reason or "aborted by a client")
        return self.get_dataset_version(dataset, version)

    def delete_dataset_version(self, dataset: str, version: int) -> int:
        return self.versions.delete_version(Target("dataset", dataset, version), force=True)

    def resolve_dataset(self, reference: str) -> tuple[DatasetRecord, DatasetVersionRecord]:
        name, number, _ = parse_reference(reference, aliases=False)
        with queries.tx(self.engine) as s, s.begin():
            owner = queries.owner(s, DATASETS, name)
            row = queries.pick_version(s, DATASETS, owner, name, number)
            if row.state != db.READY:
                raise FailedPrecondition(
                    f"reference: {name}:{row.number} is {row.state}, not READY"
                )
            assert isinstance(owner, db.Dataset) and isinstance(row, db.DatasetVersion)
            return dataset_record(owner), dataset_version_record(row)


def _check_dataset_files(paths: list[str], fmt: str) -> str:
    """A version that declared no format takes its first file's, and then every file
    must have it (one format per dataset version)."""
    if fmt:
        return fmt
    fmt = format_of(paths[0], "format")
    for path in paths:
        if format_of(path, "format") != fmt:
            raise FailedPrecondition(
                f"files: {path!r} is not {fmt} like {paths[0]!r}; a dataset "
                "version holds files of one format"
            )
    return fmt


def _ready_values(fmt: str, shapes: list[TableShape]) -> dict[str, object]:
    return {
        "format": fmt,
        "row_count": sum(sh.rows for sh in shapes),
        "columns": shapes[0].columns if shapes else [],
    }


def _release_dataset_versions(s: Session, ids: list[int], _force: bool) -> list[events.EventRecord]:
    """Model versions trained on these keep their lineage minus the dataset link."""
    s.execute(
        update(db.ModelVersion)
        .where(db.ModelVersion.dataset_version_id.in_(ids))
        .values(dataset_version_id=None)
    )
    return []


DATASET_VERSIONS = VersionKind(
    DATASETS,
    check_files=_check_dataset_files,
    inspect=inspect_file,
    ready_values=_ready_values,
    release=_release_dataset_versions,
)
