"""Per-sequence sampling: the parameters of one generation and how its next token is picked.

Each running sequence carries its own ``RowSampler`` (its parameters, its own
seeded ``torch.Generator``, its token counts and, for structured output, its
grammar matcher), so requests with different temperatures, penalties, seeds
or constraints share one batched forward pass and still each get exactly what
they asked for (same seed and parameters, same tokens).

The engine calls, per sequence: ``pick(logits)`` for rows that are not
``plain_greedy`` (those may take one batched argmax instead), ``accept(token)``
for every appended token, and ``is_done()`` to end a row whose grammar has
reached its end state.

Order of the logits processors (as vLLM applies them): logit bias, the
min-new-tokens EOS mask, repetition penalty, presence/frequency penalties,
the grammar mask; then greedy argmax, or temperature, min_p, top_k, top_p and
a seeded draw. Reported log-probabilities are those of the model's own
distribution (log-softmax of the raw logits), what OpenAI and vLLM report by
default, so they do not depend on the sampling settings.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import torch

MAX_TOP_LOGPROBS = 20


@dataclass(frozen=True)
class Constraint:
    """A compiled structured-output constraint (an llguidance grammar) for one model.

    ``grammar`` is llguidance's serialized grammar and ``tokenizer`` the
    model's ``LLTokenizer``; both were validated together before the request
    was queued (see constraints.py), so building a matcher cannot fail.
    """

    grammar: str
    tokenizer: Any = field(repr=False, compare=False)
    kind: str = "json_schema"  # json_schema, json_object, regex, choice, tool_call


@dataclass(frozen=True)
class SamplingParams:
    """What one request asked for, validated (see core.py). Every new field defaults to off."""

    max_new_tokens: int = 64
    temperature: float = 0.0  # 0: greedy
    top_p: float = 1.0
    top_k: int = 0  # 0: no limit
    repetition_penalty: float = 1.0
    stop: tuple[str, ...] = ()
    seed: int | None = None
    presence_penalty: float = 0.0
    frequency_penalty: float = 0.0
    min_p: float = 0.0
    min_new_tokens: int = 0
    stop_token_ids: tuple[int, ...] = ()
    ignore_eos: bool = False
    logit_bias: tuple[tuple[int, float], ...] = ()
    logprobs: bool = False
    top_logprobs: int = 0  # alternatives per token (0..MAX_TOP_LOGPROBS)
    constraint: Constraint | None = None
    # Filled by the core from the model (not by clients): what counts as EOS,
    # so that min_new_tokens can hold it back.
    eos_token_ids: tuple[int, ...] = ()

    @property
    def greedy(self) -> bool:
        return self.temperature == 0.0

    @property
    def plain_greedy(self) -> bool:
        """Greedy with nothing that changes or reports the logits: one batched argmax will do."""
        return (
            self.greedy
            and self.repetition_penalty == 1.0
            and self.presence_penalty == 0.0
            and self.frequency_penalty == 0.0
            and self.min_new_tokens == 0
            and not self.logit_bias
            and not self.logprobs
            and self.constraint is None
        )


@dataclass
class Pick:
    """One chosen token, with its log-probability and alternatives when they were asked for."""

    token_id: int
    logprob: float | None = None
    top_logprobs: list[tuple[int, float]] = field(default_factory=list)


def make_generator(seed: int | None) -> torch.Generator:
    g = torch.Generator()
    if seed is None:
        g.seed()  # a fresh random seed
    else:
        g.manual_seed(seed % (2**64))
    return g


def apply_repetition_penalty(logits: torch.Tensor, seen: torch.Tensor, penalty: float) -> None:
    """In place, as transformers' RepetitionPenaltyLogitsProcessor does (CTRL paper)."""
    if penalty == 1.0 or seen.numel() == 0:
        return
    picked = logits[seen]
    logits[seen] = torch.where(picked < 0, picked * penalty, picked / penalty)


def mask_from_bitmask(bitmask: bytes, vocab: int) -> torch.Tensor:
    """llguidance's bitmask (bit i of 32-bit word i//32, little-endian) as a bool [vocab] mask."""
    bits = np.unpackbits(np.frombuffer(bitmask, dtype=np.uint8), bitorder="little")
    allowed = np.zeros(vocab, dtype=bool)
    n = min(vocab, bits.shape[0])
    allowed[:n] = bits[:n].astype(bool)
    return torch.from_numpy(allowed)


class RowSampler:
    """The sampling state of one running sequence."""

    def __init__(self, params: SamplingParams, prompt_ids: Sequence[int]) -> None:
        self.params = params
        self.generator = make_generator(params.seed)
        self._prompt_ids = list(prompt_ids)
        self._generated: list[int] = []
        self._counts: Counter[int] = Counter()  # generated tokens only (OpenAI penalties)
        self._matcher: Any = None
        if params.constraint is not None:
            import llguidance

            c = params.constraint
            self._matcher = llguidance.LLMatcher(c.tokenizer, c.grammar, log_level=0)

    def _process(self, logits: torch.Tensor) -> torch.Tensor:
        p = self.params
        logits = logits.float().clone()
        vocab = logits.shape[0]
        for token_id, bias in p.logit_bias:
            if token_id < vocab:
                logits[token_id] += bias
        if len(self._generated) < p.min_new_tokens:
            for token_id in (*p.eos_token_ids, *p.stop_token_ids):
                if token_id < vocab:
                    logits[token_id] = float("-inf")
        if p.repetition_penalty != 1.0:
            seen = torch.tensor([*self._prompt_ids, *self._generated], dtype=torch.long)
            apply_repetition_penalty(logits, seen.to(logits.device), p.repetition_penalty)
        if self._counts and (p.presence_penalty or p.frequency_penalty):
            ids = torch.tensor(list(self._counts), dtype=torch.long, device=logits.device)
            counts = torch.tensor(
                list(self._counts.values()), dtype=logits.dtype, device=logits.device
            )
            logits[ids] -= p.presence_penalty + p.frequency_penalty * counts
        if self._matcher is not None:
            allowed = mask_from_bitmask(self._matcher.compute_bitmask(), vocab)
            if bool(allowed.any()):
                logits.masked_fill_(~allowed.to(logits.device), float("-inf"))
            elif p.eos_token_ids:
                # The grammar allows nothing more (it ended or failed): only EOS.
                keep = logits[p.eos_token_ids[0]].clone()
                logits.fill_(float("-inf"))
                logits[p.eos_token_ids[0]] = keep if torch.isfinite(keep) else 0.0
        return logits

    def pick(self, logits: torch.Tensor) -> Pick:
        """Choose the next token from this sequence's row of logits (shape [vocab])."""
        p = self.params
        processed = self._process(logits)
        token = int(torch.argmax(processed)) if p.greedy else self._draw(processed)
        chosen = Pick(token)
        if p.logprobs:
            logp = torch.log_softmax(logits.float(), dim=-1)
            chosen.logprob = float(logp[token])
            if p.top_logprobs:
                top = torch.topk(logp, min(p.top_logprobs, logp.shape[0]))
                chosen.top_logprobs = [
                    (int(i), float(v)) for v, i in zip(top.values, top.indices, strict=True)
                ]
        return chosen

    def _draw(self, logits: torch.Tensor) -> int:
        p = self.params
        logits = logits / p.temperature
        if p.min_p > 0.0:
            probs = torch.softmax(logits, dim=-1)
            logits[probs < p.min_p * probs.max()] = float("-inf")
        if 0 < p.top_k < logits.numel():
            kth = torch.topk(logits, p.top_k).values[-1]
            logits[logits < kth] = float("-inf")
        if p.top_p < 1.0:
            sorted_logits, order = torch.sort(logits, descending=True)
            probs = torch.softmax(sorted_logits, dim=-1)
            # Drop a token when the mass before it already reaches top_p; the most
            # likely token always stays.
            before = torch.cumsum(probs, dim=-1) - probs
            drop = before >= p.top_p
            drop[0] = False
            logits[order[drop]] = float("-inf")
        probs = torch.softmax(logits, dim=-1)
        return int(torch.multinomial(probs, 1, generator=self.generator))

    def accept(self, token_id: int) -> None:
        """Record a token appended to the sequence (picked here or by a batched argmax)."""
        self._generated.append(token_id)
        self._counts[token_id] += 1
        if self._matcher is not None and not self._matcher.is_stopped():
            self._matcher.consume_token(token_id)

    def is_done(self) -> bool:
        """True when the grammar has reached its end state (nothing but EOS may follow)."""
        return self._matcher is not None and bool(self._matcher.is_stopped())

    @property
    def matcher_error(self) -> str:
        return str(self._matcher.get_error()) if self._matcher is not None else ""


def next_token(
    logits: torch.Tensor,
    params: SamplingParams,
    seen: torch.Tensor,
    generator: torch.Generator,
) -> int:
    """Pick the next token from one row of logits (shape [vocab]) without per-row state.

    Kept for callers that predate ``RowSampler``; it applies the original
    seven parameters only.
    """
    logits = logits.float().clone()
    apply_repetition_penalty(logits, seen, params.repetition_penalty)
    if params.greedy:
        return int(torch.argmax(logits))
    sampler = RowSampler(SamplingParams(**_basic(params)), [])
    sampler.generator = generator
    return sampler._draw(logits)


def _basic(params: SamplingParams) -> dict[str, Any]:
    return {
        "max_new_tokens": params.max_new_tokens,
        "temperature": params.temperature,
        "top_p": params.top_p,
        "top_k": params.top_k,
    }
