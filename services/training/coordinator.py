"""The training coordinator: the domain core behind TrainingService.

Submit validates and queues (returns at once); a few driver threads take
queued jobs, launch them on Ray, record the events their workers send,
and on success register the output in the registry with lineage. Watchers
get a job's history from the store, then live events from the bus.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import queue
import shutil
import tempfile
import threading
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from lmforge.errors import FailedPrecondition, LmforgeError
from lmforge.services.core import layout
from lmforge.services.core.registry_client import OutputVersion, RegistryClient
from lmforge.services.core.storage import ArtifactStore
from lmforge.v1 import training_pb2

from . import job_events as ev
from . import jobs, spec
from .checkpoint_versions import register_checkpoints
from .driver import FitOutcome, ray_storage
from .events import EventBus
from .jobs import Event, Job, JobStore
from .plan import OUTPUT_DIR_NAME, Artifact, Hyper, TrainPlan
from .runner import RayRunner, RunHandle
from .settings import TrainingSettings

log = logging.getLogger(__name__)

# Files of the output folder that are not part of the model.
_NOT_OUTPUT = {"training_args.bin"}

RESTART_REASON = (
    "the training service restarted while this job was running and its Ray driver is gone; "
    "it had no checkpoint to resume from: submit the job again"
)
# Ray Train's record of a run's reported checkpoints; a rerun under the same
# run name (the job id) and storage restores it, and its workers start from the
# latest checkpoint. Its presence is what makes a job resumable.
CHECKPOINT_SNAPSHOT = "checkpoint_manager_snapshot.json"


def resuming_reason(step: int, why: str) -> str:
    return f"{why}; resuming from step {step}"


STOP_REASON = "the training service stopped while this job was running"


def _plan_from_json(data: dict[str, Any]) -> TrainPlan:
    data = dict(data)
    data["model"] = Artifact(**data["model"])
    data["dataset"] = Artifact(**data["dataset"])
    if data.get("validation"):
        data["validation"] = Artifact(**data["validation"])
    data["hyper"] = Hyper(**data["hyper"])
    return TrainPlan(**data)


class TrainingCoordinator:
    def __init__(
        self,
        settings: TrainingSettings,
        store: JobStore,
        artifacts: ArtifactStore,
        registry: RegistryClient,
        runner: RayRunner,
    ) -> None:
        self.settings = settings
        self.store = store
        self.artifacts = artifacts
        self.registry = registry
        self.runner = runner
        self.bus = EventBus()
        self._queue: queue.Queue[str | None] = queue.Queue()
        self._threads: list[threading.Thread] = []
        self._running: dict[str, RunHandle] = {}
        self._cancel: set[str] = set()
        self._lock = threading.Lock()
        self._stopping = threading.Event()

    # -- lifecycle -------------------------------------------------------------

    def start(self) -> None:
        """Recover from a previous run, then start the driver threads."""
        for job_id in self.store.ids_in(jobs.RUNNING):
            # Its driver lived in the previous process; nothing drives it now.
            # With a checkpoint on record it is queued again and continues there.
            step = self._resumable_step(job_id)
            if step:
                why = "the training service restarted while this job was running"
                self._transition(job_id, (jobs.RUNNING,), jobs.QUEUED, resuming_reason(step, why))
            else:
                self._transition(job_id, (jobs.RUNNING,), jobs.FAILED, RESTART_REASON)
        for job_id in self.store.ids_in(jobs.QUEUED):
            self._queue.put(job_id)
        for i in range(self.settings.max_concurrent_jobs):
            t = threading.Thread(target=self._loop, name=f"training-driver-{i}", daemon=True)
            t.start()
            self._threads.append(t)

    def stop(self, timeout: float = 30.0) -> None:
        """Stop driving: running jobs are stopped and marked FAILED, threads joined."""
        self._stopping.set()
        with self._lock:
            handles = list(self._running.values())
        for h in handles:
            self.runner.kill(h)
        for _ in self._threads:
            self._queue.put(None)
        for t in self._threads:
            t.join(timeout)
        self._threads.clear()
        self.runner.shutdown()

    # -- requests --------------------------------------------------------------

    def submit(self, job_spec: training_pb2.JobSpec) -> Job:
        if self._stopping.is_set():
            raise FailedPrecondition("the training service is stopping; submit again later")
        valid = spec.validate(job_spec, self.registry, self.runner.gpu_count, self.runner.capacity)
        record = {
            "plan": dataclasses.asdict(valid.plan),
            "scaling": dataclasses.asdict(valid.scaling),
            "output": dataclasses.asdict(valid.output),
            "max_failures": valid.max_failures,
        }
        job, event = self.store.create(
            job_spec.SerializeToString(),
            record,
            (valid.plan.model.name, valid.plan.model.version),
            (valid.plan.dataset.name, valid.plan.dataset.version),
        )
        self.bus.publish(event)
        self._queue.put(job.id)
        return job

    def get(self, job_id: str) -> Job:
        return self.store.get(job_id)

    def list_jobs(
        self, state: str | None, page_size: int, page_token: str
    ) -> tuple[list[Job], str]:
        return self.store.list_jobs(state, page_size, page_token)

    def cancel(self, job_id: str) -> Job:
        """CANCELLED at once in the record; the Ray side stops within seconds."""
        job = self.store.get(job_id)
        if job.state in jobs.TERMINAL:
            return job
        with self._lock:
            self._cancel.add(job_id)
        self._transition(job_id, (jobs.QUEUED, jobs.RUNNING), jobs.CANCELLED, "cancelled by a user")
        return self.store.get(job_id)

    def resume(self, job_id: str) -> Job:
        """Queue a FAILED or CANCELLED job again; its run continues from its last checkpoint."""
        if self._stopping.is_set():
            raise FailedPrecondition("the training service is stopping; resume again later")
        job = self.store.get(job_id)
        if job.state not in (jobs.FAILED, jobs.CANCELLED):
            raise FailedPrecondition(
                f"id: job {job_id} is {job.state}; only a FAILED or CANCELLED job can be resumed"
            )
        if self.is_active(job_id):
            raise FailedPrecondition(
                f"id: job {job_id} is still stopping on Ray; resume it once it has stopped"
            )
        step = self._resumable_step(job_id)
        if not step:
            raise FailedPrecondition(
                f"id: job {job_id} has no checkpoint in the object store to resume from; "
                "submit it again (set checkpoint_steps to make a job resumable)"
            )
        reason = resuming_reason(step, "resumed by a user")
        if not self._transition(job_id, (jobs.FAILED, jobs.CANCELLED), jobs.QUEUED, reason):
            raise FailedPrecondition(f"id: job {job_id} changed state meanwhile; try again")
        self._queue.put(job_id)
        return self.store.get(job_id)

    def _resumable_step(self, job_id: str) -> int:
        """The step of the job's last checkpoint Ray Train has on record; 0: none."""
        if not self.store.get(job_id).plan:
            return 0
        snapshot = f"{layout.checkpoint_prefix(job_id)}{CHECKPOINT_SNAPSHOT}"
        try:
            if not self.artifacts.exists(snapshot):
                return 0
        except Exception:  # the store is unreachable: nothing to resume from now
            log.exception("cannot look for checkpoints of job %s", job_id)
            return 0
        events = self.store.events(job_id)
        steps = [e.body.step for e in events if isinstance(e.body, ev.Checkpoint)]
        return max(steps, default=0)

    def is_active(self, job_id: str) -> bool:
        """Whether a driver thread still holds Ray resources for this job."""
        with self._lock:
            return job_id in self._running

    async def watch(self, job_id: str, after: int = 0) -> AsyncIterator[Event]:
        """History after ``after``, then live events, until the job has ended."""
        q = self.bus.subscribe(job_id)  # before reading history: nothing falls between
        try:
            await asyncio.to_thread(self.store.get, job_id)  # NotFound for an unknown id
            last = after
            for event in await asyncio.to_thread(self.store.events, job_id, after):
                yield event
                last = event.sequence
                if event.is_terminal:
                    return
            while True:
                event = await q.get()
                if event.sequence <= last:
                    continue
                if event.sequence > last + 1:  # a gap (cannot happen in-process): refill
                    for missed in await asyncio.to_thread(self.store.events, job_id, last):
                        if missed.sequence >= event.sequence:
                            break
                        yield missed
                        last = missed.sequence
                yield event
                last = event.sequence
                if event.is_terminal:
                    return
        finally:
            self.bus.unsubscribe(job_id, q)

    # -- driving ---------------------------------------------------------------

    def _transition(
        self, job_id: str, from_states: tuple[str, ...], to: str, reason: str = ""
    ) -> bool:
        event = self.store.transition(job_id, from_states, to, reason)
        if event is not None:
            self.bus.publish(event)
        return event is not None

    def _append(self, job_id: str, body: ev.StoredEvent) -> None:
        self.bus.publish(self.store.append(job_id, body))

    def _loop(self) -> None:
        while not self._stopping.is_set():
            job_id = self._queue.get()
            if job_id is None:
                return
            try:
                self._drive(job_id)
            except Exception as e:  # a bug here must not kill the driver thread
                log.exception("driving job %s failed", job_id)
                self._transition(
                    job_id, (jobs.QUEUED, jobs.RUNNING), jobs.FAILED, f"internal error: {e}"
                )

    def _drive(self, job_id: str) -> None:
        job = self.store.get(job_id)
        if not self._transition(job_id, (jobs.QUEUED,), jobs.RUNNING):
            with self._lock:
                self._cancel.discard(job_id)
            return  # cancelled while queued
        record = job.plan
        plan = _plan_from_json(record["plan"])
        storage = ray_storage(self.settings)
        plan.job_id = job_id
        # No credentials: the workers take them from their Ray node's environment.
        plan.storage = self.settings.model_dump(include=_STORAGE_FIELDS)
        plan.work_dir = str(self.settings.work_dir.resolve())
        plan.checkpoint_uri = f"{storage.uri_root}/{job_id}"
        scaling = record["scaling"]
        resources = {"CPU": scaling["cpus_per_worker"]}
        if scaling["use_gpu"]:
            resources["GPU"] = scaling["gpus_per_worker"]
        try:
            handle = self.runner.launch(
                plan,
                storage,
                scaling["num_workers"],
                resources,
                record["max_failures"],
                # Jobs stored before placement strategies existed have none: PACK.
                scaling.get("placement_strategy", "PACK"),
            )
        except LmforgeError as e:
            self._transition(job_id, (jobs.RUNNING,), jobs.FAILED, str(e))
            return
        with self._lock:
            self._running[job_id] = handle
        try:
            outcome, worker_error = self._follow(handle)
        finally:
            self.runner.release(handle)
            with self._lock:
                self._running.pop(job_id, None)
                self._cancel.discard(job_id)
            shutil.rmtree(Path(plan.work_dir) / job_id, ignore_errors=True)
        if self._stopping.is_set():
            self._transition(job_id, (jobs.RUNNING,), jobs.FAILED, STOP_REASON)
            return
        if self.store.get(job_id).state != jobs.RUNNING:
            return  # cancelled meanwhile; the record already says so
        if outcome.error or not outcome.output_path:
            reason = worker_error or outcome.error or "the job ended without an output"
            self._transition(job_id, (jobs.RUNNING,), jobs.FAILED, reason)
            return
        self._finish(job_id, plan, record, outcome)

    def _follow(self, handle: RunHandle) -> tuple[FitOutcome, str]:
        """Relay events until the driver task ends; stop it on cancel."""
        job_id = handle.job_id
        worker_error = ""
        kill_at: float | None = None
        place_by = time.monotonic() + self.settings.placement_timeout_seconds
        while True:
            done = self.runner.wait(handle, self.settings.poll_seconds)
            for message in self.runner.drain(handle):
                try:
                    event = ev.from_message(message)
                except (KeyError, ValueError, TypeError):  # a bug in a worker: say so, go on
                    log.exception("job %s: unreadable worker message %r", job_id, message)
                    continue
                if isinstance(event, ev.Placed):
                    handle.placed = True
                elif isinstance(event, ev.PlacementGroup):
                    handle.placement_groups.add(event.id)
                else:
                    worker_error = self._record(job_id, event) or worker_error
            if not done and not handle.placed and not handle.killed and time.monotonic() > place_by:
                worker_error = self._placement_failed(handle)
            with self._lock:
                cancelled = job_id in self._cancel
            if cancelled and not done and not handle.killed:
                if kill_at is None:
                    log.info("job %s: asking its workers to stop", job_id)
                    self.runner.request_stop(handle)
                    kill_at = time.monotonic() + self.settings.cancel_grace_seconds
                elif time.monotonic() >= kill_at:
                    log.warning(
                        "job %s: workers still running after %.0fs; killing its Ray task",
                        job_id,
                        self.settings.cancel_grace_seconds,
                    )
                    self.runner.kill(handle)
            if done:
                return self.runner.outcome(handle), worker_error

    def _placement_failed(self, handle: RunHandle) -> str:
        """No worker started in time: stop the job's Ray task; the reason says why."""
        record = self.store.get(handle.job_id).plan
        scaling = record["scaling"]
        try:
            total = self.runner.capacity()[0]
            free = self.runner.available_cpus()
            have = f"the cluster has {total:g} CPUs, {free:g} free now"
        except Exception:  # Ray itself is in trouble: say what we know
            have = "the cluster's resources are unknown"
        reason = (
            f"Ray could not place {scaling['num_workers']} worker(s) with "
            f"{scaling['cpus_per_worker']:g} CPU(s) each within "
            f"{self.settings.placement_timeout_seconds:g}s ({have}); "
            "other jobs or tasks may hold the CPUs"
        )
        log.warning("job %s: %s", handle.job_id, reason)
        self._append(handle.job_id, ev.Log.error(reason))
        self.runner.kill(handle)
        return reason

    def _record(self, job_id: str, event: ev.AnyEvent) -> str:
        """Store one event from the workers; returns the error text of an error event."""
        if isinstance(event, ev.StepMetrics):
            # After CANCELLED (or any ending) late reports change nothing.
            if self.store.update_progress(job_id, event.step, event.total_steps):
                self._append(job_id, event)
        elif isinstance(event, ev.Evaluation | ev.Checkpoint | ev.Log):
            self._append(job_id, event)
        elif isinstance(event, ev.TotalSteps):
            self.store.update(job_id, total_steps=event.total_steps)
        elif isinstance(event, ev.Engine):
            self._append(job_id, ev.Log.info(event.describe()))
        elif isinstance(event, ev.Error):
            self._append(job_id, ev.Log.error(event.message))
            return event.message
        return ""

    def _finish(
        self, job_id: str, plan: TrainPlan, record: dict[str, Any], outcome: FitOutcome
    ) -> None:
        """Register the output with lineage, then SUCCEEDED (or FAILED if that fails)."""
        out = record["output"]
        metrics = dict(outcome.metrics)
        promote = out.get("promote")
        tags = dict(out["tags"])
        self._append(job_id, ev.Log.info("registering the output"))
        version_of = OutputVersion(
            model=out["model_name"],
            task=out["task"],
            labels=out["labels"],
            adapter=out["adapter"],
            base=(plan.model.name, plan.model.version),
            dataset=(plan.dataset.name, plan.dataset.version),
            job_id=job_id,
            hyperparameters=plan.hyperparameters_text(),
            metrics=metrics,
            description=out["description"] or f"trained by job {job_id}",
            tags=tags,
        )
        try:
            if plan.register_checkpoints:
                self._register_checkpoints(job_id, version_of)
            with tempfile.TemporaryDirectory(dir=self._scratch()) as tmp:
                folder = self._download_output(job_id, Path(tmp))
                model, version = self.registry.register(folder, version_of)
        except Exception as e:
            log.exception("registering the output of %s failed", job_id)
            self._transition(
                job_id, (jobs.RUNNING,), jobs.FAILED, f"registering the output failed: {e}"
            )
            return
        self.store.update(job_id, metrics=metrics, output_model=model, output_version=version)
        self._append(job_id, ev.Result(model, version, metrics))
        if promote:
            self._promote(job_id, model, version, promote, metrics)
        self._transition(job_id, (jobs.RUNNING,), jobs.SUCCEEDED)

    def _register_checkpoints(self, job_id: str, out: OutputVersion) -> None:
        """register_checkpoints: each stored checkpoint as a version tagged with its step."""
        losses = {
            e.body.step: e.body.loss
            for e in self.store.events(job_id)
            if isinstance(e.body, ev.StepMetrics)
        }
        # Promotion tags belong to the final version only.
        base_tags = {k: v for k, v in out.tags.items() if not k.startswith("promotion_")}
        done = register_checkpoints(
            self.artifacts,
            self.registry,
            job_id,
            dataclasses.replace(out, tags=base_tags),
            losses,
            self._scratch(),
        )
        text = ", ".join(f"step {step} as {out.model}:{v}" for step, v in done) or "none stored"
        self._append(job_id, ev.Log.info(f"checkpoint versions: {text}"))

    def _promote(
        self,
        job_id: str,
        model: str,
        version: int,
        promote: dict[str, Any],
        metrics: dict[str, float],
    ) -> None:
        """Ask the registry's gate to move the alias; its decision (or refusal) is an event.

        The registry compares the registered figures, moves the alias by
        compare-and-swap against the version it pointed at at submit, and
        tags the version in the same transaction: nothing here can claim a
        move that lost its race.
        """
        outcome = ev.Promotion(
            alias=promote["alias"],
            metric=promote["metric"],
            promoted=False,
            new_version=version,
            new_value=metrics.get(promote["metric"], 0.0),
            baseline_version=int(promote["baseline_version"]),
            baseline_value=promote["baseline_value"],
        )
        if promote["metric"] not in metrics:
            reason = f"the job reported no {promote['metric']}; the alias was not moved"
            outcome = dataclasses.replace(outcome, reason=reason)
        else:
            try:
                r = self.registry.promote(
                    model,
                    version,
                    promote["alias"],
                    promote["metric"],
                    bool(promote["greater_is_better"]),
                    int(promote["baseline_version"]),
                )
            except LmforgeError as e:  # Aborted: the alias moved since submit
                outcome = dataclasses.replace(outcome, reason=f"the alias was not moved: {e}")
            else:
                d = r.decision
                outcome = dataclasses.replace(
                    outcome,
                    promoted=d.promoted,
                    new_value=d.candidate_value,
                    baseline_version=int(d.baseline_version),
                    baseline_value=d.baseline_value if d.HasField("baseline_value") else None,
                    reason=r.reason,
                )
        self._append(job_id, outcome)

    def _scratch(self) -> Path:
        path = self.settings.work_dir.resolve() / "outputs"
        path.mkdir(parents=True, exist_ok=True)
        return path

    def _download_output(self, job_id: str, dest: Path) -> Path:
        prefix = f"{layout.checkpoint_prefix(job_id)}{OUTPUT_DIR_NAME}/"
        found = False
        for obj in self.artifacts.list(prefix):
            rel = obj.key[len(prefix) :]
            if rel in _NOT_OUTPUT or rel.startswith("."):
                continue
            self.artifacts.download(obj.key, dest / rel)
            found = True
        if not found:
            raise FailedPrecondition(f"no output files under {prefix} in the store")
        return dest


_STORAGE_FIELDS = {
    "storage_url",
    "s3_endpoint",
    "s3_secure",
    "s3_region",
}
