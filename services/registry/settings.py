"""Settings of the registry service."""

from __future__ import annotations

from lmforge.services.core.settings import ServiceSettings, env


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
