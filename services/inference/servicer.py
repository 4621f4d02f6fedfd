"""gRPC surface of the inference service: decode, call the domain core, encode.

Streaming RPCs are async generators. A client that cancels or disconnects
raises ``asyncio.CancelledError`` inside the generator; the generation
handle's ``finally`` then takes the request out of the batch at once.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import grpc
from google.protobuf import json_format, struct_pb2

import lmforge
from lmforge import enums
from lmforge.services.core.values import struct_to_dict
from lmforge.v1 import common_pb2, inference_pb2_grpc
from lmforge.v1 import inference_pb2 as pb

from .core import ChatTurn, ClassifyOutcome, Generation, InferenceCore, ToolSpec
from .embeddings import MEAN
from .generation import Delta, Finish, GenerationHandle
from .loading import LoadOptions
from .models import ModelManager, ModelRecord
from .pipelines import pipeline_inputs
from .sampling import Pick, SamplingParams
from .toolcalls import ToolCall, parse_tool_calls

Ctx = grpc.aio.ServicerContext[Any, Any]


class InferenceServicer(inference_pb2_grpc.InferenceServiceServicer):
    def __init__(self, core: InferenceCore) -> None:
        self.core = core
        self.models: ModelManager = core.models

    # -- model lifecycle -----------------------------------------------------------

    async def LoadModel(self, request: pb.LoadModelRequest, context: Ctx) -> pb.LoadModelResponse:
        record = await self.models.load(
            request.reference,
            request.name,
            _load_options(request.options),
            wait=not request.no_wait,
            follow=request.follow,
        )
        return pb.LoadModelResponse(model=self._loaded(record))

    async def UnloadModel(
        self, request: pb.UnloadModelRequest, context: Ctx
    ) -> pb.UnloadModelResponse:
        return pb.UnloadModelResponse(freed_bytes=await self.models.unload(request.name))

    async def ListLoadedModels(
        self, request: pb.ListLoadedModelsRequest, context: Ctx
    ) -> pb.ListLoadedModelsResponse:
        return pb.ListLoadedModelsResponse(
            models=[self._loaded(r) for r in self.models.models.values()]
        )

    async def LoadAdapter(
        self, request: pb.LoadAdapterRequest, context: Ctx
    ) -> pb.LoadAdapterResponse:
        record = await self.models.load_adapter(request.model, request.reference, request.name)
        return pb.LoadAdapterResponse(model=self._loaded(record))

    async def UnloadAdapter(
        self, request: pb.UnloadAdapterRequest, context: Ctx
    ) -> pb.UnloadAdapterResponse:
        record = await self.models.unload_adapter(request.model, request.name)
        return pb.UnloadAdapterResponse(model=self._loaded(record))

    # -- generation ----------------------------------------------------------------

    def _params(self, p: pb.GenerationParameters) -> SamplingParams:
        return self.core.sampling_params(
            max_new_tokens=p.max_new_tokens,
            temperature=p.temperature,
            top_p=p.top_p,
            top_k=p.top_k,
            repetition_penalty=p.repetition_penalty,
            stop=list(p.stop),
            seed=p.seed if p.HasField("seed") else None,
            presence_penalty=p.presence_penalty,
            frequency_penalty=p.frequency_penalty,
            min_p=p.min_p,
            min_new_tokens=p.min_new_tokens,
            stop_token_ids=list(p.stop_token_ids),
            ignore_eos=p.ignore_eos,
            logit_bias=dict(p.logit_bias),
            logprobs=p.logprobs,
            top_logprobs=p.top_logprobs,
        )

    async def _start_generate(self, request: Any) -> Generation:
        p = request.parameters
        return await self.core.generate(
            request.model,
            request.prompt,
            self._params(p),
            request.adapter,
            n=p.n or 1,
            constraint=_constraint(p.constraint),
        )

    async def _start_chat(self, request: Any) -> Generation:
        p = request.parameters
        messages = [
            ChatTurn(
                m.role,
                m.content,
                tuple(ToolCall(c.id, c.name, c.arguments_json) for c in m.tool_calls),
                m.tool_call_id,
                m.name,
            )
            for m in request.messages
        ]
        return await self.core.chat(
            request.model,
            messages,
            self._params(p),
            request.adapter,
            n=p.n or 1,
            constraint=_constraint(p.constraint),
            tools=[ToolSpec(t.name, t.description, t.parameters_json) for t in request.tools],
            tool_choice=request.tool_choice.mode,
            tool_function=request.tool_choice.function,
            chat_template_kwargs=struct_to_dict(
                request.chat_template_kwargs, "chat_template_kwargs"
            ),
        )

    async def _prepare(self, request: Any) -> None:
        """A request that needs a grammar gets the model's grammar tokenizer built first."""
        forced = getattr(request, "tool_choice", None)
        if request.parameters.constraint.WhichOneof("kind") or (
            forced is not None and (forced.function or forced.mode == "required")
        ):
            await self.core.prepare_grammar(request.model)

    def _logprobs(self, model: str, picks: list[Pick]) -> list[pb.TokenLogprob]:
        out = []
        for pick in picks:
            if pick.logprob is None:
                continue
            text = self.core.token_text(model, pick.token_id)
            out.append(
                pb.TokenLogprob(
                    token_id=pick.token_id,
                    token=text,
                    logprob=pick.logprob,
                    token_bytes=text.encode("utf-8"),
                    top_logprobs=[
                        pb.TopLogprob(
                            token_id=t,
                            token=(alt := self.core.token_text(model, t)),
                            logprob=lp,
                            token_bytes=alt.encode("utf-8"),
                        )
                        for t, lp in pick.top_logprobs
                    ],
                )
            )
        return out

    async def _samples(self, model: str, gen: Generation) -> list[pb.Sample]:
        done = await asyncio.gather(*(_collect(h) for h in gen.handles))
        samples = []
        for i, (text, ids, picks, last) in enumerate(done):
            sample = pb.Sample(
                index=i,
                text=text,
                token_ids=ids,
                finish_reason=_finish(last),
                logprobs=self._logprobs(model, picks),
            )
            if gen.tool_mode:
                content, calls = parse_tool_calls(text, gen.tool_mode)
                if calls:
                    sample.text = content
                    sample.tool_calls.extend(_tool_call_pb(c) for c in calls)
                    if last.finish in (Finish.EOS, Finish.STOP):
                        sample.finish_reason = pb.FINISH_REASON_TOOL_CALLS
            samples.append(sample)
        return samples

    async def _stream(self, model: str, gen: Generation) -> AsyncIterator[dict[str, Any]]:
        """The deltas of all samples as message fields, interleaved as they come."""
        texts: list[list[str]] = [[] for _ in gen.handles]
        async for index, d in _merge(gen):
            fields = _delta_fields(d)
            fields["index"] = index
            fields["logprobs"] = self._logprobs(model, d.picks)
            texts[index].append(d.text)
            if d.finish is not None and gen.tool_mode:
                _, calls = parse_tool_calls("".join(texts[index]), gen.tool_mode)
                if calls:
                    fields["tool_calls"] = [_tool_call_pb(c) for c in calls]
                    if d.finish in (Finish.EOS, Finish.STOP):
                        fields["finish_reason"] = pb.FINISH_REASON_TOOL_CALLS
            yield fields

    async def Generate(self, request: pb.GenerateRequest, context: Ctx) -> pb.GenerateResponse:
        await self._prepare(request)
        gen = await self._start_generate(request)
        samples = await self._samples(request.model, gen)
        first = samples[0]
        return pb.GenerateResponse(
            text=first.text,
            token_ids=first.token_ids,
            finish_reason=first.finish_reason,
            usage=_total_usage(gen, samples),
            logprobs=first.logprobs,
            samples=samples,
        )

    async def GenerateStream(
        self, request: pb.GenerateStreamRequest, context: Ctx
    ) -> AsyncIterator[pb.GenerateStreamResponse]:
        await self._prepare(request)
        gen = await self._start_generate(request)
        try:
            async for fields in self._stream(request.model, gen):
                fields.pop("tool_calls", None)
                yield pb.GenerateStreamResponse(**fields)
        finally:
            for h in gen.handles:
                h.cancel()  # a client gone between messages frees its slots now

    async def Chat(self, request: pb.ChatRequest, context: Ctx) -> pb.ChatResponse:
        await self._prepare(request)
        gen = await self._start_chat(request)
        samples = await self._samples(request.model, gen)
        first = samples[0]
        return pb.ChatResponse(
            message=pb.ChatMessage(
                role="assistant", content=first.text, tool_calls=first.tool_calls
            ),
            token_ids=first.token_ids,
            finish_reason=first.finish_reason,
            usage=_total_usage(gen, samples),
            logprobs=first.logprobs,
            samples=samples,
        )

    async def ChatStream(
        self, request: pb.ChatStreamRequest, context: Ctx
    ) -> AsyncIterator[pb.ChatStreamResponse]:
        await self._prepare(request)
        gen = await self._start_chat(request)
        try:
            async for fields in self._stream(request.model, gen):
                yield pb.ChatStreamResponse(**fields)
        finally:
            for h in gen.handles:
                h.cancel()  # a client gone between messages frees its slots now

    # -- classification, embeddings, pipelines ---------------------------------------------

    async def Classify(self, request: pb.ClassifyRequest, context: Ctx) -> pb.ClassifyResponse:
        outcomes = await self.core.classify(
            request.model, list(request.texts), request.top_k, request.adapter
        )
        return pb.ClassifyResponse(results=[_classify_result(o) for o in outcomes])

    async def Embed(self, request: pb.EmbedRequest, context: Ctx) -> pb.EmbedResponse:
        # embeddings' pooling names are Pooling's (lmforge.enums); unset is mean.
        pooling = enums.name_in(pb.Pooling, request.pooling, "pooling").lower() or MEAN
        result = await self.core.embed(
            request.model, list(request.texts), pooling, request.normalize
        )
        return pb.EmbedResponse(
            embeddings=[
                pb.Embedding(values=v, truncated=t)
                for v, t in zip(result.vectors, result.truncated, strict=True)
            ],
            dimensions=len(result.vectors[0]) if result.vectors else 0,
            usage=common_pb2.Usage(prompt_tokens=result.tokens, total_tokens=result.tokens),
        )

    async def RunPipeline(
        self, request: pb.RunPipelineRequest, context: Ctx
    ) -> pb.RunPipelineResponse:
        inputs = pipeline_inputs(request.input)
        parameters = struct_to_dict(request.parameters, "parameters")
        output, task = await self.core.run_pipeline(request.model, request.task, inputs, parameters)
        value = struct_pb2.Value()
        json_format.ParseDict(output, value)
        return pb.RunPipelineResponse(output=value, task=task)

    async def GetServerInfo(
        self, request: pb.GetServerInfoRequest, context: Ctx
    ) -> pb.GetServerInfoResponse:
        s = self.core.settings
        return pb.GetServerInfoResponse(
            version=getattr(lmforge, "__version__", ""),
            models=[self._loaded(r) for r in self.models.models.values()],
            queue_depth=self.core.queue_depth,
            queue_capacity=s.queue_capacity,
            max_batch_texts=s.max_batch_texts,
            max_new_tokens_limit=s.max_new_tokens_limit,
            device=s.device,
        )

    # -- encoding -----------------------------------------------------------------------

    @staticmethod
    def _loaded(r: ModelRecord) -> pb.LoadedModel:
        msg = pb.LoadedModel(
            name=r.name,
            reference=r.reference,
            task=r.task,
            state=pb.ModelState.ValueType(enums.value_of(pb.ModelState, r.state.value)),
            device=r.device,
            dtype=r.dtype,
            memory_bytes=r.memory_bytes,
            queue_depth=r.queue_depth if r.loaded is not None else 0,
            error=r.error,
            max_context_tokens=r.max_context,
            follow_alias=r.follow_alias,
            swap_error=r.swap_error,
            adapters=[
                pb.LoadedAdapter(
                    name=a.name,
                    version=common_pb2.ModelVersionKey(model=a.version[0], version=a.version[1]),
                )
                for a in r.adapters.values()
            ],
        )
        if r.version is not None:
            msg.version.model, msg.version.version = r.version
        return msg


async def _collect(handle: GenerationHandle) -> tuple[str, list[int], list[Pick], Delta]:
    """Run one sample to the end: the unary text is exactly the streamed deltas joined."""
    parts: list[str] = []
    ids: list[int] = []
    picks: list[Pick] = []
    last: Delta | None = None
    async for d in handle:
        parts.append(d.text)
        ids.extend(d.token_ids)
        picks.extend(d.picks)
        last = d
    assert last is not None and last.finish is not None
    return "".join(parts), ids, picks, last


async def _merge(gen: Generation) -> AsyncIterator[tuple[int, Delta]]:
    """Deltas of every sample as (index, delta), in the order they arrive."""
    if len(gen.handles) == 1:
        async for d in gen.handles[0]:
            yield 0, d
        return
    queue: asyncio.Queue[tuple[int, Delta | BaseException | None]] = asyncio.Queue()

    async def pump(index: int, handle: GenerationHandle) -> None:
        try:
            async for d in handle:
                await queue.put((index, d))
            await queue.put((index, None))
        except BaseException as exc:  # handed to the consumer, raised there
            await queue.put((index, exc))

    tasks = [asyncio.create_task(pump(i, h)) for i, h in enumerate(gen.handles)]
    try:
        running = len(tasks)
        while running:
            index, item = await queue.get()
            if item is None:
                running -= 1
            elif isinstance(item, BaseException):
                raise item
            else:
                yield index, item
    finally:
        for t in tasks:
            t.cancel()


def _total_usage(gen: Generation, samples: list[pb.Sample]) -> common_pb2.Usage:
    completion = sum(len(s.token_ids) for s in samples)
    return common_pb2.Usage(
        prompt_tokens=gen.prompt_tokens,
        completion_tokens=completion,
        total_tokens=gen.prompt_tokens + completion,
    )


def _tool_call_pb(c: ToolCall) -> pb.ToolCall:
    return pb.ToolCall(id=c.id, name=c.name, arguments_json=c.arguments_json)


def _constraint(c: pb.OutputConstraint) -> tuple[str, Any] | None:
    kind = c.WhichOneof("kind")
    if kind is None:
        return None
    if kind == "json_object" and not c.json_object:
        return None
    if kind == "choice":
        return kind, list(c.choice.choices)
    return kind, getattr(c, kind)


def _finish(d: Delta) -> Any:
    return _finish_reason(d.finish) if d.finish is not None else pb.FINISH_REASON_UNSPECIFIED


def _finish_reason(f: Finish) -> Any:
    return enums.value_of(pb.FinishReason, f.value)


def _usage(d: Delta) -> common_pb2.Usage:
    return common_pb2.Usage(
        prompt_tokens=d.prompt_tokens,
        completion_tokens=d.completion_tokens,
        total_tokens=d.prompt_tokens + d.completion_tokens,
    )


def _delta_fields(d: Delta) -> dict[str, Any]:
    fields: dict[str, Any] = {"text_delta": d.text, "token_ids": d.token_ids}
    if d.finish is not None:
        fields["finish_reason"] = _finish_reason(d.finish)
        fields["usage"] = _usage(d)
    return fields


def _classify_result(o: ClassifyOutcome) -> pb.ClassifyResult:
    if o.error:
        return pb.ClassifyResult(
            error=common_pb2.ItemError(
                code=grpc.StatusCode.INVALID_ARGUMENT.value[0], message=o.error
            )
        )
    return pb.ClassifyResult(
        scores=[pb.LabelScore(label=label, score=score) for label, score in o.scores],
        truncated=o.truncated,
    )


def _load_options(o: pb.LoadOptions) -> LoadOptions:
    return LoadOptions(
        dtype=o.dtype,
        device=o.device,
        device_map=o.device_map,
        # loading's names are Quantization's (lmforge.enums); unset is none.
        quantization=enums.name_in(pb.Quantization, o.quantization, "options.quantization").lower(),
        model_kwargs=struct_to_dict(o.model_kwargs, "options.model_kwargs"),
        tokenizer_kwargs=struct_to_dict(o.tokenizer_kwargs, "options.tokenizer_kwargs"),
        trust_remote_code=o.trust_remote_code,
        task=o.task,
    )
