"""Every RPC of the three services, declared once for both clients.

Each entry of ``TABLE`` names the service and method, whether a call is safe
to retry when the service is UNAVAILABLE, and whether it streams (or pages).
The request builder below it is the one place a Python method's signature
is written: it turns keyword arguments into the request and says how the
reply becomes a ``lmforge.types`` value. ``lmforge.Client`` and
``lmforge.AsyncClient`` only execute what a builder returns (``Unary``,
``Streamed`` or ``Paged``), so the two clients cannot drift apart.

RPCs behind a higher-level method (file bytes behind push/download) are
declared too, with ``served_by`` naming that method, so the table covers
every RPC the proto descriptors list (``tests/sdk/test_operations.py``).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, ParamSpec, TypeVar

from lmforge import _convert, _requests
from lmforge import types as t
from lmforge.errors import InvalidArgument
from lmforge.v1 import inference_pb2, registry_pb2, training_pb2

P = ParamSpec("P")
R = TypeVar("R")
C = TypeVar("C", bound="Unary[Any] | Streamed[Any] | Paged[Any]")


@dataclass(frozen=True)
class Operation:
    """One RPC: where it goes and how it may be called."""

    service: str  # "registry" | "inference" | "training"
    method: str  # the RPC's name in the proto
    retry_safe: bool  # repeated on UNAVAILABLE with backoff
    streaming: bool = False  # the server streams replies
    page_items: str = ""  # a List RPC: the repeated reply field followed over pages
    served_by: str = ""  # the client method that uses it (when not its own builder)


TABLE: dict[str, Operation] = {}
"""RPC name -> its declaration."""

BUILDERS: dict[str, Callable[..., Any]] = {}
"""Client method name -> the request builder both clients execute."""


@dataclass
class Unary(Generic[R]):
    """One request, one reply, converted."""

    request: Any
    convert: Callable[[Any], R]
    timeout: float | None = None
    op: Operation | None = None


@dataclass
class Streamed(Generic[R]):
    """One request, a stream of replies, each converted."""

    request: Any
    convert: Callable[[Any], R]
    timeout: float | None = None
    op: Operation | None = None


@dataclass
class Paged(Generic[R]):
    """A List RPC followed over its pages: ``request(page_token)``, items converted."""

    request: Callable[[str], Any]
    convert: Callable[[Any], R]
    limit: int | None = None
    op: Operation | None = None


def declare(
    service: str,
    method: str,
    *,
    retry_safe: bool,
    streaming: bool = False,
    page_items: str = "",
    served_by: str = "",
) -> Operation:
    op = Operation(service, method, retry_safe, streaming, page_items, served_by)
    if method in TABLE:
        raise RuntimeError(f"{method} is declared twice")
    TABLE[method] = op
    return op


def rpc(
    service: str,
    method: str,
    *,
    retry_safe: bool,
    streaming: bool = False,
    page_items: str = "",
) -> Callable[[Callable[P, C]], Callable[P, C]]:
    """Declare an RPC and the builder of its client method (named after the function)."""

    def register(build: Callable[P, C]) -> Callable[P, C]:
        op = declare(
            service,
            method,
            retry_safe=retry_safe,
            streaming=streaming,
            page_items=page_items,
            served_by=build.__name__,
        )

        @functools.wraps(build)
        def stamped(*args: P.args, **kwargs: P.kwargs) -> C:
            call = build(*args, **kwargs)
            call.op = op
            return call

        stamped.operation = op  # type: ignore[attr-defined]
        BUILDERS[build.__name__] = stamped
        return stamped

    return register


def _texts(texts: Sequence[str]) -> list[str]:
    if isinstance(texts, str):
        raise InvalidArgument.field("texts", "must be a list of texts, not one string")
    return list(texts)


# ==================================================================== registry

# File bytes and version creation with a file list travel inside push/download.
declare("registry", "UploadFile", retry_safe=False, served_by="push_model")
declare("registry", "GetUploadUrl", retry_safe=False, served_by="push_model")
declare("registry", "DownloadFile", retry_safe=True, streaming=True, served_by="download_model")
declare("registry", "GetDownloadUrl", retry_safe=True, served_by="download_model")
declare("registry", "CreateDatasetVersion", retry_safe=False, served_by="push_dataset")
declare("registry", "WatchEvents", retry_safe=False, streaming=True, served_by="watch_events")


@rpc("registry", "CreateModel", retry_safe=False)
def create_model(
    name: str,
    *,
    task: str,
    labels: Sequence[str] = (),
    description: str = "",
    tags: Mapping[str, str] | None = None,
) -> Unary[t.Model]:
    """Register a model name with its task (and label names for a classifier)."""
    m = registry_pb2.Model(
        name=name, task=task, labels=list(labels), description=description, tags=tags or {}
    )
    return Unary(registry_pb2.CreateModelRequest(model=m), lambda r: _convert.model(r.model))


@rpc("registry", "GetModel", retry_safe=True)
def get_model(name: str) -> Unary[t.Model]:
    return Unary(registry_pb2.GetModelRequest(name=name), lambda r: _convert.model(r.model))


@rpc("registry", "ListModels", retry_safe=True, page_items="models")
def list_models(
    *, task: str | None = None, tag: str | None = None, limit: int | None = None
) -> Paged[t.Model]:
    """Every model (over all pages), optionally filtered by task or tag ("k" or "k=v")."""
    return Paged(
        lambda token: registry_pb2.ListModelsRequest(
            page_token=token, task=task or "", tag=tag or ""
        ),
        _convert.model,
        limit,
    )


@rpc("registry", "UpdateModel", retry_safe=False)
def update_model(
    name: str,
    *,
    description: str | None = None,
    tags: Mapping[str, str] | None = None,
    labels: Sequence[str] | None = None,
) -> Unary[t.Model]:
    """Change only the fields given."""
    req = _requests.update_model(name, description, tags, labels)
    return Unary(req, lambda r: _convert.model(r.model))


@rpc("registry", "DeleteModel", retry_safe=False)
def delete_model(name: str, *, force: bool = False) -> Unary[int]:
    """Delete a model; ``force`` also deletes its versions. Returns versions deleted."""
    req = registry_pb2.DeleteModelRequest(name=name, force=force)
    return Unary(req, lambda r: int(r.deleted_versions))


@rpc("registry", "CreateModelVersion", retry_safe=False)
def create_model_version(
    model: str,
    *,
    format: str = "hf_folder",
    base: str | None = None,
    parent: str | None = None,
    source_job_id: str = "",
    metrics: Mapping[str, float] | None = None,
    tags: Mapping[str, str] | None = None,
    description: str = "",
) -> Unary[t.ModelVersion]:
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
    return Unary(req, lambda r: _convert.model_version(r.version))


@rpc("registry", "FinalizeModelVersion", retry_safe=False)
def finalize_model_version(model: str, version: int) -> Unary[t.ModelVersion]:
    req = registry_pb2.FinalizeModelVersionRequest(model=model, version=version)
    return Unary(req, lambda r: _convert.model_version(r.version))


@rpc("registry", "AbortModelVersion", retry_safe=False)
def abort_model_version(model: str, version: int, *, reason: str = "") -> Unary[t.ModelVersion]:
    req = registry_pb2.AbortModelVersionRequest(model=model, version=version, reason=reason)
    return Unary(req, lambda r: _convert.model_version(r.version))


@rpc("registry", "GetModelVersion", retry_safe=True)
def get_model_version(model: str, version: int) -> Unary[t.ModelVersion]:
    req = registry_pb2.GetModelVersionRequest(model=model, version=version)
    return Unary(req, lambda r: _convert.model_version(r.version))


@rpc("registry", "ListModelVersions", retry_safe=True, page_items="versions")
def list_model_versions(
    model: str, *, state: str | None = None, limit: int | None = None
) -> Paged[t.ModelVersion]:
    """Versions, newest first; ``state`` is "pending", "ready" or "failed"."""
    st = _requests.choice("state", state, _requests.VERSION_STATES) if state else 0
    return Paged(
        lambda token: registry_pb2.ListModelVersionsRequest(
            model=model,
            page_token=token,
            state=st,  # type: ignore[arg-type]
        ),
        _convert.model_version,
        limit,
    )


@rpc("registry", "DeleteModelVersion", retry_safe=False)
def delete_model_version(model: str, version: int, *, force: bool = False) -> Unary[int]:
    req = registry_pb2.DeleteModelVersionRequest(model=model, version=version, force=force)
    return Unary(req, lambda r: int(r.deleted_objects))


@rpc("registry", "SetAlias", retry_safe=False)
def set_alias(
    model: str, alias: str, version: int, *, expected_version: int | None = None
) -> Unary[t.Model]:
    """Point ``alias`` at ``version``; with ``expected_version`` only if it still points
    there (0: only if it does not exist yet), else ``lmforge.errors.Aborted``."""
    req = registry_pb2.SetAliasRequest(model=model, alias=alias, version=version)
    if expected_version is not None:
        req.expected_version = expected_version
    return Unary(req, lambda r: _convert.model(r.model))


@rpc("registry", "DeleteAlias", retry_safe=False)
def delete_alias(model: str, alias: str, *, expected_version: int | None = None) -> Unary[int]:
    req = registry_pb2.DeleteAliasRequest(model=model, alias=alias)
    if expected_version is not None:
        req.expected_version = expected_version
    return Unary(req, lambda r: int(r.previous_version))


@rpc("registry", "PromoteVersion", retry_safe=False)
def promote_version(
    model: str,
    version: int,
    alias: str,
    *,
    metric: str,
    greater_is_better: bool,
    expected_version: int | None = None,
) -> Unary[t.PromotionDecision]:
    """Point ``alias`` at ``version`` only if its ``metric`` beats the current target's.

    Either way the decision is recorded (a ``promotion_decided`` event, and
    ``promotion_*`` tags on the version); with ``expected_version`` the alias
    must still point there, else ``lmforge.errors.Aborted``."""
    req = registry_pb2.PromoteVersionRequest(
        model=model,
        version=version,
        alias=alias,
        metric=metric,
        greater_is_better=greater_is_better,
    )
    if expected_version is not None:
        req.expected_version = expected_version
    return Unary(req, lambda r: _convert.promotion_decision(r.decision, r.reason, int(r.sequence)))


@rpc("registry", "ReportDeployment", retry_safe=False)
def report_deployment(
    model: str, alias: str, version: int, *, swapped: bool, server: str, reason: str = ""
) -> Unary[int]:
    """Record that ``server`` now serves (or failed to serve) ``version`` through ``alias``.

    Inference servers that follow an alias call it; returns the event's sequence."""
    outcome = registry_pb2.DEPLOYMENT_OUTCOME_FAILED
    if swapped:
        outcome = registry_pb2.DEPLOYMENT_OUTCOME_SWAPPED
    req = registry_pb2.ReportDeploymentRequest(
        model=model, alias=alias, version=version, outcome=outcome, server=server, reason=reason
    )
    return Unary(req, lambda r: int(r.sequence))


@rpc("registry", "ResolveModel", retry_safe=True)
def resolve(reference: str) -> Unary[t.Resolved]:
    """``"name"`` (latest READY), ``"name:3"`` or ``"name@prod"`` -> the version and files."""
    return Unary(registry_pb2.ResolveModelRequest(reference=reference), _convert.resolved)


@rpc("registry", "CreateDataset", retry_safe=False)
def create_dataset(
    name: str, *, description: str = "", tags: Mapping[str, str] | None = None
) -> Unary[t.Dataset]:
    d = registry_pb2.Dataset(name=name, description=description, tags=tags or {})
    return Unary(
        registry_pb2.CreateDatasetRequest(dataset=d), lambda r: _convert.dataset(r.dataset)
    )


@rpc("registry", "GetDataset", retry_safe=True)
def get_dataset(name: str) -> Unary[t.Dataset]:
    req = registry_pb2.GetDatasetRequest(name=name)
    return Unary(req, lambda r: _convert.dataset(r.dataset))


@rpc("registry", "ListDatasets", retry_safe=True, page_items="datasets")
def list_datasets(*, limit: int | None = None) -> Paged[t.Dataset]:
    return Paged(
        lambda token: registry_pb2.ListDatasetsRequest(page_token=token), _convert.dataset, limit
    )


@rpc("registry", "DeleteDataset", retry_safe=False)
def delete_dataset(name: str, *, force: bool = False) -> Unary[int]:
    req = registry_pb2.DeleteDatasetRequest(name=name, force=force)
    return Unary(req, lambda r: int(r.deleted_versions))


@rpc("registry", "GetDatasetVersion", retry_safe=True)
def get_dataset_version(dataset: str, version: int) -> Unary[t.DatasetVersion]:
    req = registry_pb2.GetDatasetVersionRequest(dataset=dataset, version=version)
    return Unary(req, lambda r: _convert.dataset_version(r.version))


@rpc("registry", "FinalizeDatasetVersion", retry_safe=False)
def finalize_dataset_version(dataset: str, version: int) -> Unary[t.DatasetVersion]:
    req = registry_pb2.FinalizeDatasetVersionRequest(dataset=dataset, version=version)
    return Unary(req, lambda r: _convert.dataset_version(r.version))


@rpc("registry", "AbortDatasetVersion", retry_safe=False)
def abort_dataset_version(
    dataset: str, version: int, *, reason: str = ""
) -> Unary[t.DatasetVersion]:
    req = registry_pb2.AbortDatasetVersionRequest(dataset=dataset, version=version, reason=reason)
    return Unary(req, lambda r: _convert.dataset_version(r.version))


@rpc("registry", "DeleteDatasetVersion", retry_safe=False)
def delete_dataset_version(dataset: str, version: int) -> Unary[int]:
    req = registry_pb2.DeleteDatasetVersionRequest(dataset=dataset, version=version)
    return Unary(req, lambda r: int(r.deleted_objects))


@rpc("registry", "ListDatasetVersions", retry_safe=True, page_items="versions")
def list_dataset_versions(dataset: str, *, limit: int | None = None) -> Paged[t.DatasetVersion]:
    return Paged(
        lambda token: registry_pb2.ListDatasetVersionsRequest(dataset=dataset, page_token=token),
        _convert.dataset_version,
        limit,
    )


@rpc("registry", "ResolveDataset", retry_safe=True)
def resolve_dataset(reference: str) -> Unary[t.DatasetVersion]:
    req = registry_pb2.ResolveDatasetRequest(reference=reference)
    return Unary(req, lambda r: _convert.dataset_version(r.version))


# =================================================================== inference


@rpc("inference", "LoadModel", retry_safe=False)
def load_model(
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
) -> Unary[t.LoadedModel]:
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
    return Unary(req, lambda r: _convert.loaded_model(r.model), timeout)


@rpc("inference", "UnloadModel", retry_safe=False)
def unload_model(name: str) -> Unary[int]:
    return Unary(inference_pb2.UnloadModelRequest(name=name), lambda r: int(r.freed_bytes))


@rpc("inference", "ListLoadedModels", retry_safe=True)
def list_loaded_models() -> Unary[list[t.LoadedModel]]:
    return Unary(
        inference_pb2.ListLoadedModelsRequest(),
        lambda r: [_convert.loaded_model(m) for m in r.models],
    )


@rpc("inference", "LoadAdapter", retry_safe=False)
def load_adapter(model: str, reference: str, *, name: str | None = None) -> Unary[t.LoadedModel]:
    """Attach a registry adapter version to the loaded base ``model``."""
    req = inference_pb2.LoadAdapterRequest(model=model, reference=reference, name=name or "")
    return Unary(req, lambda r: _convert.loaded_model(r.model))


@rpc("inference", "UnloadAdapter", retry_safe=False)
def unload_adapter(model: str, name: str) -> Unary[t.LoadedModel]:
    req = inference_pb2.UnloadAdapterRequest(model=model, name=name)
    return Unary(req, lambda r: _convert.loaded_model(r.model))


@rpc("inference", "GetServerInfo", retry_safe=True)
def server_info() -> Unary[t.ServerInfo]:
    return Unary(inference_pb2.GetServerInfoRequest(), _convert.server_info)


@rpc("inference", "Generate", retry_safe=True)
def generate(
    model: str,
    prompt: str,
    *,
    adapter: str | None = None,
    timeout: float | None = None,
    **parameters: Any,
) -> Unary[t.Generation]:
    """Complete ``prompt``. ``parameters``: max_new_tokens, temperature (0 = greedy),
    top_p, top_k, repetition_penalty, stop, seed, presence_penalty, frequency_penalty,
    min_p, min_new_tokens, stop_token_ids, ignore_eos, logit_bias, n, logprobs (True or
    k alternatives), and one constraint: json_schema, regex, choice, json_object or an
    OpenAI-style response_format."""
    req = inference_pb2.GenerateRequest(
        model=model,
        adapter=adapter or "",
        prompt=prompt,
        parameters=_requests.generation_parameters(**parameters),
    )
    return Unary(req, _convert.generation, timeout)


@rpc("inference", "GenerateStream", retry_safe=True, streaming=True)
def generate_stream(
    model: str,
    prompt: str,
    *,
    adapter: str | None = None,
    timeout: float | None = None,
    **parameters: Any,
) -> Streamed[t.TextDelta]:
    """Like ``generate``, one ``TextDelta`` per decoded piece of text."""
    req = inference_pb2.GenerateStreamRequest(
        model=model,
        adapter=adapter or "",
        prompt=prompt,
        parameters=_requests.generation_parameters(**parameters),
    )
    return Streamed(req, _convert.delta, timeout)


def _chat_fields(
    messages: str | Sequence[t.ChatMessage | Mapping[str, str]],
    tools: Sequence[Mapping[str, Any]] | None,
    tool_choice: str | Mapping[str, Any] | None,
    chat_template_kwargs: Mapping[str, Any] | None,
    parameters: dict[str, Any],
) -> dict[str, Any]:
    """The fields Chat and ChatStream share (their requests have the same shape)."""
    fields: dict[str, Any] = {
        "messages": _requests.chat_messages(messages),
        "parameters": _requests.generation_parameters(**parameters),
        "tools": _requests.tools(tools),
        "tool_choice": _requests.tool_choice(tool_choice),
    }
    kwargs = _convert.to_struct(dict(chat_template_kwargs or {}))
    if kwargs is not None:
        fields["chat_template_kwargs"] = kwargs
    return fields


@rpc("inference", "Chat", retry_safe=True)
def chat(
    model: str,
    messages: str | Sequence[t.ChatMessage | Mapping[str, str]],
    *,
    adapter: str | None = None,
    timeout: float | None = None,
    tools: Sequence[Mapping[str, Any]] | None = None,
    tool_choice: str | Mapping[str, Any] | None = None,
    chat_template_kwargs: Mapping[str, Any] | None = None,
    **parameters: Any,
) -> Unary[t.ChatReply]:
    """Answer a conversation (``ChatMessage``s, role/content dicts, or one user text).

    ``tools``: OpenAI-style function definitions; ``tool_choice``: "auto",
    "none", "required" or a function name (forced with a grammar). Calls
    come back in ``ChatReply.tool_calls``. ``parameters`` as for ``generate``
    (n, logprobs, json_schema, response_format, ...).
    """
    req = inference_pb2.ChatRequest(
        model=model,
        adapter=adapter or "",
        **_chat_fields(messages, tools, tool_choice, chat_template_kwargs, parameters),
    )
    return Unary(req, _convert.chat_reply, timeout)


@rpc("inference", "ChatStream", retry_safe=True, streaming=True)
def chat_stream(
    model: str,
    messages: str | Sequence[t.ChatMessage | Mapping[str, str]],
    *,
    adapter: str | None = None,
    timeout: float | None = None,
    tools: Sequence[Mapping[str, Any]] | None = None,
    tool_choice: str | Mapping[str, Any] | None = None,
    chat_template_kwargs: Mapping[str, Any] | None = None,
    **parameters: Any,
) -> Streamed[t.TextDelta]:
    """Like ``chat``, one ``TextDelta`` per decoded piece of text (same options)."""
    req = inference_pb2.ChatStreamRequest(
        model=model,
        adapter=adapter or "",
        **_chat_fields(messages, tools, tool_choice, chat_template_kwargs, parameters),
    )
    return Streamed(req, _convert.delta, timeout)


@rpc("inference", "Classify", retry_safe=True)
def classify(
    model: str,
    texts: Sequence[str],
    *,
    adapter: str | None = None,
    top_k: int = 0,
    timeout: float | None = None,
) -> Unary[list[t.Classification]]:
    """One result per text, in order; a bad text gets its own ``error``."""
    req = inference_pb2.ClassifyRequest(
        model=model, adapter=adapter or "", texts=_texts(texts), top_k=top_k
    )
    return Unary(req, lambda r: [_convert.classification(c) for c in r.results], timeout)


@rpc("inference", "Embed", retry_safe=True)
def embed(
    model: str,
    texts: Sequence[str],
    *,
    pooling: str = "mean",
    normalize: bool = False,
    timeout: float | None = None,
) -> Unary[t.Embeddings]:
    """One vector per text; ``pooling`` is "mean", "cls" or "last"."""
    req = inference_pb2.EmbedRequest(
        model=model,
        texts=_texts(texts),
        pooling=_requests.choice("pooling", pooling, _requests.POOLING),
        normalize=normalize,
    )
    return Unary(req, _convert.embeddings, timeout)


@rpc("inference", "RunPipeline", retry_safe=True)
def run_pipeline(
    model: str,
    input: Any,
    *,
    task: str = "",
    media_type: str = "",
    timeout: float | None = None,
    **parameters: Any,
) -> Unary[t.PipelineOutput]:
    """Run the model's transformers pipeline on one text, many texts, bytes or JSON."""
    req = inference_pb2.RunPipelineRequest(
        model=model, task=task, input=_requests.pipeline_input(input, media_type)
    )
    params = _convert.to_struct(parameters)
    if params is not None:
        req.parameters.CopyFrom(params)
    return Unary(
        req,
        lambda r: t.PipelineOutput(output=_convert.from_value(r.output), task=r.task),
        timeout,
    )


# ==================================================================== training

declare("training", "WatchJob", retry_safe=False, streaming=True, served_by="watch_job")


@rpc("training", "SubmitJob", retry_safe=False)
def submit_job(*, base_model: str, dataset: str, **spec: Any) -> Unary[t.Job]:
    """Queue a fine-tuning job and return at once (state QUEUED).

    ``spec`` keywords: method ("lora" | "full" | "dpo" | "dpo_full"), task,
    columns ({"text": ...} or prompt/completion, messages, label; DPO:
    prompt/chosen/rejected), lora
    ({"r", "alpha", "dropout", "target_modules"}), validation_fraction or
    validation_dataset (a registry dataset reference evaluated instead),
    hyperparameters ({"num_epochs", "max_steps", "learning_rate", ..., DPO's "beta"}),
    num_workers, use_gpu, cpus_per_worker, gpus_per_worker, placement_strategy
    (PACK | SPREAD | STRICT_PACK | STRICT_SPREAD), report_to (["tensorboard"]), deepspeed
    (a preset name the training service knows, a dict or JSON text), checkpoint_steps,
    max_failures, output_model, adapter_output ("adapter" | "merged"),
    output_description, output_tags; and HF TrainingArguments / Superduper
    LLMTrainer names (learning_rate, num_train_epochs, bits, max_seq_length,
    training_kwargs, ...), as keywords or a ``training_args`` dict
    (``lmforge.training_args.TRAINING_ARGUMENTS``; others raise a ValueError).
    """
    req = training_pb2.SubmitJobRequest(
        spec=_requests.job_spec(base_model=base_model, dataset=dataset, **spec)
    )
    return Unary(req, lambda r: _convert.job(r.job))


@rpc("training", "GetJob", retry_safe=True)
def get_job(id: str) -> Unary[t.Job]:
    return Unary(training_pb2.GetJobRequest(id=id), lambda r: _convert.job(r.job))


@rpc("training", "ListJobs", retry_safe=True, page_items="jobs")
def list_jobs(*, state: str | None = None, limit: int | None = None) -> Paged[t.Job]:
    """Jobs, newest first; ``state`` is queued/running/succeeded/failed/cancelled."""
    st = _requests.choice("state", state, _requests.JOB_STATES) if state else 0
    return Paged(
        lambda token: training_pb2.ListJobsRequest(page_token=token, state=st),  # type: ignore[arg-type]
        _convert.job,
        limit,
    )


@rpc("training", "CancelJob", retry_safe=True)
def cancel_job(id: str) -> Unary[t.Job]:
    return Unary(training_pb2.CancelJobRequest(id=id), lambda r: _convert.job(r.job))


@rpc("training", "ResumeJob", retry_safe=False)
def resume_job(id: str) -> Unary[t.Job]:
    """Re-open a FAILED or CANCELLED job from its last checkpoint (QUEUED again)."""
    return Unary(training_pb2.ResumeJobRequest(id=id), lambda r: _convert.job(r.job))


# ============================================= streams the clients resume themselves


def watch_events(
    after_sequence: int | None, model: str, kinds: Sequence[str], timeout: float | None
) -> Streamed[t.RegistryEvent | None]:
    """WatchEvents; ``None`` for the first message, which only says the watch started."""
    return Streamed(
        _convert.watch_events_request(after_sequence, model, kinds),
        lambda r: _convert.registry_event(r.event) if r.HasField("event") else None,
        timeout,
        TABLE["WatchEvents"],
    )


def watch_job(id: str, after_sequence: int, timeout: float | None) -> Streamed[t.JobEvent]:
    return Streamed(
        training_pb2.WatchJobRequest(id=id, after_sequence=after_sequence),
        lambda r: _convert.job_event(r.event),
        timeout,
        TABLE["WatchJob"],
    )
