"""The Ray side of the coordinator: connect to Ray, launch a job's driver task, stop it.

Ray is local by default, started on first use with a bounded number of CPUs,
or the cluster at ``ray_address``. If the process already has a Ray
connection (a test session, an embedding application), it is reused and left
running on shutdown.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
from dataclasses import dataclass, field
from typing import Any

from lmforge.errors import Unavailable

from .driver import FitOutcome, RayStorage, fit_job
from .plan import TrainPlan
from .settings import TrainingSettings

log = logging.getLogger(__name__)


@dataclass
class RunHandle:
    """A launched job: the driver task and the job's channel actor."""

    job_id: str
    ref: Any  # ObjectRef of the driver task
    channel: Any  # JobChannel actor handle
    stop_requested: bool = False
    killed: bool = False
    placement_groups: set[str] = field(default_factory=set)  # hex ids reported by rank 0


def worker_env(settings: TrainingSettings) -> dict[str, str]:
    """Environment of every Ray worker process of our jobs."""
    env = {
        "RAY_TRAIN_ENABLE_PRINT_PATCH": "0",
        "TOKENIZERS_PARALLELISM": "false",
    }
    for name in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "HF_DATASETS_OFFLINE", "HF_HOME"):
        if name in os.environ:  # the service's own offline switches carry over
            env[name] = os.environ[name]
    if settings.torch_extensions_dir is not None:
        env["TORCH_EXTENSIONS_DIR"] = str(settings.torch_extensions_dir.resolve())
    return env


class RayRunner:
    def __init__(self, settings: TrainingSettings) -> None:
        self.settings = settings
        self._lock = threading.Lock()
        self._owns_ray = False

    def ensure(self) -> None:
        """Connect to Ray (start a local one) if not yet connected."""
        import ray

        with self._lock:
            if ray.is_initialized():
                return
            address = self.settings.ray_address
            kwargs: dict[str, Any] = {
                "address": address or "local",
                "runtime_env": {"env_vars": worker_env(self.settings)},
                "log_to_driver": True,
            }
            if not address:
                # The dashboard stays on: Ray Train's placement-group cleaner asks
                # its state API whether a killed job's controller is gone; without
                # it a force-stopped job keeps its CPUs forever.
                kwargs["num_cpus"] = self.settings.ray_num_cpus
            try:
                ray.init(**kwargs)
            except Exception as e:
                where = address or "a local Ray"
                raise Unavailable(f"cannot start or reach {where}: {e}") from e
            self._owns_ray = True
            log.info("connected to Ray at %s", address or "a new local instance")

    def gpu_count(self) -> float:
        import ray

        self.ensure()
        return float(ray.cluster_resources().get("GPU", 0.0))

    def launch(
        self,
        plan: TrainPlan,
        storage: RayStorage,
        num_workers: int,
        resources: dict[str, float],
        max_failures: int,
    ) -> RunHandle:
        import ray

        from .channel import channel_actor

        self.ensure()
        channel = channel_actor(plan.job_id)
        # num_cpus=0: the driver only waits on the controller; the workers hold the CPUs.
        task = ray.remote(num_cpus=0, max_retries=0)(fit_job)
        ref = task.remote(plan, channel, storage, num_workers, resources, max_failures)
        return RunHandle(plan.job_id, ref, channel)

    def wait(self, handle: RunHandle, timeout: float) -> bool:
        import ray

        done, _ = ray.wait([handle.ref], timeout=timeout)
        return bool(done)

    def drain(self, handle: RunHandle) -> list[dict[str, Any]]:
        import ray

        try:
            return list(ray.get(handle.channel.drain.remote(), timeout=30))
        except Exception:  # the channel is gone (Ray shutting down): nothing more to read
            log.exception("cannot read events of job %s", handle.job_id)
            return []

    def request_stop(self, handle: RunHandle) -> None:
        handle.stop_requested = True
        handle.channel.request_stop.remote()

    def kill(self, handle: RunHandle) -> None:
        """Hard stop: kill the driver task; Ray tears down its trainer and workers."""
        import ray

        handle.killed = True
        ray.cancel(handle.ref, force=True, recursive=True)

    def outcome(self, handle: RunHandle) -> FitOutcome:
        import ray

        try:
            return ray.get(handle.ref)  # type: ignore[no-any-return]
        except Exception as e:
            if handle.killed:
                return FitOutcome({}, None, "stopped")
            return FitOutcome({}, None, f"the job's Ray driver failed: {e}")

    def release(self, handle: RunHandle) -> None:
        """Free what the job may still hold: its channel, and after a hard kill its
        placement groups (their owner is this process, not the killed driver, so Ray
        would keep them until this process exits)."""
        import ray
        from ray._raylet import PlacementGroupID
        from ray.util.placement_group import PlacementGroup, remove_placement_group

        with contextlib.suppress(Exception):
            ray.kill(handle.channel)
        if not handle.killed:
            return
        for hex_id in handle.placement_groups:
            with contextlib.suppress(Exception):  # already removed by Ray Train
                remove_placement_group(PlacementGroup(PlacementGroupID(bytes.fromhex(hex_id))))

    def shutdown(self) -> None:
        import ray

        with self._lock:
            if self._owns_ray and ray.is_initialized():
                ray.shutdown()
            self._owns_ray = False
