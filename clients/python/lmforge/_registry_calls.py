"""The registry part of ``lmforge.Client``: models, versions, aliases, datasets, transfers."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from lmforge import _convert, _requests
from lmforge import types as t
from lmforge._calls import Progress, ServiceCalls, pages
from lmforge.v1 import registry_pb2

if TYPE_CHECKING:
    from lmforge.client import Client


class _RegistryCalls(ServiceCalls):
    """Calls of the registry service (mixed into ``lmforge.Client``)."""

    # ------------------------------------------------------------------ models

    def create_model(
        self,
        name: str,
        *,
        task: str,
        labels: Sequence[str] = (),
        description: str = "",
        tags: Mapping[str, str] | None = None,
    ) -> t.Model:
        """Register a model name with its task (and label names for a classifier)."""
        m = registry_pb2.Model(
            name=name, task=task, labels=list(labels), description=description, tags=tags or {}
        )
        reply = self._registry.unary("CreateModel", registry_pb2.CreateModelRequest(model=m))
        return _convert.model(reply.model)

    def get_model(self, name: str) -> t.Model:
        reply = self._registry.unary(
            "GetModel", registry_pb2.GetModelRequest(name=name), idempotent=True
        )
        return _convert.model(reply.model)

    def watch_events(
        self,
        *,
        after_sequence: int | None = None,
        model: str = "",
        kinds: Sequence[str] = (),
        timeout: float | None = None,
    ) -> Iterator[t.RegistryEvent]:
        """The registry's changes as they commit (WatchEvents).

        ``after_sequence=None`` streams new events only; ``0`` replays the
        retained history first; ``N`` resumes after event N. Filter by
        ``model`` and by ``kinds`` (see ``lmforge.types.RegistryEvent``).
        """
        req = _convert.watch_events_request(after_sequence, model, kinds)
        stream = self._registry.stream(
            "WatchEvents",
            req,
            lambda r: _convert.registry_event(r.event) if r.HasField("event") else None,
            timeout=timeout,
        )
        try:
            for event in stream:
                if event is not None:  # the first message only says the watch started
                    yield event
        finally:
            stream.cancel()

    def list_models(
        self, *, task: str | None = None, tag: str | None = None, limit: int | None = None
    ) -> list[t.Model]:
        """Every model (over all pages), optionally filtered by task or tag ("k" or "k=v")."""

        def fetch(token: str) -> Any:
            req = registry_pb2.ListModelsRequest(page_token=token, task=task or "", tag=tag or "")
            return self._registry.unary("ListModels", req, idempotent=True)

        return [_convert.model(m) for m in pages(fetch, "models", limit)]

    def update_model(
        self,
        name: str,
        *,
        description: str | None = None,
        tags: Mapping[str, str] | None = None,
        labels: Sequence[str] | None = None,
    ) -> t.Model:
        """Change only the fields given."""
        req = _requests.update_model(name, description, tags, labels)
        return _convert.model(self._registry.unary("UpdateModel", req).model)

    def delete_model(self, name: str, *, force: bool = False) -> int:
        """Delete a model; ``force`` also deletes its versions. Returns versions deleted."""
        req = registry_pb2.DeleteModelRequest(name=name, force=force)
        return int(self._registry.unary("DeleteModel", req).deleted_versions)

    # ---------------------------------------------------------------- versions

    def create_model_version(
        self,
        model: str,
        *,
        format: str = "hf_folder",
        base: str | None = None,
        parent: str | None = None,
        source_job_id: str = "",
        metrics: Mapping[str, float] | None = None,
        tags: Mapping[str, str] | None = None,
        description: str = "",
    ) -> t.ModelVersion:
        """A new PENDING version. An adapter (``format="peft_adapter"``) names its ``base``."""
        lineage = registry_pb2.Lineage(source_job_id=source_job_id)
        if base:
            lineage.base.CopyFrom(_requests.version_key(base, "lineage.base"))
        if parent:
            lineage.parent.CopyFrom(_requests.version_key(parent, "lineage.parent"))
        req = registry_pb2.CreateModelVersionRequest(
            model=model,
            format=_requests.choice("format", format, _requests.MODEL_FORMATS),
            lineage=lineage,
            metrics=metrics or {},
            tags=tags or {},
            description=description,
        )
        return _convert.model_version(self._registry.unary("CreateModelVersion", req).version)

    def finalize_model_version(self, model: str, version: int) -> t.ModelVersion:
        req = registry_pb2.FinalizeModelVersionRequest(model=model, version=version)
        return _convert.model_version(self._registry.unary("FinalizeModelVersion", req).version)

    def abort_model_version(self, model: str, version: int, *, reason: str = "") -> t.ModelVersion:
        req = registry_pb2.AbortModelVersionRequest(model=model, version=version, reason=reason)
        return _convert.model_version(self._registry.unary("AbortModelVersion", req).version)

    def get_model_version(self, model: str, version: int) -> t.ModelVersion:
        req = registry_pb2.GetModelVersionRequest(model=model, version=version)
        reply = self._registry.unary("GetModelVersion", req, idempotent=True)
        return _convert.model_version(reply.version)

    def list_model_versions(
        self, model: str, *, state: str | None = None, limit: int | None = None
    ) -> list[t.ModelVersion]:
        """Versions, newest first; ``state`` is "pending", "ready" or "failed"."""
        st = _requests.choice("state", state, _requests.VERSION_STATES) if state else 0

        def fetch(token: str) -> Any:
            req = registry_pb2.ListModelVersionsRequest(model=model, page_token=token, state=st)  # type: ignore[arg-type]
            return self._registry.unary("ListModelVersions", req, idempotent=True)

        return [_convert.model_version(v) for v in pages(fetch, "versions", limit)]

    def delete_model_version(self, model: str, version: int, *, force: bool = False) -> int:
        req = registry_pb2.DeleteModelVersionRequest(model=model, version=version, force=force)
        return int(self._registry.unary("DeleteModelVersion", req).deleted_objects)

    def set_alias(
        self, model: str, alias: str, version: int, *, expected_version: int | None = None
    ) -> t.Model:
        """Point ``alias`` at ``version``; with ``expected_version`` only if it still points
        there (0: only if it does not exist yet), else ``lmforge.errors.Aborted``."""
        req = registry_pb2.SetAliasRequest(model=model, alias=alias, version=version)
        if expected_version is not None:
            req.expected_version = expected_version
        return _convert.model(self._registry.unary("SetAlias", req).model)

    def delete_alias(self, model: str, alias: str, *, expected_version: int | None = None) -> int:
        req = registry_pb2.DeleteAliasRequest(model=model, alias=alias)
        if expected_version is not None:
            req.expected_version = expected_version
        return int(self._registry.unary("DeleteAlias", req).previous_version)

    def resolve(self, reference: str) -> t.Resolved:
        """``"name"`` (latest READY), ``"name:3"`` or ``"name@prod"`` -> the version and files."""
        req = registry_pb2.ResolveModelRequest(reference=reference)
        return _convert.resolved(self._registry.unary("ResolveModel", req, idempotent=True))

    def push_model(
        self,
        path: str | Path,
        name: str,
        *,
        task: str | None = None,
        labels: Sequence[str] = (),
        base: str | None = None,
        description: str = "",
        tags: Mapping[str, str] | None = None,
        progress: Progress | None = None,
    ) -> t.ModelVersion:
        """Upload a local HF folder, PEFT adapter folder or GGUF file as a new READY version.

        The model is created first when missing (``task`` is then required,
        else it is read from the folder's config). A failed upload aborts the
        version, so it never becomes READY with missing bytes.
        """
        from lmforge import _transfer

        return _transfer.push_model(
            cast("Client", self),
            Path(path),
            name,
            task=task,
            labels=labels,
            base=base,
            description=description,
            tags=tags,
            progress=progress,
        )

    def download_model(
        self, reference: str, dest: str | Path, *, progress: Progress | None = None
    ) -> Path:
        """Download every file of a version into ``dest`` (checked against its sha256)."""
        from lmforge import _transfer

        return _transfer.download_model(
            cast("Client", self), reference, Path(dest), progress=progress
        )

    # ---------------------------------------------------------------- datasets

    def create_dataset(
        self, name: str, *, description: str = "", tags: Mapping[str, str] | None = None
    ) -> t.Dataset:
        d = registry_pb2.Dataset(name=name, description=description, tags=tags or {})
        reply = self._registry.unary("CreateDataset", registry_pb2.CreateDatasetRequest(dataset=d))
        return _convert.dataset(reply.dataset)

    def get_dataset(self, name: str) -> t.Dataset:
        req = registry_pb2.GetDatasetRequest(name=name)
        return _convert.dataset(self._registry.unary("GetDataset", req, idempotent=True).dataset)

    def list_datasets(self, *, limit: int | None = None) -> list[t.Dataset]:
        def fetch(token: str) -> Any:
            req = registry_pb2.ListDatasetsRequest(page_token=token)
            return self._registry.unary("ListDatasets", req, idempotent=True)

        return [_convert.dataset(d) for d in pages(fetch, "datasets", limit)]

    def delete_dataset(self, name: str, *, force: bool = False) -> int:
        req = registry_pb2.DeleteDatasetRequest(name=name, force=force)
        return int(self._registry.unary("DeleteDataset", req).deleted_versions)

    def get_dataset_version(self, dataset: str, version: int) -> t.DatasetVersion:
        req = registry_pb2.GetDatasetVersionRequest(dataset=dataset, version=version)
        reply = self._registry.unary("GetDatasetVersion", req, idempotent=True)
        return _convert.dataset_version(reply.version)

    def finalize_dataset_version(self, dataset: str, version: int) -> t.DatasetVersion:
        req = registry_pb2.FinalizeDatasetVersionRequest(dataset=dataset, version=version)
        return _convert.dataset_version(self._registry.unary("FinalizeDatasetVersion", req).version)

    def abort_dataset_version(
        self, dataset: str, version: int, *, reason: str = ""
    ) -> t.DatasetVersion:
        req = registry_pb2.AbortDatasetVersionRequest(
            dataset=dataset, version=version, reason=reason
        )
        return _convert.dataset_version(self._registry.unary("AbortDatasetVersion", req).version)

    def delete_dataset_version(self, dataset: str, version: int) -> int:
        req = registry_pb2.DeleteDatasetVersionRequest(dataset=dataset, version=version)
        return int(self._registry.unary("DeleteDatasetVersion", req).deleted_objects)

    def list_dataset_versions(
        self, dataset: str, *, limit: int | None = None
    ) -> list[t.DatasetVersion]:
        def fetch(token: str) -> Any:
            req = registry_pb2.ListDatasetVersionsRequest(dataset=dataset, page_token=token)
            return self._registry.unary("ListDatasetVersions", req, idempotent=True)

        return [_convert.dataset_version(v) for v in pages(fetch, "versions", limit)]

    def resolve_dataset(self, reference: str) -> t.DatasetVersion:
        req = registry_pb2.ResolveDatasetRequest(reference=reference)
        reply = self._registry.unary("ResolveDataset", req, idempotent=True)
        return _convert.dataset_version(reply.version)

    def push_dataset(
        self,
        name: str,
        data: Any,
        *,
        description: str = "",
        tags: Mapping[str, str] | None = None,
        progress: Progress | None = None,
    ) -> t.DatasetVersion:
        """Push rows as a new READY dataset version (the dataset is created when missing).

        ``data``: a list of dicts, a pandas DataFrame, a path to a JSONL, CSV or
        Parquet file, or ``lmforge.SQL(query, url)`` (rows read from a
        database through SQLAlchemy).
        """
        from lmforge import _transfer

        return _transfer.push_dataset(
            cast("Client", self), name, data, description=description, tags=tags, progress=progress
        )
