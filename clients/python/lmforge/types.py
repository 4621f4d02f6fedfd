"""Plain dataclasses the SDK returns instead of protobuf messages.

Enums become short strings (``"READY"``, ``"RUNNING"``, ``"length"``), times
become ``datetime`` (UTC) or None, version keys become references
(``"name:3"``) that every call accepts back. The conversion from protobuf
lives in ``lmforge._convert``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class FileEntry:
    """One file of a model or dataset version."""

    path: str
    size_bytes: int
    sha256: str


@dataclass(frozen=True)
class Model:
    """A registered model."""

    name: str
    task: str
    labels: list[str] = field(default_factory=list)
    description: str = ""
    tags: dict[str, str] = field(default_factory=dict)
    aliases: dict[str, int] = field(default_factory=dict)
    latest_version: int = 0
    create_time: datetime | None = None
    update_time: datetime | None = None


@dataclass(frozen=True)
class Lineage:
    """Where a version came from; references are ``"name:N"`` strings."""

    base: str | None = None
    parent: str | None = None
    source_job_id: str = ""
    dataset: str | None = None
    hyperparameters: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ModelVersion:
    """One immutable version of a model (a full model or a LoRA adapter)."""

    model: str
    version: int
    state: str
    format: str
    files: list[FileEntry] = field(default_factory=list)
    lineage: Lineage = field(default_factory=Lineage)
    metrics: dict[str, float] = field(default_factory=dict)
    tags: dict[str, str] = field(default_factory=dict)
    description: str = ""
    aliases: list[str] = field(default_factory=list)
    failure_reason: str = ""
    total_size_bytes: int = 0
    create_time: datetime | None = None
    update_time: datetime | None = None

    @property
    def ref(self) -> str:
        """The reference that names exactly this version, e.g. ``"chat:3"``."""
        return f"{self.model}:{self.version}"

    @property
    def is_adapter(self) -> bool:
        return self.format == "PEFT_ADAPTER"


@dataclass(frozen=True)
class Resolved:
    """A resolved model reference: the version, and for an adapter its base."""

    model: Model
    version: ModelVersion
    base_model: Model | None = None
    base_version: ModelVersion | None = None


@dataclass(frozen=True)
class Dataset:
    """A registered dataset."""

    name: str
    description: str = ""
    tags: dict[str, str] = field(default_factory=dict)
    latest_version: int = 0
    create_time: datetime | None = None
    update_time: datetime | None = None


@dataclass(frozen=True)
class DatasetVersion:
    """One immutable version of a dataset; rows and columns are known once READY."""

    dataset: str
    version: int
    state: str
    format: str
    files: list[FileEntry] = field(default_factory=list)
    row_count: int = 0
    columns: list[str] = field(default_factory=list)
    tags: dict[str, str] = field(default_factory=dict)
    description: str = ""
    failure_reason: str = ""
    total_size_bytes: int = 0
    create_time: datetime | None = None
    update_time: datetime | None = None

    @property
    def ref(self) -> str:
        return f"{self.dataset}:{self.version}"


@dataclass(frozen=True)
class LoadedAdapter:
    """An adapter attached to a loaded model."""

    name: str
    version: str


@dataclass(frozen=True)
class LoadedModel:
    """A model in the inference server's memory."""

    name: str
    reference: str
    version: str
    task: str
    state: str
    device: str = ""
    dtype: str = ""
    memory_bytes: int = 0
    queue_depth: int = 0
    adapters: list[LoadedAdapter] = field(default_factory=list)
    error: str = ""
    max_context_tokens: int = 0


@dataclass(frozen=True)
class ServerInfo:
    """What the inference server reports about itself."""

    version: str
    models: list[LoadedModel]
    queue_depth: int
    queue_capacity: int
    max_batch_texts: int
    max_new_tokens_limit: int
    device: str


@dataclass(frozen=True)
class Usage:
    """Token counts of one request."""

    prompt_tokens: int = 0
    completion_tokens: int = 0
    total_tokens: int = 0


@dataclass(frozen=True)
class TokenLogprob:
    """The log-probability of one generated token and its top alternatives (id, text, logprob)."""

    token_id: int
    token: str
    logprob: float
    top: list[tuple[int, str, float]] = field(default_factory=list)


@dataclass(frozen=True)
class ToolCall:
    """A call of a tool by the model; ``arguments`` is the parsed JSON object."""

    id: str
    name: str
    arguments: dict[str, Any]


@dataclass(frozen=True)
class Generation:
    """The result of Generate (``samples``: all n texts, index order, when n > 1)."""

    text: str
    token_ids: list[int]
    finish_reason: str
    usage: Usage
    logprobs: list[TokenLogprob] = field(default_factory=list)
    samples: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class TextDelta:
    """One message of a streamed generation or chat answer.

    ``finish_reason`` and ``usage`` are set on the last one only.
    """

    text: str
    token_ids: list[int]
    finish_reason: str | None = None
    usage: Usage | None = None


@dataclass(frozen=True)
class ChatMessage:
    """One message of a conversation."""

    role: str
    content: str


@dataclass(frozen=True)
class ChatReply:
    """The result of Chat (``tool_calls`` when the model called tools; ``samples``: all n
    answers, index order, when n > 1)."""

    message: ChatMessage
    token_ids: list[int]
    finish_reason: str
    usage: Usage
    logprobs: list[TokenLogprob] = field(default_factory=list)
    tool_calls: list[ToolCall] = field(default_factory=list)
    samples: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.message.content


@dataclass(frozen=True)
class LabelScore:
    """The score of one label."""

    label: str
    score: float


@dataclass(frozen=True)
class Classification:
    """The result for one text: labels by descending score, or an error."""

    scores: list[LabelScore]
    truncated: bool = False
    error: str | None = None
    error_code: str | None = None

    @property
    def label(self) -> str | None:
        """The best label (None when this text failed)."""
        return self.scores[0].label if self.scores else None

    @property
    def score(self) -> float | None:
        return self.scores[0].score if self.scores else None


@dataclass(frozen=True)
class Embeddings:
    """The result of Embed: one vector per text."""

    vectors: list[list[float]]
    dimensions: int
    truncated: list[bool]
    usage: Usage


@dataclass(frozen=True)
class PipelineOutput:
    """The result of RunPipeline: the pipeline's output as plain Python values."""

    output: Any
    task: str


@dataclass(frozen=True)
class Job:
    """A training job."""

    id: str
    state: str
    base_model: str
    dataset: str
    method: str
    error: str = ""
    step: int = 0
    total_steps: int = 0
    metrics: dict[str, float] = field(default_factory=dict)
    output: str | None = None
    base_version: str | None = None
    dataset_version: str | None = None
    create_time: datetime | None = None
    start_time: datetime | None = None
    end_time: datetime | None = None

    @property
    def done(self) -> bool:
        return self.state in ("SUCCEEDED", "FAILED", "CANCELLED")


@dataclass(frozen=True)
class StepMetrics:
    """Training metrics at one logging step."""

    step: int
    total_steps: int
    epoch: float
    loss: float
    learning_rate: float
    grad_norm: float
    samples_per_second: float
    # Method-specific figures (DPO: rewards/margins, rewards/accuracies, ...).
    extra: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class JobEvent:
    """One event of a job. ``kind`` says which of the optional fields is set.

    kinds: ``state`` (``state``, ``reason``), ``metrics`` (``metrics``),
    ``evaluation`` (``values``), ``checkpoint`` (``step``, ``uri``),
    ``log`` (``level``, ``message``), ``result`` (``output``, ``values``).
    """

    sequence: int
    time: datetime | None
    kind: str
    state: str | None = None
    reason: str = ""
    metrics: StepMetrics | None = None
    values: dict[str, float] = field(default_factory=dict)
    step: int = 0
    uri: str = ""
    level: str = ""
    message: str = ""
    output: str | None = None


@dataclass
class RegistryEvent:
    """One change in the registry, as ``Client.watch_events`` streams it.

    ``kind`` is the lower-case event kind without its prefix: ``model_created``,
    ``model_deleted``, ``model_version_created``, ``model_version_ready``,
    ``model_version_failed``, ``model_version_deleted``, ``alias_set``,
    ``alias_moved``, ``alias_deleted``, the dataset kinds, ``promotion_decided``
    (``promotion`` holds both figures), ``deployment_swapped`` and
    ``deployment_failed`` (``server`` says which inference server). Alias events
    carry ``old_version`` / ``new_version`` (0: none).
    """

    sequence: int
    kind: str
    time: datetime | None = None
    model: str = ""
    dataset: str = ""
    version: int = 0
    alias: str = ""
    old_version: int = 0
    new_version: int = 0
    reason: str = ""
    server: str = ""
    promotion: PromotionDecision | None = None


@dataclass
class PromotionDecision:
    """A gated promotion's decision (``Client.promote_version``, ``promotion_decided`` events)."""

    metric: str
    greater_is_better: bool
    promoted: bool
    candidate_value: float
    baseline_version: int  # 0: the alias did not exist
    baseline_value: float | None  # None: the baseline has no such metric
    reason: str = ""
    sequence: int = 0
