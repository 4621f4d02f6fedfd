"""``lmforge.AsyncClient``: the same typed methods as ``Client``, for asyncio programs.

Unary calls are coroutines; streams are async iterators with ``cancel()``.
Requests are built and replies converted by the same code as the sync
client (``lmforge._requests``, ``lmforge._convert``), so both behave alike.
File transfers (push/download) run the sync client's code in a thread.

    async with AsyncClient() as c:
        async for d in c.generate_stream("chat", "Hello"):
            print(d.text, end="")
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from lmforge import _convert, _requests
from lmforge import types as t
from lmforge._calls import STUBS, Progress
from lmforge._config import Connection
from lmforge._rpc_aio import AsyncRpc, AsyncStream, open_channel
from lmforge.client import Client
from lmforge.errors import InvalidArgument, Unavailable
from lmforge.v1 import inference_pb2, registry_pb2, training_pb2


class AsyncClient:
    """An asyncio client of the three services; arguments as for ``lmforge.Client``."""

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
        client_cert: bytes | str | Path | None = None,
        client_key: bytes | str | Path | None = None,
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
            client_cert=client_cert,
            client_key=client_key,
        )
        self._rpcs: dict[str, AsyncRpc] = {}
        self._sync: Client | None = None

    def _rpc(self, service: str) -> AsyncRpc:
        rpc = self._rpcs.get(service)
        if rpc is None:
            channel = open_channel(self.connection, service)
            rpc = AsyncRpc(self.connection, channel, STUBS[service](channel), service)
            self._rpcs[service] = rpc
        return rpc

    def _sync_client(self) -> Client:
        if self._sync is None:
            c = self.connection
            self._sync = Client(
                c.registry,
                c.inference,
                c.training,
                token=c.token,
                tls=c.tls,
                root_certificates=c.root_certificates,
                timeout=c.timeout,
                retries=c.retries,
                backoff=c.backoff,
                client_cert=c.client_cert,
                client_key=c.client_key,
            )
        return self._sync

    async def close(self) -> None:
        for rpc in self._rpcs.values():
            await rpc.channel.close(None)
        self._rpcs.clear()
        if self._sync is not None:
            self._sync.close()
            self._sync = None

    async def __aenter__(self) -> AsyncClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def _pages(
        self, service: str, method: str, make: Any, items: str, limit: int | None = None
    ) -> list[Any]:
        """Every item over all pages (or the first ``limit``), as ``_calls.pages``."""
        out: list[Any] = []
        token = ""
        while True:
            reply = await self._rpc(service).unary(method, make(token), idempotent=True)
            out.extend(getattr(reply, items))
            if limit is not None and len(out) >= limit:
                return out[:limit]
            token = reply.next_page_token
            if not token:
                return out

    # ------------------------------------------------------------------ models

    async def create_model(
        self,
        name: str,
        *,
        task: str,
        labels: Sequence[str] = (),
        description: str = "",
        tags: Mapping[str, str] | None = None,
    ) -> t.Model:
        m = registry_pb2.Model(
            name=name, task=task, labels=list(labels), description=description, tags=tags or {}
        )
        reply = await self._rpc("registry").unary(
            "CreateModel", registry_pb2.CreateModelRequest(model=m)
        )
        return _convert.model(reply.model)

    async def get_model(self, name: str) -> t.Model:
        reply = await self._rpc("registry").unary(
            "GetModel", registry_pb2.GetModelRequest(name=name), idempotent=True
        )
        return _convert.model(reply.model)

    async def watch_events(
        self,
        *,
        after_sequence: int | None = None,
        model: str = "",
        kinds: Sequence[str] = (),
        timeout: float | None = None,
    ) -> AsyncIterator[t.RegistryEvent]:
        """The registry's changes as they commit; see ``Client.watch_events``."""
        req = _convert.watch_events_request(after_sequence, model, kinds)
        stream = self._rpc("registry").stream(
            "WatchEvents",
            req,
            lambda r: _convert.registry_event(r.event) if r.HasField("event") else None,
            timeout=timeout,
        )
        try:
            async for event in stream:
                if event is not None:  # the first message only says the watch started
                    yield event
        finally:
            stream.cancel()

    async def list_models(
        self, *, task: str | None = None, tag: str | None = None, limit: int | None = None
    ) -> list[t.Model]:
        def make(token: str) -> Any:
            return registry_pb2.ListModelsRequest(page_token=token, task=task or "", tag=tag or "")

        found = await self._pages("registry", "ListModels", make, "models", limit)
        return [_convert.model(m) for m in found]

    async def update_model(
        self,
        name: str,
        *,
        description: str | None = None,
        tags: Mapping[str, str] | None = None,
        labels: Sequence[str] | None = None,
    ) -> t.Model:
        req = _requests.update_model(name, description, tags, labels)
        return _convert.model((await self._rpc("registry").unary("UpdateModel", req)).model)

    async def delete_model(self, name: str, *, force: bool = False) -> int:
        req = registry_pb2.DeleteModelRequest(name=name, force=force)
        return int((await self._rpc("registry").unary("DeleteModel", req)).deleted_versions)

    async def create_model_version(
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
        """As ``Client.create_model_version``: a new PENDING version."""
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
        reply = await self._rpc("registry").unary("CreateModelVersion", req)
        return _convert.model_version(reply.version)

    async def finalize_model_version(self, model: str, version: int) -> t.ModelVersion:
        req = registry_pb2.FinalizeModelVersionRequest(model=model, version=version)
        reply = await self._rpc("registry").unary("FinalizeModelVersion", req)
        return _convert.model_version(reply.version)

    async def abort_model_version(
        self, model: str, version: int, *, reason: str = ""
    ) -> t.ModelVersion:
        req = registry_pb2.AbortModelVersionRequest(model=model, version=version, reason=reason)
        reply = await self._rpc("registry").unary("AbortModelVersion", req)
        return _convert.model_version(reply.version)

    async def get_model_version(self, model: str, version: int) -> t.ModelVersion:
        req = registry_pb2.GetModelVersionRequest(model=model, version=version)
        reply = await self._rpc("registry").unary("GetModelVersion", req, idempotent=True)
        return _convert.model_version(reply.version)

    async def list_model_versions(
        self, model: str, *, state: str | None = None, limit: int | None = None
    ) -> list[t.ModelVersion]:
        st = _requests.choice("state", state, _requests.VERSION_STATES) if state else 0

        def make(token: str) -> Any:
            return registry_pb2.ListModelVersionsRequest(model=model, page_token=token, state=st)  # type: ignore[arg-type]

        found = await self._pages("registry", "ListModelVersions", make, "versions", limit)
        return [_convert.model_version(v) for v in found]

    async def delete_model_version(self, model: str, version: int, *, force: bool = False) -> int:
        req = registry_pb2.DeleteModelVersionRequest(model=model, version=version, force=force)
        return int((await self._rpc("registry").unary("DeleteModelVersion", req)).deleted_objects)

    async def set_alias(
        self, model: str, alias: str, version: int, *, expected_version: int | None = None
    ) -> t.Model:
        req = registry_pb2.SetAliasRequest(model=model, alias=alias, version=version)
        if expected_version is not None:
            req.expected_version = expected_version
        return _convert.model((await self._rpc("registry").unary("SetAlias", req)).model)

    async def delete_alias(
        self, model: str, alias: str, *, expected_version: int | None = None
    ) -> int:
        req = registry_pb2.DeleteAliasRequest(model=model, alias=alias)
        if expected_version is not None:
            req.expected_version = expected_version
        return int((await self._rpc("registry").unary("DeleteAlias", req)).previous_version)

    async def resolve(self, reference: str) -> t.Resolved:
        req = registry_pb2.ResolveModelRequest(reference=reference)
        return _convert.resolved(
            await self._rpc("registry").unary("ResolveModel", req, idempotent=True)
        )

    async def push_model(
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
        """As ``Client.push_model`` (runs in a worker thread)."""
        return await asyncio.to_thread(
            self._sync_client().push_model,
            path,
            name,
            task=task,
            labels=labels,
            base=base,
            description=description,
            tags=tags,
            progress=progress,
        )

    async def download_model(
        self, reference: str, dest: str | Path, *, progress: Progress | None = None
    ) -> Path:
        return await asyncio.to_thread(
            self._sync_client().download_model, reference, dest, progress=progress
        )

    # ---------------------------------------------------------------- datasets

    async def create_dataset(
        self, name: str, *, description: str = "", tags: Mapping[str, str] | None = None
    ) -> t.Dataset:
        d = registry_pb2.Dataset(name=name, description=description, tags=tags or {})
        reply = await self._rpc("registry").unary(
            "CreateDataset", registry_pb2.CreateDatasetRequest(dataset=d)
        )
        return _convert.dataset(reply.dataset)

    async def delete_dataset(self, name: str, *, force: bool = False) -> int:
        req = registry_pb2.DeleteDatasetRequest(name=name, force=force)
        return int((await self._rpc("registry").unary("DeleteDataset", req)).deleted_versions)

    async def get_dataset_version(self, dataset: str, version: int) -> t.DatasetVersion:
        req = registry_pb2.GetDatasetVersionRequest(dataset=dataset, version=version)
        reply = await self._rpc("registry").unary("GetDatasetVersion", req, idempotent=True)
        return _convert.dataset_version(reply.version)

    async def finalize_dataset_version(self, dataset: str, version: int) -> t.DatasetVersion:
        req = registry_pb2.FinalizeDatasetVersionRequest(dataset=dataset, version=version)
        reply = await self._rpc("registry").unary("FinalizeDatasetVersion", req)
        return _convert.dataset_version(reply.version)

    async def abort_dataset_version(
        self, dataset: str, version: int, *, reason: str = ""
    ) -> t.DatasetVersion:
        req = registry_pb2.AbortDatasetVersionRequest(
            dataset=dataset, version=version, reason=reason
        )
        reply = await self._rpc("registry").unary("AbortDatasetVersion", req)
        return _convert.dataset_version(reply.version)

    async def delete_dataset_version(self, dataset: str, version: int) -> int:
        req = registry_pb2.DeleteDatasetVersionRequest(dataset=dataset, version=version)
        return int((await self._rpc("registry").unary("DeleteDatasetVersion", req)).deleted_objects)

    async def get_dataset(self, name: str) -> t.Dataset:
        req = registry_pb2.GetDatasetRequest(name=name)
        reply = await self._rpc("registry").unary("GetDataset", req, idempotent=True)
        return _convert.dataset(reply.dataset)

    async def list_datasets(self, *, limit: int | None = None) -> list[t.Dataset]:
        def make(token: str) -> Any:
            return registry_pb2.ListDatasetsRequest(page_token=token)

        found = await self._pages("registry", "ListDatasets", make, "datasets", limit)
        return [_convert.dataset(d) for d in found]

    async def list_dataset_versions(
        self, dataset: str, *, limit: int | None = None
    ) -> list[t.DatasetVersion]:
        def make(token: str) -> Any:
            return registry_pb2.ListDatasetVersionsRequest(dataset=dataset, page_token=token)

        found = await self._pages("registry", "ListDatasetVersions", make, "versions", limit)
        return [_convert.dataset_version(v) for v in found]

    async def resolve_dataset(self, reference: str) -> t.DatasetVersion:
        req = registry_pb2.ResolveDatasetRequest(reference=reference)
        reply = await self._rpc("registry").unary("ResolveDataset", req, idempotent=True)
        return _convert.dataset_version(reply.version)

    async def push_dataset(
        self,
        name: str,
        data: Any,
        *,
        description: str = "",
        tags: Mapping[str, str] | None = None,
        progress: Progress | None = None,
    ) -> t.DatasetVersion:
        """As ``Client.push_dataset`` (runs in a worker thread)."""
        return await asyncio.to_thread(
            self._sync_client().push_dataset,
            name,
            data,
            description=description,
            tags=tags,
            progress=progress,
        )

    # --------------------------------------------------------------- inference

    async def load_model(
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
        """As ``Client.load_model``."""
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
        reply = await self._rpc("inference").unary("LoadModel", req, timeout=timeout)
        return _convert.loaded_model(reply.model)

    async def unload_model(self, name: str) -> int:
        req = inference_pb2.UnloadModelRequest(name=name)
        return int((await self._rpc("inference").unary("UnloadModel", req)).freed_bytes)

    async def list_loaded_models(self) -> list[t.LoadedModel]:
        reply = await self._rpc("inference").unary(
            "ListLoadedModels", inference_pb2.ListLoadedModelsRequest(), idempotent=True
        )
        return [_convert.loaded_model(m) for m in reply.models]

    async def load_adapter(
        self, model: str, reference: str, *, name: str | None = None
    ) -> t.LoadedModel:
        req = inference_pb2.LoadAdapterRequest(model=model, reference=reference, name=name or "")
        return _convert.loaded_model((await self._rpc("inference").unary("LoadAdapter", req)).model)

    async def unload_adapter(self, model: str, name: str) -> t.LoadedModel:
        req = inference_pb2.UnloadAdapterRequest(model=model, name=name)
        reply = await self._rpc("inference").unary("UnloadAdapter", req)
        return _convert.loaded_model(reply.model)

    async def server_info(self) -> t.ServerInfo:
        reply = await self._rpc("inference").unary(
            "GetServerInfo", inference_pb2.GetServerInfoRequest(), idempotent=True
        )
        return _convert.server_info(reply)

    async def generate(
        self,
        model: str,
        prompt: str,
        *,
        adapter: str | None = None,
        timeout: float | None = None,
        **parameters: Any,
    ) -> t.Generation:
        req = inference_pb2.GenerateRequest(
            model=model,
            adapter=adapter or "",
            prompt=prompt,
            parameters=_requests.generation_parameters(**parameters),
        )
        reply = await self._rpc("inference").unary(
            "Generate", req, idempotent=True, timeout=timeout
        )
        return _convert.generation(reply)

    def generate_stream(
        self,
        model: str,
        prompt: str,
        *,
        adapter: str | None = None,
        timeout: float | None = None,
        **parameters: Any,
    ) -> AsyncStream[t.TextDelta]:
        req = inference_pb2.GenerateStreamRequest(
            model=model,
            adapter=adapter or "",
            prompt=prompt,
            parameters=_requests.generation_parameters(**parameters),
        )
        return self._rpc("inference").stream(
            "GenerateStream", req, _convert.delta, idempotent=True, timeout=timeout
        )

    async def chat(
        self,
        model: str,
        messages: str | Sequence[t.ChatMessage | Mapping[str, str]],
        *,
        adapter: str | None = None,
        timeout: float | None = None,
        tools: Sequence[Mapping[str, Any]] | None = None,
        tool_choice: str | Mapping[str, Any] | None = None,
        chat_template_kwargs: Mapping[str, Any] | None = None,
        **parameters: Any,
    ) -> t.ChatReply:
        """As ``Client.chat`` (tools, tool_choice and chat_template_kwargs included)."""
        req = inference_pb2.ChatRequest(
            model=model,
            adapter=adapter or "",
            messages=_requests.chat_messages(messages),
            parameters=_requests.generation_parameters(**parameters),
            tools=_requests.tools(tools),
            tool_choice=_requests.tool_choice(tool_choice),
        )
        kwargs = _convert.to_struct(dict(chat_template_kwargs or {}))
        if kwargs is not None:
            req.chat_template_kwargs.CopyFrom(kwargs)
        reply = await self._rpc("inference").unary("Chat", req, idempotent=True, timeout=timeout)
        return _convert.chat_reply(reply)

    def chat_stream(
        self,
        model: str,
        messages: str | Sequence[t.ChatMessage | Mapping[str, str]],
        *,
        adapter: str | None = None,
        timeout: float | None = None,
        **parameters: Any,
    ) -> AsyncStream[t.TextDelta]:
        req = inference_pb2.ChatStreamRequest(
            model=model,
            adapter=adapter or "",
            messages=_requests.chat_messages(messages),
            parameters=_requests.generation_parameters(**parameters),
        )
        return self._rpc("inference").stream(
            "ChatStream", req, _convert.delta, idempotent=True, timeout=timeout
        )

    async def classify(
        self,
        model: str,
        texts: Sequence[str],
        *,
        adapter: str | None = None,
        top_k: int = 0,
        timeout: float | None = None,
    ) -> list[t.Classification]:
        if isinstance(texts, str):
            raise InvalidArgument.field("texts", "must be a list of texts, not one string")
        req = inference_pb2.ClassifyRequest(
            model=model, adapter=adapter or "", texts=list(texts), top_k=top_k
        )
        reply = await self._rpc("inference").unary(
            "Classify", req, idempotent=True, timeout=timeout
        )
        return [_convert.classification(r) for r in reply.results]

    async def embed(
        self,
        model: str,
        texts: Sequence[str],
        *,
        pooling: str = "mean",
        normalize: bool = False,
        timeout: float | None = None,
    ) -> t.Embeddings:
        if isinstance(texts, str):
            raise InvalidArgument.field("texts", "must be a list of texts, not one string")
        req = inference_pb2.EmbedRequest(
            model=model,
            texts=list(texts),
            pooling=_requests.choice("pooling", pooling, _requests.POOLING),
            normalize=normalize,
        )
        reply = await self._rpc("inference").unary("Embed", req, idempotent=True, timeout=timeout)
        return _convert.embeddings(reply)

    async def run_pipeline(
        self,
        model: str,
        input: Any,
        *,
        task: str = "",
        media_type: str = "",
        timeout: float | None = None,
        **parameters: Any,
    ) -> t.PipelineOutput:
        req = inference_pb2.RunPipelineRequest(
            model=model, task=task, input=_requests.pipeline_input(input, media_type)
        )
        params = _convert.to_struct(parameters)
        if params is not None:
            req.parameters.CopyFrom(params)
        reply = await self._rpc("inference").unary(
            "RunPipeline", req, idempotent=True, timeout=timeout
        )
        return t.PipelineOutput(output=_convert.from_value(reply.output), task=reply.task)

    # ---------------------------------------------------------------- training

    async def submit_job(self, *, base_model: str, dataset: str, **spec: Any) -> t.Job:
        """As ``Client.submit_job``: queue a job and return at once."""
        req = training_pb2.SubmitJobRequest(
            spec=_requests.job_spec(base_model=base_model, dataset=dataset, **spec)
        )
        return _convert.job((await self._rpc("training").unary("SubmitJob", req)).job)

    async def get_job(self, id: str) -> t.Job:
        req = training_pb2.GetJobRequest(id=id)
        return _convert.job((await self._rpc("training").unary("GetJob", req, idempotent=True)).job)

    async def list_jobs(self, *, state: str | None = None, limit: int | None = None) -> list[t.Job]:
        st = _requests.choice("state", state, _requests.JOB_STATES) if state else 0

        def make(token: str) -> Any:
            return training_pb2.ListJobsRequest(page_token=token, state=st)  # type: ignore[arg-type]

        found = await self._pages("training", "ListJobs", make, "jobs", limit)
        return [_convert.job(j) for j in found]

    async def cancel_job(self, id: str) -> t.Job:
        req = training_pb2.CancelJobRequest(id=id)
        return _convert.job(
            (await self._rpc("training").unary("CancelJob", req, idempotent=True)).job
        )

    async def watch_job(
        self, id: str, *, after_sequence: int = 0, timeout: float | None = None
    ) -> AsyncIterator[t.JobEvent]:
        """The job's events, history first; reconnects after the last event seen."""
        last = after_sequence
        failures = 0
        while True:
            req = training_pb2.WatchJobRequest(id=id, after_sequence=last)
            stream = self._rpc("training").stream(
                "WatchJob", req, lambda r: _convert.job_event(r.event), timeout=timeout
            )
            try:
                async for event in stream:
                    failures = 0
                    last = max(last, event.sequence)
                    yield event
                return
            except Unavailable:
                if failures >= self.connection.retries:
                    raise
                await self._rpc("training").sleep(failures)
                failures += 1
            finally:
                stream.cancel()
