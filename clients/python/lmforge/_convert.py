"""Protobuf messages -> the SDK's dataclasses (``lmforge.types``), and back where needed."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from google.protobuf import json_format, struct_pb2, timestamp_pb2

from lmforge import _terminal, enums
from lmforge import types as t
from lmforge.v1 import common_pb2, inference_pb2, registry_pb2, training_pb2


def _time(ts: timestamp_pb2.Timestamp) -> datetime | None:
    if ts.seconds == 0 and ts.nanos == 0:
        return None
    return ts.ToDatetime(tzinfo=UTC)


def _enum_suffix(enum: Any, value: int) -> str:
    """``VERSION_STATE_READY`` -> ``READY``; unknown numbers keep their number."""
    return enums.name_of(enum, value)


def model_key(key: common_pb2.ModelVersionKey) -> str | None:
    return f"{key.model}:{key.version}" if key.model else None


def dataset_key(key: common_pb2.DatasetVersionKey) -> str | None:
    return f"{key.dataset}:{key.version}" if key.dataset else None


def file_entry(f: common_pb2.FileEntry) -> t.FileEntry:
    return t.FileEntry(path=f.path, size_bytes=f.size_bytes, sha256=f.sha256)


def model(m: registry_pb2.Model) -> t.Model:
    return t.Model(
        name=m.name,
        task=m.task,
        labels=list(m.labels),
        description=m.description,
        tags=dict(m.tags),
        aliases=dict(m.aliases),
        latest_version=m.latest_version,
        create_time=_time(m.create_time),
        update_time=_time(m.update_time),
    )


def version_state(value: int) -> str:
    return _enum_suffix(registry_pb2.VersionState, value)


def model_version(v: registry_pb2.ModelVersion) -> t.ModelVersion:
    lin = v.lineage
    return t.ModelVersion(
        model=v.model,
        version=v.version,
        state=version_state(v.state),
        format=_enum_suffix(registry_pb2.ModelFormat, v.format),
        files=[file_entry(f) for f in v.files],
        lineage=t.Lineage(
            base=model_key(lin.base),
            parent=model_key(lin.parent),
            source_job_id=lin.source_job_id,
            dataset=dataset_key(lin.dataset),
            hyperparameters=dict(lin.hyperparameters),
        ),
        metrics=dict(v.metrics),
        tags=dict(v.tags),
        description=v.description,
        aliases=list(v.aliases),
        failure_reason=v.failure_reason,
        total_size_bytes=v.total_size_bytes,
        create_time=_time(v.create_time),
        update_time=_time(v.update_time),
    )


def resolved(r: registry_pb2.ResolveModelResponse) -> t.Resolved:
    has_base = r.HasField("base_version") and bool(r.base_version.model)
    return t.Resolved(
        model=model(r.model),
        version=model_version(r.version),
        base_model=model(r.base_model) if has_base else None,
        base_version=model_version(r.base_version) if has_base else None,
    )


def dataset(d: registry_pb2.Dataset) -> t.Dataset:
    return t.Dataset(
        name=d.name,
        description=d.description,
        tags=dict(d.tags),
        latest_version=d.latest_version,
        create_time=_time(d.create_time),
        update_time=_time(d.update_time),
    )


def dataset_version(v: registry_pb2.DatasetVersion) -> t.DatasetVersion:
    return t.DatasetVersion(
        dataset=v.dataset,
        version=v.version,
        state=version_state(v.state),
        format=_enum_suffix(registry_pb2.DatasetFormat, v.format),
        files=[file_entry(f) for f in v.files],
        row_count=v.row_count,
        columns=list(v.columns),
        tags=dict(v.tags),
        description=v.description,
        failure_reason=v.failure_reason,
        total_size_bytes=v.total_size_bytes,
        create_time=_time(v.create_time),
        update_time=_time(v.update_time),
    )


def loaded_model(m: inference_pb2.LoadedModel) -> t.LoadedModel:
    return t.LoadedModel(
        name=m.name,
        reference=m.reference,
        version=model_key(m.version) or "",
        task=m.task,
        state=_enum_suffix(inference_pb2.ModelState, m.state),
        device=m.device,
        dtype=m.dtype,
        memory_bytes=m.memory_bytes,
        queue_depth=m.queue_depth,
        adapters=[t.LoadedAdapter(a.name, model_key(a.version) or "") for a in m.adapters],
        error=m.error,
        max_context_tokens=m.max_context_tokens,
    )


def server_info(r: inference_pb2.GetServerInfoResponse) -> t.ServerInfo:
    return t.ServerInfo(
        version=r.version,
        models=[loaded_model(m) for m in r.models],
        queue_depth=r.queue_depth,
        queue_capacity=r.queue_capacity,
        max_batch_texts=r.max_batch_texts,
        max_new_tokens_limit=r.max_new_tokens_limit,
        device=r.device,
    )


def finish_reason(value: int) -> str:
    return _enum_suffix(inference_pb2.FinishReason, value).lower()


def usage(u: common_pb2.Usage) -> t.Usage:
    return t.Usage(u.prompt_tokens, u.completion_tokens, u.total_tokens)


def logprobs(entries: Any) -> list[t.TokenLogprob]:
    return [
        t.TokenLogprob(
            e.token_id,
            e.token,
            e.logprob,
            [(a.token_id, a.token, a.logprob) for a in e.top_logprobs],
        )
        for e in entries
    ]


def tool_calls(calls: Any) -> list[t.ToolCall]:
    import json

    return [t.ToolCall(c.id, c.name, json.loads(c.arguments_json or "{}")) for c in calls]


def generation(r: inference_pb2.GenerateResponse) -> t.Generation:
    return t.Generation(
        text=r.text,
        token_ids=list(r.token_ids),
        finish_reason=finish_reason(r.finish_reason),
        usage=usage(r.usage),
        logprobs=logprobs(r.logprobs),
        samples=[s.text for s in r.samples] if len(r.samples) > 1 else [],
    )


def delta(
    r: inference_pb2.GenerateStreamResponse | inference_pb2.ChatStreamResponse,
) -> t.TextDelta:
    last = r.finish_reason != inference_pb2.FINISH_REASON_UNSPECIFIED
    _terminal.streamed(r.text_delta)  # so a progress line drawn next starts below it
    return t.TextDelta(
        text=r.text_delta,
        token_ids=list(r.token_ids),
        finish_reason=finish_reason(r.finish_reason) if last else None,
        usage=usage(r.usage) if last else None,
    )


def chat_reply(r: inference_pb2.ChatResponse) -> t.ChatReply:
    return t.ChatReply(
        message=t.ChatMessage(r.message.role or "assistant", r.message.content),
        token_ids=list(r.token_ids),
        finish_reason=finish_reason(r.finish_reason),
        usage=usage(r.usage),
        logprobs=logprobs(r.logprobs),
        tool_calls=tool_calls(r.message.tool_calls),
        samples=[s.text for s in r.samples] if len(r.samples) > 1 else [],
    )


def classification(r: inference_pb2.ClassifyResult) -> t.Classification:
    failed = r.HasField("error") and r.error.code != 0
    return t.Classification(
        scores=[t.LabelScore(s.label, s.score) for s in r.scores],
        truncated=r.truncated,
        error=r.error.message if failed else None,
        error_code=_code_name(r.error.code) if failed else None,
    )


def _code_name(code: int) -> str:
    import grpc

    for c in grpc.StatusCode:
        if c.value[0] == code:
            return str(c.name)
    return str(code)


def embeddings(r: inference_pb2.EmbedResponse) -> t.Embeddings:
    return t.Embeddings(
        vectors=[list(e.values) for e in r.embeddings],
        dimensions=r.dimensions,
        truncated=[e.truncated for e in r.embeddings],
        usage=usage(r.usage),
    )


def to_value(obj: Any) -> struct_pb2.Value:
    """A JSON-able Python value as ``google.protobuf.Value``."""
    value = struct_pb2.Value()
    json_format.ParseDict(obj, value)
    return value


def to_struct(obj: dict[str, Any] | None) -> struct_pb2.Struct | None:
    if not obj:
        return None
    s = struct_pb2.Struct()
    s.update(obj)
    return s


def from_value(value: struct_pb2.Value) -> Any:
    return json_format.MessageToDict(value)


def job_state(value: int) -> str:
    return _enum_suffix(training_pb2.JobState, value)


def job(j: training_pb2.Job) -> t.Job:
    return t.Job(
        id=j.id,
        state=job_state(j.state),
        base_model=j.spec.base_model,
        dataset=j.spec.dataset,
        method=_enum_suffix(training_pb2.TrainingMethod, j.spec.method).lower(),
        error=j.error,
        step=j.step,
        total_steps=j.total_steps,
        metrics=dict(j.metrics),
        output=model_key(j.output),
        base_version=model_key(j.base_version),
        dataset_version=dataset_key(j.dataset_version),
        create_time=_time(j.create_time),
        start_time=_time(j.start_time),
        end_time=_time(j.end_time),
    )


def job_event(e: training_pb2.JobEvent) -> t.JobEvent:
    kind = e.WhichOneof("event") or "unknown"
    base: dict[str, Any] = {"sequence": e.sequence, "time": _time(e.time)}
    if kind == "state_change":
        return t.JobEvent(
            **base,
            kind="state",
            state=job_state(e.state_change.state),
            reason=e.state_change.reason,
        )
    if kind == "metrics":
        m = e.metrics
        return t.JobEvent(
            **base,
            kind="metrics",
            step=m.step,
            metrics=t.StepMetrics(
                step=m.step,
                total_steps=m.total_steps,
                epoch=m.epoch,
                loss=m.loss,
                learning_rate=m.learning_rate,
                grad_norm=m.grad_norm,
                samples_per_second=m.samples_per_second,
                extra=dict(m.extra),
            ),
        )
    if kind == "evaluation":
        return t.JobEvent(
            **base, kind="evaluation", step=e.evaluation.step, values=dict(e.evaluation.metrics)
        )
    if kind == "checkpoint":
        return t.JobEvent(**base, kind="checkpoint", step=e.checkpoint.step, uri=e.checkpoint.uri)
    if kind == "log":
        return t.JobEvent(**base, kind="log", level=e.log.level, message=e.log.message)
    if kind == "result":
        return t.JobEvent(
            **base, kind="result", output=model_key(e.result.output), values=dict(e.result.metrics)
        )
    return t.JobEvent(**base, kind=kind)


EVENT_KIND_PREFIX = enums.prefix(registry_pb2.EventKind)


def registry_event(e: registry_pb2.RegistryEvent) -> t.RegistryEvent:
    return t.RegistryEvent(
        sequence=int(e.sequence),
        kind=_enum_suffix(registry_pb2.EventKind, e.kind).lower(),
        time=_time(e.create_time),
        model=e.model,
        dataset=e.dataset,
        version=int(e.version),
        alias=e.alias,
        old_version=int(e.old_version),
        new_version=int(e.new_version),
        reason=e.reason,
        server=e.server,
        promotion=promotion_decision(e.promotion) if e.HasField("promotion") else None,
    )


def promotion_decision(
    d: registry_pb2.PromotionDecision, reason: str = "", sequence: int = 0
) -> t.PromotionDecision:
    return t.PromotionDecision(
        metric=d.metric,
        greater_is_better=d.greater_is_better,
        promoted=d.promoted,
        candidate_value=d.candidate_value,
        baseline_version=int(d.baseline_version),
        baseline_value=d.baseline_value if d.HasField("baseline_value") else None,
        reason=reason,
        sequence=sequence,
    )


def event_kind_value(kind: str) -> registry_pb2.EventKind.ValueType:
    """``"alias_moved"`` -> ``EVENT_KIND_ALIAS_MOVED``'s number (ValueError if unknown)."""
    return registry_pb2.EventKind.Value(EVENT_KIND_PREFIX + kind.upper())


def watch_events_request(
    after_sequence: int | None, model: str, kinds: Any
) -> registry_pb2.WatchEventsRequest:
    req = registry_pb2.WatchEventsRequest(model=model, kinds=[event_kind_value(k) for k in kinds])
    if after_sequence is not None:
        req.after_sequence = after_sequence
    return req
