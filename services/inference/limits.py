"""Bounds on what one request or one server may hold, with messages naming the setting.

Loaded models and adapters are bounded (RESOURCE_EXHAUSTED, naming the
setting to raise), prompts are bounded in bytes before they are tokenized or
rendered, and a chat template that refuses a conversation ("roles must
alternate", raised by the template itself) is the caller's error, not a bug.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from lmforge.errors import InvalidArgument, ResourceExhausted


def check_model_slots(models: Mapping[str, Any], name: str, limit: int) -> None:
    """Before reserving ``name``: at most ``limit`` models loaded or loading."""
    others = [n for n, r in models.items() if n != name and r.state.value != "failed"]
    if len(others) >= limit:
        raise ResourceExhausted(
            f"{len(others)} models are loaded or loading, the limit "
            f"(LMFORGE_INFERENCE_MAX_LOADED_MODELS={limit}); unload one first"
        )


def check_adapter_slots(model: str, adapters: Mapping[str, Any], limit: int) -> None:
    if len(adapters) >= limit:
        raise ResourceExhausted(
            f"model {model!r} has {len(adapters)} adapters attached, the limit "
            f"(LMFORGE_INFERENCE_MAX_ADAPTERS_PER_MODEL={limit}); unload one first"
        )


def check_prompt_bytes(texts: Sequence[str], field: str, limit: int) -> None:
    """A prompt (or all message contents together) at most ``limit`` UTF-8 bytes."""
    total = 0
    for t in texts:
        total += len(t.encode("utf-8", "surrogatepass"))
        if total > limit:
            raise InvalidArgument.field(
                field,
                f"more than {limit} bytes; the limit is LMFORGE_INFERENCE_MAX_PROMPT_BYTES={limit}",
            )


def render_chat(tokenizer: Any, messages: list[dict[str, str]], **kwargs: Any) -> str:
    """apply_chat_template, with the template's own refusals as INVALID_ARGUMENT ``messages``."""
    from jinja2 import TemplateError

    try:
        return str(
            tokenizer.apply_chat_template(
                messages, tokenize=False, add_generation_prompt=True, **kwargs
            )
        )
    except TemplateError as e:  # raise_exception() in a template, or a template bug
        raise InvalidArgument.field(
            "messages", f"the model's chat template refused them: {e}"
        ) from e
