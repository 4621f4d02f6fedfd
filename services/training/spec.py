"""Validation of a job spec: defaults filled in, every problem named by its field.

``validate`` checks what it can alone first (numbers, DeepSpeed JSON, LoRA),
then resolves the base model and the dataset (and the validation dataset,
if any) through the registry (NOT_FOUND comes from there, named
``spec.base_model`` / ``spec.dataset`` / ``spec.validation_dataset``),
then checks the spec against them (task, columns, labels), and last whether
the GPUs and CPUs it asks for exist in the Ray cluster.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from lmforge.errors import FailedPrecondition, FieldViolation, InvalidArgument, NotFound
from lmforge.services.core.names import check_name
from lmforge.services.core.registry_client import ResolvedDataset, ResolvedModel
from lmforge.training_args import (
    ALL_LINEAR,
    LORA_BIAS,
    LR_SCHEDULERS,
    PLACEMENT_STRATEGIES,
    REPORT_TO,
    TRAINING_KWARGS,
)
from lmforge.v1 import training_pb2

from . import deepspeed_presets
from .data import CAUSAL_LM, DPO, SEQUENCE_CLASSIFICATION
from .plan import Artifact, Hyper, TrainPlan

# The registry's model tasks and what we train for each.
TASK_OF_MODEL = {"text-generation": CAUSAL_LM, "text-classification": SEQUENCE_CLASSIFICATION}
MODEL_TASK = {v: k for k, v in TASK_OF_MODEL.items()}
_TASK_ENUM = {
    training_pb2.TRAINING_TASK_CAUSAL_LM: CAUSAL_LM,
    training_pb2.TRAINING_TASK_SEQUENCE_CLASSIFICATION: SEQUENCE_CLASSIFICATION,
}


# The evaluation metrics each task computes (documented in training.proto,
# JobSpec.eval_steps); metric_for_best_model must name one of them.
EVAL_METRICS = {
    SEQUENCE_CLASSIFICATION: (
        "eval_loss",
        "eval_accuracy",
        "eval_f1",
        "eval_precision",
        "eval_recall",
    ),
    CAUSAL_LM: ("eval_loss", "eval_perplexity"),
    # DPO's loss is no token cross-entropy, so no perplexity; trl logs the rewards.
    DPO: ("eval_loss", "eval_rewards/margins", "eval_rewards/accuracies"),
}
# Metrics where lower is better (greater_is_better's default for them).
LOWER_IS_BETTER = {"eval_loss", "eval_perplexity"}
NEEDS_VALIDATION = "needs a validation split: set validation_fraction > 0 or validation_dataset"


class Resolver(Protocol):
    def resolve_model(self, reference: str) -> ResolvedModel: ...
    def resolve_dataset(self, reference: str) -> ResolvedDataset: ...


@dataclass
class Scaling:
    num_workers: int = 1
    use_gpu: bool = False
    cpus_per_worker: float = 1.0
    gpus_per_worker: float = 0.0
    placement_strategy: str = "PACK"

    def resources(self) -> dict[str, float]:
        out = {"CPU": self.cpus_per_worker}
        if self.use_gpu:
            out["GPU"] = self.gpus_per_worker
        return out


@dataclass
class Output:
    model_name: str
    task: str  # registry task of the output model
    labels: list[str]
    adapter: bool
    description: str = ""
    tags: dict[str, str] = field(default_factory=dict)
    # Gated promotion: {"alias", "metric", "greater_is_better", "baseline_version",
    # "baseline_value"} with the baseline read at submit; None without promote.
    promote: dict[str, Any] | None = None


@dataclass
class ValidJob:
    """A validated spec: what to run (plan; job id, storage and work dir filled later)."""

    plan: TrainPlan
    scaling: Scaling
    output: Output
    max_failures: int


def _bad(field_name: str, what: str) -> InvalidArgument:
    return InvalidArgument.field(f"spec.{field_name}", what)


def _not_found(field_name: str, e: NotFound) -> NotFound:
    where = f"spec.{field_name}"
    return NotFound(f"{where}: {e}", violations=[FieldViolation(where, str(e))])


def check_capacity(scaling: Scaling, capacity: tuple[float, float, int]) -> None:
    """Refuse a request no placement on this cluster could ever satisfy.

    ``capacity`` is (CPUs of all alive nodes, CPUs of the largest node, alive nodes).
    """
    total, largest, nodes = capacity
    if scaling.placement_strategy == "STRICT_SPREAD" and scaling.num_workers > nodes:
        raise _bad(
            "scaling.placement_strategy",
            f"STRICT_SPREAD puts each of {scaling.num_workers} workers on its own node, "
            f"but the Ray cluster has {nodes} alive node(s); add nodes or use SPREAD",
        )
    per_worker = scaling.cpus_per_worker
    if per_worker > largest:
        raise _bad(
            "scaling.cpus_per_worker",
            f"{per_worker:g} CPUs per worker, but the largest Ray node has {largest:g} CPUs",
        )
    need = scaling.num_workers * per_worker
    if need > total:
        raise _bad(
            "scaling.num_workers",
            f"{scaling.num_workers} workers x {per_worker:g} CPUs = {need:g} CPUs, "
            f"but the Ray cluster has {total:g} CPUs in all",
        )


def _hyper(spec: training_pb2.JobSpec, lora: bool) -> Hyper:
    h = spec.hyperparameters
    if h.num_epochs < 0:
        raise _bad("hyperparameters.num_epochs", f"must be >= 0, got {h.num_epochs}")
    if h.max_steps < 0:
        raise _bad("hyperparameters.max_steps", f"must be >= 0, got {h.max_steps}")
    # 0 is proto3's "unset" and means the default; a negative rate is an error.
    if h.learning_rate < 0 or h.learning_rate != h.learning_rate:
        raise _bad("hyperparameters.learning_rate", f"must be > 0, got {h.learning_rate}")
    for name in (
        "per_device_batch_size",
        "gradient_accumulation_steps",
        "max_length",
        "logging_steps",
    ):
        if getattr(h, name) < 0:
            raise _bad(f"hyperparameters.{name}", f"must be > 0, got {getattr(h, name)}")
    if not 0 <= h.warmup_ratio < 1:
        raise _bad("hyperparameters.warmup_ratio", f"must be in [0, 1), got {h.warmup_ratio}")
    if h.weight_decay < 0:
        raise _bad("hyperparameters.weight_decay", f"must be >= 0, got {h.weight_decay}")
    if h.lr_scheduler_type and h.lr_scheduler_type not in LR_SCHEDULERS:
        raise _bad(
            "hyperparameters.lr_scheduler_type",
            f"unknown schedule {h.lr_scheduler_type!r}; use one of {', '.join(LR_SCHEDULERS)}",
        )
    if h.bf16 and h.fp16:
        raise _bad("hyperparameters.fp16", "set bf16 or fp16, not both")
    if h.fp16 and not spec.scaling.use_gpu:
        raise _bad("hyperparameters.fp16", "float16 mixed precision needs scaling.use_gpu")
    return Hyper(
        num_epochs=h.num_epochs or 1.0,
        max_steps=h.max_steps or -1,
        learning_rate=h.learning_rate or (2e-4 if lora else 5e-5),
        per_device_batch_size=h.per_device_batch_size or 8,
        gradient_accumulation_steps=h.gradient_accumulation_steps or 1,
        max_length=h.max_length or 512,
        warmup_ratio=h.warmup_ratio,
        weight_decay=h.weight_decay,
        seed=h.seed or 42,
        logging_steps=h.logging_steps or 1,
        lr_scheduler_type=h.lr_scheduler_type or "linear",
        gradient_checkpointing=h.gradient_checkpointing,
        bf16=h.bf16,
        fp16=h.fp16,
    )


def _scaling(spec: training_pb2.JobSpec) -> Scaling:
    s = spec.scaling
    if spec.HasField("scaling") and s.num_workers < 1:
        raise _bad("scaling.num_workers", f"must be >= 1, got {s.num_workers}")
    if s.cpus_per_worker < 0:
        raise _bad("scaling.cpus_per_worker", f"must be >= 0, got {s.cpus_per_worker}")
    if s.gpus_per_worker < 0:
        raise _bad("scaling.gpus_per_worker", f"must be >= 0, got {s.gpus_per_worker}")
    if s.placement_strategy and s.placement_strategy not in PLACEMENT_STRATEGIES:
        raise _bad(
            "scaling.placement_strategy",
            f"{s.placement_strategy[:32]!r} is not one of " + ", ".join(PLACEMENT_STRATEGIES),
        )
    return Scaling(
        placement_strategy=s.placement_strategy or "PACK",
        num_workers=s.num_workers or 1,
        use_gpu=s.use_gpu,
        cpus_per_worker=s.cpus_per_worker or 1.0,
        gpus_per_worker=(s.gpus_per_worker or 1.0) if s.use_gpu else 0.0,
    )


def _lora(spec: training_pb2.JobSpec) -> dict[str, Any]:
    lo = spec.lora
    if lo.r < 0:
        raise _bad("lora.r", f"must be > 0, got {lo.r}")
    if lo.alpha < 0:
        raise _bad("lora.alpha", f"must be > 0, got {lo.alpha}")
    if not 0 <= lo.dropout < 1:
        raise _bad("lora.dropout", f"must be in [0, 1), got {lo.dropout}")
    if lo.load_in_bits not in (0, 4, 8):
        raise _bad("lora.load_in_bits", f"must be 0, 4 or 8, got {lo.load_in_bits}")
    if lo.bias and lo.bias not in LORA_BIAS:
        raise _bad("lora.bias", f"unknown value {lo.bias!r}; use one of {', '.join(LORA_BIAS)}")
    modules = list(lo.target_modules)
    if ALL_LINEAR in modules and len(modules) > 1:
        raise _bad("lora.target_modules", f"{ALL_LINEAR!r} stands alone, not beside {modules}")
    # Superduper's defaults: r 8, alpha 16, dropout 0.05, every linear layer, no biases.
    return {
        "r": lo.r or 8,
        "alpha": lo.alpha or 16,
        "dropout": lo.dropout or 0.05,
        "target_modules": modules or [ALL_LINEAR],
        "load_in_bits": lo.load_in_bits,
        "bias": lo.bias or "none",
    }


def _superduper_extras(spec: training_pb2.JobSpec, lora: bool, zero3: bool) -> dict[str, Any]:
    """The checked training_kwargs, setup_chat_format, save_total_limit, register_checkpoints."""
    if spec.lora.load_in_bits and zero3:
        raise _bad(
            "lora.load_in_bits",
            "quantised (bits) loading cannot be combined with DeepSpeed ZeRO-3, which shards "
            "the weights itself; use zero2 or no DeepSpeed",
        )
    sft: dict[str, Any] = {}
    for key, value in spec.training_kwargs.items():
        if key not in TRAINING_KWARGS:
            raise _bad(
                f"training_kwargs.{key}",
                f"is not passed through; allowed keys: {', '.join(TRAINING_KWARGS)}",
            )
        if key == "dataset_text_field":
            continue  # a column: becomes columns.text (see _columns)
        if value.lower() not in ("true", "false"):
            raise _bad(f"training_kwargs.{key}", f"must be true or false, got {value!r}")
        sft[key] = value.lower() == "true"
    if spec.save_total_limit < 0:
        raise _bad("save_total_limit", f"must be >= 0, got {spec.save_total_limit}")
    merged = spec.output.adapter_output == training_pb2.ADAPTER_OUTPUT_MERGED
    if spec.register_checkpoints:
        if spec.checkpoint_steps <= 0:
            raise _bad(
                "register_checkpoints", "needs checkpoints: set checkpoint_steps (save_steps)"
            )
        if spec.deepspeed.WhichOneof("config") or merged:
            raise _bad(
                "register_checkpoints",
                "registers plain HF checkpoints: not with DeepSpeed (sharded state) "
                "or a merged LoRA output",
            )
    if spec.setup_chat_format and lora and not merged:
        raise _bad(
            "setup_chat_format",
            "adds tokens and resizes the embeddings, which an adapter over the unchanged "
            "base cannot carry: train full, or register the LoRA merged",
        )
    return {
        "sft_kwargs": sft,
        "report_to": _report_to(spec),
        "setup_chat_format": spec.setup_chat_format,
        "save_total_limit": spec.save_total_limit,
        "register_checkpoints": spec.register_checkpoints,
    }


def _report_to(spec: training_pb2.JobSpec) -> list[str]:
    """The checked report_to integrations, without "none" and duplicates ([]: none)."""
    for name in spec.report_to:
        if name not in REPORT_TO:
            raise _bad("report_to", f"{name[:32]!r} is not one of {', '.join(REPORT_TO)}")
    chosen = list(dict.fromkeys(n for n in spec.report_to if n != "none"))
    if chosen and "none" in spec.report_to:
        raise _bad("report_to", f"'none' cannot be combined with {', '.join(chosen)}")
    return chosen


def _columns(task: str, spec: training_pb2.JobSpec, dataset: ResolvedDataset) -> dict[str, str]:
    c = spec.columns
    for key in ("chosen", "rejected"):
        if getattr(c, key):
            raise _bad(f"columns.{key}", "is only for methods DPO and DPO_FULL")
    given = {k: getattr(c, k) for k in ("text", "prompt", "completion", "messages", "label")}
    text_field = spec.training_kwargs.get("dataset_text_field", "")
    if text_field:
        if given["text"] and given["text"] != text_field:
            raise _bad(
                "training_kwargs.dataset_text_field",
                f"{text_field!r} differs from columns.text {given['text']!r}",
            )
        given["text"] = text_field
    have = set(dataset.columns)
    if task == CAUSAL_LM:
        if given["label"]:
            raise _bad("columns.label", "is only for sequence classification")
        modes = [m for m in ("text", "prompt", "messages") if given[m]]
        if given["completion"] and not given["prompt"]:
            raise _bad("columns.prompt", "must be set together with columns.completion")
        if given["prompt"] and not given["completion"]:
            raise _bad("columns.completion", "must be set together with columns.prompt")
        if len(modes) > 1:
            raise _bad(
                "columns",
                "set one of text, prompt+completion or messages, not " + " and ".join(modes),
            )
        if not modes:  # infer from the dataset's recorded columns
            if "messages" in have:
                given["messages"] = "messages"
            elif {"prompt", "completion"} <= have:
                given["prompt"], given["completion"] = "prompt", "completion"
            elif "text" in have:
                given["text"] = "text"
            else:
                raise _bad(
                    "columns",
                    f"dataset {dataset.name}:{dataset.version} has none of the columns "
                    f"text, prompt+completion or messages (it has {sorted(have)}); "
                    "name the columns to use",
                )
    else:
        for k in ("prompt", "completion", "messages"):
            if given[k]:
                raise _bad(f"columns.{k}", "is only for causal LM training")
        given["text"] = given["text"] or "text"
        given["label"] = given["label"] or "label"
    used = {k: v for k, v in given.items() if v}
    if have:
        for key, column in used.items():
            if column not in have:
                raise _bad(
                    f"columns.{key}",
                    f"dataset {dataset.name}:{dataset.version} has no column {column!r}; "
                    f"its columns are {sorted(have)}",
                )
    return used


# ------------------------------------------------------------------ preference tuning (DPO)

DPO_METHODS = (training_pb2.TRAINING_METHOD_DPO, training_pb2.TRAINING_METHOD_DPO_FULL)
PREFERENCE_COLUMNS = ("prompt", "chosen", "rejected")
DEFAULT_BETA = 0.1  # trl's DPOConfig default
MAX_BETA = 10.0  # past this the KL term swamps the preference signal: nothing is learnt


def _beta(spec: training_pb2.JobSpec, dpo: bool) -> float:
    """DPO's beta, checked; 0.0 for a job that is not DPO."""
    h = spec.hyperparameters
    if not h.HasField("beta"):
        return DEFAULT_BETA if dpo else 0.0
    if not dpo:
        raise _bad("hyperparameters.beta", "is only for methods DPO and DPO_FULL")
    if not 0 < h.beta <= MAX_BETA:  # also refuses NaN
        raise _bad("hyperparameters.beta", f"must be in (0, {MAX_BETA:g}], got {h.beta}")
    return h.beta


def _preference_columns(
    task: str, spec: training_pb2.JobSpec, dataset: ResolvedDataset
) -> dict[str, str]:
    """DPO's prompt / chosen / rejected columns, each present in the dataset."""
    if task != CAUSAL_LM:
        raise _bad(
            "method",
            f"{training_pb2.TrainingMethod.Name(spec.method)} tunes causal LMs on preference "
            "pairs; the base model is a sequence classifier",
        )
    c = spec.columns
    for key in ("text", "completion", "messages", "label"):
        if getattr(c, key):
            raise _bad(f"columns.{key}", "is not used by DPO; set prompt, chosen and rejected")
    used = {key: getattr(c, key) or key for key in PREFERENCE_COLUMNS}
    have = set(dataset.columns)
    for key, column in used.items():
        if column not in have:
            raise _bad(
                f"columns.{key}",
                f"DPO needs a {key} column, but dataset {dataset.name}:{dataset.version} has no "
                f"column {column!r}; its columns are {sorted(have)}",
            )
    return used


def _validation_columns(columns: dict[str, str], validation: ResolvedDataset) -> None:
    """The validation dataset has every column the job reads from the dataset."""
    have = set(validation.columns)
    if not have:  # no recorded columns: the workers name a missing one
        return
    for key, column in columns.items():
        if column not in have:
            raise _bad(
                "validation_dataset",
                f"dataset {validation.name}:{validation.version} has no column {column!r} "
                f"(columns.{key}); its columns are {sorted(have)}",
            )


def _best_metric(task: str, spec: training_pb2.JobSpec) -> str:
    """The full name of metric_for_best_model ("" when unset), checked against the task."""
    name = spec.metric_for_best_model
    if not name:
        return ""
    full = name if name.startswith("eval_") else f"eval_{name}"
    known = EVAL_METRICS[task]
    if full not in known:
        raise _bad(
            "metric_for_best_model",
            f"{name!r} is never computed for {task} jobs; use one of {list(known)}",
        )
    if spec.checkpoint_steps and spec.eval_steps and spec.checkpoint_steps % spec.eval_steps:
        raise _bad(
            "checkpoint_steps",
            f"must be a multiple of eval_steps ({spec.eval_steps}) to keep the best checkpoint",
        )
    if not (spec.eval_steps or spec.checkpoint_steps):
        raise _bad(
            "eval_steps",
            "metric_for_best_model needs evaluations during the run: set eval_steps",
        )
    return full


def validate(
    spec: training_pb2.JobSpec,
    registry: Resolver,
    gpu_count: Callable[[], float],
    capacity: Callable[[], tuple[float, float, int]] | None = None,
) -> ValidJob:
    """Check ``spec`` and resolve its references; raise a named error on the first problem.

    ``capacity`` (when given) answers what the Ray cluster has, for a scaling
    request it could never place.
    """
    if not spec.base_model:
        raise _bad("base_model", "is required: a registry model reference like 'name' or 'name:3'")
    if not spec.dataset:
        raise _bad("dataset", "is required: a registry dataset reference like 'name' or 'name:2'")
    dpo = spec.method in DPO_METHODS
    lora = spec.method not in (
        training_pb2.TRAINING_METHOD_FULL,
        training_pb2.TRAINING_METHOD_DPO_FULL,
    )
    if not lora and spec.HasField("lora"):
        raise _bad("lora", "is only for methods LORA and DPO")
    lora_cfg = _lora(spec) if lora else {}
    hyper = _hyper(spec, lora)
    beta = _beta(spec, dpo)
    scaling = _scaling(spec)
    which = spec.deepspeed.WhichOneof("config")
    ds = deepspeed_presets.resolve(
        spec.deepspeed.preset if which == "preset" else "",
        spec.deepspeed.config_json if which == "config_json" else "",
    )
    if which == "preset" and ds is None:
        raise _bad("deepspeed.preset", "is empty; use zero2 or zero3")
    zero3 = ds is not None and ds.get("zero_optimization", {}).get("stage") == 3
    extras = _superduper_extras(spec, lora, zero3)
    if not 0 <= spec.validation_fraction < 0.5:
        raise _bad("validation_fraction", f"must be in [0, 0.5), got {spec.validation_fraction}")
    if spec.validation_fraction > 0 and spec.validation_dataset:
        raise _bad(
            "validation_dataset",
            "is evaluated instead of a held-out fraction: set it or validation_fraction, not both",
        )
    has_validation = spec.validation_fraction > 0 or bool(spec.validation_dataset)
    if spec.checkpoint_steps < 0:
        raise _bad("checkpoint_steps", f"must be >= 0, got {spec.checkpoint_steps}")
    if spec.eval_steps < 0:
        raise _bad("eval_steps", f"must be >= 0, got {spec.eval_steps}")
    if spec.eval_steps and not has_validation:
        raise _bad("eval_steps", NEEDS_VALIDATION)
    if spec.metric_for_best_model and not has_validation:
        raise _bad("metric_for_best_model", NEEDS_VALIDATION)
    if spec.HasField("greater_is_better") and not spec.metric_for_best_model:
        raise _bad("greater_is_better", "is only for metric_for_best_model")
    if spec.max_failures < 0:
        raise _bad("max_failures", f"must be >= 0, got {spec.max_failures}")
    if spec.output.model_name:
        check_name("spec.output.model_name", spec.output.model_name)

    try:
        model = registry.resolve_model(spec.base_model)
    except NotFound as e:
        raise _not_found("base_model", e) from e
    try:
        dataset = registry.resolve_dataset(spec.dataset)
    except NotFound as e:
        raise _not_found("dataset", e) from e
    validation = None
    if spec.validation_dataset:
        try:
            validation = registry.resolve_dataset(spec.validation_dataset)
        except NotFound as e:
            raise _not_found("validation_dataset", e) from e

    if model.format not in ("hf_folder", ""):
        raise _bad(
            "base_model",
            f"{model.name}:{model.version} is a {model.format} version; "
            "training starts from a Hugging Face model folder",
        )
    model_task = TASK_OF_MODEL.get(model.task)
    if model_task is None:
        raise _bad(
            "base_model",
            f"model {model.name!r} has task {model.task!r}; training supports "
            "text-generation (causal LM) and text-classification models",
        )
    task = _TASK_ENUM.get(spec.task, model_task)
    if task != model_task:
        raise _bad(
            "task",
            f"{training_pb2.TrainingTask.Name(spec.task)} does not fit model "
            f"{model.name!r}, whose task is {model.task!r}",
        )
    if task == SEQUENCE_CLASSIFICATION and not model.labels:
        raise _bad(
            "base_model",
            f"classifier {model.name!r} has no labels in the registry; register its labels",
        )
    if dataset.format not in ("jsonl", "csv", "parquet") or not dataset.files:
        raise _bad(
            "dataset",
            f"{dataset.name}:{dataset.version} has no JSONL, CSV or Parquet files to train on",
        )
    if validation is not None and (
        validation.format not in ("jsonl", "csv", "parquet") or not validation.files
    ):
        raise _bad(
            "validation_dataset",
            f"{validation.name}:{validation.version} has no JSONL, CSV or Parquet files "
            "to evaluate on",
        )
    if task != CAUSAL_LM:
        for name in ("training_kwargs", "setup_chat_format"):
            if getattr(spec, name):
                raise _bad(name, "is only for causal LM (SFT) training")
    columns = _preference_columns(task, spec, dataset) if dpo else _columns(task, spec, dataset)
    if validation is not None:
        _validation_columns(columns, validation)
    # Which eval metrics the job computes: DPO's differ from SFT's.
    metrics_of = DPO if dpo else task
    best = _best_metric(metrics_of, spec)

    if scaling.use_gpu or lora_cfg.get("load_in_bits"):
        gpus = gpu_count()
        field_name = "scaling.use_gpu" if scaling.use_gpu else "lora.load_in_bits"
        if gpus <= 0:
            raise FailedPrecondition(
                f"spec.{field_name}: the Ray cluster has no GPU; "
                "run on CPU (use_gpu false, load_in_bits 0) or point RAY_ADDRESS at a GPU cluster"
            )
        if not scaling.use_gpu:
            raise _bad("lora.load_in_bits", "quantised loading needs scaling.use_gpu")

    if capacity is not None:
        check_capacity(scaling, capacity())

    merged = spec.output.adapter_output == training_pb2.ADAPTER_OUTPUT_MERGED
    adapter = lora and not merged
    # Not the base model's own name: its latest version must stay a full model.
    out_name = spec.output.model_name or f"{model.name}-{'lora' if adapter else 'ft'}"
    plan = TrainPlan(
        job_id="",
        task=task,
        method="lora" if lora else "full",
        model=Artifact(model.name, model.version, model.files, sha256=model.sha256),
        dataset=Artifact(
            dataset.name, dataset.version, dataset.files, dataset.format, sha256=dataset.sha256
        ),
        columns=columns,
        hyper=hyper,
        storage={},
        work_dir="",
        labels=model.labels,
        lora=lora_cfg,
        adapter_output="merged" if merged else "adapter",
        validation_fraction=spec.validation_fraction,
        deepspeed=ds,
        checkpoint_steps=spec.checkpoint_steps,
        use_gpu=scaling.use_gpu,
        eval_steps=spec.eval_steps,
        metric_for_best_model=best,
        greater_is_better=(
            spec.greater_is_better
            if spec.HasField("greater_is_better")
            else bool(best) and best not in LOWER_IS_BETTER
        ),
        **extras,
        objective=DPO if dpo else "supervised",
        beta=beta,
    )
    if validation is not None:
        plan.validation = Artifact(
            validation.name,
            validation.version,
            validation.files,
            validation.format,
            sha256=validation.sha256,
            prefix=validation.storage_prefix,
        )
    # Where the workers read the inputs: the registry's keys for these versions.
    plan.model.prefix = model.storage_prefix
    plan.dataset.prefix = dataset.storage_prefix
    output = Output(
        model_name=out_name,
        task=MODEL_TASK[task],
        labels=model.labels,
        adapter=adapter,
        description=spec.output.description,
        tags=dict(spec.output.tags),
        promote=_promotion(metrics_of, spec, out_name, registry),
    )
    return ValidJob(plan, scaling, output, spec.max_failures)


def _promotion(
    task: str, spec: training_pb2.JobSpec, out_name: str, registry: Resolver
) -> dict[str, Any] | None:
    """The checked promote block, with the alias's version and metric as of now."""
    if not spec.output.HasField("promote"):
        return None
    p = spec.output.promote
    model, _, alias = p.alias.rpartition("@")
    if model and model != out_name:
        raise _bad(
            "output.promote.alias",
            f"{p.alias!r} is an alias of model {model!r}; a job promotes only on its "
            f"output model {out_name!r} (write {alias!r} or '{out_name}@{alias}')",
        )
    check_name("spec.output.promote.alias", alias)
    if not p.metric:
        raise _bad("output.promote.metric", "is required: the eval metric to compare")
    metric = p.metric if p.metric.startswith("eval_") else f"eval_{p.metric}"
    if metric not in EVAL_METRICS[task]:
        raise _bad(
            "output.promote.metric",
            f"{p.metric!r} is never computed for {task} jobs; "
            f"use one of {list(EVAL_METRICS[task])}",
        )
    if spec.validation_fraction <= 0 and not spec.validation_dataset:
        raise _bad("output.promote", f"needs eval metrics: {NEEDS_VALIDATION}")
    try:
        current = registry.resolve_model(f"{out_name}@{alias}")
    except NotFound:
        current = None  # no alias (or no model) yet: the first good job takes it
    baseline_value = None
    if current is not None:
        baseline_value = current.metrics.get(metric)
    return {
        "alias": alias,
        "metric": metric,
        "greater_is_better": (
            p.greater_is_better
            if p.HasField("greater_is_better")
            else metric not in LOWER_IS_BETTER
        ),
        "baseline_version": current.version if current is not None else 0,
        "baseline_value": baseline_value,
    }
