"""Models that follow a registry alias: an alias move is a deployment.

``LoadModel(reference="lm@prod", follow=True)`` binds the loaded name to the
alias. One registry ``WatchEvents`` stream per server (alias events only,
resumed from the last sequence seen after a broken connection) tells the
follower when a followed alias moves. Then, per name and one at a time:

1. the new version is resolved, fetched, built and warmed on a record of its
   own, while the old record keeps serving (per-model health stays SERVING:
   this never reports the name as not serving);
2. adapters of the old record are attached to the new one when they fit;
3. the name is pointed at the new record in one assignment on the event loop,
   so every request that looks the model up afterwards gets the new version,
   while requests already submitted hold the old record's engine;
4. the old record is released once its queue is empty.

Any failure before step 3 leaves the old record serving and is kept in its
``swap_error`` (shown by ListLoadedModels, GetServerInfo and ``lmforge
status``). Each swap, done or failed, is reported to the registry as a
DEPLOYMENT_SWAPPED / DEPLOYMENT_FAILED event, so a rollout can be watched in
the same stream as the alias moves. Moving the alias back is a swap
like any other: the rollback. A swap needs room for a second copy: with
``max_loaded_models`` reached it is refused with a message saying so.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import grpc

from lmforge.errors import FailedPrecondition, InvalidArgument, Unavailable
from lmforge.v1 import registry_pb2

from .compute import compute_thread
from .loading import LoadOptions, check_options

if TYPE_CHECKING:
    from .models import ModelManager, ModelRecord

log = logging.getLogger(__name__)

_ALIAS_KINDS = [
    registry_pb2.EVENT_KIND_ALIAS_SET,
    registry_pb2.EVENT_KIND_ALIAS_MOVED,
    registry_pb2.EVENT_KIND_ALIAS_DELETED,
]


def alias_of(reference: str) -> str:
    """The alias of "name@alias"; INVALID_ARGUMENT naming ``follow`` for any other reference."""
    _name, at, alias = reference.partition("@")
    if not at or not alias:
        raise InvalidArgument.field(
            "follow",
            f"reference {reference!r} names no alias; follow needs 'name@alias' "
            "(or load without follow)",
        )
    return alias


@dataclass(frozen=True)
class Binding:
    """A loaded name bound to a registry model's alias."""

    model: str
    alias: str


class AliasFollower:
    """Watches the registry's alias events and swaps the bound models (see module doc)."""

    def __init__(self, manager: ModelManager, retry_s: float = 0.5) -> None:
        self.manager = manager
        self.retry_s = retry_s
        self.bindings: dict[str, Binding] = {}
        self._wanted: dict[str, int] = {}  # name -> version its alias points at now
        self._swappers: dict[str, asyncio.Task[None]] = {}
        self._retiring: set[asyncio.Task[None]] = set()
        self._swapping = 0  # swaps holding a second copy right now
        self._after: int | None = None  # last event sequence seen
        self._started = asyncio.Event()
        self._watch: asyncio.Task[None] | None = None
        # The watch channel's stub. The generated stub types are the sync ones
        # (grpc's aio stubs have no separate class), so it is held untyped.
        self._stub: Any = None
        settings = manager.settings
        # Who reports deployments: unique among replicas on one host (port 0 binds any).
        self.server_name = f"inference {settings.host}:{settings.port} pid {os.getpid()}"
        # A seam for tests: awaited with (old, new) after the new version is warm
        # and right before the switch.
        self.before_switch: Callable[[ModelRecord, ModelRecord], Awaitable[None]] | None = None

    # -- binding ------------------------------------------------------------------

    async def ready(self, timeout_s: float = 30.0) -> None:
        """Start watching (once); return when the registry has confirmed the watch."""
        if self._watch is None:
            self._watch = asyncio.create_task(self._run())
        try:
            await asyncio.wait_for(asyncio.shield(self._started.wait()), timeout_s)
        except TimeoutError:
            raise Unavailable(
                "follow: the registry's WatchEvents stream did not start; the alias cannot be "
                "followed (is the registry reachable and new enough?)"
            ) from None

    def bind(self, record: ModelRecord, model: str, alias: str) -> None:
        self.bindings[record.name] = Binding(model, alias)
        # The alias may have moved between the watch starting and the resolve:
        # look once more now that the binding is known.
        self._track(asyncio.create_task(self._reconcile(record.name)))

    def forget(self, name: str) -> None:
        self.bindings.pop(name, None)
        self._wanted.pop(name, None)

    async def close(self) -> None:
        tasks = [t for t in (self._watch, *self._swappers.values(), *self._retiring) if t]
        for t in tasks:
            t.cancel()
        for t in tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await t

    # -- watching ------------------------------------------------------------------

    async def _run(self) -> None:
        assert self.manager.resolver is not None
        channel = self.manager.resolver.connection.aio_channel()
        stub: Any = self.manager.resolver.connection.stub(channel)  # see self._stub
        self._stub = stub
        try:
            while True:
                resumed = self._after is not None
                request = registry_pb2.WatchEventsRequest(kinds=_ALIAS_KINDS)
                if self._after is not None:
                    request.after_sequence = self._after
                try:
                    async for msg in stub.WatchEvents(request):
                        if msg.WhichOneof("payload") == "started":
                            if self._after is None:
                                self._after = msg.started.head_sequence
                                if not resumed and self._started.is_set():
                                    # Restarted without a position: events may be lost.
                                    for name in list(self.bindings):
                                        self._track(asyncio.create_task(self._reconcile(name)))
                            self._started.set()
                            continue
                        self._after = msg.event.sequence
                        self._on_event(msg.event)
                except grpc.aio.AioRpcError as e:
                    if e.code() == grpc.StatusCode.OUT_OF_RANGE:
                        self._after = None  # too far behind: start over, then re-resolve
                    log.warning("registry watch broke (%s): %s", e.code().name, e.details())
                except Exception:  # never let following die: log, then watch again
                    log.exception("registry watch failed")
                await asyncio.sleep(self.retry_s)
        finally:
            self._stub = None
            await channel.close(None)

    def _on_event(self, event: registry_pb2.RegistryEvent) -> None:
        for name, b in list(self.bindings.items()):
            if b.model != event.model or b.alias != event.alias:
                continue
            if event.new_version:
                self.request_swap(name, int(event.new_version))
            else:
                record = self.manager.models.get(name)
                if record is not None:
                    record.swap_error = (
                        f"alias {b.model}@{b.alias} was deleted; {name!r} keeps serving "
                        f"{b.model}:{record.version[1] if record.version else '?'}"
                    )

    async def _reconcile(self, name: str) -> None:
        b = self.bindings.get(name)
        if b is None or self.manager.resolver is None:
            return
        try:
            resolved = await self.manager.resolver.resolve(f"{b.model}@{b.alias}")
        except Exception as e:  # the alias is gone or the registry is down: keep serving
            log.warning("cannot re-resolve %s@%s: %s", b.model, b.alias, e)
            return
        self.request_swap(name, resolved.version)

    # -- swapping ------------------------------------------------------------------

    def request_swap(self, name: str, version: int) -> None:
        """Make ``name`` serve ``version`` of its alias's model (the latest request wins)."""
        self._wanted[name] = version
        if name not in self._swappers:
            self._swappers[name] = asyncio.create_task(self._swap_loop(name))

    async def _swap_loop(self, name: str) -> None:
        try:
            while True:
                record = self.manager.models.get(name)
                target = self._wanted.get(name)
                if record is None or target is None or name not in self.bindings:
                    return
                await record.ready_event.wait()
                if record.version is not None and record.version[1] == target:
                    return
                ok = await self._swap(record, target)
                if not ok and self._wanted.get(name) == target:
                    return  # failed: keep the old one until the alias moves again
        finally:
            self._swappers.pop(name, None)

    async def _swap(self, old: ModelRecord, target: int) -> bool:
        from .models import ModelRecord, State

        m = self.manager
        b = self.bindings[old.name]
        what = f"swap of {old.name!r} to {b.model}:{target} ({b.model}@{b.alias})"
        limit = m.settings.max_loaded_models
        held = sum(1 for r in m.models.values() if r.state is not State.FAILED)
        if held + self._swapping >= limit:
            old.swap_error = (
                f"{what} refused: it needs room for a second copy while the old one serves, "
                f"but {held + self._swapping} of max_loaded_models={limit} are in use "
                "(LMFORGE_INFERENCE_MAX_LOADED_MODELS); raise it or unload a model"
            )
            log.warning("%s", old.swap_error)
            self._report(b, target, False, old.swap_error)
            return False
        assert m.resolver is not None
        self._swapping += 1
        new: ModelRecord | None = None
        try:
            resolved = await m.resolver.resolve(f"{b.model}:{target}")
            if resolved.is_adapter or resolved.task != old.task:
                raise FailedPrecondition(
                    f"{b.model}:{target} serves {resolved.task}, not {old.task}"
                )
            opts = old.options or LoadOptions()
            device = check_options(opts, m.settings.device, m.settings.allow_trust_remote_code)
            new = ModelRecord(
                name=old.name,
                reference=old.reference,
                version=resolved.key,
                task=resolved.task,
                options=opts,
                follow_alias=old.follow_alias,
            )
            new.labels = resolved.labels
            await m._build(new, m.loader(resolved, opts, device), report_health=False)
            if new.state is not State.READY:
                raise FailedPrecondition(f"it failed to load: {new.error}")
            dropped = await self._carry_adapters(old, new)
            if dropped:
                new.swap_error = f"adapters not carried over to {b.model}:{target}: {dropped}"
            if self.before_switch is not None:
                await self.before_switch(old, new)
            if m.models.get(old.name) is not old:
                raise FailedPrecondition(f"{old.name!r} was unloaded or replaced meanwhile")
            m.models[old.name] = new  # the switch: requests looking it up now get `new`
        except Exception as e:
            old.swap_error = f"{what} failed; the old version keeps serving: {e}"
            log.warning("%s", old.swap_error)
            if new is not None and new.loaded is not None:
                await compute_thread().run(m._release, new)
            self._report(b, target, False, old.swap_error)
            return False
        finally:
            self._swapping -= 1
        log.info("%s done", what)
        self._report(b, target, True, new.swap_error if new is not None else "")
        self._track(asyncio.create_task(self._retire(old)))
        return True

    async def _carry_adapters(self, old: ModelRecord, new: ModelRecord) -> str:
        """Attach the old record's adapters to the new one; what did not fit, as text."""
        m = self.manager
        dropped = []
        for a in list(old.adapters.values()):
            try:
                assert m.resolver is not None and m.cache is not None
                resolved = await m.resolver.resolve(f"{a.version[0]}:{a.version[1]}")
                folder, _ = await asyncio.to_thread(
                    m.cache.materialize, resolved.model, resolved.version, resolved.files
                )
                await m.attach_adapter(new, a.name, folder, a.version)
            except Exception as e:
                dropped.append(f"{a.name!r} ({e})")
        return "; ".join(dropped)

    async def _retire(self, old: ModelRecord) -> None:
        """Release the old version once the requests it accepted have finished."""
        # The old record is out of ``models``: nothing new reaches it, so its
        # queue only shrinks. Polling keeps the engine free of swap logic.
        while old.queue_depth > 0:
            await asyncio.sleep(0.02)
        await compute_thread().run(self.manager._release, old)

    def _report(self, b: Binding, version: int, swapped: bool, reason: str) -> None:
        """Tell the registry (a DEPLOYMENT_* event); best effort, it never blocks a swap."""
        stub = self._stub
        if stub is None:
            return
        outcome = (
            registry_pb2.DEPLOYMENT_OUTCOME_SWAPPED
            if swapped
            else registry_pb2.DEPLOYMENT_OUTCOME_FAILED
        )
        request = registry_pb2.ReportDeploymentRequest(
            model=b.model,
            alias=b.alias,
            version=version,
            outcome=outcome,
            server=self.server_name,
            reason=reason[:4096],
        )

        async def send() -> None:
            try:
                await stub.ReportDeployment(request, timeout=10.0)
            except grpc.aio.AioRpcError as e:  # an older registry, or it is down: log only
                log.warning("could not report the deployment: %s", e.details())

        self._track(asyncio.create_task(send()))

    def _track(self, task: asyncio.Task[None]) -> None:
        self._retiring.add(task)
        task.add_done_callback(self._retiring.discard)
