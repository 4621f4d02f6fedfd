"""A paged KV cache with prefix sharing, and the per-forward view the model writes through.

Layout: per layer, one K and one V tensor of ``[blocks * block_size, kv_heads,
head_dim]`` (token-major), allocated at the first forward from the shapes the
attention layers hand in (so no per-architecture code), with ``torch.empty``
(on CPU, pages nobody wrote stay out of the resident set). A sequence owns a
list of blocks; its token at position ``p`` lives at slot
``blocks[p // B] * B + p % B``. Nothing is ever copied as a sequence grows
or when sequences join or leave: a forward writes its new K/V into their
slots (``index_copy_``) and gathers the rows' slots for attention.

Block 0 is scratch: padded query positions write there, and key positions a
row does not have read from there (it starts zeroed and only ever holds
finite values, so a masked-out position cannot turn the softmax into NaN).

Prefix sharing: a full block is keyed by (key of the block before it, its
tokens); the first block's "before" is the adapter name, since a LoRA
adapter changes the K/V. Keys compare exactly (no hash collisions). Blocks
in use are reference-counted; unused blocks with a key stay cached for later
hits in LRU order, at most ``max_cached`` of them. Once the blocks in use and
cached reach the pool's ``capacity`` (the K/V memory budget), a fresh block is
taken by evicting the least recently used cached one, so running sequences and
cached prefixes share one bounded amount of memory.

Why not transformers' ``PagedAttentionCache`` (continuous_batching/cache.py)?
It works on a packed batch of one row (all requests' tokens concatenated),
which peft's mixed-adapter forward cannot route (``adapter_names`` is per
batch row), and its allocation and prefix sharing are driven by its own
scheduler's ``RequestState``. The same ideas (token-major paged storage,
read/write indices, block-level prefix matching) are used here, with a
padded batch so each row can go through its own adapter.
"""

from __future__ import annotations

import itertools
from collections import OrderedDict
from typing import Any

import torch

SCRATCH_BLOCK = 0

BlockKey = tuple[Any, tuple[int, ...]]


class BlockPool:
    """Block allocation, reference counts and the prefix index (plain Python, no tensors)."""

    def __init__(
        self, num_blocks: int, block_size: int, max_cached: int, capacity: int = 0
    ) -> None:
        self.block_size = block_size
        self.num_blocks = num_blocks
        self.max_cached = max_cached
        # Blocks in use and cached together, beyond which a fresh block is taken by
        # evicting a cached one instead (0: no bound but num_blocks). This is what
        # bounds the K/V memory: a block never handed out is never written, so it
        # stays out of the resident set.
        self.capacity = capacity
        self.peak = 0  # most blocks in use and cached at once: what was ever written
        self._free = list(range(num_blocks - 1, SCRATCH_BLOCK, -1))  # pop() gives low ids first
        self._refs = [0] * num_blocks
        self._key_of: dict[int, BlockKey] = {}
        self._uid_of: dict[int, int] = {}
        self._by_key: dict[BlockKey, int] = {}
        self._cached: OrderedDict[int, None] = OrderedDict()  # unused, keyed, LRU first
        self._uids = itertools.count(1)

    @property
    def free_blocks(self) -> int:
        return len(self._free) + len(self._cached)

    @property
    def cached_blocks(self) -> int:
        return len(self._cached)

    @property
    def used_blocks(self) -> int:
        return self.num_blocks - 1 - len(self._free) - len(self._cached)

    def allocate(self) -> int:
        at_capacity = bool(self.capacity) and self.used_blocks + len(self._cached) >= self.capacity
        if self._free and not (at_capacity and self._cached):
            block = self._free.pop()
        elif self._cached:
            block, _ = self._cached.popitem(last=False)  # least recently used
            self._forget(block)
        else:  # admission keeps reservations within the pool, so this is a bug
            raise RuntimeError("KV cache pool exhausted")
        self._refs[block] = 1
        self.peak = max(self.peak, self.used_blocks + len(self._cached))
        return block

    def release(self, block: int) -> None:
        self._refs[block] -= 1
        if self._refs[block] > 0:
            return
        if block in self._key_of:
            self._cached[block] = None
            while len(self._cached) > self.max_cached:
                old, _ = self._cached.popitem(last=False)
                self._forget(old)
                self._free.append(old)
        else:
            self._free.append(block)

    def _forget(self, block: int) -> None:
        key = self._key_of.pop(block, None)
        self._uid_of.pop(block, None)
        if key is not None and self._by_key.get(key) == block:
            del self._by_key[key]

    def first_key(self, adapter: str | None) -> Any:
        return ("adapter", adapter)

    def key(self, parent: Any, tokens: list[int]) -> BlockKey:
        return (parent, tuple(tokens))

    def uid(self, block: int) -> int | None:
        return self._uid_of.get(block)

    def peek(self, key: BlockKey) -> int | None:
        """The block holding exactly this prefix, if any (not referenced)."""
        return self._by_key.get(key)

    def in_use(self, block: int) -> bool:
        return self._refs[block] > 0

    def acquire(self, block: int) -> None:
        """Reference a block found by ``peek`` (taking it out of the cached LRU)."""
        if self._refs[block] == 0:
            self._cached.pop(block, None)
        self._refs[block] += 1

    def register(self, block: int, key: BlockKey) -> int:
        """Make a full block findable by its prefix; returns the uid the next block chains on.

        When another block already holds this prefix (two sequences prefilled
        the same prompt together), that block stays the one found, and the
        chain continues from its uid so later blocks still match.
        """
        existing = self._by_key.get(key)
        if existing is not None:
            return self._uid_of[existing]
        if block not in self._key_of:
            self._by_key[key] = block
            self._key_of[block] = key
            self._uid_of[block] = next(self._uids)
        return self._uid_of[block]

    def clear_index(self) -> None:
        """Forget every cached prefix (after a failed forward may have left blocks half-written)."""
        for block in list(self._cached):
            self._free.append(block)
        self._cached.clear()
        self._by_key.clear()
        self._key_of.clear()
        self._uid_of.clear()


def kv_bytes_per_token(config: Any, dtype: torch.dtype) -> int | None:
    """K and V bytes one token takes over all layers, from a decoder's config.

    None when the config does not say (then only the token bounds apply). The
    store itself takes its shapes from the first forward; a test checks the two agree.
    """
    layers = getattr(config, "num_hidden_layers", None)
    heads = getattr(config, "num_attention_heads", None)
    kv_heads = getattr(config, "num_key_value_heads", None) or heads
    head_dim = getattr(config, "head_dim", None)
    if not head_dim and heads and getattr(config, "hidden_size", None):
        head_dim = config.hidden_size // heads
    if not (isinstance(layers, int) and isinstance(kv_heads, int) and isinstance(head_dim, int)):
        return None
    return 2 * layers * kv_heads * head_dim * torch.empty((), dtype=dtype).element_size()


class KVStore:
    """The K/V tensors behind a BlockPool, one pair per layer, allocated on first use."""

    def __init__(self, num_blocks: int, block_size: int) -> None:
        self.slots = num_blocks * block_size
        self.block_size = block_size
        self.keys: dict[int, torch.Tensor] = {}
        self.values: dict[int, torch.Tensor] = {}

    def layer(self, index: int, like: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        if index not in self.keys:
            _, heads, _, dim = like.shape
            for store in (self.keys, self.values):
                t = torch.empty(self.slots, heads, dim, dtype=like.dtype, device=like.device)
                t[: self.block_size].zero_()  # the scratch block
                store[index] = t
        return self.keys[index], self.values[index]

    def nbytes(self) -> int:
        return sum(
            t.numel() * t.element_size() for t in [*self.keys.values(), *self.values.values()]
        )


class PagedView:
    """What the model's attention layers see as ``cache`` for one forward.

    ``write`` [rows, q] and ``read`` [rows, kv] are slot indices: each layer
    writes the new K/V to ``write`` and attends over ``read`` (padded with
    the scratch slot; the 4-D mask hides those).
    """

    def __init__(self, store: KVStore, write: torch.Tensor, read: torch.Tensor) -> None:
        self.store = store
        self.write = write.reshape(-1)
        self.read = read.reshape(-1)
        self.rows, self.kv_len = read.shape

    def update(
        self,
        key_states: torch.Tensor,
        value_states: torch.Tensor,
        layer_idx: int,
        *a: Any,
        **k: Any,
    ) -> tuple[torch.Tensor, torch.Tensor]:
        k_pool, v_pool = self.store.layer(layer_idx, key_states)
        rows, heads, q, dim = key_states.shape
        k_pool.index_copy_(0, self.write, key_states.transpose(1, 2).reshape(rows * q, heads, dim))
        v_pool.index_copy_(
            0, self.write, value_states.transpose(1, 2).reshape(rows * q, heads, dim)
        )
        shape = (rows, self.kv_len, heads, dim)
        keys = k_pool.index_select(0, self.read).view(shape).transpose(1, 2)
        values = v_pool.index_select(0, self.read).view(shape).transpose(1, 2)
        return keys, values

    def get_seq_length(self, layer_idx: int = 0) -> int:
        return 0  # positions are always given explicitly
