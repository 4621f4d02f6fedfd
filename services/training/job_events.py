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

import enum
from dataclasses import dataclass, field
from typing import Any, ClassVar

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


def _floats(values: Any) -> dict[str, float]:
    return {str(k): float(v) for k, v in dict(values or {}).items()}


@dataclass(frozen=True)
class StateChange:
    KIND: ClassVar[EventKind] = EventKind.STATE_CHANGE
    state: JobState
    reason: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"state": str(self.state), "reason": self.reason}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> StateChange:
        return cls(state=JobState(data["state"]), reason=str(data.get("reason", "")))


@dataclass(frozen=True)
class StepMetrics:
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

    def to_json(self) -> dict[str, Any]:
        return {
            "step": self.step,
            "total_steps": self.total_steps,
            "epoch": self.epoch,
            "loss": self.loss,
            "learning_rate": self.learning_rate,
            "grad_norm": self.grad_norm,
            "samples_per_second": self.samples_per_second,
            "extra": dict(self.extra),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> StepMetrics:
        return cls(
            step=int(data["step"]),
            total_steps=int(data.get("total_steps", 0)),
            epoch=float(data.get("epoch", 0.0)),
            loss=float(data.get("loss", 0.0)),
            learning_rate=float(data.get("learning_rate", 0.0)),
            grad_norm=float(data.get("grad_norm", 0.0)),
            samples_per_second=float(data.get("samples_per_second", 0.0)),
            extra=_floats(data.get("extra")),
        )


@dataclass(frozen=True)
class Evaluation:
    KIND: ClassVar[EventKind] = EventKind.EVALUATION
    step: int
    metrics: dict[str, float]

    def to_json(self) -> dict[str, Any]:
        return {"step": self.step, "metrics": dict(self.metrics)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Evaluation:
        return cls(step=int(data["step"]), metrics=_floats(data["metrics"]))


@dataclass(frozen=True)
class Checkpoint:
    KIND: ClassVar[EventKind] = EventKind.CHECKPOINT
    step: int
    uri: str

    def to_json(self) -> dict[str, Any]:
        return {"step": self.step, "uri": self.uri}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Checkpoint:
        return cls(step=int(data["step"]), uri=str(data["uri"]))


@dataclass(frozen=True)
class Log:
    KIND: ClassVar[EventKind] = EventKind.LOG
    level: str
    message: str

    @classmethod
    def info(cls, message: str) -> Log:
        return cls("INFO", message)

    @classmethod
    def error(cls, message: str) -> Log:
        return cls("ERROR", message)

    def to_json(self) -> dict[str, Any]:
        return {"level": self.level, "message": self.message}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Log:
        return cls(level=str(data["level"]), message=str(data["message"]))


@dataclass(frozen=True)
class Result:
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
    def from_json(cls, data: dict[str, Any]) -> Result:
        out = data["output"]
        return cls(
            model=str(out["model"]), version=int(out["version"]), metrics=_floats(data["metrics"])
        )


@dataclass(frozen=True)
class Promotion:
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

    def to_json(self) -> dict[str, Any]:
        return {
            "alias": self.alias,
            "metric": self.metric,
            "promoted": self.promoted,
            "new_version": self.new_version,
            "new_value": self.new_value,
            "baseline_version": self.baseline_version,
            "baseline_value": self.baseline_value,
            "reason": self.reason,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Promotion:
        baseline = data.get("baseline_value")
        return cls(
            alias=str(data["alias"]),
            metric=str(data["metric"]),
            promoted=bool(data["promoted"]),
            new_version=int(data["new_version"]),
            new_value=float(data["new_value"]),
            baseline_version=int(data["baseline_version"]),
            baseline_value=None if baseline is None else float(baseline),
            reason=str(data.get("reason", "")),
        )


@dataclass(frozen=True)
class Placed:
    """A worker has been placed by Ray (the placement timeout no longer applies)."""

    KIND: ClassVar[EventKind] = EventKind.PLACED
    rank: int

    def to_json(self) -> dict[str, Any]:
        return {"rank": self.rank}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Placed:
        return cls(rank=int(data["rank"]))


@dataclass(frozen=True)
class PlacementGroup:
    """The job's Ray placement group (hex id), removed after a hard stop."""

    KIND: ClassVar[EventKind] = EventKind.PLACEMENT_GROUP
    id: str

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PlacementGroup:
        return cls(id=str(data["id"]))


@dataclass(frozen=True)
class TotalSteps:
    KIND: ClassVar[EventKind] = EventKind.TOTAL_STEPS
    total_steps: int

    def to_json(self) -> dict[str, Any]:
        return {"total_steps": self.total_steps}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> TotalSteps:
        return cls(total_steps=int(data["total_steps"]))


@dataclass(frozen=True)
class Engine:
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

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Engine:
        stage = data.get("zero_stage")
        return cls(
            engine=str(data["engine"]),
            deepspeed=bool(data.get("deepspeed", False)),
            zero_stage=None if stage is None else int(stage),
        )

    def describe(self) -> str:
        text = f"training engine: {self.engine}"
        if self.deepspeed:
            text += f" (DeepSpeed ZeRO stage {self.zero_stage or 0})"
        return text


@dataclass(frozen=True)
class Error:
    """A worker's error the job fails with."""

    KIND: ClassVar[EventKind] = EventKind.ERROR
    message: str

    def to_json(self) -> dict[str, Any]:
        return {"message": self.message}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Error:
        return cls(message=str(data["message"]))


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

TYPES: dict[EventKind, Any] = {
    t.KIND: t
    for t in (
        StateChange,
        StepMetrics,
        Evaluation,
        Checkpoint,
        Log,
        Result,
        Promotion,
        Placed,
        PlacementGroup,
        TotalSteps,
        Engine,
        Error,
    )
}
STORED = frozenset(
    {
        EventKind.STATE_CHANGE,
        EventKind.METRICS,
        EventKind.EVALUATION,
        EventKind.CHECKPOINT,
        EventKind.LOG,
        EventKind.RESULT,
        EventKind.PROMOTION,
    }
)
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
