"""The loaded-model manager: load from the registry (or a folder), adapters, unload, health.

A model is LOADING while its files are fetched and it is built and warmed up,
then READY (its per-model health service turns SERVING), or FAILED with the
reason. Loading runs in a worker thread; the event loop keeps serving other
models meanwhile.

Every torch call (building, warm-up, adapter changes, release) runs on the
process's compute thread (compute.py); only file fetching uses other threads.
"""

from __future__ import annotations

import asyncio
import enum
import gc
import logging
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lmforge.errors import AlreadyExists, FailedPrecondition, InvalidArgument, NotFound
from lmforge.services.core.names import check_name

from .batching import ClassifyBatcher
from .cache import ModelCache
from .compute import compute_thread
from .generation import GenerationEngine
from .limits import check_adapter_slots, check_model_slots
from .loading import Loaded, LoadOptions, check_options, load_folder, memory_bytes, warm_up
from .resolver import GGUF, RegistryResolver, ResolvedVersion
from .settings import InferenceSettings

if TYPE_CHECKING:
    from .follow import AliasFollower

log = logging.getLogger(__name__)

HealthHook = Callable[[str, bool], Awaitable[None]]


def health_name(model: str) -> str:
    """The grpc.health.v1 service name that reports one loaded model."""
    return f"lmforge.model/{model}"


class State(enum.Enum):
    LOADING = "loading"
    READY = "ready"
    FAILED = "failed"


@dataclass
class AdapterRecord:
    name: str
    version: tuple[str, int]  # (registry model, version)


@dataclass(eq=False)
class ModelRecord:
    """One model in memory (or on its way there)."""

    name: str
    reference: str
    version: tuple[str, int] | None
    task: str
    state: State = State.LOADING
    error: str = ""
    device: str = ""
    dtype: str = ""
    memory_bytes: int = 0
    max_context: int = 0
    loaded: Loaded | None = None
    labels: tuple[str, ...] = ()
    engine: GenerationEngine | None = None
    batcher: ClassifyBatcher | None = None
    adapters: dict[str, AdapterRecord] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)  # one forward at a time
    pipelines: dict[str, Any] = field(default_factory=dict)
    in_flight: int = 0  # non-generation requests running (Embed, RunPipeline)
    ready_event: asyncio.Event = field(default_factory=asyncio.Event)
    options: LoadOptions | None = None  # as loaded: a followed alias's next version reuses them
    follow_alias: str = ""  # LoadModel(follow=True): the alias this name stays bound to
    swap_error: str = ""  # why the last swap to the alias's new version did not happen

    @property
    def model(self) -> Any:
        assert self.loaded is not None
        return self.loaded.model

    @property
    def tokenizer(self) -> Any:
        assert self.loaded is not None
        return self.loaded.tokenizer

    @property
    def queue_depth(self) -> int:
        depth = self.in_flight
        if self.engine is not None:
            depth += self.engine.queue_depth
        if self.batcher is not None:
            depth += self.batcher.queue_depth
        return depth


class ModelManager:
    """Every loaded model of one server."""

    def __init__(
        self,
        settings: InferenceSettings,
        cache: ModelCache | None = None,
        resolver: RegistryResolver | None = None,
        on_health: HealthHook | None = None,
    ) -> None:
        self.settings = settings
        self.cache = cache
        self.resolver = resolver
        self.on_health = on_health
        self.models: dict[str, ModelRecord] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        self.follower: AliasFollower | None = None  # started by the first LoadModel(follow)

    # -- lookup ----------------------------------------------------------------

    def get(self, name: str, field_name: str = "model") -> ModelRecord:
        """A READY model; NOT_FOUND if unknown, FAILED_PRECONDITION while loading or failed."""
        if not name:
            raise InvalidArgument.field(field_name, "name a loaded model")
        record = self.models.get(name)
        if record is None:
            raise FailedPrecondition(
                f"{field_name}: no model named {name!r} is loaded on this server; "
                "load it with LoadModel first"
            )
        if record.state is State.LOADING:
            raise FailedPrecondition(f"model {name!r} is still loading; retry when it is READY")
        if record.state is State.FAILED:
            raise FailedPrecondition(f"model {name!r} failed to load: {record.error}")
        return record

    def check_adapter(self, record: ModelRecord, adapter: str) -> str | None:
        if not adapter:
            return None
        if adapter not in record.adapters:
            have = ", ".join(sorted(record.adapters)) or "none"
            raise InvalidArgument.field(
                "adapter",
                f"model {record.name!r} has no adapter {adapter!r} loaded (loaded: {have}); "
                "attach it with LoadAdapter",
            )
        return adapter

    # -- loading ---------------------------------------------------------------

    async def load(
        self,
        reference: str,
        name: str = "",
        options: LoadOptions | None = None,
        wait: bool = True,
        follow: bool = False,
    ) -> ModelRecord:
        """Load a registry version; with ``wait``, return once READY (or raise why not).

        With ``follow`` the name stays bound to the reference's alias (follow.py).
        """
        opts = options or LoadOptions()
        device = check_options(opts, self.settings.device, self.settings.allow_trust_remote_code)
        if self.resolver is None or self.cache is None:
            raise FailedPrecondition("this server has no registry or store configured")
        if not reference:
            raise InvalidArgument.field(
                "reference", "name a registry model: name, name:3 or name@alias"
            )
        alias = ""
        if follow:
            from .follow import AliasFollower, alias_of

            alias = alias_of(reference)
            if self.follower is None:
                self.follower = AliasFollower(self)
            # Watching before resolving: no alias move can fall between the two.
            await self.follower.ready()
        resolved = await self.resolver.resolve(reference)
        if resolved.is_adapter:
            raise InvalidArgument.field(
                "reference",
                f"{reference!r} is a LoRA adapter of {_fmt(resolved.base)}; load that base "
                "model, then attach the adapter with LoadAdapter",
            )
        record = self._reserve(name or resolved.model, reference, resolved.key, resolved.task)
        record.labels = resolved.labels
        record.options = opts
        record.follow_alias = alias
        started = await self._start(record, self.loader(resolved, opts, device), wait)
        if self.follower is not None and alias:
            self.follower.bind(started, resolved.model, alias)
        return started

    def loader(
        self, resolved: ResolvedVersion, opts: LoadOptions, device: str
    ) -> Callable[[], Awaitable[Loaded]]:
        """Fetch a resolved version's files and build it (what ``_build`` runs)."""

        async def fetch_and_load() -> Loaded:
            assert self.cache is not None
            # Fetching files is I/O: a plain worker thread. Building the model is torch.
            folder, _ = await asyncio.to_thread(
                self.cache.materialize, resolved.model, resolved.version, resolved.files
            )
            gguf = _gguf_file(resolved, folder)
            return await compute_thread().run(
                load_folder, folder, resolved.task, opts, device, gguf
            )

        return fetch_and_load

    async def load_folder(
        self,
        name: str,
        folder: Path,
        task: str = "",
        options: LoadOptions | None = None,
        wait: bool = True,
    ) -> ModelRecord:
        """Load a model from a local folder (start-up from disk, benches, core tests)."""
        opts = options or LoadOptions()
        device = check_options(opts, self.settings.device, self.settings.allow_trust_remote_code)
        record = self._reserve(name, str(folder), None, task)

        async def build() -> Loaded:
            return await compute_thread().run(load_folder, folder, task, opts, device)

        return await self._start(record, build, wait)

    def _reserve(
        self, name: str, reference: str, version: tuple[str, int] | None, task: str
    ) -> ModelRecord:
        check_name("name", name)
        check_model_slots(self.models, name, self.settings.max_loaded_models)
        existing = self.models.get(name)
        if existing is not None and existing.state is not State.FAILED:
            raise AlreadyExists(
                f"name: a model named {name!r} is already loaded ({existing.reference}); "
                "unload it first or load under another name"
            )
        record = ModelRecord(name=name, reference=reference, version=version, task=task)
        self.models[name] = record
        return record

    async def _start(
        self, record: ModelRecord, build: Callable[[], Awaitable[Loaded]], wait: bool
    ) -> ModelRecord:
        if self.on_health is not None:  # known to health checks, not serving until warm
            await self.on_health(health_name(record.name), False)
        task = asyncio.create_task(self._build(record, build))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        if wait:
            await asyncio.shield(record.ready_event.wait())
            if record.state is State.FAILED:
                self.models.pop(record.name, None)
                raise FailedPrecondition(f"model {record.name!r} failed to load: {record.error}")
        return record

    async def _build(
        self,
        record: ModelRecord,
        build: Callable[[], Awaitable[Loaded]],
        report_health: bool = True,
    ) -> None:
        started = time.perf_counter()
        try:
            loaded = await build()
            await compute_thread().run(warm_up, loaded)
            self._attach(record, loaded)
        except Exception as e:
            log.warning("loading %s failed: %s", record.name, e)
            record.state = State.FAILED
            record.error = str(e)
        else:
            record.state = State.READY
            log.info("model %s ready in %.1fs", record.name, time.perf_counter() - started)
        finally:
            record.ready_event.set()
        if record.state is State.READY and self.on_health is not None and report_health:
            await self.on_health(health_name(record.name), True)

    def _attach(self, record: ModelRecord, loaded: Loaded) -> None:
        s = self.settings
        record.loaded = loaded
        record.task = loaded.task
        record.device = loaded.device
        record.dtype = loaded.dtype
        record.memory_bytes = memory_bytes(loaded.model)
        config = loaded.model.config
        limits = [
            getattr(config, "max_position_embeddings", None),
            getattr(loaded.tokenizer, "model_max_length", None) if loaded.tokenizer else None,
            s.max_context_tokens,
        ]
        record.max_context = min(int(v) for v in limits if v and int(v) < 10**9)
        if not record.labels and getattr(config, "id2label", None):
            record.labels = tuple(config.id2label[i] for i in sorted(config.id2label))
        if loaded.task == "text-generation":
            record.engine = GenerationEngine(
                record.name,
                loaded.model,
                loaded.tokenizer,
                record.lock,
                eos_ids=_eos_ids(loaded),
                max_running=s.max_running_sequences,
                kv_cache_tokens=s.kv_cache_tokens,
                queue_capacity=s.queue_capacity,
                max_context=record.max_context,
                prefill_chunk_tokens=s.prefill_chunk_tokens,
                prefix_cache_tokens=s.prefix_cache_tokens,
                kv_cache_bytes=kv_cache_bytes(s.kv_cache_mb, record.memory_bytes),
            )
        elif loaded.task in ("text-classification", "sentiment-analysis"):
            record.batcher = ClassifyBatcher(
                record.name,
                loaded.model,
                loaded.tokenizer,
                record.lock,
                max_batch_size=s.classify_max_batch_size,
                max_delay=s.classify_max_delay_ms / 1000,
                queue_capacity=s.queue_capacity,
                max_length=record.max_context,
            )

    # -- unloading ---------------------------------------------------------------

    async def unload(self, name: str) -> int:
        record = self.models.get(name)
        if record is None:
            raise NotFound(f"name: no model named {name!r} is loaded")
        if record.state is State.LOADING:
            raise FailedPrecondition(f"model {name!r} is still loading; unload it once READY")
        del self.models[name]
        if self.follower is not None:
            self.follower.forget(name)
        if self.on_health is not None:
            await self.on_health(health_name(name), False)
        freed = record.memory_bytes
        await compute_thread().run(self._release, record)
        return freed

    @staticmethod
    def _release(record: ModelRecord) -> None:
        if record.engine is not None:
            record.engine.close()
        if record.batcher is not None:
            record.batcher.close()
        record.engine = record.batcher = None
        record.loaded = None
        record.pipelines.clear()
        gc.collect()
        try:
            import torch

            if torch.cuda.is_available():
                torch.cuda.empty_cache()
        except ImportError:  # pragma: no cover
            pass

    async def close(self) -> None:
        if self.follower is not None:
            await self.follower.close()
        for task in list(self._tasks):
            task.cancel()
        for record in list(self.models.values()):
            self.models.pop(record.name, None)
            await compute_thread().run(self._release, record)
        if self.resolver is not None:
            await self.resolver.close()

    # -- adapters ------------------------------------------------------------------

    async def load_adapter(self, model: str, reference: str, name: str = "") -> ModelRecord:
        record = self.get(model)
        if self.resolver is None or self.cache is None:
            raise FailedPrecondition("this server has no registry or store configured")
        if not reference:
            raise InvalidArgument.field("reference", "name a registry adapter version")
        check_adapter_slots(record.name, record.adapters, self.settings.max_adapters_per_model)
        resolved = await self.resolver.resolve(reference)
        if not resolved.is_adapter:
            raise InvalidArgument.field(
                "reference", f"{reference!r} is a full model, not a LoRA adapter"
            )
        if resolved.base != record.version:
            raise FailedPrecondition(
                f"adapter {reference!r} was trained on {_fmt(resolved.base)}, but model "
                f"{model!r} is {_fmt(record.version)}; load that base version"
            )
        adapter_name = name or reference
        folder, _ = await asyncio.to_thread(
            self.cache.materialize, resolved.model, resolved.version, resolved.files
        )
        await self.attach_adapter(record, adapter_name, folder, resolved.key)
        return record

    async def attach_adapter(
        self, record: ModelRecord, name: str, folder: Path, version: tuple[str, int]
    ) -> None:
        """Attach a PEFT adapter folder to a loaded model under ``name``."""
        if not name or name == "__base__" or len(name) > 256:
            raise InvalidArgument.field("name", f"{name!r} cannot name an adapter")
        if name in record.adapters:
            raise AlreadyExists(f"name: model {record.name!r} already has an adapter {name!r}")
        check_adapter_slots(record.name, record.adapters, self.settings.max_adapters_per_model)
        if record.task not in ("text-generation", "text-classification", "sentiment-analysis"):
            raise FailedPrecondition(
                f"adapters are served for generation and classification models; "
                f"{record.name!r} serves {record.task}"
            )

        def attach() -> None:
            from peft import PeftModel

            assert record.loaded is not None
            with record.lock:
                model = record.loaded.model
                if isinstance(model, PeftModel):
                    model.load_adapter(str(folder), adapter_name=name)
                else:
                    model = PeftModel.from_pretrained(model, str(folder), adapter_name=name)
                    model.eval()
                    self._swap_model(record, model)
                if record.engine is not None:  # cached K/V are keyed by adapter name
                    record.engine.pool.clear_index()

        try:
            await compute_thread().run(attach)
        except (OSError, ValueError, KeyError, RuntimeError) as e:
            raise FailedPrecondition(
                f"adapter {name!r} does not fit model {record.name!r}: {e}"
            ) from e
        record.adapters[name] = AdapterRecord(name, version)

    async def unload_adapter(self, model: str, name: str) -> ModelRecord:
        record = self.get(model)
        if name not in record.adapters:
            raise NotFound(f"name: model {model!r} has no adapter {name!r}")
        busy = record.engine.adapters_in_use() if record.engine is not None else set()
        if record.batcher is not None:
            busy |= record.batcher.adapters_in_use()
        if name in busy:
            raise FailedPrecondition(
                f"adapter {name!r} is serving requests right now; retry when they finish"
            )

        def detach() -> None:
            assert record.loaded is not None
            with record.lock:
                peft_model = record.loaded.model
                if len(record.adapters) == 1:
                    # The last adapter: go back to the plain model (no LoRA layers left).
                    self._swap_model(record, peft_model.unload())
                else:
                    peft_model.delete_adapter(name)
                if record.engine is not None:  # cached K/V are keyed by adapter name
                    record.engine.pool.clear_index()

        await compute_thread().run(detach)
        del record.adapters[name]
        return record

    @staticmethod
    def _swap_model(record: ModelRecord, model: Any) -> None:
        assert record.loaded is not None
        record.loaded.model = model
        if record.engine is not None:
            record.engine.model = model
        if record.batcher is not None:
            record.batcher.model = model
        record.pipelines.clear()

    # -- start-up ------------------------------------------------------------------

    async def preload(self) -> None:
        """Load the models named in settings.preload (failures are logged, not fatal)."""
        for ref in self.settings.preload:
            try:
                await self.load(ref)
            except Exception as e:
                log.error("could not preload %s: %s", ref, e)


def _fmt(key: tuple[str, int] | None) -> str:
    return f"{key[0]}:{key[1]}" if key else "an unknown base"


def _eos_ids(loaded: Loaded) -> set[int]:
    ids: set[int] = set()
    gen = getattr(loaded.model, "generation_config", None)
    for source in (getattr(gen, "eos_token_id", None), loaded.tokenizer.eos_token_id):
        if isinstance(source, int):
            ids.add(source)
        elif source:
            ids.update(int(i) for i in source)
    return ids


def _gguf_file(resolved: ResolvedVersion, folder: Path) -> str | None:
    if resolved.format != GGUF:
        return None
    for f in resolved.files:
        if f.path.endswith(".gguf"):
            return f.path
    raise FailedPrecondition(f"{resolved.model}:{resolved.version} is GGUF but has no .gguf file")


KV_CACHE_FLOOR_BYTES = 64 * 2**20  # so a tiny model still gets a usable cache


def kv_cache_bytes(setting_mb: float, weight_bytes: int) -> int:
    """The K/V memory of one model: the setting, or by default half its weights.

    Half the weights keeps a server near 1.5x the weights (plus the runtime) under
    any load, whatever the model's K/V size per token.
    """
    if setting_mb:
        return int(setting_mb * 2**20)
    return max(weight_bytes // 2, KV_CACHE_FLOOR_BYTES)
