"""Helpers of the training tests: build specs, follow a job's events."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from lmforge import registry_transfer
from lmforge.v1 import registry_pb2, training_pb2

TERMINAL = {
    training_pb2.JOB_STATE_SUCCEEDED,
    training_pb2.JOB_STATE_FAILED,
    training_pb2.JOB_STATE_CANCELLED,
}


def spec(base: str, dataset: str, **kw: Any) -> training_pb2.JobSpec:
    """A small, fast job spec; keyword arguments override fields."""
    s = training_pb2.JobSpec(
        base_model=base,
        dataset=dataset,
        hyperparameters=training_pb2.Hyperparameters(
            max_steps=6, learning_rate=5e-3, per_device_batch_size=4, max_length=64
        ),
        scaling=training_pb2.ScalingConfig(num_workers=1),
    )
    for key, value in kw.items():
        if isinstance(value, dict):
            target = getattr(s, key)
            if hasattr(target, "DESCRIPTOR"):
                target.MergeFrom(type(target)(**value))
            else:  # a map field (training_kwargs)
                target.update(value)
        elif hasattr(value, "DESCRIPTOR"):
            getattr(s, key).CopyFrom(value)
        elif isinstance(value, list):  # a repeated field (report_to)
            getattr(s, key).extend(value)
        else:
            setattr(s, key, value)
    return s


def events(stub: Any, job_id: str, after: int = 0, timeout: float = 300) -> list[Any]:
    """Every event of the job until it ends (WatchJob returns at the end)."""
    req = training_pb2.WatchJobRequest(id=job_id, after_sequence=after)
    return [r.event for r in stub.WatchJob(req, timeout=timeout)]


def of_kind(evs: list[Any], kind: str) -> list[Any]:
    return [getattr(e, kind) for e in evs if e.WhichOneof("event") == kind]


def states(evs: list[Any]) -> list[str]:
    return [training_pb2.JobState.Name(s.state) for s in of_kind(evs, "state_change")]


def logs(evs: list[Any]) -> list[str]:
    return [line.message for line in of_kind(evs, "log")]


def get(stub: Any, job_id: str) -> training_pb2.Job:
    return stub.GetJob(training_pb2.GetJobRequest(id=job_id)).job


def download_version(registry_stub: Any, model: str, version: int, dest: Path) -> Path:
    """Every file of a registered model version into ``dest`` (sizes and SHA-256 checked)."""
    v = registry_stub.GetModelVersion(
        registry_pb2.GetModelVersionRequest(model=model, version=version)
    ).version
    return registry_transfer.download_version(
        registry_stub, registry_transfer.model_target(model, version), v.files, dest
    )
