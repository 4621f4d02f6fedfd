"""gRPC surface of the training service: decode, call the coordinator, encode."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator
from typing import Any

from google.protobuf.timestamp_pb2 import Timestamp

from lmforge import enums
from lmforge.v1 import common_pb2, training_pb2, training_pb2_grpc

from .coordinator import TrainingCoordinator
from .jobs import Event, Job


def _state(name: str) -> Any:
    """A stored job state ("QUEUED") as the JobState number (lmforge.enums)."""
    return enums.value_of(training_pb2.JobState, name)


def _ts(value: dt.datetime | None) -> Timestamp | None:
    if value is None:
        return None
    ts = Timestamp()
    ts.FromDatetime(value)
    return ts


def job_pb(job: Job) -> training_pb2.Job:
    spec = training_pb2.JobSpec()
    spec.ParseFromString(job.spec)
    out = training_pb2.Job(
        id=job.id,
        spec=spec,
        state=_state(job.state),
        error=job.error,
        step=job.step,
        total_steps=job.total_steps,
        metrics=job.metrics,
        base_version=common_pb2.ModelVersionKey(model=job.base_model, version=job.base_version),
        dataset_version=common_pb2.DatasetVersionKey(
            dataset=job.dataset, version=job.dataset_version
        ),
        create_time=_ts(job.create_time),
        start_time=_ts(job.start_time),
        end_time=_ts(job.end_time),
    )
    if job.output_model:
        out.output.CopyFrom(
            common_pb2.ModelVersionKey(model=job.output_model, version=job.output_version)
        )
    return out


def event_pb(ev: Event) -> training_pb2.JobEvent:
    out = training_pb2.JobEvent(sequence=ev.sequence, time=_ts(ev.time))
    p: dict[str, Any] = ev.payload
    if ev.kind == "state_change":
        out.state_change.CopyFrom(
            training_pb2.StateChange(state=_state(p["state"]), reason=p.get("reason", ""))
        )
    elif ev.kind == "metrics":
        out.metrics.CopyFrom(training_pb2.StepMetrics(**p))
    elif ev.kind == "evaluation":
        out.evaluation.CopyFrom(training_pb2.EvalMetrics(step=p["step"], metrics=p["metrics"]))
    elif ev.kind == "checkpoint":
        out.checkpoint.CopyFrom(training_pb2.CheckpointSaved(step=p["step"], uri=p["uri"]))
    elif ev.kind == "log":
        out.log.CopyFrom(training_pb2.LogLine(level=p["level"], message=p["message"]))
    elif ev.kind == "result":
        out.result.CopyFrom(
            training_pb2.JobResult(
                output=common_pb2.ModelVersionKey(**p["output"]), metrics=p["metrics"]
            )
        )
    elif ev.kind == "promotion":
        given = {k: v for k, v in p.items() if v is not None}  # baseline_value may be absent
        out.promotion.CopyFrom(training_pb2.PromotionOutcome(**given))
    return out


class TrainingServicer(training_pb2_grpc.TrainingServiceServicer):
    def __init__(self, core: TrainingCoordinator) -> None:
        self.core = core

    async def SubmitJob(self, request, context):  # type: ignore[no-untyped-def]
        job = await asyncio.to_thread(self.core.submit, request.spec)
        return training_pb2.SubmitJobResponse(job=job_pb(job))

    async def GetJob(self, request, context):  # type: ignore[no-untyped-def]
        job = await asyncio.to_thread(self.core.get, request.id)
        return training_pb2.GetJobResponse(job=job_pb(job))

    async def ListJobs(self, request, context):  # type: ignore[no-untyped-def]
        # A number JobState lacks is refused naming the field (it used to list every job).
        state = enums.name_in(training_pb2.JobState, request.state, "state") or None
        found, token = await asyncio.to_thread(
            self.core.list_jobs, state, request.page_size, request.page_token
        )
        return training_pb2.ListJobsResponse(jobs=[job_pb(j) for j in found], next_page_token=token)

    async def CancelJob(self, request, context):  # type: ignore[no-untyped-def]
        job = await asyncio.to_thread(self.core.cancel, request.id)
        return training_pb2.CancelJobResponse(job=job_pb(job))

    async def ResumeJob(self, request, context):  # type: ignore[no-untyped-def]
        job = await asyncio.to_thread(self.core.resume, request.id)
        return training_pb2.ResumeJobResponse(job=job_pb(job))

    async def WatchJob(  # type: ignore[no-untyped-def]
        self, request, context
    ) -> AsyncIterator[training_pb2.WatchJobResponse]:
        async for ev in self.core.watch(request.id, request.after_sequence):
            yield training_pb2.WatchJobResponse(event=event_pb(ev))
