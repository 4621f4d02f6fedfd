"""The registry's domain core: models, versions, adapters, aliases, datasets, files.

Plain Python over SQLAlchemy (metadata) and an ArtifactStore (bytes); no gRPC.
Every method validates all of its input before it writes anything, and raises
``lmforge.errors`` exceptions that name the offending request field.

Publishing rule: a version becomes READY only in ``finalize``, after every
declared file has been read back from the store and its size and SHA-256
checked. Uploads never change the state, so a process killed mid-upload leaves
the version PENDING (and the stale-PENDING sweep removes it later).
"""

from __future__ import annotations

import datetime as dt
import logging
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, Select, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from lmforge.errors import (
    AlreadyExists,
    FailedPrecondition,
    FieldViolation,
    InvalidArgument,
    LmforgeError,
    NotFound,
    Unavailable,
)
from lmforge.services.core.storage import ArtifactStore

from . import db, keys
from .guard import VersionGuard
from .objects import copy_object
from .records import (
    DATASET_FORMATS,
    MODEL_FORMATS,
    DatasetRecord,
    DatasetVersionRecord,
    FileRecord,
    Kind,
    ModelRecord,
    ModelVersionRecord,
    Page,
    ResolvedModel,
    Target,
    VersionRef,
)
from .tabular import TableShape, format_of, inspect_file
from .validate import (
    check_description,
    check_file,
    check_files,
    check_labels,
    check_metrics,
    check_name,
    check_tags,
    check_task,
    check_version,
    decode_token,
    encode_token,
    page_size,
    parse_reference,
)

log = logging.getLogger(__name__)

# Tasks whose models can carry a LoRA adapter served by lmforge.
ADAPTER_BASE_TASKS = ("text-generation", "text-classification")
DEFAULT_URL_EXPIRY = dt.timedelta(hours=1)
MAX_URL_EXPIRY = dt.timedelta(days=7)


@dataclass(frozen=True)
class _Kind:
    """What differs between model versions and dataset versions."""

    kind: Kind
    owner: type[db.Model] | type[db.Dataset]
    version: type[db.ModelVersion] | type[db.DatasetVersion]
    file: type[db.ModelFile] | type[db.DatasetFile]
    owner_fk: str


MODELS = _Kind("model", db.Model, db.ModelVersion, db.ModelFile, "model_id")
DATASETS = _Kind("dataset", db.Dataset, db.DatasetVersion, db.DatasetFile, "dataset_id")
KINDS = {"model": MODELS, "dataset": DATASETS}


def _utc(when: dt.datetime) -> dt.datetime:
    # SQLite hands datetimes back without their zone; they were written in UTC.
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)


def _tx(engine: Engine) -> Session:
    return Session(engine, expire_on_commit=False)


class Registry:
    """Models, versions, adapters, aliases and datasets on one database and one store."""

    def __init__(self, engine: Engine, store: ArtifactStore) -> None:
        self.engine = engine
        self.store = store
        self.guard = VersionGuard()

    def close(self) -> None:
        self.engine.dispose()
        self.store.close()

    # ------------------------------------------------------------------ models

    def create_model(
        self,
        name: str,
        task: str,
        labels: Iterable[str] = (),
        description: str = "",
        tags: Mapping[str, str] | None = None,
    ) -> ModelRecord:
        check_name("model.name", name)
        task = check_task("model.task", task)
        labels = check_labels("model.labels", task, labels)
        description = check_description("model.description", description)
        tags = check_tags("model.tags", tags or {})
        with _tx(self.engine) as s, s.begin():
            if s.scalar(select(db.Model.id).where(db.Model.name == name)) is not None:
                raise AlreadyExists(f"model {name!r} already exists")
            model = db.Model(
                name=name, task=task, labels=labels, description=description, tags=tags
            )
            s.add(model)
            try:
                s.flush()
            except IntegrityError as e:  # a concurrent create won
                raise AlreadyExists(f"model {name!r} already exists") from e
            return _model_record(model)

    def get_model(self, name: str) -> ModelRecord:
        check_name("name", name)
        with _tx(self.engine) as s, s.begin():
            return _model_record(_owner(s, MODELS, name))

    def list_models(
        self, size: int = 0, token: str = "", task: str = "", tag: str = ""
    ) -> Page[ModelRecord]:
        size = page_size(size)
        after = decode_token(token, str)
        if task:
            task = check_task("task", task)
        tag_key, _, tag_value = tag.partition("=")
        has_value = "=" in tag
        if tag and not tag_key:
            raise InvalidArgument.field("tag", f"{tag!r}: give 'key' or 'key=value'")
        stmt = select(db.Model).order_by(db.Model.name)
        if task:
            stmt = stmt.where(db.Model.task == task)

        def keep(m: db.Model) -> bool:
            if not tag:
                return True
            if tag_key not in m.tags:
                return False
            return not has_value or str(m.tags[tag_key]) == tag_value

        with _tx(self.engine) as s, s.begin():
            rows = _scan(s, stmt, db.Model.name, after, size, keep, ascending=True)
            return _page([_model_record(m) for m in rows], size, lambda r: r.name)

    def update_model(
        self,
        name: str,
        *,
        description: str | None = None,
        tags: Mapping[str, str] | None = None,
        labels: Iterable[str] | None = None,
    ) -> ModelRecord:
        check_name("model.name", name)
        if description is not None:
            description = check_description("model.description", description)
        if tags is not None:
            tags = check_tags("model.tags", tags)
        with _tx(self.engine) as s, s.begin():
            model = _owner(s, MODELS, name)
            if labels is not None:
                model.labels = check_labels("model.labels", model.task, labels)
            if description is not None:
                model.description = description
            if tags is not None:
                model.tags = dict(tags)
            model.updated_at = db.utcnow()
            s.flush()
            return _model_record(model)

    def delete_model(self, name: str, force: bool = False) -> int:
        return self._delete_owner(MODELS, name, force)

    # ---------------------------------------------------------------- versions

    def create_model_version(
        self,
        model: str,
        *,
        format: str = "HF_FOLDER",
        files: Iterable[FileRecord] = (),
        base: VersionRef | None = None,
        parent: VersionRef | None = None,
        source_job_id: str = "",
        dataset: VersionRef | None = None,
        hyperparameters: Mapping[str, str] | None = None,
        metrics: Mapping[str, float] | None = None,
        tags: Mapping[str, str] | None = None,
        description: str = "",
    ) -> ModelVersionRecord:
        check_name("model", model)
        format = format or "HF_FOLDER"
        if format not in MODEL_FORMATS:
            raise InvalidArgument.field("format", f"{format!r} is not one of {MODEL_FORMATS}")
        files = check_files("files", files)
        if format == "PEFT_ADAPTER" and base is None:
            raise InvalidArgument.field(
                "lineage.base",
                "a PEFT adapter version must name its base model version (lineage.base)",
            )
        if format != "PEFT_ADAPTER" and base is not None:
            raise InvalidArgument.field(
                "lineage.base", "only MODEL_FORMAT_PEFT_ADAPTER versions have a base version"
            )
        for field, ref in (("lineage.base", base), ("lineage.parent", parent)):
            if ref is not None:
                check_name(f"{field}.model", ref.name)
                check_version(f"{field}.version", ref.version)
        if dataset is not None:
            check_name("lineage.dataset.dataset", dataset.name)
            check_version("lineage.dataset.version", dataset.version)
        if len(source_job_id) > 256:
            raise InvalidArgument.field("lineage.source_job_id", "must be at most 256 characters")
        hyperparameters = check_tags("lineage.hyperparameters", hyperparameters or {})
        metrics = check_metrics("metrics", metrics or {})
        tags = check_tags("tags", tags or {})
        description = check_description("description", description)

        with _tx(self.engine) as s, s.begin():
            owner = _owner(s, MODELS, model)
            assert isinstance(owner, db.Model)
            base_row = parent_row = dataset_row = None
            if base is not None:
                base_row = self._adapter_base(s, owner, base)
            if parent is not None:
                parent_row = _version(s, MODELS, parent.name, parent.version, "lineage.parent")
            if dataset is not None:
                dataset_row = _version(
                    s, DATASETS, dataset.name, dataset.version, "lineage.dataset"
                )
            number = _next_number(s, MODELS, owner.id)
            row = db.ModelVersion(
                model_id=owner.id,
                number=number,
                state=db.PENDING,
                format=format,
                base_version_id=base_row.id if base_row else None,
                parent_version_id=parent_row.id if parent_row else None,
                dataset_version_id=dataset_row.id if dataset_row else None,
                source_job_id=source_job_id,
                hyperparameters=hyperparameters,
                metrics=metrics,
                tags=tags,
                description=description,
                files=[db.ModelFile(path=f.path, size=f.size, sha256=f.sha256) for f in files],
            )
            s.add(row)
            owner.updated_at = db.utcnow()
            s.flush()
            return _model_version_record(s, row)

    def _adapter_base(self, s: Session, owner: db.Model, base: VersionRef) -> db.ModelVersion:
        base_model = s.scalar(select(db.Model).where(db.Model.name == base.name))
        if base_model is None:
            raise NotFound(f"lineage.base: model {base.name!r} not found")
        if base_model.task not in ADAPTER_BASE_TASKS:
            raise InvalidArgument.field(
                "lineage.base",
                f"model {base.name!r} has task {base_model.task!r}; adapters apply to "
                f"{' or '.join(ADAPTER_BASE_TASKS)} models",
            )
        if owner.task != base_model.task:
            raise InvalidArgument.field(
                "lineage.base",
                f"the adapter's model {owner.name!r} has task {owner.task!r} but its base "
                f"{base.name!r} has task {base_model.task!r}",
            )
        row = _version(s, MODELS, base.name, base.version, "lineage.base")
        assert isinstance(row, db.ModelVersion)
        if row.state != db.READY:
            raise FailedPrecondition(
                f"lineage.base: version {base.name}:{base.version} is {row.state}, not READY"
            )
        if row.format == "PEFT_ADAPTER":
            raise InvalidArgument.field(
                "lineage.base",
                f"{base.name}:{base.version} is itself an adapter; name a full model version",
            )
        return row

    def get_model_version(self, model: str, version: int) -> ModelVersionRecord:
        check_name("model", model)
        check_version("version", version)
        with _tx(self.engine) as s, s.begin():
            return _model_version_record(s, _version(s, MODELS, model, version))

    def list_model_versions(
        self, model: str, size: int = 0, token: str = "", state: str = ""
    ) -> Page[ModelVersionRecord]:
        check_name("model", model)
        with _tx(self.engine) as s, s.begin():
            rows = self._list_versions(s, MODELS, model, size, token, state)
            return _page(
                [_model_version_record(s, r) for r in rows], page_size(size), lambda r: r.version
            )

    def finalize_model_version(self, model: str, version: int) -> ModelVersionRecord:
        self._finalize(Target("model", model, version))
        return self.get_model_version(model, version)

    def abort_model_version(self, model: str, version: int, reason: str = "") -> ModelVersionRecord:
        self._abort(Target("model", model, version), reason or "aborted by a client")
        return self.get_model_version(model, version)

    def delete_model_version(self, model: str, version: int, force: bool = False) -> int:
        return self._delete_version(Target("model", model, version), force)

    # ----------------------------------------------------------------- aliases

    def set_alias(
        self, model: str, alias: str, version: int, expected: int | None = None
    ) -> tuple[ModelRecord, int]:
        check_name("model", model)
        check_name("alias", alias)
        check_version("version", version)
        if expected is not None and expected < 0:
            raise InvalidArgument.field("expected_version", f"{expected} is negative")
        with _tx(self.engine) as s, s.begin():
            owner = _owner(s, MODELS, model)
            row = _version(s, MODELS, model, version)
            if row.state != db.READY:
                raise FailedPrecondition(
                    f"version: {model}:{version} is {row.state}; aliases point at READY versions"
                )
            current = s.scalar(
                select(db.Alias)
                .where(db.Alias.model_id == owner.id, db.Alias.name == alias)
                .with_for_update()
            )
            previous = current.version.number if current else 0
            _compare(model, alias, previous, expected)
            if current is None:
                s.add(db.Alias(model_id=owner.id, name=alias, version_id=row.id))
            else:
                current.version_id = row.id
            owner.updated_at = db.utcnow()
            try:
                s.flush()
            except IntegrityError as e:  # another writer created it between our read and write
                raise _lost_race(model, alias) from e
            s.expire(owner, ["aliases"])
            return _model_record(owner), previous

    def delete_alias(self, model: str, alias: str, expected: int | None = None) -> int:
        check_name("model", model)
        check_name("alias", alias)
        with _tx(self.engine) as s, s.begin():
            owner = _owner(s, MODELS, model)
            current = s.scalar(
                select(db.Alias)
                .where(db.Alias.model_id == owner.id, db.Alias.name == alias)
                .with_for_update()
            )
            if current is None:
                raise NotFound(f"alias: model {model!r} has no alias {alias!r}")
            previous = current.version.number
            _compare(model, alias, previous, expected)
            s.delete(current)
            owner.updated_at = db.utcnow()
            return previous

    def resolve_model(self, reference: str) -> ResolvedModel:
        name, number, alias = parse_reference(reference)
        with _tx(self.engine) as s, s.begin():
            owner = _owner(s, MODELS, name)
            if alias is not None:
                row = s.scalar(
                    select(db.Alias).where(db.Alias.model_id == owner.id, db.Alias.name == alias)
                )
                if row is None:
                    raise NotFound(f"reference: model {name!r} has no alias {alias!r}")
                version = row.version
            else:
                version = _pick_version(s, MODELS, owner, name, number)
            if version.state != db.READY:
                raise FailedPrecondition(
                    f"reference: {name}:{version.number} is {version.state}, not READY"
                )
            assert isinstance(version, db.ModelVersion)
            out = ResolvedModel(_model_record(owner), _model_version_record(s, version))
            if version.format == "PEFT_ADAPTER":
                base = version.base
                if base is None:
                    raise FailedPrecondition(
                        f"reference: adapter {name}:{version.number} lost its base version "
                        "(it was deleted with force)"
                    )
                out.base_model = _model_record(base.model)
                out.base_version = _model_version_record(s, base)
            return out

    # ---------------------------------------------------------------- datasets

    def create_dataset(
        self, name: str, description: str = "", tags: Mapping[str, str] | None = None
    ) -> DatasetRecord:
        check_name("dataset.name", name)
        description = check_description("dataset.description", description)
        tags = check_tags("dataset.tags", tags or {})
        with _tx(self.engine) as s, s.begin():
            if s.scalar(select(db.Dataset.id).where(db.Dataset.name == name)) is not None:
                raise AlreadyExists(f"dataset {name!r} already exists")
            row = db.Dataset(name=name, description=description, tags=tags)
            s.add(row)
            try:
                s.flush()
            except IntegrityError as e:
                raise AlreadyExists(f"dataset {name!r} already exists") from e
            return _dataset_record(row)

    def get_dataset(self, name: str) -> DatasetRecord:
        check_name("name", name)
        with _tx(self.engine) as s, s.begin():
            row = _owner(s, DATASETS, name)
            assert isinstance(row, db.Dataset)
            return _dataset_record(row)

    def list_datasets(self, size: int = 0, token: str = "") -> Page[DatasetRecord]:
        size = page_size(size)
        after = decode_token(token, str)
        stmt = select(db.Dataset).order_by(db.Dataset.name)
        with _tx(self.engine) as s, s.begin():
            rows = _scan(s, stmt, db.Dataset.name, after, size, None, ascending=True)
            return _page([_dataset_record(r) for r in rows], size, lambda r: r.name)

    def delete_dataset(self, name: str, force: bool = False) -> int:
        return self._delete_owner(DATASETS, name, force)

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
        files = check_files("files", files)
        if not format and files:
            format = format_of(files[0].path, "files[0].path")
        tags = check_tags("tags", tags or {})
        description = check_description("description", description)
        with _tx(self.engine) as s, s.begin():
            owner = _owner(s, DATASETS, dataset)
            number = _next_number(s, DATASETS, owner.id)
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
            return _dataset_version_record(row)

    def get_dataset_version(self, dataset: str, version: int) -> DatasetVersionRecord:
        check_name("dataset", dataset)
        check_version("version", version)
        with _tx(self.engine) as s, s.begin():
            row = _version(s, DATASETS, dataset, version)
            assert isinstance(row, db.DatasetVersion)
            return _dataset_version_record(row)

    def list_dataset_versions(
        self, dataset: str, size: int = 0, token: str = "", state: str = ""
    ) -> Page[DatasetVersionRecord]:
        check_name("dataset", dataset)
        with _tx(self.engine) as s, s.begin():
            rows = self._list_versions(s, DATASETS, dataset, size, token, state)
            return _page(
                [_dataset_version_record(r) for r in rows],
                page_size(size),
                lambda r: r.version,
            )

    def finalize_dataset_version(self, dataset: str, version: int) -> DatasetVersionRecord:
        self._finalize(Target("dataset", dataset, version))
        return self.get_dataset_version(dataset, version)

    def abort_dataset_version(
        self, dataset: str, version: int, reason: str = ""
    ) -> DatasetVersionRecord:
        self._abort(Target("dataset", dataset, version), reason or "aborted by a client")
        return self.get_dataset_version(dataset, version)

    def delete_dataset_version(self, dataset: str, version: int) -> int:
        return self._delete_version(Target("dataset", dataset, version), force=True)

    def resolve_dataset(self, reference: str) -> tuple[DatasetRecord, DatasetVersionRecord]:
        name, number, _ = parse_reference(reference, aliases=False)
        with _tx(self.engine) as s, s.begin():
            owner = _owner(s, DATASETS, name)
            row = _pick_version(s, DATASETS, owner, name, number)
            if row.state != db.READY:
                raise FailedPrecondition(
                    f"reference: {name}:{row.number} is {row.state}, not READY"
                )
            assert isinstance(owner, db.Dataset) and isinstance(row, db.DatasetVersion)
            return _dataset_record(owner), _dataset_version_record(row)

    # ------------------------------------------------------------------- files

    def upload(
        self, target: Target, entry: FileRecord, chunks: Iterable[bytes], field: str = "header"
    ) -> FileRecord:
        """Stream one file into a PENDING version, hashing on the way.

        The bytes go straight to the published key; a size or hash that does
        not match the header removes the object and fails the call.
        """
        check_target(f"{field}.target", target)
        check_file(f"{field}.file", entry)
        key = keys.file_key(target, entry.path)
        with self.guard.upload(target):
            with _tx(self.engine) as s, s.begin():
                _pending(_version(s, KINDS[target.kind], target.name, target.version), target)
            result = self.store.put(key, _exactly(chunks, entry.size, field), entry.size)
            if result.sha256 != entry.sha256 or result.size != entry.size:
                self._discard(key)
                raise InvalidArgument.field(
                    f"{field}.file.sha256",
                    f"the {result.size} bytes received hash to {result.sha256}, not the "
                    f"declared {entry.sha256}; the file was discarded",
                )
            try:
                with _tx(self.engine) as s, s.begin():
                    row = _version(s, KINDS[target.kind], target.name, target.version)
                    _pending(row, target)
                    _declare(s, KINDS[target.kind], row, entry, staged=False)
            except LmforgeError:
                # Aborted or deleted while we streamed: leave nothing behind.
                self._discard(key)
                raise
        return entry

    def upload_url(
        self, target: Target, entry: FileRecord, expires_s: int = 0
    ) -> tuple[str, dt.datetime]:
        """Declare a file and return a presigned PUT URL for it (bytes checked at finalize)."""
        check_target("target", target)
        check_file("file", entry)
        expires = _expiry(expires_s)
        with self.guard.upload(target):
            with _tx(self.engine) as s, s.begin():
                row = _version(s, KINDS[target.kind], target.name, target.version)
                _pending(row, target)
                _declare(s, KINDS[target.kind], row, entry, staged=True)
            url = self.store.presigned_put(keys.staging_key(target, entry.path), expires)
        return url, db.utcnow() + expires

    def download(
        self, target: Target, path: str, offset: int = 0
    ) -> tuple[FileRecord, Iterator[bytes]]:
        check_target("target", target)
        entry, key = self._readable(target, path)
        if offset < 0 or offset > entry.size:
            raise InvalidArgument.field(
                "offset", f"{offset} is outside the file's {entry.size} bytes"
            )
        if offset == entry.size:
            return entry, iter(())
        return entry, self.store.get(key, offset)

    def download_url(
        self, target: Target, path: str, expires_s: int = 0
    ) -> tuple[str, dt.datetime, FileRecord]:
        check_target("target", target)
        expires = _expiry(expires_s)
        entry, key = self._readable(target, path)
        return self.store.presigned_get(key, expires), db.utcnow() + expires, entry

    def _readable(self, target: Target, path: str) -> tuple[FileRecord, str]:
        from lmforge.services.core.names import check_relative_path

        check_relative_path("path", path)
        spec = KINDS[target.kind]
        with _tx(self.engine) as s, s.begin():
            row = _version(s, spec, target.name, target.version)
            if row.state == db.FAILED:
                raise FailedPrecondition(
                    f"{target.kind} version {target.name}:{target.version} is FAILED; "
                    "its files were removed"
                )
            f = next((f for f in row.files if f.path == path), None)
            if f is None:
                raise NotFound(
                    f"path: {target.kind} version {target.name}:{target.version} has no file "
                    f"{path!r}"
                )
            staged = f.staged and row.state == db.PENDING
            entry = FileRecord(f.path, f.size, f.sha256)
        key = keys.staging_key(target, path) if staged else keys.file_key(target, path)
        return entry, key

    def _discard(self, key: str) -> None:
        try:
            self.store.delete(key)
        except Unavailable:
            log.warning("could not remove %s; it stays unpublished", key)

    # ------------------------------------------------------- shared lifecycle

    def _list_versions(
        self, s: Session, spec: _Kind, name: str, size: int, token: str, state: str
    ) -> list[Any]:
        size = page_size(size)
        after = decode_token(token, int)
        if state and state not in (db.PENDING, db.READY, db.FAILED):
            raise InvalidArgument.field("state", f"{state!r} is not a version state")
        owner = _owner(s, spec, name)
        stmt = (
            select(spec.version)
            .where(getattr(spec.version, spec.owner_fk) == owner.id)
            .order_by(spec.version.number.desc())
        )
        if state:
            stmt = stmt.where(spec.version.state == state)
        return _scan(s, stmt, spec.version.number, after, size, None, ascending=False)

    def _finalize(self, target: Target) -> None:
        check_name(target.kind, target.name)
        check_version("version", target.version)
        spec = KINDS[target.kind]
        with self.guard.finalize(target):
            with _tx(self.engine) as s, s.begin():
                row = _version(s, spec, target.name, target.version)
                if row.state == db.READY:
                    return  # finalize is idempotent: a retry after a lost reply is fine
                _pending(row, target)
                declared = [(f.path, f.size, f.sha256, f.staged) for f in row.files]
                fmt = row.format
            if not declared:
                raise FailedPrecondition(
                    f"files: {target.kind} version {target.name}:{target.version} has no files; "
                    "upload at least one before finalizing"
                )
            if fmt == "PEFT_ADAPTER" and not any(p == "adapter_config.json" for p, *_ in declared):
                raise FailedPrecondition(
                    "files: a PEFT adapter version needs adapter_config.json at its root"
                )
            if target.kind == "dataset" and not fmt:
                fmt = format_of(declared[0][0], "format")
                for path, *_ in declared:
                    if format_of(path, "format") != fmt:
                        raise FailedPrecondition(
                            f"files: {path!r} is not {fmt} like {declared[0][0]!r}; a dataset "
                            "version holds files of one format"
                        )
            with tempfile.TemporaryDirectory(prefix="lmforge-finalize-") as tmp:
                sources, shapes = self._verify(target, declared, fmt, Path(tmp))
            # Everything checks: publish staged files, drop strays, then flip the state.
            for (path, size, _sha, _staged), src in zip(declared, sources, strict=True):
                final = keys.file_key(target, path)
                if src != final:
                    copy_object(self.store, src, final, size)
            wanted = {keys.file_key(target, p) for p, *_ in declared}
            for info in self.store.list(keys.version_root(target)):
                if info.key not in wanted:
                    self.store.delete(info.key)
            with _tx(self.engine) as s, s.begin():
                row = _version(s, spec, target.name, target.version)
                _pending(row, target)
                now = [(f.path, f.size, f.sha256, f.staged) for f in row.files]
                if sorted(now) != sorted(declared):
                    raise FailedPrecondition(
                        "files: the declared files changed while finalizing; finalize again"
                    )
                for f in row.files:
                    f.staged = False
                row.state = db.READY
                row.updated_at = db.utcnow()
                if isinstance(row, db.DatasetVersion):
                    row.format = fmt
                    row.row_count = sum(sh.rows for sh in shapes)
                    row.columns = shapes[0].columns if shapes else []

    def _verify(
        self, target: Target, declared: list[tuple[str, int, str, bool]], fmt: str, tmp: Path
    ) -> tuple[list[str], list[TableShape]]:
        """Read every declared file back from the store; FAILED_PRECONDITION lists the bad ones."""
        problems: list[FieldViolation] = []
        sources: list[str] = []
        shapes: list[TableShape] = []
        for i, (path, size, sha, staged) in enumerate(declared):
            key = keys.file_key(target, path)
            if staged and self.store.exists(keys.staging_key(target, path)):
                key = keys.staging_key(target, path)
            sources.append(key)
            field = f"files[{path}]"
            try:
                found = self.store.stat(key).size
            except NotFound:
                problems.append(FieldViolation(field, "is missing from the store"))
                continue
            if found != size:
                problems.append(
                    FieldViolation(field, f"has {found} bytes in the store, declared {size}")
                )
                continue
            if target.kind == "dataset":
                local = tmp / f"{i}{Path(path).suffix}"
                got = self.store.download(key, local).sha256
            else:
                got = self.store.sha256(key)
            if got != sha:
                problems.append(
                    FieldViolation(field, f"has SHA-256 {got} in the store, declared {sha}")
                )
                continue
            if target.kind == "dataset":
                shapes.append(inspect_file(local, fmt, path))
                local.unlink()
        if problems:
            detail = "; ".join(f"{v.field} {v.description}" for v in problems)
            raise FailedPrecondition(
                f"cannot finalize {target.kind} version {target.name}:{target.version}: "
                f"{detail}. Upload those files again, then finalize.",
                violations=problems,
            )
        for shape, (path, *_rest) in zip(shapes[1:], declared[1:], strict=False):
            if shape.columns != shapes[0].columns:
                raise FailedPrecondition(
                    f"files[{path}] has columns {shape.columns} but {declared[0][0]!r} has "
                    f"{shapes[0].columns}; every file of a dataset version needs the same columns"
                )
        return sources, shapes

    def _abort(self, target: Target, reason: str) -> None:
        check_name(target.kind, target.name)
        check_version("version", target.version)
        spec = KINDS[target.kind]
        with _tx(self.engine) as s, s.begin():
            row = _version(s, spec, target.name, target.version)
            if row.state == db.READY:
                raise FailedPrecondition(
                    f"{target.kind} version {target.name}:{target.version} is READY; "
                    "READY versions are deleted, not aborted"
                )
            if row.state == db.PENDING:
                row.state = db.FAILED
                row.failure_reason = reason[:4096]
                row.updated_at = db.utcnow()
        # After the commit: a FAILED version is never served, so removing its
        # bytes cannot hurt anyone; a retry of abort repeats this step.
        self.store.delete_prefix(keys.version_root(target))

    def _delete_version(self, target: Target, force: bool) -> int:
        check_name(target.kind, target.name)
        check_version("version", target.version)
        spec = KINDS[target.kind]
        with _tx(self.engine) as s, s.begin():
            row = _version(s, spec, target.name, target.version)
            if isinstance(row, db.ModelVersion):
                _release_model_versions(s, [row.id], force)
            else:
                s.execute(
                    update(db.ModelVersion)
                    .where(db.ModelVersion.dataset_version_id == row.id)
                    .values(dataset_version_id=None)
                )
            s.delete(row)
        return self.store.delete_prefix(keys.version_root(target))

    def _delete_owner(self, spec: _Kind, name: str, force: bool) -> int:
        check_name("name", name)
        with _tx(self.engine) as s, s.begin():
            owner = _owner(s, spec, name)
            fk = getattr(spec.version, spec.owner_fk)
            ids = list(s.scalars(select(spec.version.id).where(fk == owner.id)))
            if ids and not force:
                raise FailedPrecondition(
                    f"{spec.kind} {name!r} has {len(ids)} version(s); delete them first or "
                    "set force"
                )
            if spec is MODELS:
                _release_model_versions(s, ids, force=True)
            else:
                s.execute(
                    update(db.ModelVersion)
                    .where(db.ModelVersion.dataset_version_id.in_(ids))
                    .values(dataset_version_id=None)
                )
            for row in s.scalars(select(spec.version).where(fk == owner.id)):
                s.delete(row)
            s.flush()
            s.delete(owner)
        self.store.delete_prefix(keys.owner_root(spec.kind, name))
        return len(ids)

    def expire_stale(self, max_age_s: float, now: dt.datetime | None = None) -> list[Target]:
        """Abort PENDING versions untouched for ``max_age_s`` (not those being uploaded)."""
        cutoff = (now or db.utcnow()) - dt.timedelta(seconds=max_age_s)
        stale: list[Target] = []
        with _tx(self.engine) as s, s.begin():
            for spec in (MODELS, DATASETS):
                owner_name = spec.owner.name
                rows = s.execute(
                    select(owner_name, spec.version.number)
                    .join(spec.owner, getattr(spec.version, spec.owner_fk) == spec.owner.id)
                    .where(spec.version.state == db.PENDING, spec.version.updated_at < cutoff)
                )
                stale += [Target(spec.kind, n, v) for n, v in rows]
        done = []
        for target in stale:
            if self.guard.busy(target):
                continue
            try:
                self._abort(target, f"expired: PENDING for more than {max_age_s:.0f} s")
                done.append(target)
            except LmforgeError as e:
                log.warning("could not expire %s: %s", target, e)
        return done


# ---------------------------------------------------------------- helpers


def check_target(field: str, target: Target) -> Target:
    sub = "model_version.model" if target.kind == "model" else "dataset_version.dataset"
    version = "model_version" if target.kind == "model" else "dataset_version"
    check_name(f"{field}.{sub}", target.name)
    check_version(f"{field}.{version}.version", target.version)
    return target


def _expiry(seconds: int) -> dt.timedelta:
    if seconds < 0:
        raise InvalidArgument.field("expires_in_seconds", f"{seconds} is negative")
    expires = dt.timedelta(seconds=seconds) if seconds else DEFAULT_URL_EXPIRY
    if expires > MAX_URL_EXPIRY:
        raise InvalidArgument.field("expires_in_seconds", f"{seconds} is more than 7 days")
    return expires


def _exactly(chunks: Iterable[bytes], size: int, field: str) -> Iterator[bytes]:
    """Pass chunks through, failing (before the store completes the object) on a size mismatch."""
    seen = 0
    for chunk in chunks:
        seen += len(chunk)
        if seen > size:
            raise InvalidArgument.field(
                f"{field}.file.size_bytes",
                f"more than the declared {size} bytes were sent; the file was discarded",
            )
        yield chunk
    if seen != size:
        raise InvalidArgument.field(
            f"{field}.file.size_bytes",
            f"the stream ended after {seen} of the declared {size} bytes; the file was discarded",
        )


def _owner(s: Session, spec: _Kind, name: str) -> Any:
    row = s.scalar(select(spec.owner).where(spec.owner.name == name))
    if row is None:
        raise NotFound(f"{spec.kind} {name!r} not found")
    return row


def _version(s: Session, spec: _Kind, name: str, number: int, field: str = "") -> Any:
    """The version row; NOT_FOUND names ``field`` when the reference came from one."""
    prefix = f"{field}: " if field else ""
    owner: Any = s.scalar(select(spec.owner).where(spec.owner.name == name))
    if owner is None:
        raise NotFound(f"{prefix}{spec.kind} {name!r} not found")
    row: Any = s.scalar(
        select(spec.version).where(
            getattr(spec.version, spec.owner_fk) == owner.id, spec.version.number == number
        )
    )
    if row is None:
        raise NotFound(f"{prefix}{spec.kind} {name!r} has no version {number}")
    return row


def _pick_version(s: Session, spec: _Kind, owner: Any, name: str, number: int | None) -> Any:
    if number is not None:
        return _version(s, spec, name, number)
    row = s.scalar(
        select(spec.version)
        .where(getattr(spec.version, spec.owner_fk) == owner.id, spec.version.state == db.READY)
        .order_by(spec.version.number.desc())
        .limit(1)
    )
    if row is None:
        raise NotFound(f"reference: {spec.kind} {name!r} has no READY version yet")
    return row


def _pending(row: Any, target: Target) -> None:
    if row.state != db.PENDING:
        raise FailedPrecondition(
            f"{target.kind} version {target.name}:{target.version} is {row.state}; files can "
            "only change while it is PENDING (create a new version)"
        )


def _declare(s: Session, spec: _Kind, row: Any, entry: FileRecord, staged: bool) -> None:
    existing = next((f for f in row.files if f.path == entry.path), None)
    if existing is None:
        row.files.append(
            spec.file(path=entry.path, size=entry.size, sha256=entry.sha256, staged=staged)
        )
    else:
        existing.size, existing.sha256, existing.staged = entry.size, entry.sha256, staged
    row.updated_at = db.utcnow()


def _next_number(s: Session, spec: _Kind, owner_id: int) -> int:
    # One atomic statement: concurrent creates each get their own number
    # (a row lock on PostgreSQL, the database write lock on SQLite).
    number = s.execute(
        update(spec.owner)
        .where(spec.owner.id == owner_id)
        .values(latest_version=spec.owner.latest_version + 1)
        .returning(spec.owner.latest_version)
    ).scalar_one()
    return int(number)


def _release_model_versions(s: Session, ids: list[int], force: bool) -> None:
    """Drop what points at these versions (aliases, adapter bases), or refuse without force."""
    if not ids:
        return
    aliases = s.scalars(select(db.Alias).where(db.Alias.version_id.in_(ids))).all()
    adapters = s.scalars(
        select(db.ModelVersion).where(
            db.ModelVersion.base_version_id.in_(ids), db.ModelVersion.id.not_in(ids)
        )
    ).all()
    if (aliases or adapters) and not force:
        names = [f"alias {a.name!r}" for a in aliases] + [
            f"adapter {a.model.name}:{a.number}" for a in adapters
        ]
        raise FailedPrecondition(
            f"the version is still used by {', '.join(names)}; move those or set force"
        )
    for alias in aliases:
        s.delete(alias)
    for col in (db.ModelVersion.base_version_id, db.ModelVersion.parent_version_id):
        s.execute(update(db.ModelVersion).where(col.in_(ids)).values({col.key: None}))
    s.flush()


def _compare(model: str, alias: str, current: int, expected: int | None) -> None:
    if expected is not None and expected != current:
        where = f"version {current}" if current else "nothing (it does not exist)"
        raise _lost_race(model, alias, f"it points at {where}, not at {expected}")


def _lost_race(model: str, alias: str, why: str = "another client changed it") -> LmforgeError:
    from lmforge.errors import Aborted

    return Aborted(
        f"expected_version: alias {alias!r} of model {model!r} was not changed: {why}; "
        "read it again and retry"
    )


def _scan(
    s: Session,
    stmt: Select[Any],
    key: Any,
    after: Any,
    size: int,
    keep: Callable[[Any], bool] | None,
    *,
    ascending: bool,
) -> list[Any]:
    """Up to size + 1 rows after ``after`` that pass ``keep`` (the +1 says: more exist)."""
    out: list[Any] = []
    batch = max(size + 1, 100)
    while len(out) <= size:
        q = stmt
        if after is not None:
            q = q.where(key > after if ascending else key < after)
        rows = list(s.scalars(q.limit(batch)))
        out += [r for r in rows if keep is None or keep(r)]
        if len(rows) < batch:
            break
        after = getattr(rows[-1], key.key)
    return out[: size + 1]


def _page(items: list[Any], size: int, key: Callable[[Any], Any]) -> Page[Any]:
    if len(items) > size:
        return Page(items[:size], encode_token(key(items[size - 1])))
    return Page(items)


def _model_record(m: db.Model) -> ModelRecord:
    return ModelRecord(
        name=m.name,
        task=m.task,
        labels=list(m.labels or []),
        description=m.description,
        tags=dict(m.tags or {}),
        aliases={a.name: a.version.number for a in m.aliases},
        latest_version=m.latest_version,
        created_at=_utc(m.created_at),
        updated_at=_utc(m.updated_at),
    )


def _ref(v: Any, owner_attr: str) -> VersionRef | None:
    if v is None:
        return None
    return VersionRef(getattr(v, owner_attr).name, v.number)


def _files(rows: Iterable[Any]) -> list[FileRecord]:
    return [FileRecord(f.path, f.size, f.sha256) for f in rows]


def _model_version_record(s: Session, v: db.ModelVersion) -> ModelVersionRecord:
    aliases = s.scalars(
        select(db.Alias.name).where(db.Alias.version_id == v.id).order_by(db.Alias.name)
    )
    return ModelVersionRecord(
        model=v.model.name,
        version=v.number,
        state=v.state,
        format=v.format,
        files=_files(v.files),
        base=_ref(v.base, "model"),
        parent=_ref(v.parent, "model"),
        source_job_id=v.source_job_id,
        dataset=_ref(v.dataset_version, "dataset"),
        hyperparameters=dict(v.hyperparameters or {}),
        metrics=dict(v.metrics or {}),
        tags=dict(v.tags or {}),
        description=v.description,
        aliases=list(aliases),
        failure_reason=v.failure_reason,
        created_at=_utc(v.created_at),
        updated_at=_utc(v.updated_at),
    )


def _dataset_record(d: db.Dataset) -> DatasetRecord:
    return DatasetRecord(
        name=d.name,
        description=d.description,
        tags=dict(d.tags or {}),
        latest_version=d.latest_version,
        created_at=_utc(d.created_at),
        updated_at=_utc(d.updated_at),
    )


def _dataset_version_record(v: db.DatasetVersion) -> DatasetVersionRecord:
    return DatasetVersionRecord(
        dataset=v.dataset.name,
        version=v.number,
        state=v.state,
        format=v.format,
        files=_files(v.files),
        row_count=v.row_count,
        columns=list(v.columns or []),
        tags=dict(v.tags or {}),
        description=v.description,
        failure_reason=v.failure_reason,
        created_at=_utc(v.created_at),
        updated_at=_utc(v.updated_at),
    )


__all__ = ["Registry", "check_target"]
