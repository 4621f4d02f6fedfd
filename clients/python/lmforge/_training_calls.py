"""The training part of ``lmforge.Client``: fine-tuning jobs and their events."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from lmforge import _convert, _requests
from lmforge import types as t
from lmforge._calls import ServiceCalls, pages
from lmforge.v1 import training_pb2


class _TrainingCalls(ServiceCalls):
    """Calls of the training service (mixed into ``lmforge.Client``)."""

    # ---------------------------------------------------------------- training

    def submit_job(self, *, base_model: str, dataset: str, **spec: Any) -> t.Job:
        """Queue a fine-tuning job and return at once (state QUEUED).

        ``spec`` keywords: method ("lora" | "full"), task, columns
        ({"text": ...} or prompt/completion, messages, label), lora
        ({"r", "alpha", "dropout", "target_modules"}), validation_fraction,
        hyperparameters ({"num_epochs", "max_steps", "learning_rate", ...}),
        num_workers, use_gpu, cpus_per_worker, gpus_per_worker, deepspeed
        ("zero2" | "zero3" | dict | JSON text), checkpoint_steps,
        max_failures, output_model, adapter_output ("adapter" | "merged"),
        output_description, output_tags.
        """
        req = training_pb2.SubmitJobRequest(
            spec=_requests.job_spec(base_model=base_model, dataset=dataset, **spec)
        )
        return _convert.job(self._training.unary("SubmitJob", req).job)

    def get_job(self, id: str) -> t.Job:
        req = training_pb2.GetJobRequest(id=id)
        return _convert.job(self._training.unary("GetJob", req, idempotent=True).job)

    def list_jobs(self, *, state: str | None = None, limit: int | None = None) -> list[t.Job]:
        """Jobs, newest first; ``state`` is queued/running/succeeded/failed/cancelled."""
        st = _requests.choice("state", state, _requests.JOB_STATES) if state else 0

        def fetch(token: str) -> Any:
            req = training_pb2.ListJobsRequest(page_token=token, state=st)  # type: ignore[arg-type]
            return self._training.unary("ListJobs", req, idempotent=True)

        return [_convert.job(j) for j in pages(fetch, "jobs", limit)]

    def cancel_job(self, id: str) -> t.Job:
        req = training_pb2.CancelJobRequest(id=id)
        return _convert.job(self._training.unary("CancelJob", req, idempotent=True).job)

    def watch_job(
        self, id: str, *, after_sequence: int = 0, timeout: float | None = None
    ) -> Iterator[t.JobEvent]:
        """The job's events: its history, then live ones until it ends.

        If the training service becomes unreachable mid-way the watch
        reconnects and resumes after the last event seen, so no event is
        lost or repeated.
        """
        from lmforge.errors import Unavailable

        last = after_sequence
        failures = 0
        while True:
            req = training_pb2.WatchJobRequest(id=id, after_sequence=last)
            stream = self._training.stream(
                "WatchJob", req, lambda r: _convert.job_event(r.event), timeout=timeout
            )
            try:
                for event in stream:
                    failures = 0
                    last = max(last, event.sequence)
                    yield event
                return
            except Unavailable:
                if failures >= self.connection.retries:
                    raise
                self._training.sleep(failures)
                failures += 1
            finally:
                stream.cancel()
