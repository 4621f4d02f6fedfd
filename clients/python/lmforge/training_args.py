"""The trainer argument names Superduper's ``LLMTrainer`` users write, mapped onto a JobSpec.

Superduper's ``LLMTrainer`` is a ``transformers.TrainingArguments`` with a
few extras (``bits``, ``max_seq_length``, ``setup_chat_format``,
``training_kwargs``, ``lora_*``). ``apply`` writes such arguments into a
``JobSpec``; a name outside ``TRAINING_ARGUMENTS`` is refused with the list.
The allowlists the training service checks (``TRAINING_KWARGS``,
``LORA_BIAS``, ``LR_SCHEDULERS``, ``PLACEMENT_STRATEGIES``, ``REPORT_TO``)
live here too and the service imports them, so client and server never hold
two copies. Public and free of SDK internals, like ``lmforge.enums``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from google.protobuf.descriptor import FieldDescriptor

from lmforge.errors import InvalidArgument
from lmforge.v1 import training_pb2

# HF / Superduper name -> the JobSpec field it sets (a dotted path).
TRAINING_ARGUMENTS: dict[str, str] = {
    "num_train_epochs": "hyperparameters.num_epochs",
    "max_steps": "hyperparameters.max_steps",
    "per_device_train_batch_size": "hyperparameters.per_device_batch_size",
    "gradient_accumulation_steps": "hyperparameters.gradient_accumulation_steps",
    "learning_rate": "hyperparameters.learning_rate",
    "warmup_ratio": "hyperparameters.warmup_ratio",
    "lr_scheduler_type": "hyperparameters.lr_scheduler_type",
    "weight_decay": "hyperparameters.weight_decay",
    "logging_steps": "hyperparameters.logging_steps",
    "gradient_checkpointing": "hyperparameters.gradient_checkpointing",
    "bf16": "hyperparameters.bf16",
    "fp16": "hyperparameters.fp16",
    "seed": "hyperparameters.seed",
    "save_steps": "checkpoint_steps",
    "save_total_limit": "save_total_limit",
    "eval_steps": "eval_steps",
    "metric_for_best_model": "metric_for_best_model",
    "greater_is_better": "greater_is_better",
    # Superduper's LLMTrainer extras.
    "max_seq_length": "hyperparameters.max_length",
    "bits": "lora.load_in_bits",
    "lora_r": "lora.r",
    "lora_alpha": "lora.alpha",
    "lora_dropout": "lora.dropout",
    "lora_target_modules": "lora.target_modules",
    "lora_bias": "lora.bias",
    "setup_chat_format": "setup_chat_format",
    "training_kwargs": "training_kwargs",
    "register_checkpoints": "register_checkpoints",
}

TRAINING_KWARGS = ("dataset_text_field", "packing", "completion_only_loss")
"""Keys of ``training_kwargs`` passed through to trl's SFTConfig."""

LORA_BIAS = ("none", "all", "lora_only")
"""peft's LoraConfig.bias choices."""

ALL_LINEAR = "all-linear"
"""peft's shorthand for every linear layer but the output head (the default)."""

LR_SCHEDULERS = (
    "linear",
    "cosine",
    "cosine_with_restarts",
    "polynomial",
    "constant",
    "constant_with_warmup",
    "inverse_sqrt",
    "cosine_with_min_lr",
    "warmup_stable_decay",
)
"""transformers SchedulerType names that need no extra arguments."""

PLACEMENT_STRATEGIES = ("PACK", "SPREAD", "STRICT_PACK", "STRICT_SPREAD")
"""Ray placement group strategies for ``spec.scaling.placement_strategy`` (PACK by default)."""

REPORT_TO = ("none", "tensorboard")
"""HF ``report_to`` integrations a job may ask for in ``spec.report_to`` ("none" by default)."""


class UnknownTrainingArgument(InvalidArgument, ValueError):
    """A trainer argument outside the supported set (also a ValueError, as Python code expects)."""


def supported() -> str:
    return ", ".join(TRAINING_ARGUMENTS)


def _coerce(name: str, field: FieldDescriptor, value: Any) -> Any:
    """A CLI string or a Python value as the proto field's type, or InvalidArgument."""
    kind = field.type
    try:
        if kind == FieldDescriptor.TYPE_BOOL:
            if isinstance(value, str):
                low = value.strip().lower()
                if low not in ("true", "false", "1", "0", "yes", "no"):
                    raise ValueError(value)
                return low in ("true", "1", "yes")
            if not isinstance(value, (bool, int)):
                raise ValueError(value)
            return bool(value)
        if kind in (FieldDescriptor.TYPE_INT32, FieldDescriptor.TYPE_INT64):
            if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
                raise ValueError(value)
            return int(value)
        if kind in (FieldDescriptor.TYPE_DOUBLE, FieldDescriptor.TYPE_FLOAT):
            if isinstance(value, bool):
                raise ValueError(value)
            return float(value)
        if not isinstance(value, str):
            raise ValueError(value)
        return value
    except (TypeError, ValueError):
        what = {
            FieldDescriptor.TYPE_BOOL: "true or false",
            FieldDescriptor.TYPE_INT32: "an integer",
            FieldDescriptor.TYPE_INT64: "an integer",
            FieldDescriptor.TYPE_DOUBLE: "a number",
            FieldDescriptor.TYPE_FLOAT: "a number",
        }.get(kind, "a string")
        raise InvalidArgument.field(name, f"must be {what}, got {value!r}") from None


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def apply(spec: training_pb2.JobSpec, arguments: Mapping[str, Any]) -> training_pb2.JobSpec:
    """Write HF/Superduper trainer ``arguments`` into ``spec`` (in place; returned too).

    A name outside ``TRAINING_ARGUMENTS`` is refused (``UnknownTrainingArgument``,
    listing the supported names). ``lora_target_modules``
    takes a list or one string (``"all-linear"`` or comma-separated names);
    ``training_kwargs`` a mapping whose keys the training service checks.
    """
    for name, value in arguments.items():
        path = TRAINING_ARGUMENTS.get(name)
        if path is None:
            raise UnknownTrainingArgument.field(
                f"training_args.{name}",
                f"is not a supported trainer argument; use one of {supported()}",
            )
        if name == "training_kwargs":
            if not isinstance(value, Mapping):
                raise InvalidArgument.field(name, f"must be a mapping, got {value!r}")
            for key, kwarg in value.items():
                spec.training_kwargs[str(key)] = _text(kwarg)
            continue
        *parents, leaf = path.split(".")
        target: Any = spec
        for part in parents:
            target = getattr(target, part)
        field = target.DESCRIPTOR.fields_by_name[leaf]
        if field.is_repeated:
            items = [value] if isinstance(value, str) else list(value)
            names = [m.strip() for item in items for m in str(item).split(",") if m.strip()]
            del getattr(target, leaf)[:]
            getattr(target, leaf).extend(names)
            continue
        setattr(target, leaf, _coerce(name, field, value))
    return spec


def is_training_argument(name: str) -> bool:
    return name in TRAINING_ARGUMENTS
