"""Settings of the training service."""

from __future__ import annotations

from lmforge.services.core.settings import ServiceSettings, env


class TrainingSettings(ServiceSettings):
    """lmforge training coordinator: fine-tuning jobs on Ray."""

    host: str = env("TRAINING_HOST", "127.0.0.1", "Interface the training service binds.")
    port: int = env("TRAINING_PORT", 50053, "Training gRPC port.", ge=0, lt=65536)
    metrics_port: int | None = env(
        "TRAINING_METRICS_PORT", None, "Training Prometheus port (unset: off)."
    )
    registry_address: str = env(
        "REGISTRY_ADDRESS", "127.0.0.1:50051", "host:port of the registry service."
    )
    database_url: str = env(
        "TRAINING_DATABASE_URL",
        "sqlite:///.lmforge/training.db",
        "SQLAlchemy URL of the job database.",
    )
    ray_address: str | None = env(
        "RAY_ADDRESS", None, "Ray cluster address; unset starts a local Ray on first job."
    )
