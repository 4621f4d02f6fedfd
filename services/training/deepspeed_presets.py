"""DeepSpeed configurations: the named presets, and parsing of a user's JSON.

"auto" values are filled in by the HF Trainer from the job's own settings
(batch size, gradient accumulation, clipping, precision), so a preset never
disagrees with the hyperparameters.
"""

from __future__ import annotations

import copy
import json
import math
from typing import Any

from lmforge.errors import InvalidArgument

_COMMON: dict[str, Any] = {
    "train_batch_size": "auto",
    "train_micro_batch_size_per_gpu": "auto",
    "gradient_accumulation_steps": "auto",
    "gradient_clipping": "auto",
    "bf16": {"enabled": "auto"},
    "fp16": {"enabled": "auto"},
}

PRESETS: dict[str, dict[str, Any]] = {
    "zero2": {
        **_COMMON,
        "zero_optimization": {
            "stage": 2,
            "overlap_comm": False,
            "contiguous_gradients": True,
            "allgather_bucket_size": 50_000_000,
            "reduce_bucket_size": 50_000_000,
        },
    },
    "zero3": {
        **_COMMON,
        "zero_optimization": {
            "stage": 3,
            "overlap_comm": False,
            "contiguous_gradients": True,
            "stage3_param_persistence_threshold": "auto",
            "stage3_prefetch_bucket_size": "auto",
            "reduce_bucket_size": "auto",
            # Without it a ZeRO-3 save writes sharded weights a plain
            # from_pretrained cannot load.
            "stage3_gather_16bit_weights_on_model_save": True,
        },
    },
}


def resolve(preset: str = "", config_json: str = "") -> dict[str, Any] | None:
    """The DeepSpeed config dict for a preset name or a JSON text; None for neither."""
    if preset:
        if preset not in PRESETS:
            raise InvalidArgument.field(
                "spec.deepspeed.preset",
                f"unknown preset {preset!r}; use one of {', '.join(sorted(PRESETS))} "
                "or pass config_json",
            )
        return copy.deepcopy(PRESETS[preset])
    if config_json:
        try:
            config = json.loads(config_json)
        except json.JSONDecodeError as e:
            raise InvalidArgument.field(
                "spec.deepspeed.config_json",
                f"is not valid JSON: {e.msg} at line {e.lineno} column {e.colno}",
            ) from None
        if not isinstance(config, dict):
            raise InvalidArgument.field(
                "spec.deepspeed.config_json",
                f"must be a JSON object, got {type(config).__name__}",
            )
        check_config(config)
        stage = config.get("zero_optimization", {}).get("stage", 0)
        if stage not in (0, 1, 2, 3):
            raise InvalidArgument.field(
                "spec.deepspeed.config_json",
                f"zero_optimization.stage must be 0, 1, 2 or 3, got {stage!r}",
            )
        return config
    return None


# The DeepSpeed settings a client may set, as a tree: a leaf (None) takes a
# scalar (or a list of scalars), a dict is a section with these keys. Keys
# that name files or directories on the server (nvme_path, monitors' output
# paths, checkpoint and autotuning folders, ...) are not here and are refused
# by name; so is any key DeepSpeed might add later, until it is reviewed.
_LEAF = None
_ANY_SCALARS = "any"  # a section whose keys are free (optimizer/scheduler params)
ALLOWED: dict[str, Any] = {
    "train_batch_size": _LEAF,
    "train_micro_batch_size_per_gpu": _LEAF,
    "gradient_accumulation_steps": _LEAF,
    "gradient_clipping": _LEAF,
    "steps_per_print": _LEAF,
    "wall_clock_breakdown": _LEAF,
    "memory_breakdown": _LEAF,
    "prescale_gradients": _LEAF,
    "gradient_predivide_factor": _LEAF,
    "sparse_gradients": _LEAF,
    "communication_data_type": _LEAF,
    "zero_allow_untested_optimizer": _LEAF,
    "zero_force_ds_cpu_optimizer": _LEAF,
    "bf16": {"enabled": _LEAF, "immediate_grad_update": _LEAF, "check_grad_overflow": _LEAF},
    "fp16": {
        k: _LEAF
        for k in (
            "enabled",
            "auto_cast",
            "loss_scale",
            "initial_scale_power",
            "loss_scale_window",
            "hysteresis",
            "consecutive_hysteresis",
            "min_loss_scale",
        )
    },
    "optimizer": {"type": _LEAF, "params": _ANY_SCALARS},
    "scheduler": {"type": _LEAF, "params": _ANY_SCALARS},
    "activation_checkpointing": {
        k: _LEAF
        for k in (
            "partition_activations",
            "cpu_checkpointing",
            "contiguous_memory_optimization",
            "number_checkpoints",
            "synchronize_checkpoint_boundary",
            "profile",
        )
    },
    "zero_optimization": {
        **{
            k: _LEAF
            for k in (
                "stage",
                "allgather_partitions",
                "allgather_bucket_size",
                "overlap_comm",
                "reduce_scatter",
                "reduce_bucket_size",
                "contiguous_gradients",
                "round_robin_gradients",
                "sub_group_size",
                "stage3_max_live_parameters",
                "stage3_max_reuse_distance",
                "stage3_prefetch_bucket_size",
                "stage3_param_persistence_threshold",
                "stage3_gather_16bit_weights_on_model_save",
                "stage3_gather_fp16_weights_on_model_save",
                "zero_hpz_partition_size",
                "zero_quantized_weights",
                "zero_quantized_gradients",
                "ignore_unused_parameters",
                "load_from_fp32_weights",
            )
        },
        "offload_optimizer": {
            k: _LEAF for k in ("device", "pin_memory", "ratio", "buffer_count", "fast_init")
        },
        "offload_param": {
            k: _LEAF for k in ("device", "pin_memory", "buffer_count", "buffer_size", "max_in_cpu")
        },
    },
}
# Known keys that point DeepSpeed at a place on the server's disk.
PATH_KEYS = {
    "nvme_path",
    "output_path",
    "output_file",
    "job_name",
    "tensorboard",
    "wandb",
    "csv_monitor",
    "comet",
    "flops_profiler",
    "checkpoint",
    "load_universal",
    "autotuning",
    "results_dir",
    "exps_dir",
    "nebula",
    "persistent_storage_path",
    "aio",
    "data_efficiency",
    "elasticity",
}
# Offload devices that work without a path ("nvme" needs nvme_path).
_OFFLOAD_DEVICES = {"cpu", "none"}


def _where(path: str) -> str:
    return f"spec.deepspeed.config_json.{path}"


def _check_scalar(path: str, value: Any) -> None:
    scalar = (str, int, float, bool, type(None))
    if isinstance(value, list) and all(isinstance(v, scalar) for v in value):
        return
    if not isinstance(value, scalar):
        raise InvalidArgument.field(_where(path), "must be a number, string or boolean")
    if isinstance(value, float) and not math.isfinite(value):
        raise InvalidArgument.field(_where(path), "must be a finite number")


def _check_section(prefix: str, config: dict[str, Any], allowed: dict[str, Any]) -> None:
    for key in config:  # a path key is named as such, whatever else is wrong
        if key in PATH_KEYS:
            raise InvalidArgument.field(
                _where(f"{prefix}.{key}" if prefix else key),
                "names a file or folder on the server; it cannot be set by a job",
            )
    for key, value in config.items():
        path = f"{prefix}.{key}" if prefix else key
        if key not in allowed:
            raise InvalidArgument.field(
                _where(path),
                "is not an allowed DeepSpeed setting; allowed here: " + ", ".join(sorted(allowed)),
            )
        rule = allowed[key]
        if rule is _LEAF:
            _check_scalar(path, value)
            if key == "device" and value not in _OFFLOAD_DEVICES:
                raise InvalidArgument.field(
                    _where(path), f"must be one of {sorted(_OFFLOAD_DEVICES)}, got {value!r}"
                )
        elif not isinstance(value, dict):
            raise InvalidArgument.field(_where(path), "must be a JSON object")
        elif rule == _ANY_SCALARS:
            for k, v in value.items():
                if k in PATH_KEYS:
                    raise InvalidArgument.field(
                        _where(f"{path}.{k}"), "names a file or folder on the server"
                    )
                _check_scalar(f"{path}.{k}", v)
        else:
            _check_section(path, value, rule)


def check_config(config: dict[str, Any]) -> None:
    """Refuse anything outside ``ALLOWED``, naming ``spec.deepspeed.config_json.<key path>``."""
    _check_section("", config, ALLOWED)


def zero_stage(config: dict[str, Any] | None) -> int:
    """The ZeRO stage of a config (0 when there is none)."""
    if not config:
        return 0
    return int(config.get("zero_optimization", {}).get("stage", 0))
