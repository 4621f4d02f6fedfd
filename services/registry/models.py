"""Models and model versions, LoRA adapter versions (lineage.base) included."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from sqlalchemy import Engine, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from lmforge.errors import AlreadyExists, FailedPrecondition, InvalidArgument, NotFound

from . import db, events, queries
from .entities import (
    MODEL_FORMATS,
    FileRecord,
    ModelRecord,
    ModelVersionRecord,
    Page,
    Target,
    VersionRef,
)
from .entity_rows import model_record, model_version_record
from .paging import list_versions, page_of, scan
from .queries import DATASETS, MODELS
from .validate import (
    check_description,
    check_files,
    check_labels,
    check_metrics,
    check_name,
    check_tags,
    check_task,
    check_version,
    decode_token,
    page_size,
)
from .versioned_store import VersionedStore, VersionKind

# Tasks whose models can carry a LoRA adapter served by lmforge.
ADAPTER_BASE_TASKS = ("text-generation", "text-classification")


class ModelsMixin:
    """``Registry``'s model and model-version methods (the attributes are set by
    ``Registry.__init__``; the version lifecycle is ``versions``, shared with datasets)."""

    engine: Engine
    notifier: events.Notifier
    versions: VersionedStore
    max_file_bytes: int

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
        with queries.tx(self.engine) as s, s.begin():
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
            out = model_record(model)
            events.emit(s, [events.owner_event("model", name, "CREATED")], self.notifier)
            return out

    def get_model(self, name: str) -> ModelRecord:
        check_name("name", name)
        with queries.tx(self.engine) as s, s.begin():
            return model_record(queries.owner(s, MODELS, name))

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

        with queries.tx(self.engine) as s, s.begin():
            found = scan(s, stmt, db.Model.name, after, size, keep, ascending=True)
            return page_of([model_record(m) for m in found], size, lambda r: r.name)

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
        with queries.tx(self.engine) as s, s.begin():
            model = queries.owner(s, MODELS, name)
            if labels is not None:
                model.labels = check_labels("model.labels", model.task, labels)
            if description is not None:
                model.description = description
            if tags is not None:
                model.tags = dict(tags)
            model.updated_at = db.utcnow()
            s.flush()
            return model_record(model)

    def delete_model(self, name: str, force: bool = False) -> int:
        return self.versions.delete_owner("model", name, force)

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
        files = check_files("files", files, self.max_file_bytes)
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

        with queries.tx(self.engine) as s, s.begin():
            owner = queries.owner(s, MODELS, model)
            assert isinstance(owner, db.Model)
            base_row = parent_row = dataset_row = None
            if base is not None:
                base_row = self._adapter_base(s, owner, base)
            if parent is not None:
                parent_row = queries.version(
                    s, MODELS, parent.name, parent.version, "lineage.parent"
                )
            if dataset is not None:
                dataset_row = queries.version(
                    s, DATASETS, dataset.name, dataset.version, "lineage.dataset"
                )
            number = queries.next_number(s, MODELS, owner.id)
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
            out = model_version_record(s, row)
            events.emit(s, [events.version_event("model", model, number, "CREATED")], self.notifier)
            return out

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
        row = queries.version(s, MODELS, base.name, base.version, "lineage.base")
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
        with queries.tx(self.engine) as s, s.begin():
            return model_version_record(s, queries.version(s, MODELS, model, version))

    def list_model_versions(
        self, model: str, size: int = 0, token: str = "", state: str = ""
    ) -> Page[ModelVersionRecord]:
        check_name("model", model)
        with queries.tx(self.engine) as s, s.begin():
            found = list_versions(s, MODELS, model, size, token, state)
            return page_of(
                [model_version_record(s, r) for r in found], page_size(size), lambda r: r.version
            )

    def finalize_model_version(self, model: str, version: int) -> ModelVersionRecord:
        self.versions.finalize(Target("model", model, version))
        return self.get_model_version(model, version)

    def abort_model_version(self, model: str, version: int, reason: str = "") -> ModelVersionRecord:
        self.versions.abort(Target("model", model, version), reason or "aborted by a client")
        return self.get_model_version(model, version)

    def delete_model_version(self, model: str, version: int, force: bool = False) -> int:
        return self.versions.delete_version(Target("model", model, version), force)


def _check_model_files(paths: list[str], fmt: str) -> str:
    if fmt == "PEFT_ADAPTER" and "adapter_config.json" not in paths:
        raise FailedPrecondition(
            "files: a PEFT adapter version needs adapter_config.json at its root"
        )
    return fmt


def _release_model_versions(s: Session, ids: list[int], force: bool) -> list[events.EventRecord]:
    """Drop what points at these versions (aliases, adapter bases), or refuse without force.

    Returns the ALIAS_DELETED events of the aliases it dropped.
    """
    if not ids:
        return []
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
    gone = [events.alias_event(a.model.name, a.name, a.version.number, 0) for a in aliases]
    for alias in aliases:
        s.delete(alias)
    for col in (db.ModelVersion.base_version_id, db.ModelVersion.parent_version_id):
        s.execute(update(db.ModelVersion).where(col.in_(ids)).values({col.key: None}))
    s.flush()
    return gone


MODEL_VERSIONS = VersionKind(
    MODELS,
    check_files=_check_model_files,
    inspect=None,  # weights are only hashed
    ready_values=lambda _fmt, _shapes: {},
    release=_release_model_versions,
)
