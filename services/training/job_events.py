"""Typed job events: one ``EventKind`` and one frozen dataclass per kind.

Two families share the enum:

* stored events (``STORED``): written to the job store's event table, with
  the kind in its ``kind`` column and ``to_json()`` in its ``payload``
  column, and streamed by WatchJob (the servicer turns them into protobuf);
* worker messages (``WORKER_ONLY``): what Ray workers and the driver task
  push through the job's channel for the coordinator alone (placement,
  total steps, the engine, an error); the coordinator turns them into
  progress, log events or a failure reason, and never stores them as such.
  Workers send stored kinds (metrics, evaluation, checkpoint, log) over the
  same channel.

On the channel an event travels as ``to_message()``: its JSON with a
``"kind"`` key. The JSON of each kind is exactly the payload dict the
service stored before these types existed, so rows written then read back
as the same values.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import typing
from dataclasses import dataclass, field
from typing import Any, ClassVar, Self

import pydantic

from .job_state import JobState


class EventKind(enum.StrEnum):
    """Every kind of event the training service emits (its stored name as the value)."""

    # Stored in the job store and streamed by WatchJob.
    STATE_CHANGE = "state_change"
    METRICS = "metrics"
    EVALUATION = "evaluation"
    CHECKPOINT = "checkpoint"
    LOG = "log"
    RESULT = "result"
    PROMOTION = "promotion"
    # Worker -> coordinator only.
    PLACED = "placed"
    PLACEMENT_GROUP = "placement_group"
    TOTAL_STEPS = "total_steps"
    ENGINE = "engine"
    ERROR = "error"


class _Json:
    """A kind's JSON is its fields by name; reading it back validates and coerces each
    field to its annotated type (pydantic, lax: ``3`` becomes ``3.0`` for a float), so a
    hand-edited or old row with a wrong type fails with a ValueError, not later."""

    def to_json(self) -> dict[str, Any]:
        return {
            f.name: dict(v) if isinstance(v := getattr(self, f.name), dict) else v
            for f in dataclasses.fields(self)  # type: ignore[arg-type]
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Self:
        event: Self = _adapter(typing.cast(type, cls)).validate_python(data)
        return event


@functools.cache
def _adapter(cls: type) -> pydantic.TypeAdapter[Any]:
    return pydantic.TypeAdapter(cls)


@dataclass(frozen=True)
class StateChange(_Json):
    KIND: ClassVar[EventKind] = EventKind.STATE_CHANGE
    state: JobState
    reason: str = ""


@dataclass(frozen=True)
class StepMetrics(_Json):
    """One logged training step (training.proto's StepMetrics)."""

    KIND: ClassVar[EventKind] = EventKind.METRICS
    step: int
    total_steps: int = 0
    epoch: float = 0.0
    loss: float = 0.0
    learning_rate: float = 0.0
    grad_norm: float = 0.0
    samples_per_second: float = 0.0
    extra: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Evaluation(_Json):
    KIND: ClassVar[EventKind] = EventKind.EVALUATION
    step: int
    metrics: dict[str, float]


@dataclass(frozen=True)
class Checkpoint(_Json):
    KIND: ClassVar[EventKind] = EventKind.CHECKPOINT
    step: int
    uri: str


@dataclass(frozen=True)
class Log(_Json):
    KIND: ClassVar[EventKind] = EventKind.LOG
    level: str
    message: str

    @classmethod
    def info(cls, message: str) -> Log:
        return cls("INFO", message)

    @classmethod
    def error(cls, message: str) -> Log:
        return cls("ERROR", message)


@dataclass(frozen=True)
class Result(_Json):
    """The registered output and its metrics."""

    KIND: ClassVar[EventKind] = EventKind.RESULT
    model: str
    version: int
    metrics: dict[str, float]

    def to_json(self) -> dict[str, Any]:
        return {
            "output": {"model": self.model, "version": self.version},
            "metrics": dict(self.metrics),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Self:
        return super().from_json({**data["output"], "metrics": data["metrics"]})


@dataclass(frozen=True)
class Promotion(_Json):
    """The registry gate's decision on moving an alias to the new version."""

    KIND: ClassVar[EventKind] = EventKind.PROMOTION
    alias: str
    metric: str
    promoted: bool
    new_version: int
    new_value: float
    baseline_version: int
    baseline_value: float | None
    reason: str = ""


@dataclass(frozen=True)
class Placed(_Json):
    """A worker has been placed by Ray (the placement timeout no longer applies)."""

    KIND: ClassVar[EventKind] = EventKind.PLACED
    rank: int


@dataclass(frozen=True)
class PlacementGroup(_Json):
    """The job's Ray placement group (hex id), removed after a hard stop."""

    KIND: ClassVar[EventKind] = EventKind.PLACEMENT_GROUP
    id: str


@dataclass(frozen=True)
class TotalSteps(_Json):
    KIND: ClassVar[EventKind] = EventKind.TOTAL_STEPS
    total_steps: int


@dataclass(frozen=True)
class Engine(_Json):
    """The training engine the trainer ended up with; ``zero_stage`` only under DeepSpeed."""

    KIND: ClassVar[EventKind] = EventKind.ENGINE
    engine: str
    deepspeed: bool = False
    zero_stage: int | None = None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"engine": self.engine, "deepspeed": self.deepspeed}
        if self.zero_stage is not None:
            data["zero_stage"] = self.zero_stage
        return data

    def describe(self) -> str:
        text = f"training engine: {self.engine}"
        if self.deepspeed:
            text += f" (DeepSpeed ZeRO stage {self.zero_stage or 0})"
        return text


@dataclass(frozen=True)
class Error(_Json):
    """A worker's error the job fails with."""

    KIND: ClassVar[EventKind] = EventKind.ERROR
    message: str


StoredEvent = StateChange | StepMetrics | Evaluation | Checkpoint | Log | Result | Promotion
WorkerEvent = (
    StepMetrics
    | Evaluation
    | Checkpoint
    | Log
    | Placed
    | PlacementGroup
    | TotalSteps
    | Engine
    | Error
)
AnyEvent = StoredEvent | WorkerEvent

TYPES: dict[EventKind, Any] = {t.KIND: t for t in typing.get_args(AnyEvent)}
STORED = frozenset(t.KIND for t in typing.get_args(StoredEvent))
WORKER_ONLY = frozenset(EventKind) - STORED


def from_json(kind: str, data: dict[str, Any]) -> AnyEvent:
    """The typed event of ``kind`` from its JSON; ValueError for an unknown kind."""
    event: AnyEvent = TYPES[EventKind(kind)].from_json(data)
    return event


def stored_from_json(kind: str, data: dict[str, Any]) -> StoredEvent:
    """A stored event from its ``kind`` column and ``payload`` column."""
    if EventKind(kind) not in STORED:
        raise ValueError(f"{kind!r} is not a stored job event kind")
    event: StoredEvent = TYPES[EventKind(kind)].from_json(data)
    return event


def to_message(event: AnyEvent) -> dict[str, Any]:
    """The event as it travels on a job's channel: its JSON with a ``kind`` key."""
    return {"kind": str(event.KIND), **event.to_json()}


def from_message(message: dict[str, Any]) -> AnyEvent:
    """The typed event of a channel message (see ``to_message``)."""
    data = dict(message)
    return from_json(data.pop("kind"), data)
