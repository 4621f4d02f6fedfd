"""Continuous batching for causal LMs: an iteration-level scheduler over the model's forward.

Why not transformers' own continuous batching (``init_continuous_batching``)?
It was tried first and does not fit this service: its sampler uses one global
seed (no per-request ``seed``), one generation config for the whole batch,
and one forward for the whole batch with no way to route rows through
different LoRA adapters. This scheduler keeps those per request and is small:

- A request waits in a bounded queue (past it: RESOURCE_EXHAUSTED).
- Each iteration admits waiting requests while the running set and the KV
  budget allow; a new request is prefilled alone (batch of one, exactly the
  arithmetic of ``model.generate`` on that prompt) and its KV cache is then
  left-padded into the running batch.
- One batched decode step then advances every running sequence by one token:
  explicit position ids and a 2-D attention mask make the padding invisible,
  as in ``generate`` on a left-padded batch. Rows of a PEFT model each go
  through their own adapter (peft's mixed-batch ``adapter_names``).
- Finished and cancelled sequences leave the batch before the next step, and
  columns that only padding uses are trimmed off.

The loop runs on its own thread (torch releases the GIL in its kernels, so the
event loop stays responsive); results reach the asyncio side through
``call_soon_threadsafe``.
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
import itertools
import logging
import threading
import time
from collections import deque
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import torch
import torch.nn.functional as F
from transformers import DynamicCache
from transformers.cache_utils import DynamicLayer

from lmforge.errors import FailedPrecondition, LmforgeError, ResourceExhausted, Unavailable

from . import metrics
from .sampling import Pick, RowSampler, SamplingParams
from .textstream import TextStream

log = logging.getLogger(__name__)

BASE_ADAPTER = "__base__"  # peft's name for "no adapter" in a mixed batch


class Finish(enum.Enum):
    LENGTH = "length"
    STOP = "stop"
    EOS = "eos"
    CANCELLED = "cancelled"


@dataclass
class Delta:
    """One streamed step: new text and tokens; finish and usage on the last one."""

    text: str
    token_ids: list[int]
    finish: Finish | None = None
    prompt_tokens: int = 0
    completion_tokens: int = 0
    picks: list[Pick] = field(default_factory=list)  # parallel to token_ids


@dataclass(eq=False)
class _Sequence:
    id: int
    prompt_ids: list[int]
    params: SamplingParams
    adapter: str | None
    stream: TextStream
    loop: asyncio.AbstractEventLoop
    queue: asyncio.Queue[Delta | BaseException]
    sampler: RowSampler
    arrived: float = field(default_factory=time.perf_counter)
    cancelled: bool = False
    done: bool = False
    last_token: int = -1
    pending_ids: list[int] = field(default_factory=list)  # not yet sent with text
    pending_picks: list[Pick] = field(default_factory=list)  # parallel to pending_ids

    @property
    def length(self) -> int:  # tokens in the sequence so far (prompt + generated)
        return len(self.prompt_ids) + len(self.stream.ids)

    @property
    def budget(self) -> int:  # KV tokens it may come to hold
        return len(self.prompt_ids) + self.params.max_new_tokens

    def send(self, item: Delta | BaseException) -> None:
        self.loop.call_soon_threadsafe(self.queue.put_nowait, item)


class GenerationHandle:
    """The asyncio side of one request: iterate for deltas; cancel() to leave the batch."""

    def __init__(self, engine: GenerationEngine, seq: _Sequence) -> None:
        self._engine = engine
        self._seq = seq

    def __aiter__(self) -> AsyncIterator[Delta]:
        return self._iterate()

    async def _iterate(self) -> AsyncIterator[Delta]:
        try:
            while True:
                item = await self._seq.queue.get()
                if isinstance(item, BaseException):
                    raise item
                # A consumer that fell behind (slow client, busy event loop) gets
                # the waiting deltas as one: fewer messages, same text.
                while item.finish is None and not self._seq.queue.empty():
                    nxt = self._seq.queue.get_nowait()
                    if isinstance(nxt, BaseException):
                        self._seq.queue.put_nowait(nxt)  # raised on the next turn
                        break
                    item = Delta(
                        item.text + nxt.text,
                        item.token_ids + nxt.token_ids,
                        nxt.finish,
                        nxt.prompt_tokens,
                        nxt.completion_tokens,
                        item.picks + nxt.picks,
                    )
                yield item
                if item.finish is not None:
                    return
        finally:
            self.cancel()  # a consumer that stops early (disconnect) frees the slot

    def cancel(self) -> None:
        self._engine.cancel(self._seq)


class GenerationEngine:
    """Continuous batching of one loaded causal LM."""

    def __init__(
        self,
        name: str,
        model: Any,
        tokenizer: Any,
        model_lock: threading.Lock,
        *,
        eos_ids: set[int],
        max_running: int,
        kv_cache_tokens: int,
        queue_capacity: int,
    ) -> None:
        self.name = name
        self.model = model
        self.tokenizer = tokenizer
        self.model_lock = model_lock  # held for each forward; adapter changes take it too
        self.eos_ids = eos_ids
        self.max_running = max_running
        self.kv_cache_tokens = kv_cache_tokens
        self.queue_capacity = queue_capacity
        self._ids = itertools.count(1)
        self._cond = threading.Condition()
        self._waiting: deque[_Sequence] = deque()
        self._running: list[_Sequence] = []
        self._admitted: list[_Sequence] = []  # taken from the queue, being prefilled
        self._outbox: list[tuple[_Sequence, Delta]] = []  # this step's deltas, not yet handed over
        self._stopped = False
        # Batched decode state: rows follow self._running.
        self._cache: DynamicCache | None = None
        self._mask: torch.Tensor | None = None  # [rows, kv_len] 1 = real token
        check_cache_layout(model)
        self._thread = threading.Thread(target=self._loop, name=f"generate-{name}", daemon=True)
        self._thread.start()

    # -- asyncio side --------------------------------------------------------

    def submit(
        self, prompt_ids: list[int], params: SamplingParams, adapter: str | None = None
    ) -> GenerationHandle:
        """Queue a request; RESOURCE_EXHAUSTED when the waiting queue is full."""
        seq = _Sequence(
            id=next(self._ids),
            prompt_ids=list(prompt_ids),
            params=params,
            adapter=adapter,
            stream=TextStream(self.tokenizer, params.stop),
            loop=asyncio.get_running_loop(),
            queue=asyncio.Queue(),
            sampler=RowSampler(params, prompt_ids),
        )
        with self._cond:
            if self._stopped:
                raise Unavailable(f"model {self.name!r} is being unloaded")
            if len(self._waiting) >= self.queue_capacity:
                raise ResourceExhausted(
                    f"model {self.name!r} has {len(self._waiting)} requests waiting, the "
                    f"queue capacity (LMFORGE_INFERENCE_QUEUE_CAPACITY={self.queue_capacity}); "
                    "retry later"
                )
            self._waiting.append(seq)
            self._cond.notify()
        self._publish_depth()
        return GenerationHandle(self, seq)

    def cancel(self, seq: _Sequence) -> None:
        with self._cond:
            if seq.done:
                return
            seq.cancelled = True
            # A waiting request leaves at once; a running one before the next step.
            if seq in self._waiting:
                self._waiting.remove(seq)
                seq.done = True
            self._cond.notify()
        self._publish_depth()

    @property
    def queue_depth(self) -> int:
        """Requests waiting or running (cancelled ones are gone by the next step)."""
        with self._cond:
            # A sequence joins _running during its prefill, while still in _admitted.
            # A cancelled one no longer counts: it is dropped before the next step.
            busy = {
                id(s): s
                for s in [*self._admitted, *self._running]
                if not s.done and not s.cancelled
            }
            return len(self._waiting) + len(busy)

    def adapters_in_use(self) -> set[str]:
        with self._cond:
            everyone = [*self._waiting, *self._admitted, *self._running]
            return {s.adapter for s in everyone if s.adapter}

    def close(self) -> None:
        with self._cond:
            self._stopped = True
            self._cond.notify()
        self._thread.join(30)

    def _publish_depth(self) -> None:
        metrics.QUEUE_DEPTH.labels(self.name).set(self.queue_depth)

    # -- scheduler thread ----------------------------------------------------

    def _loop(self) -> None:
        while True:
            with self._cond:
                while not self._stopped and not self._waiting and not self._running:
                    self._cond.wait()
                if self._stopped:
                    break
                admitted = self._admitted = self._admit()
            try:
                for seq in admitted:
                    self._prefill(seq)
                    self._flush()  # the first token goes out before the next prefill
                with self._cond:
                    self._admitted = []
                self._drop_finished()
                if self._running:
                    self._decode_step()
                    self._flush()
                    self._drop_finished()
            except Exception as exc:  # a failed forward fails its requests, not the server
                log.exception("generation step failed on model %s", self.name)
                self._flush()
                err = exc if isinstance(exc, LmforgeError) else RuntimeError(str(exc))
                with self._cond:
                    for seq in [*admitted, *self._running]:
                        if not seq.done:
                            seq.done = True
                            seq.send(err)
                    self._running = []
                    self._admitted = []
                self._cache = None
                self._mask = None
            self._publish_depth()
        with self._cond:
            for seq in [*self._waiting, *self._running]:
                if not seq.done:
                    seq.done = True
                    seq.send(Unavailable(f"model {self.name!r} was unloaded during the request"))
            self._waiting.clear()
            self._running = []

    def _admit(self) -> list[_Sequence]:
        """Move waiting requests into the batch while slots and KV budget allow."""
        used = sum(s.budget for s in self._running)
        admitted: list[_Sequence] = []
        while self._waiting and len(self._running) + len(admitted) < self.max_running:
            seq = self._waiting[0]
            if (self._running or admitted) and used + seq.budget > self.kv_cache_tokens:
                break  # a lone request always runs, however large
            self._waiting.popleft()
            used += seq.budget
            admitted.append(seq)
        return admitted

    def _forward(self, **inputs: Any) -> torch.Tensor:
        with self.model_lock, torch.inference_mode():
            if _is_peft(self.model):
                inputs["adapter_names"] = [a or BASE_ADAPTER for a in inputs.pop("adapters")]
            else:
                inputs.pop("adapters")
            out = self.model(**inputs, use_cache=True, logits_to_keep=1)
        return out.logits[:, -1, :]

    def _prefill(self, seq: _Sequence) -> None:
        if seq.cancelled:
            seq.done = True
            return
        ids = torch.tensor([seq.prompt_ids], dtype=torch.long, device=self.model.device)
        cache = DynamicCache(config=self.model.config)
        logits = self._forward(
            input_ids=ids,
            attention_mask=torch.ones_like(ids),
            position_ids=torch.arange(ids.shape[1], device=ids.device).unsqueeze(0),
            cache=cache,
            adapters=[seq.adapter],
        )
        metrics.TTFT.labels(self.name).observe(time.perf_counter() - seq.arrived)
        self._accept(seq, logits[0])
        if not seq.done:
            self._join(seq, cache)

    def _join(self, seq: _Sequence, cache: DynamicCache) -> None:
        """Left-pad the new row's cache (or the batch's) to a common length and stack it."""
        new_len = cache.get_seq_length()
        if self._cache is None or self._mask is None:
            self._cache = cache
            self._mask = torch.ones(1, new_len, dtype=torch.long, device=self.model.device)
            self._running = [seq]
            return
        old_len = self._mask.shape[1]
        total = max(old_len, new_len)
        for old, new in zip(_layers(self._cache), _layers(cache), strict=True):
            old.keys = torch.cat([_pad_left(old.keys, total), _pad_left(new.keys, total)])
            old.values = torch.cat([_pad_left(old.values, total), _pad_left(new.values, total)])
        new_mask = torch.ones(1, new_len, dtype=torch.long, device=self._mask.device)
        self._mask = torch.cat([_pad_left_2d(self._mask, total), _pad_left_2d(new_mask, total)])
        self._running.append(seq)

    def _decode_step(self) -> None:
        assert self._cache is not None and self._mask is not None
        rows = self._running
        device = self.model.device
        ids = torch.tensor([[s.last_token] for s in rows], dtype=torch.long, device=device)
        positions = torch.tensor([[s.length - 1] for s in rows], dtype=torch.long, device=device)
        self._mask = torch.cat([self._mask, torch.ones_like(ids)], dim=1)
        metrics.DECODE_BATCH_SIZE.labels(self.name).observe(len(rows))
        logits = self._forward(
            input_ids=ids,
            attention_mask=self._mask,
            position_ids=positions,
            cache=self._cache,
            adapters=[s.adapter for s in rows],
        )
        # Plain greedy rows (the common case) take one batched argmax instead
        # of a per-row sampling call.
        argmax = logits.argmax(dim=-1).tolist()
        for i, seq in enumerate(rows):
            if not seq.cancelled:
                simple = seq.params.plain_greedy
                self._accept(seq, logits[i], argmax[i] if simple else None)

    def _accept(self, seq: _Sequence, logits: torch.Tensor, token: int | None = None) -> None:
        """Sample the next token of ``seq`` (unless given) and stream what is safe to release."""
        pick = seq.sampler.pick(logits) if token is None else Pick(token)
        token = pick.token_id
        seq.sampler.accept(token)
        seq.last_token = token
        metrics.GENERATED_TOKENS.labels(self.name).inc()
        seq.pending_ids.append(token)
        seq.pending_picks.append(pick)
        finish: Finish | None = None
        p = seq.params
        generated = len(seq.stream.ids) + 1
        ends = token in p.stop_token_ids or (token in self.eos_ids and not p.ignore_eos)
        if ends and generated >= p.min_new_tokens:
            seq.stream.ids.append(token)  # counted, never shown as text
            text = seq.stream.finish()
            finish = Finish.EOS
        else:
            text = seq.stream.add(token)
            if seq.stream.stopped_at is not None or seq.sampler.is_done():
                if seq.stream.stopped_at is None:
                    text += seq.stream.finish()
                finish = Finish.STOP
            elif len(seq.stream.ids) >= seq.params.max_new_tokens:
                text += seq.stream.finish()
                finish = Finish.LENGTH
        if finish is None and not text:
            return  # hold the ids until some text is safe to send with them
        delta = Delta(text, seq.pending_ids, finish, picks=seq.pending_picks)
        seq.pending_ids = []
        seq.pending_picks = []
        if finish is not None:
            delta.prompt_tokens = len(seq.prompt_ids)
            delta.completion_tokens = len(seq.stream.ids)
            with self._cond:
                seq.done = True
        self._outbox.append((seq, delta))

    def _flush(self) -> None:
        """Hand this step's deltas over with one event-loop wake-up per loop, not per row."""
        if not self._outbox:
            return
        by_loop: dict[asyncio.AbstractEventLoop, list[tuple[_Sequence, Delta]]] = {}
        for seq, delta in self._outbox:
            by_loop.setdefault(seq.loop, []).append((seq, delta))
        self._outbox = []
        for loop, items in by_loop.items():
            # A closed loop (RuntimeError) means nobody is listening any more.
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(_deliver, items)

    def _drop_finished(self) -> None:
        """Remove finished and cancelled rows from the batch, then unused padding columns."""
        with self._cond:
            for seq in self._running:
                if seq.cancelled and not seq.done:
                    seq.done = True
                    seq.send(
                        Delta(
                            "",
                            [],
                            Finish.CANCELLED,
                            len(seq.prompt_ids),
                            len(seq.stream.ids),
                        )
                    )
            keep = [i for i, s in enumerate(self._running) if not s.done]
            if len(keep) == len(self._running):
                return
            self._running = [self._running[i] for i in keep]
        if not keep or self._cache is None or self._mask is None:
            self._cache = None
            self._mask = None
            return
        index = torch.tensor(keep, dtype=torch.long, device=self._mask.device)
        mask = self._mask[index]
        # Columns at the left that no remaining row uses are pure padding.
        used = mask.sum(dim=0).nonzero()
        first = int(used[0]) if used.numel() else 0
        self._mask = mask[:, first:]
        for layer in _layers(self._cache):
            assert layer.keys is not None and layer.values is not None
            layer.keys = layer.keys[index, :, first:, :]
            layer.values = layer.values[index, :, first:, :]


def _layers(cache: DynamicCache) -> list[DynamicLayer]:
    """The cache's layers; the scheduler pads and slices their tensors itself."""
    return cache.layers  # type: ignore[return-value]  # checked by check_cache_layout


def check_cache_layout(model: Any) -> None:
    """Refuse models whose KV cache is not plain full attention (sliding or linear layers)."""
    layers = DynamicCache(config=model.config).layers
    odd = {type(layer).__name__ for layer in layers if type(layer) is not DynamicLayer}
    if odd:
        raise FailedPrecondition(
            f"continuous batching here supports full-attention KV caches; this model uses "
            f"{', '.join(sorted(odd))} layers"
        )


def _deliver(items: list[tuple[_Sequence, Delta]]) -> None:
    for seq, delta in items:
        seq.queue.put_nowait(delta)


def _is_peft(model: Any) -> bool:
    return hasattr(model, "peft_config")


def _pad_left(t: torch.Tensor | None, length: int) -> torch.Tensor:
    """Pad a [batch, heads, seq, dim] tensor with zeros on the left of seq."""
    assert t is not None
    return F.pad(t, (0, 0, length - t.shape[2], 0)) if t.shape[2] < length else t


def _pad_left_2d(t: torch.Tensor, length: int) -> torch.Tensor:
    return F.pad(t, (length - t.shape[1], 0)) if t.shape[1] < length else t
