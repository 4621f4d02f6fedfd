"""Per-request sampling: the parameters of one generation and how a next token is picked.

Each running sequence carries its own parameters and its own seeded
``torch.Generator``, so requests with different temperatures, nucleus sizes
or seeds share one batched forward pass and still each get exactly what they
asked for (same seed and parameters, same tokens).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import torch


@dataclass(frozen=True)
class SamplingParams:
    """What one request asked for, validated (see requests.py)."""

    max_new_tokens: int = 64
    temperature: float = 0.0  # 0: greedy
    top_p: float = 1.0
    top_k: int = 0  # 0: no limit
    repetition_penalty: float = 1.0
    stop: tuple[str, ...] = ()
    seed: int | None = None

    @property
    def greedy(self) -> bool:
        return self.temperature == 0.0

    @property
    def plain_greedy(self) -> bool:
        """Greedy with nothing that reads the logits: one batched argmax may serve the row."""
        return self.greedy and self.repetition_penalty == 1.0


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


def next_token(
    logits: torch.Tensor,
    params: SamplingParams,
    seen: torch.Tensor,
    generator: torch.Generator,
) -> int:
    """Pick the next token from one row of logits (shape [vocab])."""
    logits = logits.float().clone()
    apply_repetition_penalty(logits, seen, params.repetition_penalty)
    if params.greedy:
        return int(torch.argmax(logits))
    logits = logits / params.temperature
    if 0 < params.top_k < logits.numel():
        kth = torch.topk(logits, params.top_k).values[-1]
        logits[logits < kth] = float("-inf")
    if params.top_p < 1.0:
        sorted_logits, order = torch.sort(logits, descending=True)
        probs = torch.softmax(sorted_logits, dim=-1)
        # Drop a token when the mass before it already reaches top_p; the most
        # likely token always stays.
        before = torch.cumsum(probs, dim=-1) - probs
        drop = before >= params.top_p
        drop[0] = False
        logits[order[drop]] = float("-inf")
    probs = torch.softmax(logits, dim=-1)
    return int(torch.multinomial(probs, 1, generator=generator))


# The engine <-> sampling contract (a minimal version; the gateway work extends it).


@dataclass
class Pick:
    """One chosen token (and its log-probabilities when asked for)."""

    token_id: int
    logprob: float | None = None
    top_logprobs: list[tuple[int, float]] = field(default_factory=list)


class RowSampler:
    """The sampling state of one running sequence: its generator and the tokens it saw."""

    def __init__(self, params: SamplingParams, prompt_ids: Sequence[int]) -> None:
        self.params = params
        self.seen = list(prompt_ids)
        self.generator = make_generator(params.seed)

    def pick(self, logits: torch.Tensor) -> Pick:
        """The next token from this sequence's last-position logits (1-D, vocab)."""
        seen = torch.tensor(self.seen, dtype=torch.long, device=logits.device)
        return Pick(next_token(logits, self.params, seen, self.generator))

    def accept(self, token_id: int) -> None:
        """Every appended token, picked here or by the engine's batched argmax."""
        self.seen.append(token_id)

    def is_done(self) -> bool:
        return False
