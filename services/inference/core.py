"""The inference domain core: request-level operations over the loaded models.

Plain Python (no gRPC): validates what a caller asked, picks the loaded model,
and hands the work to its generation engine, classification batcher,
embedding or pipeline code. The servicer only translates protobuf to these
calls and back.
"""

from __future__ import annotations

import asyncio
import json
import math
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from functools import partial
from typing import Any

from lmforge.errors import FailedPrecondition, InvalidArgument

from .batching import Scores
from .compute import compute_thread  # every torch call runs there
from .constraints import check_tool, compile_constraint, ll_tokenizer, tool_call_constraint
from .embeddings import CLS, LAST, MEAN, EmbedResult, embed_texts
from .generation import GenerationHandle
from .limits import check_prompt_bytes, render_chat
from .models import ModelManager, ModelRecord
from .pipelines import PipelineInputs, check_call, get_pipeline, run_pipeline
from .sampling import MAX_TOP_LOGPROBS, SamplingParams
from .settings import InferenceSettings
from .toolcalls import ToolCall, parser_for

MAX_STOP_SEQUENCES = 16
# Logits are divided by temperature and repetition penalty: below this a
# division overflows to inf and sampling fails on NaN probabilities.
MIN_FACTOR = 1e-3
MAX_SAMPLES = 16  # n
MAX_STOP_TOKEN_IDS = 64
MAX_LOGIT_BIAS = 300
MAX_TOOLS = 64
ROLES = ("system", "user", "assistant", "tool")
# Chat template variables a client may set, with their type; anything else is
# refused (a template is code, its variables are not for arbitrary input).
CHAT_TEMPLATE_KWARGS: dict[str, type] = {"enable_thinking": bool}


@dataclass(frozen=True)
class ClassifyOutcome:
    """One text's answer: label scores sorted best first, or an error."""

    scores: list[tuple[str, float]]
    truncated: bool = False
    error: str = ""


@dataclass(frozen=True)
class ToolSpec:
    """One tool a chat may call: name, description and its parameters' JSON Schema (text)."""

    name: str
    description: str = ""
    parameters_json: str = ""


@dataclass(frozen=True)
class ChatTurn:
    """One message of a conversation."""

    role: str
    content: str
    tool_calls: tuple[ToolCall, ...] = ()
    tool_call_id: str = ""
    name: str = ""


@dataclass(frozen=True)
class Generation:
    """A started generation: one handle per sample (index = position); iterate for deltas."""

    handles: list[GenerationHandle]
    prompt_tokens: int
    tool_mode: str = ""  # chat with tools: auto, required or a forced name; "" none
    tool_parser: str = ""

    @property
    def handle(self) -> GenerationHandle:
        return self.handles[0]


class InferenceCore:
    def __init__(self, settings: InferenceSettings, models: ModelManager) -> None:
        self.settings = settings
        self.models = models
        # Tokenizing a prompt and rendering a chat template take up to seconds for
        # a large prompt: they run here, off the event loop. One thread, so a fast
        # tokenizer is never entered by two requests at once ("Already borrowed").
        # Neither is torch work, so the compute thread is not needed for them.
        self._text_work = ThreadPoolExecutor(max_workers=1, thread_name_prefix="lmforge-text")

    async def _off_loop(self, fn: Any, *args: Any, **kwargs: Any) -> Any:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._text_work, partial(fn, *args, **kwargs))

    # -- generation ------------------------------------------------------------

    def sampling_params(
        self,
        *,
        max_new_tokens: int = 0,
        temperature: float = 0.0,
        top_p: float = 0.0,
        top_k: int = 0,
        repetition_penalty: float = 0.0,
        stop: list[str] | tuple[str, ...] = (),
        seed: int | None = None,
        presence_penalty: float = 0.0,
        frequency_penalty: float = 0.0,
        min_p: float = 0.0,
        min_new_tokens: int = 0,
        stop_token_ids: list[int] | tuple[int, ...] = (),
        ignore_eos: bool = False,
        logit_bias: dict[int, float] | None = None,
        logprobs: bool = False,
        top_logprobs: int = 0,
    ) -> SamplingParams:
        """Validated sampling parameters (0 means the default for each).

        Checks that need the model (token ids in its vocabulary, constraints
        compiled for its tokenizer) happen in generate/chat.
        """
        limit = self.settings.max_new_tokens_limit
        if max_new_tokens < 0 or max_new_tokens > limit:
            raise InvalidArgument.field(
                "parameters.max_new_tokens", f"{max_new_tokens} is not within 1..{limit}"
            )
        if not math.isfinite(temperature) or temperature < 0 or 0 < temperature < MIN_FACTOR:
            raise InvalidArgument.field(
                "parameters.temperature",
                f"{temperature} must be 0 (greedy) or in [{MIN_FACTOR}, inf)",
            )
        if not math.isfinite(top_p) or top_p < 0 or top_p > 1:
            raise InvalidArgument.field(
                "parameters.top_p", f"{top_p} must be in (0, 1] (0 means 1)"
            )
        if top_k < 0:
            raise InvalidArgument.field("parameters.top_k", f"{top_k} must be >= 0 (0: no limit)")
        if (
            not math.isfinite(repetition_penalty)
            or repetition_penalty < 0
            or 0 < repetition_penalty < MIN_FACTOR
        ):
            raise InvalidArgument.field(
                "parameters.repetition_penalty", f"{repetition_penalty} must be > 0 (0 means 1)"
            )
        if len(stop) > MAX_STOP_SEQUENCES or any(not s for s in stop):
            raise InvalidArgument.field(
                "parameters.stop", f"give at most {MAX_STOP_SEQUENCES} non-empty stop sequences"
            )
        for name, value in (
            ("presence_penalty", presence_penalty),
            ("frequency_penalty", frequency_penalty),
        ):
            if not math.isfinite(value) or not -2.0 <= value <= 2.0:
                raise InvalidArgument.field(f"parameters.{name}", f"{value} must be in [-2, 2]")
        if not math.isfinite(min_p) or not 0.0 <= min_p <= 1.0:
            raise InvalidArgument.field("parameters.min_p", f"{min_p} must be in [0, 1]")
        max_new = max_new_tokens or self.settings.default_max_new_tokens
        if min_new_tokens < 0 or min_new_tokens > max_new:
            raise InvalidArgument.field(
                "parameters.min_new_tokens", f"{min_new_tokens} is not within 0..{max_new}"
            )
        if len(stop_token_ids) > MAX_STOP_TOKEN_IDS or any(t < 0 for t in stop_token_ids):
            raise InvalidArgument.field(
                "parameters.stop_token_ids",
                f"give at most {MAX_STOP_TOKEN_IDS} token ids, each >= 0",
            )
        bias = dict(logit_bias or {})
        if len(bias) > MAX_LOGIT_BIAS:
            raise InvalidArgument.field(
                "parameters.logit_bias", f"{len(bias)} entries; the limit is {MAX_LOGIT_BIAS}"
            )
        for token_id, value in bias.items():
            if token_id < 0:
                raise InvalidArgument.field(
                    "parameters.logit_bias", f"token id {token_id} is negative"
                )
            if not math.isfinite(value) or not -100.0 <= value <= 100.0:
                raise InvalidArgument.field(
                    f"parameters.logit_bias[{token_id}]", f"{value} must be in [-100, 100]"
                )
        if not 0 <= top_logprobs <= MAX_TOP_LOGPROBS:
            raise InvalidArgument.field(
                "parameters.top_logprobs", f"{top_logprobs} is not within 0..{MAX_TOP_LOGPROBS}"
            )
        if top_logprobs and not logprobs:
            raise InvalidArgument.field("parameters.top_logprobs", "needs logprobs set")
        return SamplingParams(
            max_new_tokens=max_new,
            temperature=float(temperature),
            top_p=float(top_p) or 1.0,
            top_k=int(top_k),
            repetition_penalty=float(repetition_penalty) or 1.0,
            stop=tuple(stop),
            seed=seed,
            presence_penalty=float(presence_penalty),
            frequency_penalty=float(frequency_penalty),
            min_p=float(min_p),
            min_new_tokens=int(min_new_tokens),
            stop_token_ids=tuple(int(t) for t in stop_token_ids),
            ignore_eos=bool(ignore_eos),
            logit_bias=tuple(sorted((int(k), float(v)) for k, v in bias.items())),
            logprobs=bool(logprobs),
            top_logprobs=int(top_logprobs),
        )

    def _generator_model(self, model: str) -> ModelRecord:
        record = self.models.get(model)
        if record.engine is None:
            raise FailedPrecondition(
                f"model {model!r} serves {record.task}, not text-generation; use a causal LM"
            )
        return record

    async def generate(
        self,
        model: str,
        prompt: str,
        params: SamplingParams,
        adapter: str = "",
        *,
        n: int = 1,
        constraint: tuple[str, Any] | None = None,
    ) -> Generation:
        """Start ``n`` samples of a completion; ``constraint``: (kind, value), see constraints."""
        record = self._generator_model(model)
        adapter_name = self.models.check_adapter(record, adapter)
        if not prompt:
            raise InvalidArgument.field("prompt", "must not be empty")
        check_prompt_bytes([prompt], "prompt", self.settings.max_prompt_bytes)
        params = self._for_model(record, params, n, constraint)
        ids = (await self._off_loop(record.tokenizer, prompt))["input_ids"]
        return self._submit(record, ids, params, adapter_name, "prompt", n)

    async def chat(
        self,
        model: str,
        messages: Sequence[ChatTurn | tuple[str, str]],
        params: SamplingParams,
        adapter: str = "",
        *,
        n: int = 1,
        constraint: tuple[str, Any] | None = None,
        tools: Sequence[ToolSpec] = (),
        tool_choice: str = "",
        tool_function: str = "",
        chat_template_kwargs: dict[str, Any] | None = None,
    ) -> Generation:
        """Start ``n`` samples of the assistant's answer to ``messages``.

        With tools, ``tool_choice`` "auto" (the default) parses calls from the
        output, "none" only shows the tools, "required" or ``tool_function``
        force a call with a grammar (the output is then one JSON call).
        """
        record = self._generator_model(model)
        adapter_name = self.models.check_adapter(record, adapter)
        if not messages:
            raise InvalidArgument.field("messages", "must hold at least one message")
        turns = [m if isinstance(m, ChatTurn) else ChatTurn(m[0], m[1]) for m in messages]
        for i, turn in enumerate(turns):
            if turn.role not in ROLES:
                raise InvalidArgument.field(
                    f"messages[{i}].role", f"{turn.role!r}: use system, user, assistant or tool"
                )
        kwargs = check_template_kwargs(chat_template_kwargs or {})
        tool_schemas = [
            (t.name, check_tool(i, t.name, t.parameters_json)) for i, t in enumerate(tools)
        ]
        if len(tool_schemas) > MAX_TOOLS:
            raise InvalidArgument.field("tools", f"{len(tools)} tools; the limit is {MAX_TOOLS}")
        names = [name for name, _ in tool_schemas]
        if len(set(names)) != len(names):
            raise InvalidArgument.field("tools", "tool names must be unique")
        mode = tool_choice or ("auto" if tools else "none")
        if mode not in ("auto", "none", "required"):
            raise InvalidArgument.field(
                "tool_choice.mode", f"{tool_choice!r}: use auto, none or required"
            )
        forced: list[tuple[str, dict[str, Any]]] = []
        if tool_function:
            forced = [(n_, s_) for n_, s_ in tool_schemas if n_ == tool_function]
            if not forced:
                raise InvalidArgument.field(
                    "tool_choice.function", f"{tool_function!r} is not one of the tools"
                )
            mode = tool_function
        elif mode == "required":
            if not tools:
                raise InvalidArgument.field("tool_choice.mode", "required needs tools")
            forced = tool_schemas
        elif mode == "auto" and not tools:
            mode = "none"
        tok = record.tokenizer
        if forced:
            if constraint is not None:
                raise InvalidArgument.field(
                    "parameters.constraint", "cannot be combined with a forced tool call"
                )
            params = self._for_model(record, params, n, None)
            params = replace(params, constraint=tool_call_constraint(forced, tok))
        else:
            params = self._for_model(record, params, n, constraint)
        if not getattr(tok, "chat_template", None):
            raise FailedPrecondition(f"model {model!r} has no chat template; use Generate")
        template_tools = [
            {
                "type": "function",
                "function": {"name": t.name, "description": t.description, "parameters": schema},
            }
            for t, (_, schema) in zip(tools, tool_schemas, strict=True)
        ]
        check_prompt_bytes([t.content for t in turns], "messages", self.settings.max_prompt_bytes)
        text = await self._off_loop(
            render_chat,
            tok,
            [_template_message(i, t) for i, t in enumerate(turns)],
            tools=template_tools or None,
            **kwargs,
        )
        ids = (await self._off_loop(tok, text, add_special_tokens=False))["input_ids"]
        gen = self._submit(record, ids, params, adapter_name, "messages", n)
        if mode == "none":
            return gen
        return replace(gen, tool_mode=mode, tool_parser=parser_for(tok))

    def _for_model(
        self,
        record: ModelRecord,
        params: SamplingParams,
        n: int,
        constraint: tuple[str, Any] | None,
    ) -> SamplingParams:
        """Checks against the model: token ids in its vocabulary, the constraint compiled."""
        if not 1 <= n <= MAX_SAMPLES:
            raise InvalidArgument.field("parameters.n", f"{n} is not within 1..{MAX_SAMPLES}")
        vocab = _vocab_size(record)
        for token_id, _ in params.logit_bias:
            if token_id >= vocab:
                raise InvalidArgument.field(
                    "parameters.logit_bias",
                    f"token id {token_id} is outside the vocabulary (0..{vocab - 1})",
                )
        for token_id in params.stop_token_ids:
            if token_id >= vocab:
                raise InvalidArgument.field(
                    "parameters.stop_token_ids",
                    f"token id {token_id} is outside the vocabulary (0..{vocab - 1})",
                )
        compiled = None
        if constraint is not None:
            compiled = compile_constraint(constraint[0], constraint[1], record.tokenizer)
        assert record.engine is not None
        return replace(
            params, constraint=compiled, eos_token_ids=tuple(sorted(record.engine.eos_ids))
        )

    async def prepare_grammar(self, model: str) -> None:
        """Build the model's grammar tokenizer off the event loop (about a second, once)."""
        record = self.models.models.get(model)
        if record is not None and record.loaded is not None and record.engine is not None:
            await asyncio.to_thread(ll_tokenizer, record.tokenizer)

    def token_text(self, model: str, token_id: int) -> str:
        """A token decoded alone (for log-probability reports)."""
        return str(self.models.get(model).tokenizer.decode([token_id]))

    def _submit(
        self,
        record: ModelRecord,
        ids: list[int],
        params: SamplingParams,
        adapter: str | None,
        field_name: str,
        n: int = 1,
    ) -> Generation:
        if len(ids) >= record.max_context:
            raise InvalidArgument.field(
                field_name,
                f"{len(ids)} tokens do not fit the context of model {record.name!r} "
                f"({record.max_context} tokens, with room for at least one new token)",
            )
        room = record.max_context - len(ids)
        if params.max_new_tokens > room:
            params = replace(
                params,
                max_new_tokens=room,
                min_new_tokens=min(params.min_new_tokens, room),
            )
        assert record.engine is not None
        handles: list[GenerationHandle] = []
        try:
            for i in range(n):
                # Sample i's seed is seed + i: reproducible, and different per sample.
                seed = None if params.seed is None else params.seed + i
                handles.append(record.engine.submit(ids, replace(params, seed=seed), adapter))
        except BaseException:
            for h in handles:  # all n or none: a full queue leaves nothing behind
                h.cancel()
            raise
        return Generation(handles, len(ids))

    # -- classification ----------------------------------------------------------

    def _check_texts(self, texts: list[str]) -> None:
        if not texts:
            raise InvalidArgument.field("texts", "give at least one text")
        if len(texts) > self.settings.max_batch_texts:
            raise InvalidArgument.field(
                "texts",
                f"{len(texts)} texts in one call; the limit is {self.settings.max_batch_texts} "
                "(LMFORGE_INFERENCE_MAX_BATCH_TEXTS): split the call",
            )

    async def classify(
        self, model: str, texts: list[str], top_k: int = 0, adapter: str = ""
    ) -> list[ClassifyOutcome]:
        record = self.models.get(model)
        if record.batcher is None:
            raise FailedPrecondition(
                f"model {model!r} serves {record.task}, not text-classification"
            )
        adapter_name = self.models.check_adapter(record, adapter)
        self._check_texts(texts)
        if top_k < 0:
            raise InvalidArgument.field("top_k", f"{top_k} must be >= 0 (0: all labels)")
        good = [i for i, t in enumerate(texts) if t.strip()]
        scores = await record.batcher.classify([texts[i] for i in good], adapter_name)
        by_index: dict[int, Scores] = dict(zip(good, scores, strict=True))
        labels = record.labels
        out: list[ClassifyOutcome] = []
        for i in range(len(texts)):
            s = by_index.get(i)
            if s is None:
                out.append(ClassifyOutcome([], error=f"texts[{i}]: must not be empty"))
                continue
            ranked = sorted(
                ((_label(labels, j), p) for j, p in enumerate(s.probabilities)),
                key=lambda lp: -lp[1],
            )
            out.append(ClassifyOutcome(ranked[:top_k] if top_k else ranked, s.truncated))
        return out

    # -- embeddings and pipelines ----------------------------------------------------

    async def embed(
        self, model: str, texts: list[str], pooling: str = MEAN, normalize: bool = False
    ) -> EmbedResult:
        record = self.models.get(model)
        self._check_texts(texts)
        for i, t in enumerate(texts):
            if not t:
                raise InvalidArgument.field(f"texts[{i}]", "must not be empty")
        if pooling not in (MEAN, CLS, LAST):
            raise InvalidArgument.field("pooling", f"{pooling!r} is not a pooling")
        record.in_flight += 1
        try:
            return await compute_thread().run(
                embed_texts,
                record.model,
                record.tokenizer,
                record.lock,
                texts,
                pooling=pooling,
                normalize=normalize,
                max_length=record.max_context,
            )
        finally:
            record.in_flight -= 1

    async def run_pipeline(
        self, model: str, task: str, inputs: PipelineInputs, parameters: dict[str, Any]
    ) -> tuple[Any, str]:
        record = self.models.get(model)
        call = check_call(task or record.task, inputs, parameters, self.settings)
        assert record.loaded is not None
        record.in_flight += 1
        try:
            compute = compute_thread()
            pipe = await compute.run(get_pipeline, record.pipelines, call.task, record.loaded)
            output = await compute.run(run_pipeline, pipe, record.lock, call)
        finally:
            record.in_flight -= 1
        return output, call.task

    # -- info ---------------------------------------------------------------------

    @property
    def queue_depth(self) -> int:
        return sum(r.queue_depth for r in self.models.models.values() if r.loaded is not None)


def check_template_kwargs(kwargs: dict[str, Any]) -> dict[str, Any]:
    for key, value in kwargs.items():
        kind = CHAT_TEMPLATE_KWARGS.get(key)
        if kind is None:
            allowed = ", ".join(sorted(CHAT_TEMPLATE_KWARGS))
            raise InvalidArgument.field(
                f"chat_template_kwargs.{key}", f"is not allowed (allowed: {allowed})"
            )
        if not isinstance(value, kind):
            raise InvalidArgument.field(f"chat_template_kwargs.{key}", f"must be a {kind.__name__}")
    return dict(kwargs)


def _template_message(index: int, turn: ChatTurn) -> dict[str, Any]:
    """A message as chat templates expect it (tool-call arguments as a mapping)."""
    message: dict[str, Any] = {"role": turn.role, "content": turn.content}
    if turn.tool_calls:
        calls = []
        for j, call in enumerate(turn.tool_calls):
            try:
                arguments = json.loads(call.arguments_json or "{}")
            except ValueError:
                raise InvalidArgument.field(
                    f"messages[{index}].tool_calls[{j}].arguments_json", "is not valid JSON"
                ) from None
            calls.append(
                {
                    "id": call.id,
                    "type": "function",
                    "function": {"name": call.name, "arguments": arguments},
                }
            )
        message["tool_calls"] = calls
    if turn.tool_call_id:
        message["tool_call_id"] = turn.tool_call_id
    if turn.name:
        message["name"] = turn.name
    return message


def _vocab_size(record: ModelRecord) -> int:
    """Rows of the output layer (>= the tokenizer's size for padded vocabularies)."""
    config = getattr(record.model, "config", None)
    size = getattr(config, "vocab_size", None) or len(record.tokenizer)
    return int(size)


def _label(labels: tuple[str, ...], index: int) -> str:
    return labels[index] if index < len(labels) else f"LABEL_{index}"
