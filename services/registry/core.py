"""The registry's domain core: models, versions, adapters, aliases, datasets, files.

Plain Python over SQLAlchemy (metadata) and an ArtifactStore (bytes); no gRPC.
Every method validates all of its input before it writes anything, and raises
``lmforge.errors`` exceptions that name the offending request field.

Publishing rule: a version becomes READY only in ``finalize``, after every
declared file has been read back from the store and its size and SHA-256
checked. Uploads never change the state, so a process killed mid-upload leaves
the version PENDING (and the stale-PENDING sweep removes it later).

``Registry`` is the one entry point. Its methods come in one group per concern:

- ``models``: models and model versions (adapters included);
- ``aliases``: aliases and resolving a model reference;
- ``datasets``: datasets and dataset versions;
- ``files``: uploads, downloads and their presigned URLs;
- ``promotion``: gated promotion and inference servers' deployment reports.

Models and datasets are both composed over one ``VersionedStore`` (``versions``):
finalize (verifying and publishing a version), abort, delete and the stale-PENDING
sweep, each parameterised by the kind's ``VersionKind`` (``MODEL_VERSIONS``,
``DATASET_VERSIONS``). The groups share ``queries`` (sessions, row lookups, version
numbers), ``paging`` and ``entity_rows`` (database rows as the plain values of
``entities``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from sqlalchemy import Engine

from lmforge.services.core.storage import ArtifactStore

from . import events, promotion
from .aliases import AliasesMixin
from .datasets import DATASET_VERSIONS, DatasetsMixin
from .entities import Target
from .events import Notifier
from .files import FilesMixin, check_target
from .guard import VersionGuard
from .models import MODEL_VERSIONS, ModelsMixin
from .validate import S3_MAX_OBJECT_BYTES
from .versioned_store import VersionedStore


class Registry(ModelsMixin, AliasesMixin, DatasetsMixin, FilesMixin):
    """Models, versions, adapters, aliases and datasets on one database and one store."""

    def __init__(
        self,
        engine: Engine,
        store: ArtifactStore,
        max_file_bytes: int = S3_MAX_OBJECT_BYTES,
        lease_s: float = 600.0,
    ) -> None:
        self.engine = engine
        self.store = store
        self.max_file_bytes = max_file_bytes
        self.guard = VersionGuard(engine, lease_s)
        # Wakes this process's watchers after a commit that added events.
        self.notifier = Notifier()
        self.versions = VersionedStore(
            engine,
            store,
            self.guard,
            self.notifier,
            {"model": MODEL_VERSIONS, "dataset": DATASET_VERSIONS},
        )

    def expire_stale(self, max_age_s: float, now: dt.datetime | None = None) -> list[Target]:
        """Abort PENDING versions untouched for ``max_age_s`` (not those being uploaded)."""
        return self.versions.expire_stale(max_age_s, now)

    # The versioned store's test seams, settable on the registry as before.
    @property
    def after_publish_copy(self) -> Callable[[Target], None] | None:
        return self.versions.after_publish_copy

    @after_publish_copy.setter
    def after_publish_copy(self, fn: Callable[[Target], None] | None) -> None:
        self.versions.after_publish_copy = fn

    @property
    def before_ready(self) -> Callable[[Target], None] | None:
        return self.versions.before_ready

    @before_ready.setter
    def before_ready(self, fn: Callable[[Target], None] | None) -> None:
        self.versions.before_ready = fn

    # ------------------------------------------------------------------ events

    def events_head(self) -> tuple[int, int]:
        """(newest event sequence, newest sequence removed by retention)."""
        return events.head(self.engine)

    def read_events(
        self, after: int, model: str = "", kinds: Sequence[str] = ()
    ) -> tuple[list[events.EventRecord], int]:
        return events.read(self.engine, after, model, kinds)

    def prune_events(self, older_than: dt.datetime) -> int:
        return events.prune(self.engine, older_than)

    # -------------------------------------------------------------- deployment

    def promote_version(
        self,
        model: str,
        version: int,
        alias: str,
        metric: str,
        greater_is_better: bool,
        expected: int | None = None,
    ) -> promotion.PromotionResult:
        return promotion.promote_version(
            self.engine, self.notifier, model, version, alias, metric, greater_is_better, expected
        )

    def report_deployment(
        self, model: str, alias: str, version: int, swapped: bool, server: str, reason: str = ""
    ) -> int:
        return promotion.report_deployment(
            self.engine, self.notifier, model, alias, version, swapped, server, reason
        )

    def close(self) -> None:
        self.engine.dispose()
        self.store.close()


__all__ = ["Registry", "check_target"]
