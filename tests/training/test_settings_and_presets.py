"""Training settings from the environment, and DeepSpeed presets."""

from __future__ import annotations

import pytest

from lmforge.errors import InvalidArgument
from lmforge.services.training import deepspeed_presets
from lmforge.services.training.settings import TrainingSettings


def test_ray_address_from_either_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LMFORGE_RAY_ADDRESS", raising=False)
    monkeypatch.setenv("RAY_ADDRESS", "ray://127.0.0.9:10001")
    assert TrainingSettings().ray_address == "ray://127.0.0.9:10001"
    monkeypatch.setenv("LMFORGE_RAY_ADDRESS", "auto")
    assert TrainingSettings().ray_address == "auto"  # ours wins over Ray's own
    assert TrainingSettings(ray_address="x:1").ray_address == "x:1"  # flags win


def test_presets_leave_batch_and_precision_to_the_trainer() -> None:
    z2 = deepspeed_presets.resolve("zero2")
    z3 = deepspeed_presets.resolve("zero3")
    assert deepspeed_presets.zero_stage(z2) == 2 and deepspeed_presets.zero_stage(z3) == 3
    assert z2 is not None and z2["train_micro_batch_size_per_gpu"] == "auto"
    assert z3 is not None and z3["zero_optimization"]["stage3_gather_16bit_weights_on_model_save"]
    z2["zero_optimization"]["stage"] = 1  # a copy: the preset itself is unchanged
    assert deepspeed_presets.resolve("zero2")["zero_optimization"]["stage"] == 2  # type: ignore[index]
    assert deepspeed_presets.resolve() is None


def test_custom_json_is_checked() -> None:
    cfg = deepspeed_presets.resolve(config_json='{"zero_optimization": {"stage": 3}}')
    assert deepspeed_presets.zero_stage(cfg) == 3
    with pytest.raises(InvalidArgument, match="config_json: is not valid JSON"):
        deepspeed_presets.resolve(config_json="{nope")
    with pytest.raises(InvalidArgument, match="stage must be 0, 1, 2 or 3"):
        deepspeed_presets.resolve(config_json='{"zero_optimization": {"stage": 7}}')
