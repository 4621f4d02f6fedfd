"""Continuous batching for causal LMs: an iteration-level scheduler over a paged KV cache.

Why not transformers' own continuous batching (``init_continuous_batching``)?
Its sampler uses one global seed (no per-request ``seed``), one generation
config for the whole batch, and one packed forward with no way to route rows
through different LoRA adapters. This scheduler keeps those per request:

- A request waits in a bounded queue (past it: RESOURCE_EXHAUSTED).
- Each iteration (``step``, run by the process's compute thread, see
  compute.py) admits waiting requests while the running set and the K/V
  budget allow. The budget is counted in blocks: a sequence reserves the
  blocks its prompt and max_new_tokens can come to fill, less the prefix
  blocks running sequences already hold (a system prompt shared by every
  request is counted once, not once per request). So the budget is never
  passed and nothing needs preempting. An admitted prompt first takes the KV
  blocks of its longest cached prefix (kvcache.py: system prompts, earlier
  chat turns, the shared prompt of n samples), then is prefilled from there.
- One batched decode forward advances every decoding sequence by one token;
  then one prefill forward takes up to ``prefill_chunk_tokens`` prompt tokens
  from the prefilling sequences, several prompts in one padded forward. A
  long prompt is therefore split over several iterations and running
  streams wait at most one chunk's forward between two tokens.
- K/V live in a preallocated paged store, written in place: nothing is
  copied when a sequence grows, joins or leaves. Explicit positions and a
  4-D mask make padding invisible; rows of a PEFT model each go through
  their own adapter (peft's mixed-batch ``adapter_names``).
- Sampling is per row (sampling.RowSampler: seed, temperature, penalties);
  plain greedy rows share one batched argmax.

Results reach the asyncio side through ``call_soon_threadsafe``.
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
from transformers import DynamicCache
from transformers.cache_utils import DynamicLayer

from lmforge.errors import FailedPrecondition, LmforgeError, ResourceExhausted, Unavailable

from . import metrics
from .compute import compute_thread
from .kvcache import SCRATCH_BLOCK, BlockPool, KVStore, PagedView, kv_bytes_per_token
from .sampling import Pick, RowSampler, SamplingParams
from .textstream import TextStream

log = logging.getLogger(__name__)

BASE_ADAPTER = "__base__"  # peft's name for "no adapter" in a mixed batch


class Finish(enum.Enum):
    # Values are FinishReason's names (lmforge.enums), so the servicer needs no table.
    LENGTH = "length"
    STOP = "stop_sequence"
    EOS = "end_of_sequence"
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


@dataclass(frozen=True)
class StepRecord:
    """One forward of the engine, for tests and diagnostics (perf_counter seconds)."""

    kind: str  # "decode" or "prefill"
    started: float
    ended: float
    rows: int
    tokens: int


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
    pending_picks: list[Pick] = field(default_factory=list)
    blocks: list[int] = field(default_factory=list)  # KV blocks, in position order
    slots: list[int] = field(default_factory=list)  # cache slot of each position of blocks
    kv_len: int = 0  # positions whose K/V are written (or shared from the prefix cache)
    registered: int = 0  # leading full blocks entered in the prefix index
    chain: Any = None  # prefix key of the last registered block's uid

    @property
    def tokens(self) -> list[int]:
        return self.prompt_ids + self.stream.ids

    @property
    def length(self) -> int:  # tokens in the sequence so far (prompt + generated)
        return len(self.prompt_ids) + len(self.stream.ids)

    @property
    def prefilling(self) -> bool:
        return self.kv_len < len(self.prompt_ids)

    @property
    def budget(self) -> int:  # KV tokens it may come to hold
        return len(self.prompt_ids) + self.params.max_new_tokens

    def blocks_to_come(self, block_size: int) -> int:
        """Blocks it may still take: its budget less the blocks it holds already."""
        return max(0, -(-self.budget // block_size) - len(self.blocks))

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
    """Continuous batching of one loaded causal LM (stepped by the compute thread)."""

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
        max_context: int = 0,
        prefill_chunk_tokens: int = 512,
        prefix_cache_tokens: int = 8192,
        kv_cache_bytes: int = 0,
        block_size: int = 16,
    ) -> None:
        self.name = name
        self.model = model
        self.tokenizer = tokenizer
        self.model_lock = model_lock  # held for each forward; adapter changes take it too
        self.eos_ids = eos_ids
        self.max_running = max_running
        # The K/V memory budget, in tokens of this model (0: only the token bounds).
        per_token = kv_bytes_per_token(model.config, model.dtype) if kv_cache_bytes else None
        self.kv_memory_tokens = kv_cache_bytes // per_token if per_token else 0
        if self.kv_memory_tokens:
            kv_cache_tokens = min(kv_cache_tokens, self.kv_memory_tokens)
        self.kv_cache_tokens = kv_cache_tokens
        self.queue_capacity = queue_capacity
        self.prefill_chunk_tokens = max(1, prefill_chunk_tokens)
        self.block_size = block_size
        self.pad_id = int(getattr(tokenizer, "pad_token_id", None) or 0)
        # The budget in blocks: what running sequences hold and may still take stays
        # within it (admission), and cached prefixes are evicted to make room (the
        # pool). Beyond it: room for a lone request, which may pass the budget up to
        # the context, and the scratch block.
        capacity = max(1, -(-kv_cache_tokens // block_size))
        longest = max(max_context, 1)
        blocks = capacity + -(-longest // block_size) + 1
        self.pool = BlockPool(
            blocks, block_size, max_cached=prefix_cache_tokens // block_size, capacity=capacity
        )
        self.store = KVStore(blocks, block_size)
        self.steps: deque[StepRecord] = deque(maxlen=4096)
        self._ids = itertools.count(1)
        self._cond = threading.Condition()
        self._waiting: deque[_Sequence] = deque()
        self._running: list[_Sequence] = []  # admitted: prefilling or decoding
        self._outbox: list[tuple[_Sequence, Delta]] = []  # this step's deltas, not yet handed over
        self._stopped = False
        self._prefix_lookups = 0
        self._prefix_hits = 0
        check_cache_layout(model)
        self._compute = compute_thread()
        self._compute.add_stepper(self)

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
        self._compute.wake()
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
        self._publish_depth()

    @property
    def queue_depth(self) -> int:
        """Requests waiting or running (cancelled ones are gone by the next step)."""
        with self._cond:
            busy = [s for s in self._running if not s.done and not s.cancelled]
            return len(self._waiting) + len(busy)

    def adapters_in_use(self) -> set[str]:
        with self._cond:
            return {s.adapter for s in [*self._waiting, *self._running] if s.adapter}

    @property
    def running(self) -> int:
        """Sequences holding KV blocks (cancelled ones until the next step drops them)."""
        with self._cond:
            return len(self._running)

    def prefix_hit_rate(self) -> float:
        return self._prefix_hits / self._prefix_lookups if self._prefix_lookups else 0.0

    def close(self) -> None:
        """Stop stepping; requests still here end UNAVAILABLE (safe from any thread)."""
        with self._cond:
            self._stopped = True
        self._compute.remove_stepper(self)
        # On the compute thread, so no step of this engine is half-way through.
        self._compute.call(
            self._fail_all, Unavailable(f"model {self.name!r} was unloaded during the request")
        )

    def _publish_depth(self) -> None:
        metrics.QUEUE_DEPTH.labels(self.name).set(self.queue_depth)

    # -- compute thread ------------------------------------------------------

    def has_work(self) -> bool:
        with self._cond:
            return not self._stopped and bool(self._waiting or self._running)

    def step(self) -> None:
        """One iteration: admit, one decode forward, one prefill chunk forward."""
        try:
            self._admit()
            self._drop_finished()
            decoding = [s for s in self._running if not s.prefilling and not s.done]
            if decoding:
                self._decode(decoding)
                self._flush()
                self._drop_finished()
            prefilling = [s for s in self._running if s.prefilling and not s.done]
            if prefilling:
                self._prefill_chunk(prefilling)
                self._flush()
                self._drop_finished()
        except Exception as exc:  # a failed forward fails its requests, not the server
            log.exception("generation step failed on model %s", self.name)
            self._flush()
            self._fail_all(exc if isinstance(exc, LmforgeError) else RuntimeError(str(exc)), True)
            self.pool.clear_index()  # a half-done forward may have left blocks half-written
        self._publish_depth()

    def _fail_all(self, err: BaseException, running_only: bool = False) -> None:
        with self._cond:
            victims = list(self._running) if running_only else [*self._waiting, *self._running]
            for seq in victims:
                if not seq.done:
                    seq.done = True
                    seq.send(err)
                self._free(seq)
            if not running_only:
                self._waiting.clear()
            self._running = []

    def _admit(self) -> None:
        """Move waiting requests into the batch while slots and the K/V budget allow."""
        B = self.block_size
        with self._cond:
            # Blocks held now (a shared one once) and blocks the running may still take.
            committed = self.pool.used_blocks + sum(s.blocks_to_come(B) for s in self._running)
            admitted: list[tuple[_Sequence, list[int]]] = []
            while self._waiting and len(self._running) < self.max_running:
                seq = self._waiting[0]
                if self._shares_a_prefill(seq):
                    break  # admitted once that prefill is done: it then hits the cache
                prefix = self._prefix_blocks(seq)
                # Its budget, less the prefix blocks running sequences hold already
                # (shared, never taken twice).
                need = -(-seq.budget // B) - sum(1 for b in prefix if self.pool.in_use(b))
                if self._running and committed + need > self.pool.capacity:
                    break  # a lone request always runs, however large
                self._waiting.popleft()
                committed += need
                self._running.append(seq)
                admitted.append((seq, prefix))
        # Nothing but this thread changes the pool, so the blocks found above still hold.
        for seq, prefix in admitted:
            self._reuse_prefix(seq, prefix)

    def _shares_a_prefill(self, seq: _Sequence) -> bool:
        """Whether a running prefill has this prompt's first block (the n samples of one prompt,
        one system prompt): waiting for it to finish lets the cache share the work."""
        B = self.block_size
        if self.pool.max_cached == 0 or len(seq.prompt_ids) <= B:
            return False
        head = seq.prompt_ids[:B]
        return any(
            s.prefilling and s.adapter == seq.adapter and s.prompt_ids[:B] == head
            for s in self._running
            if not s.done and not s.cancelled
        )

    def _prefix_blocks(self, seq: _Sequence) -> list[int]:
        """The blocks holding the longest known prefix of the prompt (at least one token is
        left to compute: its logits give the first token)."""
        B = self.block_size
        if not self.pool.max_cached:  # off means off: no sharing even between running rows
            return []
        parent = self.pool.first_key(seq.adapter)
        found: list[int] = []
        for b in range((len(seq.prompt_ids) - 1) // B):
            block = self.pool.peek(self.pool.key(parent, seq.prompt_ids[b * B : (b + 1) * B]))
            if block is None:
                break
            found.append(block)
            parent = self.pool.uid(block)
        return found

    def _reuse_prefix(self, seq: _Sequence, prefix: list[int]) -> None:
        """Take the blocks of the longest known prefix; the prefill goes on from there."""
        B = self.block_size
        parent = self.pool.first_key(seq.adapter)
        for block in prefix:
            self.pool.acquire(block)
            self._take(seq, block)
            parent = self.pool.uid(block)
        seq.kv_len = seq.registered = len(seq.blocks)
        seq.kv_len *= B
        seq.chain = parent
        hit = seq.kv_len
        self._prefix_lookups += len(seq.prompt_ids)
        self._prefix_hits += hit
        metrics.PREFIX_LOOKUP_TOKENS.labels(self.name).inc(len(seq.prompt_ids))
        metrics.PREFIX_HIT_TOKENS.labels(self.name).inc(hit)
        metrics.PREFIX_HIT_RATE.labels(self.name).set(self.prefix_hit_rate())

    def _take(self, seq: _Sequence, block: int) -> None:
        seq.blocks.append(block)
        seq.slots.extend(range(block * self.block_size, (block + 1) * self.block_size))

    def _grow(self, seq: _Sequence, length: int) -> None:
        while len(seq.blocks) * self.block_size < length:
            self._take(seq, self.pool.allocate())

    def _register_full_blocks(self, seq: _Sequence) -> None:
        """Enter the sequence's newly completed blocks into the prefix index."""
        B = self.block_size
        if not self.pool.max_cached:
            return
        tokens = seq.tokens
        while seq.registered < seq.kv_len // B:
            b = seq.registered
            key = self.pool.key(seq.chain, tokens[b * B : (b + 1) * B])
            seq.chain = self.pool.register(seq.blocks[b], key)
            seq.registered += 1

    def _free(self, seq: _Sequence) -> None:
        for block in seq.blocks:
            self.pool.release(block)
        seq.blocks = []
        seq.slots = []

    def _forward(self, kind: str, rows: list[tuple[_Sequence, list[int]]]) -> torch.Tensor:
        """One forward of ``rows`` (sequence, its new tokens from ``kv_len`` on): last logits.

        Rows are left-padded to a common query length, so the last column is
        every row's last token (``logits_to_keep=1``).
        """
        n = len(rows)
        q = max(len(t) for _, t in rows)
        kv = max(s.kv_len + len(t) for s, t in rows)
        scratch = SCRATCH_BLOCK * self.block_size
        # Plain lists, one tensor each: this runs every step, for every row.
        ids: list[list[int]] = []
        positions: list[list[int]] = []
        query_at: list[list[int]] = []  # -1: a padding query
        write: list[list[int]] = []
        read: list[list[int]] = []
        for seq, new in rows:
            c, start = len(new), seq.kv_len
            self._grow(seq, start + c)
            pad = q - c
            span = list(range(start, start + c))
            ids.append([self.pad_id] * pad + new)
            positions.append([0] * pad + span)
            query_at.append([-1] * pad + span)
            write.append([scratch] * pad + seq.slots[start : start + c])
            read.append(seq.slots[: start + c] + [scratch] * (kv - start - c))
        at = torch.tensor(query_at, dtype=torch.long)
        allowed = torch.arange(kv)[None, None, :] <= at[:, :, None]
        allowed[:, :, 0] |= at < 0  # a padding query looks at one (scratch) key
        device = self.model.device
        inputs: dict[str, Any] = {
            "input_ids": torch.tensor(ids, dtype=torch.long, device=device),
            "position_ids": torch.tensor(positions, dtype=torch.long, device=device),
            "attention_mask": allowed[:, None].to(device),
            "cache": PagedView(
                self.store,
                torch.tensor(write, dtype=torch.long, device=device),
                torch.tensor(read, dtype=torch.long, device=device),
            ),
            "use_cache": True,
            "logits_to_keep": 1,
        }
        if _is_peft(self.model):
            inputs["adapter_names"] = [s.adapter or BASE_ADAPTER for s, _ in rows]
        with self.model_lock, torch.inference_mode():
            started = time.perf_counter()  # after the lock: a paused engine is not a slow step
            logits = self.model(**inputs).logits[:, -1, :]
        self.steps.append(
            StepRecord(kind, started, time.perf_counter(), n, sum(len(t) for _, t in rows))
        )
        for seq, new in rows:
            seq.kv_len += len(new)
        out: torch.Tensor = logits
        return out

    def _decode(self, rows: list[_Sequence]) -> None:
        metrics.DECODE_BATCH_SIZE.labels(self.name).observe(len(rows))
        logits = self._forward("decode", [(s, [s.last_token]) for s in rows])
        self._pick(rows, logits)
        for seq in rows:
            self._register_full_blocks(seq)

    def _prefill_chunk(self, rows: list[_Sequence]) -> None:
        """Up to prefill_chunk_tokens prompt tokens, oldest requests first, in one forward."""
        budget = self.prefill_chunk_tokens
        batch: list[tuple[_Sequence, list[int]]] = []
        for seq in rows:
            if budget <= 0:
                break
            take = min(len(seq.prompt_ids) - seq.kv_len, budget)
            batch.append((seq, seq.prompt_ids[seq.kv_len : seq.kv_len + take]))
            budget -= take
        logits = self._forward("prefill", batch)
        finished: list[int] = []
        for i, (seq, _) in enumerate(batch):
            self._register_full_blocks(seq)
            if not seq.prefilling:
                metrics.TTFT.labels(self.name).observe(time.perf_counter() - seq.arrived)
                finished.append(i)
        if finished:
            index = torch.tensor(finished, device=logits.device)
            self._pick([batch[i][0] for i in finished], logits[index])

    def _pick(self, rows: list[_Sequence], logits: torch.Tensor) -> None:
        # Plain greedy rows (the common case) take one batched argmax instead of
        # a per-row sampling call.
        argmax = logits.argmax(dim=-1).tolist()
        on_cpu: torch.Tensor | None = None  # per-row samplers (seeded CPU generators) read these
        for i, seq in enumerate(rows):
            if seq.cancelled:
                continue
            if seq.params.plain_greedy and not self._must_mask_eos(seq):
                pick = Pick(argmax[i])
            else:
                if on_cpu is None:
                    on_cpu = logits.float().cpu()
                row = on_cpu[i]
                if self._must_mask_eos(seq):
                    row = row.clone()
                    row[list(self.eos_ids | _stop_ids(seq.params))] = float("-inf")
                pick = seq.sampler.pick(row)
            self._accept(seq, pick)

    def _must_mask_eos(self, seq: _Sequence) -> bool:
        min_new = int(getattr(seq.params, "min_new_tokens", 0) or 0)
        return len(seq.stream.ids) < min_new

    def _accept(self, seq: _Sequence, pick: Pick) -> None:
        """Append the picked token and stream what is safe to release."""
        token = pick.token_id
        seq.sampler.accept(token)
        seq.last_token = token
        metrics.GENERATED_TOKENS.labels(self.name).inc()
        seq.pending_ids.append(token)
        seq.pending_picks.append(pick)
        finish: Finish | None = None
        ends = token in _stop_ids(seq.params) or (
            token in self.eos_ids and not getattr(seq.params, "ignore_eos", False)
        )
        if ends:
            seq.stream.ids.append(token)  # counted, never shown as text
            text = seq.stream.finish()
            finish = Finish.EOS
        else:
            text = seq.stream.add(token)
            if seq.stream.stopped_at is not None:
                finish = Finish.STOP
            elif len(seq.stream.ids) >= seq.params.max_new_tokens:
                text += seq.stream.finish()
                finish = Finish.LENGTH
            elif seq.sampler.is_done():
                text += seq.stream.finish()
                finish = Finish.STOP
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
        """Remove finished and cancelled rows; their blocks go back (or stay cached)."""
        with self._cond:
            keep: list[_Sequence] = []
            for seq in self._running:
                if seq.cancelled and not seq.done:
                    seq.done = True
                    seq.send(
                        Delta("", [], Finish.CANCELLED, len(seq.prompt_ids), len(seq.stream.ids))
                    )
                if seq.done:
                    self._free(seq)
                else:
                    keep.append(seq)
            self._running = keep


def _stop_ids(params: SamplingParams) -> set[int]:
    return set(getattr(params, "stop_token_ids", ()) or ())


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
