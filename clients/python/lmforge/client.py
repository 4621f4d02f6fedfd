"""``lmforge.Client``: typed, keyword-argument methods over the three services.

Every method returns plain dataclasses from ``lmforge.types``; streams are
iterators you can ``cancel()``; every failure is an ``lmforge.errors``
exception (translated in one place, ``lmforge._rpc``). Calls that are safe to
repeat (reads, generation, classification) are retried with backoff when a
service is UNAVAILABLE.

    from lmforge import Client

    with Client() as c:                       # addresses from LMFORGE_* or defaults
        for m in c.list_models():
            print(m.name, m.task)
        for d in c.generate_stream(model="chat", prompt="Hello"):
            print(d.text, end="")
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from lmforge import _convert, _requests
from lmforge import types as t
from lmforge._config import Connection
from lmforge._rpc import Rpc, Stream, open_channel
from lmforge.errors import InvalidArgument
from lmforge.v1 import (
    inference_pb2,
    inference_pb2_grpc,
    registry_pb2,
    registry_pb2_grpc,
    training_pb2,
    training_pb2_grpc,
)

Progress = Callable[[int, int], None]
"""Called as ``progress(bytes_done, bytes_total)`` while files move."""

_STUBS = {
    "registry": registry_pb2_grpc.RegistryServiceStub,
    "inference": inference_pb2_grpc.InferenceServiceStub,
    "training": training_pb2_grpc.TrainingServiceStub,
}


def _pages(fetch: Callable[[str], Any], items: str, limit: int | None) -> Iterator[Any]:
    """Every item over all pages (or the first ``limit``)."""
    token = ""
    seen = 0
    while True:
        reply = fetch(token)
        for item in getattr(reply, items):
            yield item
            seen += 1
            if limit is not None and seen >= limit:
                return
        token = reply.next_page_token
        if not token:
            return


class Client:
    """A synchronous client of the registry, inference and training services.

    Addresses come from the arguments, else ``LMFORGE_REGISTRY_ADDRESS``,
    ``LMFORGE_INFERENCE_ADDRESS``, ``LMFORGE_TRAINING_ADDRESS``, else
    127.0.0.1:50051/50052/50053. ``token`` (else ``LMFORGE_AUTH_TOKEN``) is
    sent as ``authorization: Bearer``. ``tls=True`` or ``root_certificates``
    (PEM bytes or a file path; else ``LMFORGE_TLS_CA_FILE``) use TLS.
    Channels open on first use, so a client for one service never touches
    the others.
    """

    def __init__(
        self,
        registry: str | None = None,
        inference: str | None = None,
        training: str | None = None,
        *,
        token: str | None = None,
        tls: bool | None = None,
        root_certificates: bytes | str | Path | None = None,
        timeout: float | None = None,
        retries: int = 4,
        backoff: float = 0.1,
    ) -> None:
        self.connection = Connection.build(
            registry=registry,
            inference=inference,
            training=training,
            token=token,
            tls=tls,
            root_certificates=root_certificates,
            timeout=timeout,
            retries=retries,
            backoff=backoff,
        )
        self._rpcs: dict[str, Rpc] = {}

    @classmethod
    def of(cls, client_or_addresses: Client | Mapping[str, str] | None = None) -> Client:
        """A client from a client (returned as is), a {service: address} dict, or the env."""
        if isinstance(client_or_addresses, Client):
            return client_or_addresses
        given = dict(client_or_addresses or {})
        return cls(given.get("registry"), given.get("inference"), given.get("training"))

    def _rpc(self, service: str) -> Rpc:
        rpc = self._rpcs.get(service)
        if rpc is None:
            channel = open_channel(self.connection, service)
            rpc = Rpc(self.connection, channel, _STUBS[service](channel), service)
            self._rpcs[service] = rpc
        return rpc

    @property
    def _registry(self) -> Rpc:
        return self._rpc("registry")

    @property
    def _inference(self) -> Rpc:
        return self._rpc("inference")

    @property
    def _training(self) -> Rpc:
        return self._rpc("training")

    def close(self) -> None:
        for rpc in self._rpcs.values():
            rpc.channel.close()
        self._rpcs.clear()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

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

    def list_models(
        self, *, task: str | None = None, tag: str | None = None, limit: int | None = None
    ) -> list[t.Model]:
        """Every model (over all pages), optionally filtered by task or tag ("k" or "k=v")."""

        def fetch(token: str) -> Any:
            req = registry_pb2.ListModelsRequest(page_token=token, task=task or "", tag=tag or "")
            return self._registry.unary("ListModels", req, idempotent=True)

        return [_convert.model(m) for m in _pages(fetch, "models", limit)]

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

        return [_convert.model_version(v) for v in _pages(fetch, "versions", limit)]

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
            self,
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

        return _transfer.download_model(self, reference, Path(dest), progress=progress)

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

        return [_convert.dataset(d) for d in _pages(fetch, "datasets", limit)]

    def delete_dataset(self, name: str, *, force: bool = False) -> int:
        req = registry_pb2.DeleteDatasetRequest(name=name, force=force)
        return int(self._registry.unary("DeleteDataset", req).deleted_versions)

    def get_dataset_version(self, dataset: str, version: int) -> t.DatasetVersion:
        req = registry_pb2.GetDatasetVersionRequest(dataset=dataset, version=version)
        reply = self._registry.unary("GetDatasetVersion", req, idempotent=True)
        return _convert.dataset_version(reply.version)

    def list_dataset_versions(
        self, dataset: str, *, limit: int | None = None
    ) -> list[t.DatasetVersion]:
        def fetch(token: str) -> Any:
            req = registry_pb2.ListDatasetVersionsRequest(dataset=dataset, page_token=token)
            return self._registry.unary("ListDatasetVersions", req, idempotent=True)

        return [_convert.dataset_version(v) for v in _pages(fetch, "versions", limit)]

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
            self, name, data, description=description, tags=tags, progress=progress
        )

    # --------------------------------------------------------------- inference

    def load_model(
        self,
        reference: str,
        *,
        name: str | None = None,
        dtype: str = "",
        device: str = "",
        device_map: str = "",
        quantization: str | None = None,
        model_kwargs: Mapping[str, Any] | None = None,
        tokenizer_kwargs: Mapping[str, Any] | None = None,
        trust_remote_code: bool = False,
        task: str = "",
        wait: bool = True,
        timeout: float | None = None,
    ) -> t.LoadedModel:
        """Load a registry version into the inference server (READY unless ``wait=False``).

        ``quantization`` is None, "int8" or "int4" (GPU only).
        """
        req = inference_pb2.LoadModelRequest(
            reference=reference,
            name=name or "",
            options=_requests.load_options(
                dtype=dtype,
                device=device,
                device_map=device_map,
                quantization=quantization,
                model_kwargs=model_kwargs,
                tokenizer_kwargs=tokenizer_kwargs,
                trust_remote_code=trust_remote_code,
                task=task,
            ),
            no_wait=not wait,
        )
        return _convert.loaded_model(self._inference.unary("LoadModel", req, timeout=timeout).model)

    def unload_model(self, name: str) -> int:
        req = inference_pb2.UnloadModelRequest(name=name)
        return int(self._inference.unary("UnloadModel", req).freed_bytes)

    def list_loaded_models(self) -> list[t.LoadedModel]:
        reply = self._inference.unary(
            "ListLoadedModels", inference_pb2.ListLoadedModelsRequest(), idempotent=True
        )
        return [_convert.loaded_model(m) for m in reply.models]

    def load_adapter(self, model: str, reference: str, *, name: str | None = None) -> t.LoadedModel:
        """Attach a registry adapter version to the loaded base ``model``."""
        req = inference_pb2.LoadAdapterRequest(model=model, reference=reference, name=name or "")
        return _convert.loaded_model(self._inference.unary("LoadAdapter", req).model)

    def unload_adapter(self, model: str, name: str) -> t.LoadedModel:
        req = inference_pb2.UnloadAdapterRequest(model=model, name=name)
        return _convert.loaded_model(self._inference.unary("UnloadAdapter", req).model)

    def server_info(self) -> t.ServerInfo:
        reply = self._inference.unary(
            "GetServerInfo", inference_pb2.GetServerInfoRequest(), idempotent=True
        )
        return _convert.server_info(reply)

    def generate(
        self,
        model: str,
        prompt: str,
        *,
        adapter: str | None = None,
        timeout: float | None = None,
        **parameters: Any,
    ) -> t.Generation:
        """Complete ``prompt``. ``parameters``: max_new_tokens, temperature (0 = greedy),
        top_p, top_k, repetition_penalty, stop, seed."""
        req = inference_pb2.GenerateRequest(
            model=model,
            adapter=adapter or "",
            prompt=prompt,
            parameters=_requests.generation_parameters(**parameters),
        )
        reply = self._inference.unary("Generate", req, idempotent=True, timeout=timeout)
        return _convert.generation(reply)

    def generate_stream(
        self,
        model: str,
        prompt: str,
        *,
        adapter: str | None = None,
        timeout: float | None = None,
        **parameters: Any,
    ) -> Stream[t.TextDelta]:
        """Like ``generate``, one ``TextDelta`` per decoded piece of text."""
        req = inference_pb2.GenerateStreamRequest(
            model=model,
            adapter=adapter or "",
            prompt=prompt,
            parameters=_requests.generation_parameters(**parameters),
        )
        return self._inference.stream(
            "GenerateStream", req, _convert.delta, idempotent=True, timeout=timeout
        )

    def chat(
        self,
        model: str,
        messages: str | Sequence[t.ChatMessage | Mapping[str, str]],
        *,
        adapter: str | None = None,
        timeout: float | None = None,
        **parameters: Any,
    ) -> t.ChatReply:
        """Answer a conversation (``ChatMessage``s, role/content dicts, or one user text)."""
        req = inference_pb2.ChatRequest(
            model=model,
            adapter=adapter or "",
            messages=_requests.chat_messages(messages),
            parameters=_requests.generation_parameters(**parameters),
        )
        reply = self._inference.unary("Chat", req, idempotent=True, timeout=timeout)
        return _convert.chat_reply(reply)

    def chat_stream(
        self,
        model: str,
        messages: str | Sequence[t.ChatMessage | Mapping[str, str]],
        *,
        adapter: str | None = None,
        timeout: float | None = None,
        **parameters: Any,
    ) -> Stream[t.TextDelta]:
        req = inference_pb2.ChatStreamRequest(
            model=model,
            adapter=adapter or "",
            messages=_requests.chat_messages(messages),
            parameters=_requests.generation_parameters(**parameters),
        )
        return self._inference.stream(
            "ChatStream", req, _convert.delta, idempotent=True, timeout=timeout
        )

    def classify(
        self,
        model: str,
        texts: Sequence[str],
        *,
        adapter: str | None = None,
        top_k: int = 0,
        timeout: float | None = None,
    ) -> list[t.Classification]:
        """One result per text, in order; a bad text gets its own ``error``."""
        if isinstance(texts, str):
            raise InvalidArgument.field("texts", "must be a list of texts, not one string")
        req = inference_pb2.ClassifyRequest(
            model=model, adapter=adapter or "", texts=list(texts), top_k=top_k
        )
        reply = self._inference.unary("Classify", req, idempotent=True, timeout=timeout)
        return [_convert.classification(r) for r in reply.results]

    def embed(
        self,
        model: str,
        texts: Sequence[str],
        *,
        pooling: str = "mean",
        normalize: bool = False,
        timeout: float | None = None,
    ) -> t.Embeddings:
        """One vector per text; ``pooling`` is "mean", "cls" or "last"."""
        if isinstance(texts, str):
            raise InvalidArgument.field("texts", "must be a list of texts, not one string")
        req = inference_pb2.EmbedRequest(
            model=model,
            texts=list(texts),
            pooling=_requests.choice("pooling", pooling, _requests.POOLING),
            normalize=normalize,
        )
        reply = self._inference.unary("Embed", req, idempotent=True, timeout=timeout)
        return _convert.embeddings(reply)

    def run_pipeline(
        self,
        model: str,
        input: Any,
        *,
        task: str = "",
        media_type: str = "",
        timeout: float | None = None,
        **parameters: Any,
    ) -> t.PipelineOutput:
        """Run the model's transformers pipeline on one text, many texts, bytes or JSON."""
        req = inference_pb2.RunPipelineRequest(
            model=model, task=task, input=_requests.pipeline_input(input, media_type)
        )
        params = _convert.to_struct(parameters)
        if params is not None:
            req.parameters.CopyFrom(params)
        reply = self._inference.unary("RunPipeline", req, idempotent=True, timeout=timeout)
        return t.PipelineOutput(output=_convert.from_value(reply.output), task=reply.task)

    # ---------------------------------------------------------------- training

    def submit_job(self, *, base_model: str, dataset: str, **spec: Any) -> t.Job:
        """Queue a fine-tuning job and return at once (state QUEUED).

        ``spec`` keywords: method ("lora" | "full"), task, columns
        ({"text": ...} or prompt/completion, messages, label), lora
        ({"r", "alpha", "dropout", "target_modules"}), validation_fraction,
        hyperparameters ({"num_epochs", "max_steps", "learning_rate", ...}),
        num_workers, use_gpu, cpus_per_worker, gpus_per_worker, deepspeed
        ("zero2" | "zero3" | dict | JSON text), checkpoint_steps,
        max_failures, output_model, adapter_output ("adapter" | "merged"),
        output_description, output_tags.
        """
        req = training_pb2.SubmitJobRequest(
            spec=_requests.job_spec(base_model=base_model, dataset=dataset, **spec)
        )
        return _convert.job(self._training.unary("SubmitJob", req).job)

    def get_job(self, id: str) -> t.Job:
        req = training_pb2.GetJobRequest(id=id)
        return _convert.job(self._training.unary("GetJob", req, idempotent=True).job)

    def list_jobs(self, *, state: str | None = None, limit: int | None = None) -> list[t.Job]:
        """Jobs, newest first; ``state`` is queued/running/succeeded/failed/cancelled."""
        st = _requests.choice("state", state, _requests.JOB_STATES) if state else 0

        def fetch(token: str) -> Any:
            req = training_pb2.ListJobsRequest(page_token=token, state=st)  # type: ignore[arg-type]
            return self._training.unary("ListJobs", req, idempotent=True)

        return [_convert.job(j) for j in _pages(fetch, "jobs", limit)]

    def cancel_job(self, id: str) -> t.Job:
        req = training_pb2.CancelJobRequest(id=id)
        return _convert.job(self._training.unary("CancelJob", req, idempotent=True).job)

    def watch_job(
        self, id: str, *, after_sequence: int = 0, timeout: float | None = None
    ) -> Iterator[t.JobEvent]:
        """The job's events: its history, then live ones until it ends.

        If the training service becomes unreachable mid-way the watch
        reconnects and resumes after the last event seen, so no event is
        lost or repeated.
        """
        from lmforge.errors import Unavailable

        last = after_sequence
        failures = 0
        while True:
            req = training_pb2.WatchJobRequest(id=id, after_sequence=last)
            stream = self._training.stream(
                "WatchJob", req, lambda r: _convert.job_event(r.event), timeout=timeout
            )
            try:
                for event in stream:
                    failures = 0
                    last = max(last, event.sequence)
                    yield event
                return
            except Unavailable:
                if failures >= self.connection.retries:
                    raise
                self._training.sleep(failures)
                failures += 1
            finally:
                stream.cancel()
