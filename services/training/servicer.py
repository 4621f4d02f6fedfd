"""gRPC surface of the training service: decode, call the coordinator, encode."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator
from typing import Any

from google.protobuf.timestamp_pb2 import Timestamp

from lmforge import enums
from lmforge.v1 import common_pb2, training_pb2, training_pb2_grpc

from . import job_events as je
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
    """A stored event as training.proto's JobEvent (the only place events become protobuf)."""
    out = training_pb2.JobEvent(sequence=ev.sequence, time=_ts(ev.time))
    body = ev.body
    if isinstance(body, je.StateChange):
        out.state_change.CopyFrom(
            training_pb2.StateChange(state=_state(body.state), reason=body.reason)
        )
    elif isinstance(body, je.StepMetrics):  # the JSON's names are the message's fields
        out.metrics.CopyFrom(training_pb2.StepMetrics(**body.to_json()))
    elif isinstance(body, je.Evaluation):
        out.evaluation.CopyFrom(training_pb2.EvalMetrics(step=body.step, metrics=body.metrics))
    elif isinstance(body, je.Checkpoint):
        out.checkpoint.CopyFrom(training_pb2.CheckpointSaved(step=body.step, uri=body.uri))
    elif isinstance(body, je.Log):
        out.log.CopyFrom(training_pb2.LogLine(level=body.level, message=body.message))
    elif isinstance(body, je.Result):
        out.result.CopyFrom(
            training_pb2.JobResult(
                output=common_pb2.ModelVersionKey(model=body.model, version=body.version),
                metrics=body.metrics,
            )
        )
    elif isinstance(body, je.Promotion):
        # baseline_value stays unset (not 0) when the alias pointed at no version.
        given = {k: v for k, v in body.to_json().items() if v is not None}
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
