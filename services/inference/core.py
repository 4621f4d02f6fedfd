"""The inference domain core: request-level operations over the loaded models.

Plain Python (no gRPC): validates what a caller asked, picks the loaded model,
and hands the work to its generation engine, classification batcher,
embedding or pipeline code. The servicer only translates protobuf to these
calls and back.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from lmforge.errors import FailedPrecondition, InvalidArgument

from .batching import Scores
from .compute import compute_thread  # every torch call runs there
from .embeddings import CLS, LAST, MEAN, EmbedResult, embed_texts
from .generation import GenerationHandle
from .limits import check_prompt_bytes, render_chat
from .models import ModelManager, ModelRecord
from .pipelines import PipelineInputs, check_call, get_pipeline, run_pipeline
from .sampling import SamplingParams
from .settings import InferenceSettings

MAX_STOP_SEQUENCES = 16
# Logits are divided by temperature and repetition penalty: below this a
# division overflows to inf and sampling fails on NaN probabilities.
MIN_FACTOR = 1e-3


@dataclass(frozen=True)
class ClassifyOutcome:
    """One text's answer: label scores sorted best first, or an error."""

    scores: list[tuple[str, float]]
    truncated: bool = False
    error: str = ""


@dataclass(frozen=True)
class Generation:
    """A started generation: iterate ``handle`` for deltas."""

    handle: GenerationHandle
    prompt_tokens: int


class InferenceCore:
    def __init__(self, settings: InferenceSettings, models: ModelManager) -> None:
        self.settings = settings
        self.models = models

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
    ) -> SamplingParams:
        """Validated sampling parameters (0 means the default for each)."""
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
        return SamplingParams(
            max_new_tokens=max_new_tokens or self.settings.default_max_new_tokens,
            temperature=float(temperature),
            top_p=float(top_p) or 1.0,
            top_k=int(top_k),
            repetition_penalty=float(repetition_penalty) or 1.0,
            stop=tuple(stop),
            seed=seed,
        )

    def _generator_model(self, model: str) -> ModelRecord:
        record = self.models.get(model)
        if record.engine is None:
            raise FailedPrecondition(
                f"model {model!r} serves {record.task}, not text-generation; use a causal LM"
            )
        return record

    def generate(
        self, model: str, prompt: str, params: SamplingParams, adapter: str = ""
    ) -> Generation:
        record = self._generator_model(model)
        adapter_name = self.models.check_adapter(record, adapter)
        if not prompt:
            raise InvalidArgument.field("prompt", "must not be empty")
        check_prompt_bytes([prompt], "prompt", self.settings.max_prompt_bytes)
        ids = record.tokenizer(prompt)["input_ids"]
        return self._submit(record, ids, params, adapter_name, "prompt")

    def chat(
        self,
        model: str,
        messages: list[tuple[str, str]],
        params: SamplingParams,
        adapter: str = "",
    ) -> Generation:
        record = self._generator_model(model)
        adapter_name = self.models.check_adapter(record, adapter)
        if not messages:
            raise InvalidArgument.field("messages", "must hold at least one message")
        for i, (role, _) in enumerate(messages):
            if role not in ("system", "user", "assistant", "tool"):
                raise InvalidArgument.field(
                    f"messages[{i}].role", f"{role!r}: use system, user or assistant"
                )
        tok = record.tokenizer
        if not getattr(tok, "chat_template", None):
            raise FailedPrecondition(f"model {model!r} has no chat template; use Generate")
        check_prompt_bytes([c for _, c in messages], "messages", self.settings.max_prompt_bytes)
        text = render_chat(tok, [{"role": r, "content": c} for r, c in messages])
        ids = tok(text, add_special_tokens=False)["input_ids"]
        return self._submit(record, ids, params, adapter_name, "messages")

    def _submit(
        self,
        record: ModelRecord,
        ids: list[int],
        params: SamplingParams,
        adapter: str | None,
        field_name: str,
    ) -> Generation:
        if len(ids) >= record.max_context:
            raise InvalidArgument.field(
                field_name,
                f"{len(ids)} tokens do not fit the context of model {record.name!r} "
                f"({record.max_context} tokens, with room for at least one new token)",
            )
        room = record.max_context - len(ids)
        if params.max_new_tokens > room:
            params = SamplingParams(**{**params.__dict__, "max_new_tokens": room})
        assert record.engine is not None
        return Generation(record.engine.submit(ids, params, adapter), len(ids))

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


def _label(labels: tuple[str, ...], index: int) -> str:
    return labels[index] if index < len(labels) else f"LABEL_{index}"
