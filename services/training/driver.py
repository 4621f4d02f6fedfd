"""The job driver: runs ``TorchTrainer.fit()`` for one job inside a Ray task.

Running fit() in a ``ray.remote`` task (not in the service process) keeps
torch out of the coordinator and gives CancelJob a hard stop: cancelling the
task with ``force=True`` kills the driver, and Ray tears down the trainer's
controller, its workers and their placement group with it.

Checkpoints (and the final output folder) go to Ray Train's storage, which
is the artifact store itself: ``checkpoints/<job id>/`` in the same bucket
(S3 through pyarrow's S3 filesystem) or directory (file:// stores).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlparse

from lmforge.services.core import layout
from lmforge.services.core.settings import StorageSettings

from . import job_events
from .plan import TrainPlan


@dataclass(frozen=True)
class RayStorage:
    """Where Ray Train persists a job's checkpoints."""

    storage_path: str  # parent folder (bucket/prefix/checkpoints for S3)
    s3: dict[str, Any] | None  # pyarrow S3FileSystem keyword arguments, or None for local
    uri_root: str  # the same place as a URI, for events ("s3://b/checkpoints")

    def filesystem(self) -> Any:
        """The S3 filesystem, with credentials from this Ray node's environment.

        Runs inside the driver task: the keys are never part of a task argument.
        """
        if self.s3 is None:
            return None
        import pyarrow.fs

        node = StorageSettings()  # LMFORGE_S3_* of this node
        secret = node.s3_secret_key.get_secret_value() if node.s3_secret_key else None
        return pyarrow.fs.S3FileSystem(access_key=node.s3_access_key, secret_key=secret, **self.s3)


def ray_storage(settings: StorageSettings) -> RayStorage:
    """Ray Train storage inside the artifact store, under the checkpoint prefix."""
    url = urlparse(settings.storage_url)
    checkpoints = layout.checkpoint_prefix("x").rsplit("/", 2)[0]  # "checkpoints"
    if url.scheme == "file":
        root = url.path.rstrip("/") + "/" + checkpoints
        return RayStorage(root, None, "file://" + root)
    prefix = url.path.strip("/")
    path = "/".join(p for p in (url.netloc, prefix, checkpoints) if p)
    s3 = {
        "endpoint_override": settings.s3_endpoint,
        "scheme": "https" if settings.s3_secure else "http",
        "region": settings.s3_region or "us-east-1",
    }
    return RayStorage(path, s3, "s3://" + path)


@dataclass
class FitOutcome:
    """What the driver task returns (plain data)."""

    metrics: dict[str, float]
    output_path: str | None  # the output checkpoint's path in Ray storage
    error: str | None


def fit_job(
    plan: TrainPlan,
    channel: Any,
    storage: RayStorage,
    num_workers: int,
    resources_per_worker: dict[str, float],
    max_failures: int,
    placement_strategy: str = "PACK",
) -> FitOutcome:
    """Body of the driver task: build the TorchTrainer and run it to the end."""
    started = f"starting {num_workers} worker(s) with {resources_per_worker} each"
    channel.push.remote(job_events.to_message(job_events.Log.info(started)))
    from ray.train import CheckpointConfig, FailureConfig, RunConfig, ScalingConfig
    from ray.train.torch import TorchTrainer

    from .worker import train_loop

    trainer = TorchTrainer(
        train_loop,
        train_loop_config={"plan": plan, "channel": channel},
        scaling_config=ScalingConfig(
            num_workers=num_workers,
            use_gpu=plan.use_gpu,
            resources_per_worker=resources_per_worker,
            placement_strategy=placement_strategy,
        ),
        run_config=RunConfig(
            name=plan.job_id,
            storage_path=storage.storage_path,
            storage_filesystem=storage.filesystem(),
            failure_config=FailureConfig(max_failures=max_failures),
            # save_total_limit step checkpoints survive beside the final output;
            # register_checkpoints without a limit keeps them all.
            checkpoint_config=CheckpointConfig(
                num_to_keep=(
                    plan.save_total_limit + 1
                    if plan.save_total_limit
                    else None
                    if plan.register_checkpoints
                    else 2
                )
            ),
        ),
    )
    try:
        result = trainer.fit()
    except Exception as e:  # a worker error after the allowed retries
        return FitOutcome({}, None, _root_cause(e))
    checkpoint = result.checkpoint
    output = None
    if checkpoint is not None and checkpoint.path.rstrip("/").endswith("/output"):
        output = checkpoint.path
    metrics = {k: float(v) for k, v in (result.metrics or {}).items() if _is_number(v)}
    return FitOutcome(metrics, output, None)


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _root_cause(e: BaseException) -> str:
    """The worker's own exception text, not Ray's wrapper around it."""
    failures = getattr(e, "worker_failures", None)
    if isinstance(failures, dict) and failures:
        first = failures[min(failures)]
        return f"{type(first).__name__}: {first}".splitlines()[0][:2000]
    seen = e
    while seen.__cause__ is not None:
        seen = seen.__cause__
    return f"{type(seen).__name__}: {seen}"[:2000]
