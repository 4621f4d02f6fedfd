"""The services' one registry client: channels, resolving references, registering outputs.

Inference (asyncio, ``AsyncRegistryClient``) and training (threads,
``RegistryClient``) both reach the registry through this module, so both
honour the same settings (plaintext or TLS, a CA bundle to verify the
registry, an optional client certificate for mutual TLS, the services' shared
``auth_token`` as a bearer token), read a ResolveModel reply the same way and
map its errors the same way: a registry that cannot be reached is
``Unavailable`` naming its address, any other status the matching lmforge
error (NOT_FOUND stays NotFound, with the registry's own message).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import grpc

from lmforge import channels, enums
from lmforge.errors import InvalidArgument, LmforgeError, Unavailable, from_rpc_error
from lmforge.registry_transfer import push_model_folder
from lmforge.targets import hosts
from lmforge.v1 import common_pb2, registry_pb2, registry_pb2_grpc

from .settings import RegistryClientSettings, is_loopback

if TYPE_CHECKING:
    from pydantic import SecretStr

log = logging.getLogger(__name__)


def _read(field: str, path: Path | None) -> bytes | None:
    if path is None:
        return None
    try:
        return path.read_bytes()
    except OSError as e:
        raise InvalidArgument.field(field, f"cannot read {path}: {e}") from e


class RegistryConnection:
    """Settings turned into channels to the registry (one per caller, opened on demand)."""

    def __init__(self, settings: RegistryClientSettings, token: SecretStr | None = None) -> None:
        self.address = settings.registry_address
        self.tls = settings.registry_uses_tls
        self._token = token
        self._credentials: grpc.ChannelCredentials | None = None
        if self.tls:
            cert = _read("registry_client_cert_file", settings.registry_client_cert_file)
            key = _read("registry_client_key_file", settings.registry_client_key_file)
            self._credentials = grpc.ssl_channel_credentials(
                root_certificates=_read("registry_ca_file", settings.registry_ca_file),
                private_key=key,
                certificate_chain=cert,
            )
        remote = [a for a in hosts(self.address) if not is_loopback(a.rsplit(":", 1)[0])]
        if token is not None and not self.tls and remote:
            log.warning(
                "the auth token is sent to the registry at %s in plaintext; set "
                "LMFORGE_REGISTRY_TLS (and LMFORGE_REGISTRY_CA_FILE) to protect it",
                self.address,
            )

    def __repr__(self) -> str:  # never the token
        return (
            f"RegistryConnection({self.address!r}, tls={self.tls}, token={self._token is not None})"
        )

    @property
    def metadata(self) -> tuple[tuple[str, str], ...]:
        return channels.bearer(self._token.get_secret_value() if self._token else None)

    def channel(self, options: list[tuple[str, Any]] | None = None) -> grpc.Channel:
        """A synchronous channel whose every call carries the token."""
        # Several registry replicas ("a:1,b:2", "ipv4:...", "dns:..."): round robin.
        return channels.open_channel(
            self.address, credentials=self._credentials, metadata=self.metadata, options=options
        )

    def aio_channel(self, options: list[tuple[str, Any]] | None = None) -> grpc.aio.Channel:
        """An asyncio channel (create it on the loop that uses it) carrying the token."""
        return channels.open_aio_channel(
            self.address, credentials=self._credentials, metadata=self.metadata, options=options
        )

    @staticmethod
    def stub(channel: grpc.Channel | grpc.aio.Channel) -> registry_pb2_grpc.RegistryServiceStub:
        return registry_pb2_grpc.RegistryServiceStub(channel)


def registry_connection(settings: Any) -> RegistryConnection:
    """The connection for a service's settings (a RegistryClientSettings with auth_token)."""
    return RegistryConnection(settings, getattr(settings, "auth_token", None))


# ---------------------------------------------------------------- what comes back


@dataclass(frozen=True)
class ResolvedModel:
    """One READY model version as ResolveModel describes it."""

    name: str
    version: int
    task: str  # the registry's task, e.g. "text-generation"
    labels: list[str]
    format: str  # "hf_folder", "peft_adapter", "gguf" or "" (lmforge.enums names)
    files: list[str]
    sha256: dict[str, str] = field(default_factory=dict)  # path -> recorded hex digest
    storage_prefix: str = ""  # object key of a file: storage_prefix + path
    metrics: dict[str, float] = field(default_factory=dict)  # the version's recorded metrics
    sizes: dict[str, int] = field(default_factory=dict)  # path -> size in bytes
    base: tuple[str, int] | None = None  # for an adapter: (base model, base version)


@dataclass(frozen=True)
class ResolvedDataset:
    """One READY dataset version as ResolveDataset describes it."""

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


def _format(enum: Any, value: int) -> str:
    """The enums' lower-case name; "" for UNSPECIFIED (an older registry)."""
    name = enums.name_of(enum, value)
    return "" if name == "UNSPECIFIED" else name.lower()


def resolved_model(reply: registry_pb2.ResolveModelResponse) -> ResolvedModel:
    v = reply.version
    base = None
    if v.lineage.HasField("base") and v.lineage.base.model:
        base = (v.lineage.base.model, int(v.lineage.base.version))
    return ResolvedModel(
        name=reply.model.name or v.model,
        version=int(v.version),
        task=reply.model.task,
        labels=list(reply.model.labels),
        format=_format(registry_pb2.ModelFormat, v.format),
        files=[f.path for f in v.files],
        sha256={f.path: f.sha256 for f in v.files},
        storage_prefix=v.storage_prefix,
        metrics=dict(v.metrics),
        sizes={f.path: int(f.size_bytes) for f in v.files},
        base=base,
    )


def resolved_dataset(reply: registry_pb2.ResolveDatasetResponse) -> ResolvedDataset:
    v = reply.version
    return ResolvedDataset(
        name=reply.dataset.name,
        version=int(v.version),
        format=_format(registry_pb2.DatasetFormat, v.format),
        columns=list(v.columns),
        files=[f.path for f in v.files],
        row_count=int(v.row_count),
        sha256={f.path: f.sha256 for f in v.files},
        storage_prefix=v.storage_prefix,
    )


def registry_error(e: grpc.RpcError, address: str) -> LmforgeError:
    """The lmforge error for a failed registry call (sync or asyncio)."""
    err = from_rpc_error(e)
    if e.code() in (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED):
        return Unavailable(f"the registry at {address} is unreachable: {err}")
    return err


def _raise(e: grpc.RpcError, address: str) -> NoReturn:
    raise registry_error(e, address) from e


# ------------------------------------------------------------------------ clients


class RegistryClient:
    """Blocking registry calls (training's coordinator and driver threads)."""

    def __init__(self, connection: RegistryConnection, timeout: float = 30.0) -> None:
        self.address = connection.address
        self.timeout = timeout
        self._channel = connection.channel()  # TLS and token as the settings say
        self.stub = connection.stub(self._channel)

    def close(self) -> None:
        self._channel.close()

    def _call(self, method: Any, request: Any, timeout: float | None = None) -> Any:
        try:
            return method(request, timeout=timeout or self.timeout)
        except grpc.RpcError as e:
            _raise(e, self.address)

    def resolve_model(self, reference: str) -> ResolvedModel:
        return resolved_model(
            self._call(
                self.stub.ResolveModel, registry_pb2.ResolveModelRequest(reference=reference)
            )
        )

    def resolve_dataset(self, reference: str) -> ResolvedDataset:
        return resolved_dataset(
            self._call(
                self.stub.ResolveDataset, registry_pb2.ResolveDatasetRequest(reference=reference)
            )
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
            # Not mapped to Unavailable: an upload cut mid-way is reported as it came.
            raise from_rpc_error(e) from e
        return out.model, version.version


class AsyncRegistryClient:
    """Registry calls on an asyncio loop (inference); the channel opens on first use,
    on the loop that uses it."""

    def __init__(self, connection: RegistryConnection, timeout: float = 30.0) -> None:
        self.connection = connection
        self.address = connection.address
        self.timeout = timeout
        self._channel: grpc.aio.Channel | None = None

    def _stub(
        self,
    ) -> Any:  # an asyncio stub: its calls are awaitables (grpc-stubs types them sync)
        if self._channel is None:
            self._channel = self.connection.aio_channel()
        return self.connection.stub(self._channel)

    async def resolve_model(self, reference: str) -> ResolvedModel:
        try:
            reply = await self._stub().ResolveModel(
                registry_pb2.ResolveModelRequest(reference=reference), timeout=self.timeout
            )
        except grpc.aio.AioRpcError as e:
            _raise(e, self.address)
        return resolved_model(reply)

    async def close(self) -> None:
        if self._channel is not None:
            await self._channel.close(None)
            self._channel = None
