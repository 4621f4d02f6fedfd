"""``lmforge.AsyncClient``: the same typed methods as ``Client``, for asyncio programs.

Unary calls are coroutines; streams are async iterators with ``cancel()``.
Both clients execute the same declarations (``lmforge._operations``: one
request builder and reply converter per RPC), so they cannot drift apart;
only the resumable watches are written out here. File transfers
(push/download) run the sync client's code in a thread.

    async with AsyncClient() as c:
        async for d in c.generate_stream("chat", "Hello"):
            print(d.text, end="")
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from lmforge import _operations as ops
from lmforge import types as t
from lmforge._config import Connection
from lmforge._executors import AsyncCalls, Progress, async_method
from lmforge.client import Client
from lmforge.errors import Unavailable


class AsyncClient(AsyncCalls):
    """An asyncio client of the three services; arguments as for ``lmforge.Client``."""

    create_model = async_method(ops.create_model)
    get_model = async_method(ops.get_model)
    list_models = async_method(ops.list_models)
    update_model = async_method(ops.update_model)
    delete_model = async_method(ops.delete_model)
    create_model_version = async_method(ops.create_model_version)
    finalize_model_version = async_method(ops.finalize_model_version)
    abort_model_version = async_method(ops.abort_model_version)
    get_model_version = async_method(ops.get_model_version)
    list_model_versions = async_method(ops.list_model_versions)
    delete_model_version = async_method(ops.delete_model_version)
    set_alias = async_method(ops.set_alias)
    delete_alias = async_method(ops.delete_alias)
    promote_version = async_method(ops.promote_version)
    report_deployment = async_method(ops.report_deployment)
    resolve = async_method(ops.resolve)
    create_dataset = async_method(ops.create_dataset)
    get_dataset = async_method(ops.get_dataset)
    list_datasets = async_method(ops.list_datasets)
    delete_dataset = async_method(ops.delete_dataset)
    get_dataset_version = async_method(ops.get_dataset_version)
    finalize_dataset_version = async_method(ops.finalize_dataset_version)
    abort_dataset_version = async_method(ops.abort_dataset_version)
    delete_dataset_version = async_method(ops.delete_dataset_version)
    list_dataset_versions = async_method(ops.list_dataset_versions)
    resolve_dataset = async_method(ops.resolve_dataset)
    load_model = async_method(ops.load_model)
    unload_model = async_method(ops.unload_model)
    list_loaded_models = async_method(ops.list_loaded_models)
    load_adapter = async_method(ops.load_adapter)
    unload_adapter = async_method(ops.unload_adapter)
    server_info = async_method(ops.server_info)
    generate = async_method(ops.generate)
    generate_stream = async_method(ops.generate_stream)
    chat = async_method(ops.chat)
    chat_stream = async_method(ops.chat_stream)
    classify = async_method(ops.classify)
    embed = async_method(ops.embed)
    run_pipeline = async_method(ops.run_pipeline)
    submit_job = async_method(ops.submit_job)
    get_job = async_method(ops.get_job)
    list_jobs = async_method(ops.list_jobs)
    cancel_job = async_method(ops.cancel_job)
    resume_job = async_method(ops.resume_job)

    def _connect(self, connection: Connection) -> None:
        super()._connect(connection)
        self._sync: Client | None = None

    def _sync_client(self) -> Client:
        if self._sync is None:
            self._sync = Client.with_connection(self.connection)
        return self._sync

    async def close(self) -> None:
        for rpc in self._rpcs.values():
            await rpc.channel.close(None)
        self._rpcs.clear()
        if self._sync is not None:
            self._sync.close()
            self._sync = None

    async def __aenter__(self) -> AsyncClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    # ------------------------------------------------- streams resumed by the client

    async def watch_events(
        self,
        *,
        after_sequence: int | None = None,
        model: str = "",
        kinds: Sequence[str] = (),
        timeout: float | None = None,
    ) -> AsyncIterator[t.RegistryEvent]:
        """The registry's changes as they commit; see ``Client.watch_events``."""
        stream = self._stream(ops.watch_events(after_sequence, model, kinds, timeout))
        try:
            async for event in stream:
                if event is not None:  # the first message only says the watch started
                    yield event
        finally:
            stream.cancel()

    async def watch_job(
        self, id: str, *, after_sequence: int = 0, timeout: float | None = None
    ) -> AsyncIterator[t.JobEvent]:
        """The job's events, history first; reconnects after the last event seen."""
        last = after_sequence
        failures = 0
        while True:
            stream = self._stream(ops.watch_job(id, last, timeout))
            try:
                async for event in stream:
                    failures = 0
                    last = max(last, event.sequence)
                    yield event
                return
            except Unavailable:
                if failures >= self.connection.retries:
                    raise
                await self._rpc("training").sleep(failures)
                failures += 1
            finally:
                stream.cancel()

    # -------------------------------------------------------------- file transfers

    async def push_model(
        self,
        path: str | Path,
        name: str,
        *,
        task: str | None = None,
        labels: Sequence[str] = (),
        base: str | None = None,
        description: str = "",
        tags: Mapping[str, str] | None = None,
        progress: Progress | None = None,
    ) -> t.ModelVersion:
        """As ``Client.push_model`` (runs in a worker thread)."""
        return await asyncio.to_thread(
            self._sync_client().push_model,
            path,
            name,
            task=task,
            labels=labels,
            base=base,
            description=description,
            tags=tags,
            progress=progress,
        )

    async def download_model(
        self, reference: str, dest: str | Path, *, progress: Progress | None = None
    ) -> Path:
        return await asyncio.to_thread(
            self._sync_client().download_model, reference, dest, progress=progress
        )

    async def push_dataset(
        self,
        name: str,
        data: Any,
        *,
        description: str = "",
        tags: Mapping[str, str] | None = None,
        progress: Progress | None = None,
    ) -> t.DatasetVersion:
        """As ``Client.push_dataset`` (runs in a worker thread)."""
        return await asyncio.to_thread(
            self._sync_client().push_dataset,
            name,
            data,
            description=description,
            tags=tags,
            progress=progress,
        )
