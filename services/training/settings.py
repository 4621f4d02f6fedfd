"""Settings of the training service."""

from __future__ import annotations

from pathlib import Path

from pydantic import AliasChoices, Field

from lmforge.services.core.settings import RegistryClientSettings, ServiceSettings, env


class TrainingSettings(ServiceSettings, RegistryClientSettings):
    """lmforge training coordinator: fine-tuning jobs on Ray."""

    host: str = env("TRAINING_HOST", "127.0.0.1", "Interface the training service binds.")
    port: int = env("TRAINING_PORT", 50053, "Training gRPC port.", ge=0, lt=65536)
    metrics_port: int | None = env(
        "TRAINING_METRICS_PORT", None, "Training Prometheus port (unset: off)."
    )
    database_url: str = env(
        "TRAINING_DATABASE_URL",
        "sqlite:///.lmforge/training.db",
        "SQLAlchemy URL of the job database.",
    )
    # Both names: LMFORGE_RAY_ADDRESS for symmetry with the rest, and Ray's
    # own RAY_ADDRESS, which operators of a Ray cluster already export.
    ray_address: str | None = Field(
        None,
        validation_alias=AliasChoices("LMFORGE_RAY_ADDRESS", "RAY_ADDRESS"),
        description=(
            "Ray cluster address; unset starts a local Ray head (127.0.0.1 only) as a child "
            "process before the service serves, and stops it with the service. The nodes of "
            "a cluster get S3 credentials from their own LMFORGE_S3_* environment."
        ),
    )
    ray_temp_dir: Path = env(
        "TRAINING_RAY_TEMP_DIR",
        Path(".lmforge/ray"),
        "Session folder (logs, state) of the local Ray head (ignored with a Ray cluster).",
    )
    placement_timeout_seconds: float = env(
        "TRAINING_PLACEMENT_TIMEOUT_SECONDS",
        600.0,
        "How long a job may wait for Ray to place its workers before it fails.",
        gt=0,
    )
    ray_num_cpus: int = env(
        "TRAINING_RAY_NUM_CPUS",
        2,
        "CPUs a local Ray may use (ignored with a Ray cluster).",
        ge=1,
    )
    work_dir: Path = env(
        "TRAINING_WORK_DIR",
        Path(".lmforge/training"),
        "Local scratch folder of the workers (downloaded inputs, checkpoints in progress).",
    )
    max_concurrent_jobs: int = env(
        "TRAINING_MAX_CONCURRENT_JOBS", 2, "Jobs driven at once; the rest wait QUEUED.", ge=1
    )
    cancel_grace_seconds: float = env(
        "TRAINING_CANCEL_GRACE_SECONDS",
        5.0,
        "How long a cancelled job may stop cooperatively before its Ray task is killed.",
        ge=0,
    )
    poll_seconds: float = env(
        "TRAINING_POLL_SECONDS", 0.2, "How often the driver collects a job's events.", gt=0
    )
    torch_extensions_dir: Path | None = env(
        "TRAINING_TORCH_EXTENSIONS_DIR",
        None,
        "Cache of DeepSpeed's compiled ops (TORCH_EXTENSIONS_DIR of the workers).",
    )
