"""DeepSpeed configurations: the named presets, and parsing of a user's JSON.

"auto" values are filled in by the HF Trainer from the job's own settings
(batch size, gradient accumulation, clipping, precision), so a preset never
disagrees with the hyperparameters.
"""

from __future__ import annotations

import copy
import json
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
        stage = config.get("zero_optimization", {}).get("stage", 0)
        if stage not in (0, 1, 2, 3):
            raise InvalidArgument.field(
                "spec.deepspeed.config_json",
                f"zero_optimization.stage must be 0, 1, 2 or 3, got {stage!r}",
            )
        return config
    return None


def zero_stage(config: dict[str, Any] | None) -> int:
    """The ZeRO stage of a config (0 when there is none)."""
    if not config:
        return 0
    return int(config.get("zero_optimization", {}).get("stage", 0))
