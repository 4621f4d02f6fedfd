"""The Ray side of the coordinator: connect to Ray, launch a job's driver task, stop it.

Ray is always joined by address: the cluster at ``ray_address``, or a local
head (``ray_head.LocalRayHead``) that ``start_local_head`` runs as a child
process tree before the service serves, and ``shutdown`` stops. Ray is never
started inside this process (forking out of a process with gRPC threads
crashes). If the process already has a Ray connection (a test session), it
is reused and left running on shutdown.

S3 credentials never travel through Ray: the workers read LMFORGE_S3_* from
the environment of their node (the local head gets them from us).
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
from .ray_head import LocalRayHead
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
    placed: bool = False  # a worker has started (Ray found room for the job)
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


def storage_env(settings: TrainingSettings) -> dict[str, str]:
    """The LMFORGE_S3_* variables that give a Ray node's workers access to the store."""
    env = {}
    if settings.s3_access_key:
        env["LMFORGE_S3_ACCESS_KEY"] = settings.s3_access_key
    if settings.s3_secret_key is not None:
        env["LMFORGE_S3_SECRET_KEY"] = settings.s3_secret_key.get_secret_value()
    return env


def connect_local(address: str, **kwargs: Any) -> None:
    """``ray.init`` to a loopback head without Ray rewriting 127.0.0.1 to an external IP."""
    # Ray replaces a loopback address with the machine's external one unless it
    # runs as a one-node cluster; the constant is read when ray is imported.
    os.environ["RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER"] = "0"
    import ray
    from ray._private import ray_constants

    ray_constants.ENABLE_RAY_CLUSTER = False  # ray may have been imported already
    ray.init(address=address, **kwargs)


class RayRunner:
    def __init__(self, settings: TrainingSettings) -> None:
        self.settings = settings
        self._lock = threading.Lock()
        self._owns_ray = False
        self.head: LocalRayHead | None = None
        self.address = settings.ray_address

    def start_local_head(self) -> None:
        """Without a cluster address: start a local head (blocks until it is up)."""
        if self.address:
            return
        self.head = LocalRayHead(
            self.settings.ray_temp_dir, self.settings.ray_num_cpus, storage_env(self.settings)
        )
        self.address = self.head.start()
        log.info("started a local Ray head at %s (session in %s)", self.address, self.head.temp_dir)

    def ensure(self) -> None:
        """Connect to Ray by address if not yet connected."""
        import ray

        with self._lock:
            if ray.is_initialized():
                return
            address = self.address
            if not address:
                raise Unavailable("no Ray: neither a cluster address nor a local head")
            kwargs: dict[str, Any] = {
                "runtime_env": {"env_vars": worker_env(self.settings)},
                "log_to_driver": True,
            }
            try:
                if self.head is not None:
                    connect_local(address, **kwargs)
                else:
                    ray.init(address=address, **kwargs)
            except Exception as e:
                raise Unavailable(f"cannot reach Ray at {address}: {e}") from e
            self._owns_ray = True
            log.info("connected to Ray at %s", address)

    def gpu_count(self) -> float:
        import ray

        self.ensure()
        return float(ray.cluster_resources().get("GPU", 0.0))

    def capacity(self) -> tuple[float, float, int]:
        """(CPUs of the whole cluster, CPUs of its largest node, nodes), alive nodes only."""
        import ray

        self.ensure()
        per_node = [
            float(n.get("Resources", {}).get("CPU", 0.0)) for n in ray.nodes() if n.get("Alive")
        ]
        return sum(per_node), max(per_node, default=0.0), len(per_node)

    def available_cpus(self) -> float:
        import ray

        self.ensure()
        return float(ray.available_resources().get("CPU", 0.0))

    def launch(
        self,
        plan: TrainPlan,
        storage: RayStorage,
        num_workers: int,
        resources: dict[str, float],
        max_failures: int,
        placement_strategy: str = "PACK",
    ) -> RunHandle:
        import ray

        from .channel import channel_actor

        self.ensure()
        channel = channel_actor(plan.job_id)
        # num_cpus=0: the driver only waits on the controller; the workers hold the CPUs.
        task = ray.remote(num_cpus=0, max_retries=0)(fit_job)
        ref = task.remote(
            plan, channel, storage, num_workers, resources, max_failures, placement_strategy
        )
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
            if self.head is not None:
                self.head.stop()
                self.head = None
