"""``lmforge.Client``: typed, keyword-argument methods over the three services.

Every method returns plain dataclasses from ``lmforge.types``; streams are
iterators you can ``cancel()``; every failure is an ``lmforge.errors``
exception (translated in one place, ``lmforge._rpc``). Calls that are safe to
repeat (reads, generation, classification) are retried with backoff when a
service is UNAVAILABLE.

The methods are those of ``lmforge._operations`` (one declaration per RPC,
shared with ``lmforge.AsyncClient``), run by ``lmforge._executors``; only
the resumable watches and the file transfers are written out here.

    from lmforge import Client

    with Client() as c:                       # addresses from LMFORGE_* or defaults
        for m in c.list_models():
            print(m.name, m.task)
        for d in c.generate_stream(model="chat", prompt="Hello"):
            print(d.text, end="")
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from lmforge import _operations as ops
from lmforge import types as t
from lmforge._executors import Progress as Progress
from lmforge._executors import SyncCalls, sync_method
from lmforge.errors import Unavailable


class Client(SyncCalls):
    """A synchronous client of the registry, inference and training services.

    Addresses come from the arguments, else ``LMFORGE_REGISTRY_ADDRESS``,
    ``LMFORGE_INFERENCE_ADDRESS``, ``LMFORGE_TRAINING_ADDRESS``, else
    127.0.0.1:50051/50052/50053. ``token`` (else ``LMFORGE_AUTH_TOKEN``) is
    sent as ``authorization: Bearer``. ``tls=True`` or ``root_certificates``
    (PEM bytes or a file path; else ``LMFORGE_TLS_CA_FILE``) use TLS;
    ``client_cert``/``client_key`` (PEM bytes or files) present a client
    certificate for mutual TLS.
    Channels open on first use, so a client for one service never touches
    the others.
    """

    create_model = sync_method(ops.create_model)
    get_model = sync_method(ops.get_model)
    list_models = sync_method(ops.list_models)
    update_model = sync_method(ops.update_model)
    delete_model = sync_method(ops.delete_model)
    create_model_version = sync_method(ops.create_model_version)
    finalize_model_version = sync_method(ops.finalize_model_version)
    abort_model_version = sync_method(ops.abort_model_version)
    get_model_version = sync_method(ops.get_model_version)
    list_model_versions = sync_method(ops.list_model_versions)
    delete_model_version = sync_method(ops.delete_model_version)
    set_alias = sync_method(ops.set_alias)
    delete_alias = sync_method(ops.delete_alias)
    promote_version = sync_method(ops.promote_version)
    report_deployment = sync_method(ops.report_deployment)
    resolve = sync_method(ops.resolve)
    create_dataset = sync_method(ops.create_dataset)
    get_dataset = sync_method(ops.get_dataset)
    list_datasets = sync_method(ops.list_datasets)
    delete_dataset = sync_method(ops.delete_dataset)
    get_dataset_version = sync_method(ops.get_dataset_version)
    finalize_dataset_version = sync_method(ops.finalize_dataset_version)
    abort_dataset_version = sync_method(ops.abort_dataset_version)
    delete_dataset_version = sync_method(ops.delete_dataset_version)
    list_dataset_versions = sync_method(ops.list_dataset_versions)
    resolve_dataset = sync_method(ops.resolve_dataset)
    load_model = sync_method(ops.load_model)
    unload_model = sync_method(ops.unload_model)
    list_loaded_models = sync_method(ops.list_loaded_models)
    load_adapter = sync_method(ops.load_adapter)
    unload_adapter = sync_method(ops.unload_adapter)
    server_info = sync_method(ops.server_info)
    generate = sync_method(ops.generate)
    generate_stream = sync_method(ops.generate_stream)
    chat = sync_method(ops.chat)
    chat_stream = sync_method(ops.chat_stream)
    classify = sync_method(ops.classify)
    embed = sync_method(ops.embed)
    run_pipeline = sync_method(ops.run_pipeline)
    submit_job = sync_method(ops.submit_job)
    get_job = sync_method(ops.get_job)
    list_jobs = sync_method(ops.list_jobs)
    cancel_job = sync_method(ops.cancel_job)
    resume_job = sync_method(ops.resume_job)

    @classmethod
    def of(cls, client_or_addresses: Client | Mapping[str, str] | None = None) -> Client:
        """A client from a client (returned as is), a {service: address} dict, or the env."""
        if isinstance(client_or_addresses, Client):
            return client_or_addresses
        given = dict(client_or_addresses or {})
        return cls(given.get("registry"), given.get("inference"), given.get("training"))

    def close(self) -> None:
        for rpc in self._rpcs.values():
            rpc.channel.close()
        self._rpcs.clear()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------- streams resumed by the client

    def watch_events(
        self,
        *,
        after_sequence: int | None = None,
        model: str = "",
        kinds: Sequence[str] = (),
        timeout: float | None = None,
    ) -> Iterator[t.RegistryEvent]:
        """The registry's changes as they commit (WatchEvents).

        ``after_sequence=None`` streams new events only; ``0`` replays the
        retained history first; ``N`` resumes after event N. Filter by
        ``model`` and by ``kinds`` (see ``lmforge.types.RegistryEvent``).
        """
        stream = self._execute(ops.watch_events(after_sequence, model, kinds, timeout))
        try:
            for event in stream:
                if event is not None:  # the first message only says the watch started
                    yield event
        finally:
            stream.cancel()

    def watch_job(
        self, id: str, *, after_sequence: int = 0, timeout: float | None = None
    ) -> Iterator[t.JobEvent]:
        """The job's events: its history, then live ones until it ends.

        If the training service becomes unreachable mid-way the watch
        reconnects and resumes after the last event seen, so no event is
        lost or repeated.
        """
        last = after_sequence
        failures = 0
        while True:
            stream = self._execute(ops.watch_job(id, last, timeout))
            try:
                for event in stream:
                    failures = 0
                    last = max(last, event.sequence)
                    yield event
                return
            except Unavailable:
                if failures >= self.connection.retries:
                    raise
                self._training.sleep(failures)
                failures += 1
            finally:
                stream.cancel()

    # -------------------------------------------------------------- file transfers

    def push_model(
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
        """Upload a local HF folder, PEFT adapter folder or GGUF file as a new READY version.

        The model is created first when missing (``task`` is then required,
        else it is read from the folder's config). A failed upload aborts the
        version, so it never becomes READY with missing bytes.
        """
        from lmforge import _transfer

        return _transfer.push_model(
            self,
            Path(path),
            name,
            task=task,
            labels=labels,
            base=base,
            description=description,
            tags=tags,
            progress=progress,
        )

    def download_model(
        self, reference: str, dest: str | Path, *, progress: Progress | None = None
    ) -> Path:
        """Download every file of a version into ``dest`` (checked against its sha256)."""
        from lmforge import _transfer

        return _transfer.download_model(self, reference, Path(dest), progress=progress)

    def push_dataset(
        self,
        name: str,
        data: Any,
        *,
        description: str = "",
        tags: Mapping[str, str] | None = None,
        progress: Progress | None = None,
    ) -> t.DatasetVersion:
        """Push rows as a new READY dataset version (the dataset is created when missing).

        ``data``: a list of dicts, a pandas DataFrame, a path to a JSONL, CSV or
        Parquet file, or ``lmforge.SQL(query, url)`` (rows read from a
        database through SQLAlchemy).
        """
        from lmforge import _transfer

        return _transfer.push_dataset(
            self, name, data, description=description, tags=tags, progress=progress
        )
