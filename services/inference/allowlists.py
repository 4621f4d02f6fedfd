"""What a caller may pass through to transformers: per-task pipeline parameters, load kwargs.

Everything a request carries reaches a library only through these lists. A key
that is not listed is refused (INVALID_ARGUMENT naming ``parameters.<key>`` or
``options.model_kwargs.<key>``) instead of being forwarded: transformers
forwards unknown pipeline keys to ``model.generate()``, where
``custom_generate`` imports Python from a folder, ``assistant_model``,
``streamer`` and ``generation_config`` take objects, and load kwargs such as
``gguf_file``, ``subfolder``, ``cache_dir`` and ``offload_folder`` name paths on
the server. Values are checked here too (types, ranges, lengths), and the
generation parameters get the same bounds as Generate.

The lists are the documented contract (README "RunPipeline parameters" and
the comments of RunPipelineRequest in inference.proto); widen them only with a
value check.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from lmforge.errors import FieldViolation, InvalidArgument

Check = Callable[[Any, str], Any]  # (value, field name) -> the value to pass on


# -- value checks -------------------------------------------------------------------


def integer(lo: int, hi: int) -> Check:
    def check(v: Any, field: str) -> int:
        if isinstance(v, bool) or not isinstance(v, int) or not lo <= v <= hi:
            raise InvalidArgument.field(field, f"{v!r} must be an integer in {lo}..{hi}")
        return v

    return check


def number(lo: float, hi: float, *, open_low: bool = False) -> Check:
    def check(v: Any, field: str) -> float:
        ok = (
            not isinstance(v, bool)
            and isinstance(v, int | float)
            and math.isfinite(v)
            and (lo < v if open_low else lo <= v)
            and v <= hi
        )
        if not ok:
            low = "(" if open_low else "["
            raise InvalidArgument.field(field, f"{v!r} must be a number in {low}{lo}, {hi}]")
        return float(v)

    return check


def boolean(v: Any, field: str) -> bool:
    if not isinstance(v, bool):
        raise InvalidArgument.field(field, f"{v!r} must be true or false")
    return v


def choice(*options: str) -> Check:
    def check(v: Any, field: str) -> str:
        if v not in options:
            raise InvalidArgument.field(field, f"{v!r}: use one of {', '.join(options)}")
        return str(v)

    return check


def text(max_chars: int = 256) -> Check:
    def check(v: Any, field: str) -> str:
        if not isinstance(v, str) or not v or len(v) > max_chars or "\x00" in v:
            raise InvalidArgument.field(
                field, f"must be a non-empty string of at most {max_chars} characters"
            )
        return v

    return check


def texts(max_items: int = 100, max_chars: int = 256, *, one_ok: bool = True) -> Check:
    """A list of strings (or, with ``one_ok``, one string)."""
    item = text(max_chars)

    def check(v: Any, field: str) -> str | list[str]:
        if one_ok and isinstance(v, str):
            return str(item(v, field))
        if not isinstance(v, list) or not 0 < len(v) <= max_items:
            raise InvalidArgument.field(field, f"give 1..{max_items} strings")
        return [item(x, f"{field}[{i}]") for i, x in enumerate(v)]

    return check


def timestamps(v: Any, field: str) -> bool | str:
    """return_timestamps: true/false (Whisper), or "char" / "word" (CTC models)."""
    if isinstance(v, bool) or v in ("char", "word"):
        return v  # type: ignore[no-any-return]  # bool or one of the two strings
    raise InvalidArgument.field(field, f"{v!r}: use true, false, 'char' or 'word'")


def template(v: Any, field: str) -> str:
    s = str(text(500)(v, field))
    if s.count("{}") != 1:
        raise InvalidArgument.field(field, "must hold exactly one {} where the label goes")
    return s


# -- pipeline tasks -------------------------------------------------------------------

TEXT, IMAGE, AUDIO = "text", "image", "audio"


@dataclass(frozen=True)
class Limits:
    """The server's generation bounds that RunPipeline shares with Generate."""

    max_new_tokens: int
    default_max_new_tokens: int
    max_num_beams: int
    max_return_sequences: int


def generation_parameters(limits: Limits) -> dict[str, Check]:
    """Keyword arguments of model.generate() a pipeline may pass on, with Generate's bounds."""
    return {
        "max_new_tokens": integer(1, limits.max_new_tokens),
        "min_new_tokens": integer(0, limits.max_new_tokens),
        "do_sample": boolean,
        # Not below 1e-3: logits are divided by these, and a tiny divisor overflows to inf.
        "temperature": number(1e-3, 100.0),
        "top_k": integer(0, 1_000_000),
        "top_p": number(0.0, 1.0, open_low=True),
        "repetition_penalty": number(1e-3, 100.0),
        "no_repeat_ngram_size": integer(0, 64),
        "num_beams": integer(1, limits.max_num_beams),
        "num_return_sequences": integer(1, limits.max_return_sequences),
        "length_penalty": number(-100.0, 100.0),
        "early_stopping": boolean,
    }


_TOP_K = integer(1, 1000)
_FUNCTION = choice("sigmoid", "softmax", "none")
_LABELS = texts(100, 256)
_UNIT = number(0.0, 1.0)


@dataclass(frozen=True)
class TaskSpec:
    """What one pipeline task takes: its input kind, its parameters, what is always set."""

    kind: str  # TEXT, IMAGE or AUDIO
    parameters: Mapping[str, Check]
    generates: bool = False  # generation parameters (bounded like Generate) also allowed
    json_input: str = ""  # what input.json may be: "", "chat" or "pair"
    fixed: Mapping[str, Any] | None = None  # set on every call (e.g. truncation)


TASKS: dict[str, TaskSpec] = {
    "text-classification": TaskSpec(
        TEXT,
        {"top_k": _TOP_K, "function_to_apply": _FUNCTION},
        json_input="pair",
        fixed={"truncation": True},
    ),
    "token-classification": TaskSpec(
        TEXT,
        {
            "aggregation_strategy": choice("none", "simple", "first", "average", "max"),
            "ignore_labels": texts(100, 64, one_ok=False),
        },
    ),
    "fill-mask": TaskSpec(
        TEXT,
        {"top_k": integer(1, 100), "targets": texts(100, 64)},
        fixed={"tokenizer_kwargs": {"truncation": True}},
    ),
    "feature-extraction": TaskSpec(TEXT, {}, fixed={"truncation": True}),
    "zero-shot-classification": TaskSpec(
        TEXT,
        {"candidate_labels": _LABELS, "hypothesis_template": template, "multi_label": boolean},
    ),
    "text-generation": TaskSpec(
        TEXT,
        {
            "return_full_text": boolean,
            "clean_up_tokenization_spaces": boolean,
            "skip_special_tokens": boolean,
            "continue_final_message": boolean,
        },
        generates=True,
        json_input="chat",
    ),
    "image-classification": TaskSpec(IMAGE, {"top_k": _TOP_K, "function_to_apply": _FUNCTION}),
    "image-feature-extraction": TaskSpec(IMAGE, {"pool": boolean}),
    "object-detection": TaskSpec(IMAGE, {"threshold": _UNIT}),
    "image-segmentation": TaskSpec(
        IMAGE,
        {
            "threshold": _UNIT,
            "mask_threshold": _UNIT,
            "overlap_mask_area_threshold": _UNIT,
            "subtask": choice("panoptic", "instance", "semantic"),
        },
    ),
    "depth-estimation": TaskSpec(IMAGE, {}),
    "zero-shot-image-classification": TaskSpec(
        IMAGE, {"candidate_labels": _LABELS, "hypothesis_template": template}
    ),
    "zero-shot-object-detection": TaskSpec(
        IMAGE, {"candidate_labels": _LABELS, "threshold": _UNIT, "top_k": _TOP_K}
    ),
    "audio-classification": TaskSpec(AUDIO, {"top_k": _TOP_K, "function_to_apply": _FUNCTION}),
    "automatic-speech-recognition": TaskSpec(
        AUDIO, {"return_timestamps": timestamps}, generates=True
    ),
    "zero-shot-audio-classification": TaskSpec(
        AUDIO, {"candidate_labels": _LABELS, "hypothesis_template": template}
    ),
}
ALIASES = {"sentiment-analysis": "text-classification", "ner": "token-classification"}


def task_spec(task: str) -> tuple[str, TaskSpec]:
    """The canonical task name and its spec; INVALID_ARGUMENT ``task`` for any other."""
    name = ALIASES.get(task, task)
    spec = TASKS.get(name)
    if spec is None:
        raise InvalidArgument.field(
            "task",
            f"{task[:100]!r} is not a task RunPipeline serves; use one of "
            + ", ".join(sorted([*TASKS, *ALIASES])),
        )
    return name, spec


def check_pipeline_parameters(
    task: str, spec: TaskSpec, parameters: Mapping[str, Any], limits: Limits
) -> dict[str, Any]:
    """Only the listed keys, each value checked; generation tasks get bounded defaults."""
    allowed: dict[str, Check] = dict(spec.parameters)
    if spec.generates:
        allowed.update(generation_parameters(limits))
    unknown = sorted(k for k in parameters if k not in allowed)
    if unknown:
        known = ", ".join(sorted(allowed)) or "none"
        why = f"not a parameter of the {task} pipeline here (allowed: {known})"
        raise InvalidArgument(
            f"{', '.join(f'parameters.{k}' for k in unknown)}: {why}",
            violations=[FieldViolation(f"parameters.{k}", why) for k in unknown],
        )
    out: dict[str, Any] = {}
    for key, value in parameters.items():
        out[key] = allowed[key](value, f"parameters.{key}")
    if spec.generates:
        # Greedy unless asked, like Generate (the text-generation pipeline samples by default).
        out.setdefault("do_sample", False)
        # Bounded even when not given: the pipeline's own default (256) may exceed the limit.
        out.setdefault("max_new_tokens", min(limits.default_max_new_tokens, limits.max_new_tokens))
        if out.get("min_new_tokens", 0) > out["max_new_tokens"]:
            raise InvalidArgument.field(
                "parameters.min_new_tokens", "must not exceed parameters.max_new_tokens"
            )
    return {**out, **(spec.fixed or {})}


def check_chat_messages(value: Any, field: str, max_messages: int = 256) -> list[dict[str, str]]:
    """input.json for text-generation: [{"role": ..., "content": "..."}], nothing else."""
    if not isinstance(value, list) or not 0 < len(value) <= max_messages:
        raise InvalidArgument.field(field, f"give a list of 1..{max_messages} chat messages")
    out = []
    for i, m in enumerate(value):
        f = f"{field}[{i}]"
        if not isinstance(m, dict) or set(m) != {"role", "content"}:
            raise InvalidArgument.field(f, 'each message is {"role": ..., "content": "..."}')
        role = choice("system", "user", "assistant")(m["role"], f"{f}.role")
        if not isinstance(m["content"], str):
            raise InvalidArgument.field(f"{f}.content", "must be a string")
        out.append({"role": role, "content": m["content"]})
    return out


def check_text_pair(value: Any, field: str) -> dict[str, str]:
    """input.json for text-classification: {"text": ..., "text_pair": ...}."""
    if (
        not isinstance(value, dict)
        or set(value) != {"text", "text_pair"}
        or not all(isinstance(v, str) and v for v in value.values())
    ):
        raise InvalidArgument.field(field, 'give {"text": "...", "text_pair": "..."}')
    return {"text": value["text"], "text_pair": value["text_pair"]}


# -- load options -------------------------------------------------------------------

_REFUSED_LOAD_KEYS = {
    "trust_remote_code": "use options.trust_remote_code (the server decides whether it is allowed)",
    "device_map": "use options.device_map",
    "dtype": "use options.dtype",
    "torch_dtype": "use options.dtype",
    "quantization_config": "use options.quantization",
}

MODEL_KWARGS: dict[str, Check] = {
    "attn_implementation": choice("eager", "sdpa"),
    "low_cpu_mem_usage": boolean,
    "use_safetensors": boolean,
    "ignore_mismatched_sizes": boolean,
    "num_labels": integer(1, 100_000),
    "problem_type": choice(
        "regression", "single_label_classification", "multi_label_classification"
    ),
    "output_hidden_states": boolean,
    "output_attentions": boolean,
}

TOKENIZER_KWARGS: dict[str, Check] = {
    "use_fast": boolean,
    "padding_side": choice("left", "right"),
    "truncation_side": choice("left", "right"),
    "model_max_length": integer(1, 1_000_000),
    "add_prefix_space": boolean,
    "clean_up_tokenization_spaces": boolean,
    "do_lower_case": boolean,
    "legacy": boolean,
}

CHAT_TEMPLATE_KWARGS: dict[str, Check] = {
    "enable_thinking": boolean,
    "add_generation_prompt": boolean,
    "continue_final_message": boolean,
}


def check_kwargs(
    kwargs: Mapping[str, Any], allowed: Mapping[str, Check], field: str
) -> dict[str, Any]:
    """Pass-through keyword arguments: listed keys with checked values, everything else refused.

    Path-bearing keys (gguf_file, subfolder, cache_dir, offload_folder, revision,
    token ...) are not listed, so they are refused like any unknown key.
    """
    out: dict[str, Any] = {}
    for key, value in kwargs.items():
        f = f"{field}.{key}"
        if key in _REFUSED_LOAD_KEYS:
            raise InvalidArgument.field(f, f"not accepted here: {_REFUSED_LOAD_KEYS[key]}")
        check = allowed.get(key)
        if check is None:
            raise InvalidArgument.field(
                f,
                "not an accepted keyword (keys that name files, folders or remote code are "
                f"never passed on); allowed: {', '.join(sorted(allowed))}",
            )
        out[key] = check(value, f)
    return out
