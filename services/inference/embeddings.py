"""Embeddings: token vectors of the last hidden layer pooled into one vector per text."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

import torch

MEAN, CLS, LAST = "mean", "cls", "last"


@dataclass(frozen=True)
class EmbedResult:
    vectors: list[list[float]]
    truncated: list[bool]
    tokens: int


def pool(hidden: torch.Tensor, mask: torch.Tensor, how: str) -> torch.Tensor:
    """[batch, seq, dim] + [batch, seq] -> [batch, dim]."""
    if how == CLS:
        return hidden[:, 0]
    if how == LAST:
        # Works for left and right padding: the last position whose mask is 1.
        positions = torch.arange(mask.shape[1], device=mask.device).expand_as(mask)
        last = (positions * mask).argmax(dim=1)
        return hidden[torch.arange(hidden.shape[0], device=hidden.device), last]
    weights = mask.unsqueeze(-1).to(hidden.dtype)
    return (hidden * weights).sum(dim=1) / weights.sum(dim=1).clamp(min=1e-9)


def embed_texts(
    model: Any,
    tokenizer: Any,
    lock: threading.Lock,
    texts: list[str],
    *,
    pooling: str,
    normalize: bool,
    max_length: int,
    batch_size: int = 32,
) -> EmbedResult:
    vectors: list[list[float]] = []
    truncated: list[bool] = []
    tokens = 0
    for start in range(0, len(texts), batch_size):
        chunk = texts[start : start + batch_size]
        full = tokenizer(chunk, truncation=False)["input_ids"]
        enc = tokenizer(
            chunk, padding=True, truncation=True, max_length=max_length, return_tensors="pt"
        ).to(model.device)
        with lock, torch.inference_mode():
            out = model(**enc, output_hidden_states=True)
        hidden = getattr(out, "last_hidden_state", None)
        if hidden is None:
            hidden = out.hidden_states[-1]
        pooled = pool(hidden.float(), enc["attention_mask"], pooling)
        if normalize:
            pooled = torch.nn.functional.normalize(pooled, p=2, dim=1)
        vectors.extend(pooled.cpu().tolist())
        truncated.extend(len(ids) > max_length for ids in full)
        tokens += int(enc["attention_mask"].sum())
    return EmbedResult(vectors, truncated, tokens)
