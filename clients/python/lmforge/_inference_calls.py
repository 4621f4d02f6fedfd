"""The inference part of ``lmforge.Client``: loading models and adapters, and asking them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from lmforge import _convert, _requests
from lmforge import types as t
from lmforge._calls import ServiceCalls
from lmforge._rpc import Stream
from lmforge.errors import InvalidArgument
from lmforge.v1 import inference_pb2


class _InferenceCalls(ServiceCalls):
    """Calls of the inference service (mixed into ``lmforge.Client``)."""

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
        top_p, top_k, repetition_penalty, stop, seed, presence_penalty, frequency_penalty,
        min_p, min_new_tokens, stop_token_ids, ignore_eos, logit_bias, n, logprobs (True or
        k alternatives), and one constraint: json_schema, regex, choice or json_object."""
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
        tools: Sequence[Mapping[str, Any]] | None = None,
        tool_choice: str | Mapping[str, Any] | None = None,
        chat_template_kwargs: Mapping[str, Any] | None = None,
        **parameters: Any,
    ) -> t.ChatReply:
        """Answer a conversation (``ChatMessage``s, role/content dicts, or one user text).

        ``tools``: OpenAI-style function definitions; ``tool_choice``: "auto",
        "none", "required" or a function name (forced with a grammar). Calls
        come back in ``ChatReply.tool_calls``.
        """
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
