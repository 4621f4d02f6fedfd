"""The dynamic batcher of a classifier: concurrent Classify calls share forward passes.

Texts from every caller go into one queue. A worker takes the first waiting
text, then keeps collecting until the batch is full (max_batch_size) or the
first text has waited max_delay, and runs one padded forward pass for all of
them; each caller's future gets its own row. Rows may use different LoRA
adapters in the same pass (peft's mixed-batch ``adapter_names``). The
forward runs on the process's compute thread, between generation steps.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from dataclasses import dataclass
from typing import Any

import torch

from lmforge.errors import ResourceExhausted, Unavailable

from . import metrics
from .compute import compute_thread

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Scores:
    """One text's result: probabilities in label order, and whether it was cut."""

    probabilities: list[float]
    truncated: bool


@dataclass(eq=False)
class _Item:
    text: str
    adapter: str | None
    future: asyncio.Future[Scores]
    arrived: float


class ClassifyBatcher:
    """Merges texts of concurrent calls into batches for one classifier."""

    def __init__(
        self,
        name: str,
        model: Any,
        tokenizer: Any,
        model_lock: threading.Lock,
        *,
        max_batch_size: int,
        max_delay: float,
        queue_capacity: int,
        max_length: int,
    ) -> None:
        self.name = name
        self.model = model
        self.tokenizer = tokenizer
        self.model_lock = model_lock
        self.max_batch_size = max_batch_size
        self.max_delay = max_delay
        self.queue_capacity = queue_capacity
        self.max_length = max_length
        self._queue: list[_Item] = []
        self._wakeup: asyncio.Event | None = None
        self._worker: asyncio.Task[None] | None = None
        self._running: list[_Item] = []

    @property
    def queue_depth(self) -> int:
        return len(self._queue) + len(self._running)

    def adapters_in_use(self) -> set[str]:
        return {i.adapter for i in [*self._queue, *self._running] if i.adapter}

    async def classify(self, texts: list[str], adapter: str | None = None) -> list[Scores]:
        """Scores for each text (texts must be non-empty; the caller checks)."""
        if self._worker is None:
            self._wakeup = asyncio.Event()
            self._worker = asyncio.create_task(self._work())
        assert self._wakeup is not None
        # A call with more texts than the capacity still runs: the capacity
        # bounds how many *other* callers may wait, not the size of one call.
        if self._queue and len(self._queue) + len(texts) > self.queue_capacity:
            raise ResourceExhausted(
                f"classifier {self.name!r} has {len(self._queue)} texts waiting, at its queue "
                f"capacity ({self.queue_capacity}); retry later"
            )
        loop = asyncio.get_running_loop()
        now = time.perf_counter()
        items = [_Item(t, adapter, loop.create_future(), now) for t in texts]
        self._queue.extend(items)
        self._wakeup.set()
        try:
            return list(await asyncio.gather(*(i.future for i in items)))
        except asyncio.CancelledError:
            # A caller that went away takes its texts that have not started.
            self._queue = [i for i in self._queue if i not in items]
            raise

    async def _work(self) -> None:
        assert self._wakeup is not None
        while True:
            if not self._queue:
                self._wakeup.clear()
                await self._wakeup.wait()
                continue
            deadline = self._queue[0].arrived + self.max_delay
            while len(self._queue) < self.max_batch_size:
                remaining = deadline - time.perf_counter()
                if remaining <= 0:
                    break
                self._wakeup.clear()
                try:
                    await asyncio.wait_for(self._wakeup.wait(), remaining)
                except TimeoutError:
                    break
            batch = self._queue[: self.max_batch_size]
            self._queue = self._queue[self.max_batch_size :]
            batch = [i for i in batch if not i.future.done()]
            if not batch:
                continue
            self._running = batch
            try:
                results = await compute_thread().run(self._forward, batch)
            except Exception as e:  # one failed pass fails its callers, not the worker
                log.exception("classifier %s forward failed", self.name)
                for item in batch:
                    if not item.future.done():
                        item.future.set_exception(e)
            else:
                for item, result in zip(batch, results, strict=True):
                    if not item.future.done():
                        item.future.set_result(result)
            finally:
                self._running = []

    def _forward(self, batch: list[_Item]) -> list[Scores]:
        metrics.CLASSIFY_BATCH_SIZE.labels(self.name).observe(len(batch))
        return classify_texts(
            self.model,
            self.tokenizer,
            self.model_lock,
            [i.text for i in batch],
            [i.adapter for i in batch],
            self.max_length,
        )

    def close(self) -> None:
        if self._worker is not None:
            self._worker.get_loop().call_soon_threadsafe(self._worker.cancel)
        for item in self._queue:
            if not item.future.done():
                item.future.get_loop().call_soon_threadsafe(
                    item.future.set_exception,
                    Unavailable(f"classifier {self.name!r} was unloaded while the call waited"),
                )


def classify_texts(
    model: Any,
    tokenizer: Any,
    lock: threading.Lock,
    texts: list[str],
    adapters: list[str | None],
    max_length: int,
) -> list[Scores]:
    """One padded forward pass; softmax (or sigmoid for multi-label) over the labels."""
    enc = tokenize_batch(tokenizer, texts, max_length)
    truncated = enc.pop("truncated")
    enc = enc.to(model.device)
    kwargs: dict[str, Any] = {}
    if hasattr(model, "peft_config"):
        kwargs["adapter_names"] = [a or "__base__" for a in adapters]
    with lock, torch.inference_mode():
        logits = model(**enc, **kwargs).logits.float()
    if getattr(model.config, "problem_type", None) == "multi_label_classification":
        probs = torch.sigmoid(logits)
    else:
        probs = torch.softmax(logits, dim=-1)
    return [Scores(row, cut) for row, cut in zip(probs.cpu().tolist(), truncated, strict=True)]


def tokenize_batch(tokenizer: Any, texts: list[str], max_length: int) -> Any:
    """Padded tensors for ``texts``, with a ``truncated`` flag per text.

    Tokenizes once; only when some text is longer than the model's limit does
    it tokenize again with truncation (the tokenizer knows how to keep the
    special tokens), so the common case pays for one pass.
    """
    enc = tokenizer(texts, padding=True, truncation=False, return_tensors="pt", verbose=False)
    truncated = (enc["attention_mask"].sum(dim=1) > max_length).tolist()
    if any(truncated):
        enc = tokenizer(
            texts, padding=True, truncation=True, max_length=max_length, return_tensors="pt"
        )
    enc["truncated"] = truncated
    return enc
