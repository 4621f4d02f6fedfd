"""RunPipeline: transformers pipeline tasks over a loaded model, outputs made JSON.

A pipeline is built once per (model, task) around the already-loaded model
and tokenizer, so it shares their memory. What reaches a pipeline is checked
first (``check_call``): the task must be one of ``allowlists.TASKS``, its
parameters are that task's allowlist with Generate's bounds, texts are
bounded in bytes, and media tasks take only bytes with a media type. A text
given to an image or audio task is refused, never handed over: transformers
would fetch it as a URL (following redirects) or open it as a local path.
Images are decoded here with a pixel limit checked on the header before any
pixel is decoded; audio is decoded by libsndfile (soundfile) and resampled
here, so neither ffmpeg nor torchaudio is needed. Decoding runs in the worker
thread of the call, not on the event loop. Outputs (numpy arrays, tensors,
numpy scalars, nested lists and dicts) are converted to plain JSON values.
"""

from __future__ import annotations

import io
import math
import threading
import warnings
from dataclasses import dataclass
from typing import Any

from transformers.pipelines.base import PipelineException

from lmforge.errors import FailedPrecondition, InvalidArgument
from lmforge.services.core.values import value_to_python

from .allowlists import (
    AUDIO,
    IMAGE,
    TEXT,
    Limits,
    TaskSpec,
    check_chat_messages,
    check_pipeline_parameters,
    check_text_pair,
    task_spec,
)

IMAGE_TYPES = {
    "image/png": "PNG",
    "image/jpeg": "JPEG",
    "image/jpg": "JPEG",
    "image/gif": "GIF",
    "image/webp": "WEBP",
    "image/bmp": "BMP",
}
AUDIO_TYPES = {
    "audio/wav": "WAV",
    "audio/x-wav": "WAV",
    "audio/wave": "WAV",
    "audio/flac": "FLAC",
    "audio/x-flac": "FLAC",
    "audio/ogg": "OGG",
}


@dataclass(frozen=True)
class PipelineInputs:
    """The request's input as plain values: which kind, and its value."""

    kind: str  # "text", "texts", "media", "json" or "" (none set)
    value: Any = None
    media_type: str = ""


@dataclass(frozen=True)
class MediaLimits:
    max_image_pixels: int
    max_audio_seconds: float


@dataclass(frozen=True)
class PipelineCall:
    """A checked RunPipeline call, ready for the worker thread."""

    task: str
    spec: TaskSpec
    inputs: PipelineInputs
    parameters: dict[str, Any]
    media: MediaLimits


def pipeline_inputs(msg: Any) -> PipelineInputs:
    """Decode a PipelineInput message (no media decoding yet: that runs off the loop)."""
    kind = msg.WhichOneof("input") or ""
    if kind == "text":
        return PipelineInputs("text", msg.text)
    if kind == "texts":
        return PipelineInputs("texts", list(msg.texts.texts))
    if kind == "media":
        return PipelineInputs("media", bytes(msg.media.data), msg.media.media_type)
    if kind == "json":
        return PipelineInputs("json", value_to_python(msg.json, "input.json"))
    return PipelineInputs("")


def check_call(
    task: str,
    inputs: PipelineInputs,
    parameters: dict[str, Any],
    settings: Any,
) -> PipelineCall:
    """Everything about a RunPipeline request that can be checked before the model runs."""
    name, spec = task_spec(task)
    limits = Limits(
        max_new_tokens=settings.max_new_tokens_limit,
        default_max_new_tokens=settings.default_max_new_tokens,
        max_num_beams=settings.max_num_beams,
        max_return_sequences=settings.max_num_return_sequences,
    )
    params = check_pipeline_parameters(name, spec, parameters, limits)
    _check_inputs(name, spec, inputs, settings)
    media = MediaLimits(settings.max_image_pixels, settings.max_audio_seconds)
    return PipelineCall(name, spec, inputs, params, media)


def _check_inputs(task: str, spec: TaskSpec, inputs: PipelineInputs, settings: Any) -> None:
    if not inputs.kind:
        raise InvalidArgument.field("input", "set one of text, texts, media or json")
    if spec.kind != TEXT:
        if inputs.kind != "media":
            raise InvalidArgument.field(
                f"input.{inputs.kind}",
                f"the {task} task takes {spec.kind} bytes in input.media with a media type; "
                "a text (URL or path) is never fetched or opened",
            )
        types = IMAGE_TYPES if spec.kind == IMAGE else AUDIO_TYPES
        if inputs.media_type.lower() not in types:
            raise InvalidArgument.field(
                "input.media.media_type",
                f"{inputs.media_type[:100]!r}: the {task} task takes {', '.join(types)}",
            )
        if not inputs.value:
            raise InvalidArgument.field("input.media.data", "must not be empty")
        return
    limit = settings.max_prompt_bytes
    if inputs.kind == "media":
        raise InvalidArgument.field(
            "input.media", f"the {task} task takes text (input.text, input.texts or input.json)"
        )
    if inputs.kind == "text":
        _check_text(inputs.value, "input.text", limit)
    elif inputs.kind == "texts":
        if not inputs.value:
            raise InvalidArgument.field("input.texts", "give at least one text")
        if len(inputs.value) > settings.max_batch_texts:
            raise InvalidArgument.field(
                "input.texts",
                f"{len(inputs.value)} texts in one call; the limit is {settings.max_batch_texts} "
                "(LMFORGE_INFERENCE_MAX_BATCH_TEXTS): split the call",
            )
        for i, t in enumerate(inputs.value):
            _check_text(t, f"input.texts[{i}]", limit)
    elif inputs.kind == "json":
        if spec.json_input == "chat":
            messages = check_chat_messages(inputs.value, "input.json")
            _check_size(sum(len(m["content"].encode()) for m in messages), "input.json", limit)
        elif spec.json_input == "pair":
            pair = check_text_pair(inputs.value, "input.json")
            _check_size(sum(len(v.encode()) for v in pair.values()), "input.json", limit)
        else:
            raise InvalidArgument.field(
                "input.json", f"the {task} task takes input.text or input.texts"
            )


def _check_text(t: str, field: str, limit: int) -> None:
    if not t:
        raise InvalidArgument.field(field, "must not be empty")
    _check_size(len(t.encode()), field, limit)


def _check_size(n: int, field: str, limit: int) -> None:
    if n > limit:
        raise InvalidArgument.field(
            field, f"{n} bytes; the limit is {limit} (LMFORGE_INFERENCE_MAX_PROMPT_BYTES)"
        )


def get_pipeline(record_pipelines: dict[str, Any], task: str, loaded: Any) -> Any:
    import transformers

    pipe = record_pipelines.get(task)
    if pipe is not None:
        return pipe
    if loaded.pipeline is not None and loaded.pipeline.task == task:
        pipe = loaded.pipeline
    else:
        try:
            pipe = transformers.pipeline(  # type: ignore[call-overload]
                task,
                model=loaded.model,
                tokenizer=loaded.tokenizer,
                **_processors(loaded),
            )
        except (KeyError, ValueError, TypeError, OSError, AttributeError) as e:
            raise InvalidArgument.field(
                "task", f"the loaded model cannot run the {task!r} pipeline: {e}"
            ) from e
    record_pipelines[task] = pipe
    return pipe


def _processors(loaded: Any) -> dict[str, Any]:
    # A pipeline built around a model object cannot find its image processor or
    # feature extractor by itself: reuse the ones the loading pipeline found.
    first = loaded.pipeline
    if first is None:
        return {}
    out = {}
    for name in ("image_processor", "feature_extractor", "processor"):
        value = getattr(first, name, None)
        if value is not None:
            out[name] = value
    return out


def decode_image(data: bytes, media_type: str, max_pixels: int) -> Any:
    """Image bytes -> an RGB PIL image; the size is checked on the header, before decoding."""
    try:
        from PIL import Image
    except ImportError as e:  # pragma: no cover - Pillow comes with the server extra
        raise FailedPrecondition("image input needs Pillow on the server") from e
    field = "input.media.data"
    fmt = IMAGE_TYPES[media_type.lower()]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            img = Image.open(io.BytesIO(data), formats=[fmt])  # reads the header only
            width, height = img.size
            if width * height > max_pixels:
                raise InvalidArgument.field(
                    field,
                    f"{width}x{height} pixels; the limit is {max_pixels} "
                    "(LMFORGE_INFERENCE_MAX_IMAGE_PIXELS)",
                )
            return img.convert("RGB")
    except InvalidArgument:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as e:
        raise InvalidArgument.field(field, f"image too large to decode: {e}") from e
    except (OSError, ValueError, SyntaxError, EOFError) as e:
        # PIL raises these for truncated, corrupt or mislabelled data.
        raise InvalidArgument.field(field, f"not a readable {fmt} image: {e}") from e


def decode_audio(data: bytes, media_type: str, sampling_rate: int, max_seconds: float) -> Any:
    """Audio bytes -> mono float32 samples at the model's sampling rate."""
    import numpy as np
    import soundfile as sf

    field = "input.media.data"
    fmt = AUDIO_TYPES[media_type.lower()]
    try:
        info = sf.info(io.BytesIO(data))
        if info.format != fmt:
            raise InvalidArgument.field(field, f"{info.format} data labelled {media_type!r}")
        if info.samplerate <= 0 or info.frames / info.samplerate > max_seconds:
            raise InvalidArgument.field(
                field,
                f"{info.frames / max(info.samplerate, 1):.1f} s of audio; the limit is "
                f"{max_seconds:g} s (LMFORGE_INFERENCE_MAX_AUDIO_SECONDS)",
            )
        samples, rate = sf.read(io.BytesIO(data), dtype="float32", always_2d=True)
    except InvalidArgument:
        raise
    except (sf.LibsndfileError, RuntimeError, ValueError, TypeError) as e:
        raise InvalidArgument.field(field, f"not readable {fmt} audio: {e}") from e
    mono = samples.mean(axis=1)
    if rate != sampling_rate and len(mono):
        # Linear resampling: enough for classification and speech models, and no
        # torchaudio (which need not match the installed torch).
        n = max(1, round(len(mono) * sampling_rate / rate))
        mono = np.interp(np.linspace(0, len(mono) - 1, n), np.arange(len(mono)), mono).astype(
            "float32"
        )
    return mono


def _model_inputs(pipe: Any, call: PipelineCall) -> Any:
    inputs = call.inputs
    if call.spec.kind == IMAGE:
        return decode_image(inputs.value, inputs.media_type, call.media.max_image_pixels)
    if call.spec.kind == AUDIO:
        rate = getattr(pipe.feature_extractor, "sampling_rate", None) or 16000
        samples = decode_audio(inputs.value, inputs.media_type, rate, call.media.max_audio_seconds)
        return {"raw": samples, "sampling_rate": rate}
    if inputs.kind == "json":
        if call.spec.json_input == "chat":
            return check_chat_messages(inputs.value, "input.json")
        return check_text_pair(inputs.value, "input.json")
    return inputs.value


def run_pipeline(pipe: Any, lock: threading.Lock, call: PipelineCall) -> Any:
    """Decode the input and run the pipeline (in a worker thread)."""
    inputs = _model_inputs(pipe, call)
    parameters = call.parameters
    if isinstance(inputs, list) and call.inputs.kind == "texts":
        # Many texts in one call go through the model in padded batches.
        parameters = {**parameters, "batch_size": min(len(inputs), 32)}
    try:
        with lock:
            output = pipe(inputs, **parameters)
    except (ValueError, TypeError, KeyError, IndexError, PipelineException) as e:
        raise InvalidArgument.field("input", f"the {pipe.task} pipeline refused it: {e}") from e
    except Exception as e:
        _template_error(e)
        raise
    return to_json(output)


def _template_error(e: Exception) -> None:
    try:
        from jinja2 import TemplateError
    except ImportError:  # pragma: no cover - jinja2 comes with transformers
        return
    if isinstance(e, TemplateError):
        raise InvalidArgument.field("input.json", f"the chat template refused it: {e}") from e


def to_json(value: Any) -> Any:
    """Nested pipeline output -> JSON-safe Python (lists, dicts, str, float, int, bool, None)."""
    if isinstance(value, dict):
        return {str(k): to_json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_json(v) for v in value]
    if hasattr(value, "tolist"):  # numpy arrays and scalars, torch tensors
        return to_json(value.tolist())
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    return str(value)
