"""Client-side checks use shared limits, not copies of the server's.

Generation limits live in ``lmforge.limits`` and must be the inference
server's values; DeepSpeed preset names are the training service's alone
(the SDK sends the name, the service refuses an unknown one).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from lmforge import _requests, errors, limits

SDK = Path(_requests.__file__).parent


def test_generation_limits_are_the_inference_servers() -> None:
    from lmforge.services.inference import core, sampling

    assert core.MIN_FACTOR == limits.MIN_FACTOR
    assert sampling.MAX_TOP_LOGPROBS == limits.MAX_TOP_LOGPROBS
    assert _requests.MIN_FACTOR is limits.MIN_FACTOR
    # The client refuses just past each limit and accepts it.
    _requests.generation_parameters(temperature=limits.MIN_FACTOR, logprobs=limits.MAX_TOP_LOGPROBS)
    with pytest.raises(errors.InvalidArgument, match=r"parameters\.temperature"):
        _requests.generation_parameters(temperature=limits.MIN_FACTOR / 2)
    with pytest.raises(errors.InvalidArgument, match=r"parameters\.top_logprobs"):
        _requests.generation_parameters(logprobs=limits.MAX_TOP_LOGPROBS + 1)


def test_deepspeed_presets_are_known_only_to_the_training_service() -> None:
    from lmforge.services.training import deepspeed_presets

    # (cli/train.py still tells a preset name from a config file by the names.)
    for path in SDK.glob("*.py"):
        text = path.read_text()
        for name in deepspeed_presets.PRESETS:
            assert f'"{name}"' not in text and f"'{name}'" not in text, f"{path.name}: {name}"
    assert _requests._deepspeed("zero9").preset == "zero9"  # sent, not judged here
    for name in deepspeed_presets.PRESETS:
        assert _requests._deepspeed(name).preset == name
        assert deepspeed_presets.resolve(preset=name)
    with pytest.raises(errors.InvalidArgument, match=r"spec\.deepspeed\.preset") as e:
        deepspeed_presets.resolve(preset="zero9")
    assert all(name in str(e.value) for name in deepspeed_presets.PRESETS)
