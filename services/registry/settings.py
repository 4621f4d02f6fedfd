"""Settings of the registry service."""

from __future__ import annotations

from lmforge.services.core.settings import ServiceSettings, env

from .validate import S3_MAX_OBJECT_BYTES


class RegistrySettings(ServiceSettings):
    """lmforge model registry: models, versions, adapters, datasets, aliases."""

    host: str = env("REGISTRY_HOST", "127.0.0.1", "Interface the registry binds.")
    port: int = env("REGISTRY_PORT", 50051, "Registry gRPC port.", ge=0, lt=65536)
    metrics_port: int | None = env(
        "REGISTRY_METRICS_PORT", None, "Registry Prometheus port (unset: off)."
    )
    database_url: str = env(
        "REGISTRY_DATABASE_URL",
        "sqlite:///.lmforge/registry.db",
        "SQLAlchemy URL of the metadata database (sqlite:///FILE or postgresql://...).",
    )
    stale_pending_seconds: float = env(
        "REGISTRY_STALE_PENDING_SECONDS",
        86400.0,
        "PENDING versions older than this are aborted and their objects removed.",
        gt=0,
    )
    cleanup_interval_seconds: float = env(
        "REGISTRY_CLEANUP_INTERVAL_SECONDS",
        300.0,
        "How often to look for stale PENDING versions (also once at start-up).",
        gt=0,
    )
    max_file_bytes: int = env(
        "REGISTRY_MAX_FILE_BYTES",
        S3_MAX_OBJECT_BYTES,
        "Largest file a version may declare, in bytes (at most S3's 5 TiB).",
        gt=0,
        le=S3_MAX_OBJECT_BYTES,
    )
    upload_buffer_mb: int = env(
        "REGISTRY_UPLOAD_BUFFER_MB",
        64,
        "Bytes one streaming upload may hold in memory between the network and the store, "
        "in MiB (a chunk larger than this is refused).",
        gt=0,
    )
    events_retention_seconds: float = env(
        "REGISTRY_EVENTS_RETENTION_SECONDS",
        7 * 86400.0,
        "Registry events older than this are removed (a watcher resuming from before "
        "them gets OUT_OF_RANGE).",
        gt=0,
    )
    events_poll_seconds: float = env(
        "REGISTRY_EVENTS_POLL_SECONDS",
        0.5,
        "How often a WatchEvents stream looks for events committed by other registry "
        "processes (this process's own wake its watchers at once).",
        gt=0,
    )
    version_lease_seconds: float = env(
        "REGISTRY_VERSION_LEASE_SECONDS",
        600.0,
        "How long an upload or finalize claims its version in the database without renewing "
        "(renewed while it streams or verifies): the longest a killed registry process can "
        "block that version for the others.",
        gt=0,
    )
