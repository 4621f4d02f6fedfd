"""What the coordinator needs from the registry, over gRPC: resolve inputs, register outputs.

Registry errors come back as lmforge exceptions (NOT_FOUND stays NotFound),
so a SubmitJob naming an unknown model fails with the registry's own message.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import grpc

from lmforge.errors import Unavailable, from_rpc_error
from lmforge.registry_transfer import push_model_folder
from lmforge.services.core.registry_client import RegistryConnection
from lmforge.v1 import common_pb2, registry_pb2, registry_pb2_grpc

_DATASET_FORMATS = {
    registry_pb2.DATASET_FORMAT_JSONL: "jsonl",
    registry_pb2.DATASET_FORMAT_CSV: "csv",
    registry_pb2.DATASET_FORMAT_PARQUET: "parquet",
}


@dataclass(frozen=True)
class ResolvedModel:
    name: str
    version: int
    task: str  # the registry's task: "text-generation" or "text-classification"
    labels: list[str]
    format: str  # "hf_folder", "peft_adapter", "gguf" or ""
    files: list[str]
    sha256: dict[str, str] = field(default_factory=dict)  # path -> recorded hex digest
    storage_prefix: str = ""  # object key of a file: storage_prefix + path
    metrics: dict[str, float] = field(default_factory=dict)  # the version's recorded metrics


@dataclass(frozen=True)
class ResolvedDataset:
    name: str
    version: int
    format: str  # "jsonl", "csv", "parquet" or ""
    columns: list[str]
    files: list[str]
    row_count: int
    sha256: dict[str, str] = field(default_factory=dict)  # path -> recorded hex digest
    storage_prefix: str = ""  # object key of a file: storage_prefix + path


@dataclass
class OutputVersion:
    """A trained result to register."""

    model: str
    task: str
    labels: list[str]
    adapter: bool
    base: tuple[str, int]
    dataset: tuple[str, int]
    job_id: str
    hyperparameters: dict[str, str]
    metrics: dict[str, float]
    description: str = ""
    tags: dict[str, str] = field(default_factory=dict)


class RegistryClient:
    """The coordinator's registry calls, over the services' shared registry channel."""

    def __init__(self, connection: RegistryConnection, timeout: float = 30.0) -> None:
        self.address = connection.address
        self.timeout = timeout
        self._channel = connection.channel()  # TLS and token as the settings say
        self.stub = registry_pb2_grpc.RegistryServiceStub(self._channel)

    def close(self) -> None:
        self._channel.close()

    def _call(self, method: Any, request: Any, timeout: float | None = None) -> Any:
        try:
            return method(request, timeout=timeout or self.timeout)
        except grpc.RpcError as e:
            err = from_rpc_error(e)
            if e.code() in (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED):
                raise Unavailable(f"the registry at {self.address} is unreachable: {err}") from e
            raise err from e

    def resolve_model(self, reference: str) -> ResolvedModel:
        r = self._call(
            self.stub.ResolveModel, registry_pb2.ResolveModelRequest(reference=reference)
        )
        fmt = registry_pb2.ModelFormat.Name(r.version.format).removeprefix("MODEL_FORMAT_")
        return ResolvedModel(
            name=r.model.name,
            version=r.version.version,
            task=r.model.task,
            labels=list(r.model.labels),
            format="" if fmt == "UNSPECIFIED" else fmt.lower(),
            files=[f.path for f in r.version.files],
            sha256={f.path: f.sha256 for f in r.version.files},
            storage_prefix=r.version.storage_prefix,
            metrics=dict(r.version.metrics),
        )

    def resolve_dataset(self, reference: str) -> ResolvedDataset:
        r = self._call(
            self.stub.ResolveDataset, registry_pb2.ResolveDatasetRequest(reference=reference)
        )
        return ResolvedDataset(
            name=r.dataset.name,
            version=r.version.version,
            format=_DATASET_FORMATS.get(r.version.format, ""),
            columns=list(r.version.columns),
            files=[f.path for f in r.version.files],
            row_count=r.version.row_count,
            sha256={f.path: f.sha256 for f in r.version.files},
            storage_prefix=r.version.storage_prefix,
        )

    def promote(
        self,
        model: str,
        version: int,
        alias: str,
        metric: str,
        greater_is_better: bool,
        expected: int,
    ) -> registry_pb2.PromoteVersionResponse:
        """The registry's gated promotion: ``model@alias`` moves to ``version`` if its
        ``metric`` beats the target's and the alias still points at ``expected``
        (0: must not exist; Aborted otherwise). The registry records the decision."""
        out: registry_pb2.PromoteVersionResponse = self._call(
            self.stub.PromoteVersion,
            registry_pb2.PromoteVersionRequest(
                model=model,
                version=version,
                alias=alias,
                metric=metric,
                greater_is_better=greater_is_better,
                expected_version=expected,
            ),
        )
        return out

    def register(self, folder: Path, out: OutputVersion) -> tuple[str, int]:
        """Upload ``folder`` as a new READY version of ``out.model``; (model, version).

        All or nothing (the shared push helper aborts the version on any error).
        """
        lineage = registry_pb2.Lineage(
            source_job_id=out.job_id,
            dataset=common_pb2.DatasetVersionKey(dataset=out.dataset[0], version=out.dataset[1]),
            hyperparameters=out.hyperparameters,
        )
        base = common_pb2.ModelVersionKey(model=out.base[0], version=out.base[1])
        if out.adapter:
            lineage.base.CopyFrom(base)  # an adapter is served on top of this version
        else:
            lineage.parent.CopyFrom(base)  # a full model derived from this version
        try:
            version = push_model_folder(
                self.stub,
                out.model,
                folder,
                task=out.task,
                labels=out.labels,
                format=(
                    registry_pb2.MODEL_FORMAT_PEFT_ADAPTER
                    if out.adapter
                    else registry_pb2.MODEL_FORMAT_HF_FOLDER
                ),
                lineage=lineage,
                metrics=out.metrics,
                tags=out.tags,
                description=out.description,
                timeout=600,
            )
        except grpc.RpcError as e:
            raise from_rpc_error(e) from e
        return out.model, version.version
