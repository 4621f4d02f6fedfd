"""Request builders shared by the sync and async clients, with client-side checks.

What the SDK can know without asking a server (an unknown training method,
a negative temperature, an unknown hyperparameter name) is refused here with
``InvalidArgument`` naming the field the same way the server does, so a
mistake costs no round trip and reads the same either way.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from typing import Any

from google.protobuf import field_mask_pb2

from lmforge import _convert, enums, limits
from lmforge.errors import InvalidArgument
from lmforge.training_args import PLACEMENT_STRATEGIES, REPORT_TO
from lmforge.training_args import apply as apply_training_args
from lmforge.types import ChatMessage
from lmforge.v1 import common_pb2, inference_pb2, registry_pb2, training_pb2

# Choices by name, from the proto enums themselves (``lmforge.enums``), not copies.
MODEL_FORMATS = enums.table(registry_pb2.ModelFormat)
VERSION_STATES = enums.table(registry_pb2.VersionState)
JOB_STATES = enums.table(training_pb2.JobState)
METHODS = enums.table(training_pb2.TrainingMethod)
# The training task also answers to the pipeline task names of its models.
TASKS = {
    **enums.table(training_pb2.TrainingTask),
    "text-generation": training_pb2.TRAINING_TASK_CAUSAL_LM,
    "text-classification": training_pb2.TRAINING_TASK_SEQUENCE_CLASSIFICATION,
}
ADAPTER_OUTPUTS = enums.table(training_pb2.AdapterOutput)
QUANTIZATION: dict[Any, int] = {
    None: inference_pb2.QUANTIZATION_UNSPECIFIED,
    **enums.table(inference_pb2.Quantization),
}
POOLING = enums.table(inference_pb2.Pooling)
HYPERPARAMETERS = tuple(training_pb2.Hyperparameters.DESCRIPTOR.fields_by_name)
LORA_FIELDS = tuple(training_pb2.LoraConfig.DESCRIPTOR.fields_by_name)
COLUMN_FIELDS = tuple(training_pb2.ColumnMapping.DESCRIPTOR.fields_by_name)
MIN_FACTOR = limits.MIN_FACTOR


def choice(field: str, value: str | None, options: Mapping[Any, int]) -> Any:
    """The enum number for ``value``, or InvalidArgument listing the choices."""
    key = value.lower() if isinstance(value, str) else value
    if key not in options:
        names = ", ".join(repr(k) for k in options if k is not None)
        raise InvalidArgument.field(field, f"unknown value {value!r}; use one of {names}")
    return options[key]


def placement(value: str | None, field: str = "spec.scaling.placement_strategy") -> str:
    """A Ray placement strategy by name (any case), ``""`` for the default (PACK)."""
    if value is None or value == "":
        return ""
    name = value.upper() if isinstance(value, str) else value
    if name not in PLACEMENT_STRATEGIES:
        raise InvalidArgument.field(
            field, f"unknown value {value!r}; use one of {', '.join(PLACEMENT_STRATEGIES)}"
        )
    return str(name)


def reporting(value: str | Sequence[str] | None, field: str = "spec.report_to") -> list[str]:
    """HF ``report_to`` names ("tensorboard", or "none"); one string is one name."""
    if value is None:
        return []
    names = [value] if isinstance(value, str) else list(value)
    for name in names:
        if name not in REPORT_TO:
            raise InvalidArgument.field(
                field, f"unknown value {name!r}; use one of {', '.join(REPORT_TO)}"
            )
    return [str(n) for n in names]


def version_key(ref: str, field: str = "reference") -> common_pb2.ModelVersionKey:
    """``"name:3"`` -> ModelVersionKey (only exact versions can be keys)."""
    name, _, number = ref.partition(":")
    if not name or not number.isdigit():
        raise InvalidArgument.field(field, f"{ref!r} must name an exact version, like 'model:3'")
    return common_pb2.ModelVersionKey(model=name, version=int(number))


def update_model(
    name: str,
    description: str | None,
    tags: Mapping[str, str] | None,
    labels: Sequence[str] | None,
) -> registry_pb2.UpdateModelRequest:
    m = registry_pb2.Model(name=name)
    paths = []
    if description is not None:
        m.description = description
        paths.append("description")
    if tags is not None:
        m.tags.update(tags)
        paths.append("tags")
    if labels is not None:
        m.labels.extend(labels)
        paths.append("labels")
    if not paths:
        raise InvalidArgument.field("update_mask", "give at least one of description, tags, labels")
    return registry_pb2.UpdateModelRequest(
        model=m, update_mask=field_mask_pb2.FieldMask(paths=paths)
    )


def load_options(
    *,
    dtype: str = "",
    device: str = "",
    device_map: str = "",
    quantization: str | None = None,
    model_kwargs: Mapping[str, Any] | None = None,
    tokenizer_kwargs: Mapping[str, Any] | None = None,
    trust_remote_code: bool = False,
    task: str = "",
) -> inference_pb2.LoadOptions:
    opts = inference_pb2.LoadOptions(
        dtype=dtype or "",
        device=device or "",
        device_map=device_map or "",
        quantization=choice("options.quantization", quantization, QUANTIZATION),
        trust_remote_code=trust_remote_code,
        task=task or "",
    )
    mk = _convert.to_struct(dict(model_kwargs or {}))
    if mk is not None:
        opts.model_kwargs.CopyFrom(mk)
    tk = _convert.to_struct(dict(tokenizer_kwargs or {}))
    if tk is not None:
        opts.tokenizer_kwargs.CopyFrom(tk)
    return opts


def generation_parameters(
    *,
    max_new_tokens: int | None = None,
    temperature: float | None = None,
    top_p: float | None = None,
    top_k: int | None = None,
    repetition_penalty: float | None = None,
    stop: Sequence[str] | str | None = None,
    seed: int | None = None,
    presence_penalty: float | None = None,
    frequency_penalty: float | None = None,
    min_p: float | None = None,
    min_new_tokens: int | None = None,
    stop_token_ids: Sequence[int] | None = None,
    ignore_eos: bool = False,
    logit_bias: Mapping[int, float] | None = None,
    n: int | None = None,
    logprobs: int | bool | None = None,
    json_schema: Mapping[str, Any] | str | None = None,
    regex: str | None = None,
    choice: Sequence[str] | None = None,
    json_object: bool = False,
    response_format: Mapping[str, Any] | None = None,
) -> inference_pb2.GenerationParameters:
    """``logprobs``: True for each token's log-probability, an int k for k alternatives too.
    At most one of ``json_schema`` (dict or JSON text), ``regex``, ``choice``, ``json_object``
    or an OpenAI-style ``response_format`` ({"type": "text" | "json_object" | "json_schema",
    "json_schema": {"schema": {...}}}), so code written for the OpenAI API runs unchanged."""
    if response_format is not None:
        json_schema, json_object = _response_format(response_format, json_schema, json_object)
    # The inference server's own checks and messages (services/inference/core.py).
    if max_new_tokens is not None and max_new_tokens < 0:
        raise InvalidArgument.field(
            "parameters.max_new_tokens", f"{max_new_tokens} is not within 1..the server's limit"
        )
    if temperature is not None and not (
        math.isfinite(temperature) and (temperature == 0 or temperature >= MIN_FACTOR)
    ):
        raise InvalidArgument.field(
            "parameters.temperature",
            f"{temperature} must be 0 (greedy) or in [{MIN_FACTOR}, inf)",
        )
    if top_p is not None and not (math.isfinite(top_p) and 0 <= top_p <= 1):
        raise InvalidArgument.field("parameters.top_p", f"{top_p} must be in (0, 1] (0 means 1)")
    if top_k is not None and top_k < 0:
        raise InvalidArgument.field("parameters.top_k", f"{top_k} must be >= 0 (0: no limit)")
    if repetition_penalty is not None and not (
        math.isfinite(repetition_penalty)
        and (repetition_penalty == 0 or repetition_penalty >= MIN_FACTOR)
    ):
        raise InvalidArgument.field(
            "parameters.repetition_penalty", f"{repetition_penalty} must be > 0 (0 means 1)"
        )
    p = inference_pb2.GenerationParameters(
        max_new_tokens=max_new_tokens or 0,
        temperature=temperature or 0.0,
        top_p=top_p or 0.0,
        top_k=top_k or 0,
        repetition_penalty=repetition_penalty or 0.0,
        stop=[stop] if isinstance(stop, str) else list(stop or []),
    )
    if seed is not None:
        p.seed = seed
    p.presence_penalty = presence_penalty or 0.0
    p.frequency_penalty = frequency_penalty or 0.0
    p.min_p = min_p or 0.0
    p.min_new_tokens = min_new_tokens or 0
    p.stop_token_ids.extend(stop_token_ids or [])
    p.ignore_eos = ignore_eos
    p.logit_bias.update({int(k): float(v) for k, v in (logit_bias or {}).items()})
    p.n = n or 0
    if logprobs is not None and logprobs is not False:
        if not isinstance(logprobs, bool) and not 0 <= logprobs <= limits.MAX_TOP_LOGPROBS:
            raise InvalidArgument.field(
                "parameters.top_logprobs",
                f"{logprobs} is not within 0..{limits.MAX_TOP_LOGPROBS}",
            )
        p.logprobs = True
        p.top_logprobs = 0 if isinstance(logprobs, bool) else int(logprobs)
    given = [
        k
        for k, v in (
            ("json_schema", json_schema),
            ("regex", regex),
            ("choice", choice),
            ("json_object", json_object),
        )
        if v
    ]
    if len(given) > 1:
        raise InvalidArgument.field("parameters.constraint", f"give one of {', '.join(given)}")
    if json_schema is not None:
        text = json_schema if isinstance(json_schema, str) else json.dumps(dict(json_schema))
        p.constraint.json_schema = text
    elif regex:
        p.constraint.regex = regex
    elif choice:
        p.constraint.choice.choices.extend(choice)
    elif json_object:
        p.constraint.json_object = True
    return p


def _response_format(
    rf: Mapping[str, Any], json_schema: Mapping[str, Any] | str | None, json_object: bool
) -> tuple[Mapping[str, Any] | str | None, bool]:
    """``response_format`` as the json_schema / json_object it stands for."""
    if not isinstance(rf, Mapping) or not isinstance(rf.get("type"), str):
        raise InvalidArgument.field("response_format", "must be a dict with a type")
    kind = rf["type"]
    if kind != "text" and (json_schema is not None or json_object):
        raise InvalidArgument.field(
            "parameters.constraint", "give one of response_format, json_schema, json_object"
        )
    if kind == "text":
        return json_schema, json_object
    if kind == "json_object":
        return None, True
    if kind == "json_schema":
        spec = rf.get("json_schema")
        if not isinstance(spec, Mapping) or not isinstance(spec.get("schema", {}), Mapping):
            raise InvalidArgument.field(
                "response_format.json_schema", "must be a dict with a schema dict"
            )
        return dict(spec.get("schema", {})), False
    raise InvalidArgument.field(
        "response_format.type", f"{kind!r}: use text, json_object or json_schema"
    )


def tools(
    specs: Sequence[Mapping[str, Any]] | None,
) -> list[inference_pb2.Tool]:
    """Tools as OpenAI-style dicts ({"type": "function", "function": {...}}) or bare
    {"name", "description", "parameters"} dicts."""
    out = []
    for i, spec in enumerate(specs or []):
        fn = spec.get("function", spec) if isinstance(spec, Mapping) else None
        if not isinstance(fn, Mapping) or not isinstance(fn.get("name"), str):
            raise InvalidArgument.field(f"tools[{i}]", "must be a dict with a function name")
        params = fn.get("parameters")
        out.append(
            inference_pb2.Tool(
                name=fn["name"],
                description=str(fn.get("description") or ""),
                parameters_json=json.dumps(dict(params)) if params is not None else "",
            )
        )
    return out


def tool_choice(value: str | Mapping[str, Any] | None) -> inference_pb2.ToolChoice:
    """ "auto", "none", "required", a function name, or {"function": {"name": ...}}."""
    if value is None:
        return inference_pb2.ToolChoice()
    if isinstance(value, Mapping):
        fn = value.get("function", value)
        return inference_pb2.ToolChoice(function=str(fn.get("name", "")))
    if value in ("auto", "none", "required"):
        return inference_pb2.ToolChoice(mode=value)
    return inference_pb2.ToolChoice(function=value)


def chat_messages(
    messages: str | Sequence[ChatMessage | Mapping[str, str]],
) -> list[inference_pb2.ChatMessage]:
    """A conversation from ChatMessage objects, ``{"role", "content"}`` dicts, or one user text."""
    if isinstance(messages, str):
        messages = [ChatMessage("user", messages)]
    out = []
    for i, m in enumerate(messages):
        if isinstance(m, ChatMessage):
            role, content = m.role, m.content
        elif isinstance(m, Mapping) and "role" in m and "content" in m:
            role, content = str(m["role"]), str(m["content"])
        else:
            raise InvalidArgument.field(
                f"messages[{i}]", "must be a ChatMessage or a dict with 'role' and 'content'"
            )
        out.append(inference_pb2.ChatMessage(role=role, content=content))
    if not out:
        raise InvalidArgument.field("messages", "must not be empty")
    return out


def pipeline_input(value: Any, media_type: str = "") -> inference_pb2.PipelineInput:
    """One text, many texts, bytes (with a media type) or any JSON value."""
    if isinstance(value, str):
        return inference_pb2.PipelineInput(text=value)
    if isinstance(value, bytes | bytearray):
        return inference_pb2.PipelineInput(
            media=inference_pb2.Media(data=bytes(value), media_type=media_type)
        )
    if isinstance(value, list | tuple) and value and all(isinstance(v, str) for v in value):
        return inference_pb2.PipelineInput(texts=inference_pb2.TextList(texts=list(value)))
    try:
        return inference_pb2.PipelineInput(json=_convert.to_value(value))
    except Exception as e:  # json_format raises several types for odd values
        raise InvalidArgument.field("input", f"cannot be sent as JSON: {e}") from None


def _deepspeed(value: str | Mapping[str, Any] | None) -> training_pb2.DeepSpeedConfig | None:
    """A preset name, a dict, or JSON text; checked with the server's own messages."""
    if value is None or value == "":
        return None
    if isinstance(value, Mapping):
        return training_pb2.DeepSpeedConfig(config_json=json.dumps(dict(value)))
    if not value.lstrip().startswith(("{", "[")):
        # A preset name: the training service knows its presets and refuses an
        # unknown one naming spec.deepspeed.preset (no copy of the list here).
        return training_pb2.DeepSpeedConfig(preset=value)
    try:
        parsed = json.loads(value)
    except json.JSONDecodeError as e:
        raise InvalidArgument.field(
            "spec.deepspeed.config_json",
            f"is not valid JSON: {e.msg} at line {e.lineno} column {e.colno}",
        ) from None
    if not isinstance(parsed, dict):
        raise InvalidArgument.field(
            "spec.deepspeed.config_json", f"must be a JSON object, got {type(parsed).__name__}"
        )
    return training_pb2.DeepSpeedConfig(config_json=value)


def check_validation(validation_fraction: float, validation_dataset: Any) -> None:
    """One validation split: a held-out fraction or a dataset, not both."""
    unset = validation_dataset is None or (
        isinstance(validation_dataset, str) and not validation_dataset
    )
    if validation_fraction > 0 and not unset:
        raise InvalidArgument.field(
            "spec.validation_dataset",
            "is evaluated instead of a held-out fraction: set it or validation_fraction, not both",
        )


def job_spec(
    *,
    base_model: str,
    dataset: str,
    method: str = "lora",
    task: str | None = None,
    columns: Mapping[str, str] | None = None,
    lora: Mapping[str, Any] | None = None,
    validation_fraction: float = 0.0,
    validation_dataset: str = "",
    hyperparameters: Mapping[str, Any] | None = None,
    num_workers: int = 1,
    use_gpu: bool = False,
    cpus_per_worker: float = 0.0,
    gpus_per_worker: float = 0.0,
    placement_strategy: str | None = None,
    report_to: str | Sequence[str] | None = None,
    deepspeed: str | Mapping[str, Any] | None = None,
    checkpoint_steps: int = 0,
    max_failures: int = 0,
    output_model: str = "",
    adapter_output: str = "adapter",
    output_description: str = "",
    output_tags: Mapping[str, str] | None = None,
    training_args: Mapping[str, Any] | None = None,
    **trainer_arguments: Any,
) -> training_pb2.JobSpec:
    """A JobSpec, refusing what is wrong on its face before it reaches the server.

    ``training_args`` (a dict) and any other keyword are HF ``TrainingArguments``
    / Superduper ``LLMTrainer`` names (``lmforge.training_args``), applied last;
    an unsupported one raises ``UnknownTrainingArgument`` (a ValueError).
    """
    if not base_model:
        raise InvalidArgument.field("spec.base_model", "must name a registry model")
    if not dataset:
        raise InvalidArgument.field("spec.dataset", "must name a registry dataset")
    spec = training_pb2.JobSpec(
        base_model=base_model,
        dataset=dataset,
        method=choice("spec.method", method, METHODS),
        validation_fraction=validation_fraction,
        validation_dataset=validation_dataset,
        checkpoint_steps=checkpoint_steps,
        max_failures=max_failures,
        report_to=reporting(report_to),
    )
    if task:
        spec.task = choice("spec.task", task, TASKS)
    if not 0 <= validation_fraction < 0.5:
        raise InvalidArgument.field(
            "spec.validation_fraction", f"must be in [0, 0.5), got {validation_fraction}"
        )
    check_validation(validation_fraction, validation_dataset)
    for key, value in (columns or {}).items():
        if key not in COLUMN_FIELDS:
            raise InvalidArgument.field(
                f"spec.columns.{key}", f"unknown column role; use {', '.join(COLUMN_FIELDS)}"
            )
        setattr(spec.columns, key, value)
    for key, value in (lora or {}).items():
        if key not in LORA_FIELDS:
            raise InvalidArgument.field(
                f"spec.lora.{key}", f"unknown LoRA setting; use {', '.join(LORA_FIELDS)}"
            )
        if key == "target_modules":
            # One string is one name ("all-linear"), not its characters.
            spec.lora.target_modules.extend([value] if isinstance(value, str) else value)
        else:
            setattr(spec.lora, key, value)
    for key, value in (hyperparameters or {}).items():
        if key not in HYPERPARAMETERS:
            raise InvalidArgument.field(
                f"spec.hyperparameters.{key}",
                f"unknown hyperparameter; use {', '.join(HYPERPARAMETERS)}",
            )
        setattr(spec.hyperparameters, key, value)
    if "learning_rate" in (hyperparameters or {}) and spec.hyperparameters.learning_rate <= 0:
        raise InvalidArgument.field(
            "spec.hyperparameters.learning_rate",
            f"must be > 0, got {spec.hyperparameters.learning_rate}",
        )
    if num_workers < 1:
        raise InvalidArgument.field("spec.scaling.num_workers", f"must be >= 1, got {num_workers}")
    spec.scaling.CopyFrom(
        training_pb2.ScalingConfig(
            num_workers=num_workers,
            use_gpu=use_gpu,
            cpus_per_worker=cpus_per_worker,
            gpus_per_worker=gpus_per_worker,
            placement_strategy=placement(placement_strategy),
        )
    )
    ds = _deepspeed(deepspeed)
    if ds is not None:
        spec.deepspeed.CopyFrom(ds)
    spec.output.CopyFrom(
        training_pb2.OutputConfig(
            model_name=output_model,
            adapter_output=choice("spec.output.adapter_output", adapter_output, ADAPTER_OUTPUTS),
            description=output_description,
            tags=dict(output_tags or {}),
        )
    )
    apply_training_args(spec, {**(training_args or {}), **trainer_arguments})
    return spec
