"""Wiring of the registry service: settings -> domain core -> servicer -> server."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging

from lmforge.services.core.server import GrpcServer
from lmforge.services.core.storage import open_store
from lmforge.v1 import registry_pb2, registry_pb2_grpc

from .core import Registry
from .db import open_database
from .db import utcnow as db_utcnow
from .servicer import RegistryServicer
from .settings import RegistrySettings
from .validate import pipeline_tasks

SERVICE_NAME = registry_pb2.DESCRIPTOR.services_by_name["RegistryService"].full_name
log = logging.getLogger(__name__)


def open_registry(settings: RegistrySettings) -> Registry:
    """The domain core for these settings; fails now if the store or database is unreachable."""
    store = open_store(settings, check=True)
    try:
        engine = open_database(settings.database_url)
    except BaseException:
        store.close()
        raise
    return Registry(
        engine,
        store,
        max_file_bytes=settings.max_file_bytes,
        lease_s=settings.version_lease_seconds,
    )


async def build_server(settings: RegistrySettings) -> GrpcServer:
    """A ready-to-start server for these settings (used by main() and the tests)."""
    core = await asyncio.to_thread(open_registry, settings)
    # transformers' task list takes seconds to import: pay it before the first call.
    await asyncio.to_thread(pipeline_tasks)
    server = GrpcServer(settings)
    servicer = RegistryServicer(
        core,
        upload_buffer_bytes=settings.upload_buffer_mb * 1024 * 1024,
        events_poll_s=settings.events_poll_seconds,
    )
    add = registry_pb2_grpc.add_RegistryServiceServicer_to_server
    server.add_service(SERVICE_NAME, add, servicer)
    sweeper = asyncio.ensure_future(_sweep(core, settings))

    async def close() -> None:
        sweeper.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await sweeper
        servicer.close()
        core.close()

    server.on_stop(close)
    return server


async def _sweep(core: Registry, settings: RegistrySettings) -> None:
    """Now and then: abort stale PENDING versions (uploads never finished), prune old events."""
    while True:
        try:
            expired = await asyncio.to_thread(core.expire_stale, settings.stale_pending_seconds)
            if expired:
                log.info("expired %d stale PENDING version(s): %s", len(expired), expired)
            cutoff = db_utcnow() - dt.timedelta(seconds=settings.events_retention_seconds)
            pruned = await asyncio.to_thread(core.prune_events, cutoff)
            if pruned:
                log.info("removed %d event(s) past retention", pruned)
        except Exception as e:  # the store or database is down: try again next round
            log.warning("stale PENDING sweep failed: %s", e)
        await asyncio.sleep(settings.cleanup_interval_seconds)
