"""RunPipeline: any transformers pipeline task over a loaded model, outputs made JSON.

A pipeline is built once per (model, task) around the already-loaded model
and tokenizer, so it shares their memory. Outputs (numpy arrays, tensors,
numpy scalars, nested lists and dicts) are converted to plain JSON values.
"""

from __future__ import annotations

import io
import math
import threading
from typing import Any

from transformers.pipelines.base import PipelineException

from lmforge.errors import FailedPrecondition, InvalidArgument


def get_pipeline(record_pipelines: dict[str, Any], task: str, loaded: Any) -> Any:
    import transformers

    pipe = record_pipelines.get(task)
    if pipe is not None:
        return pipe
    if loaded.pipeline is not None and loaded.pipeline.task == task:
        pipe = loaded.pipeline
    else:
        try:
            pipe = transformers.pipeline(task, model=loaded.model, tokenizer=loaded.tokenizer)  # type: ignore[call-overload]
        except (KeyError, ValueError, TypeError, OSError) as e:
            raise InvalidArgument.field(
                "task", f"the loaded model cannot run the {task!r} pipeline: {e}"
            ) from e
    record_pipelines[task] = pipe
    return pipe


def decode_media(data: bytes, media_type: str) -> Any:
    """Bytes with a media type -> what pipelines take (PIL image, audio array, or bytes)."""
    if media_type.startswith("image/"):
        try:
            from PIL import Image
        except ImportError as e:  # pragma: no cover - Pillow comes with the server extra
            raise FailedPrecondition("image input needs Pillow on the server") from e
        try:
            return Image.open(io.BytesIO(data)).convert("RGB")
        except OSError as e:
            raise InvalidArgument.field("input.media.data", f"not a readable image: {e}") from e
    # Audio pipelines decode raw bytes (through ffmpeg) themselves.
    return data


def run_pipeline(pipe: Any, lock: threading.Lock, inputs: Any, parameters: dict[str, Any]) -> Any:
    if isinstance(inputs, list) and "batch_size" not in parameters:
        # Many texts in one call go through the model in padded batches.
        parameters = {**parameters, "batch_size": min(len(inputs), 32)}
    try:
        with lock:
            if isinstance(inputs, dict) and not _is_single_input(pipe):
                output = pipe(**inputs, **parameters)
            else:
                output = pipe(inputs, **parameters)
    except (ValueError, TypeError, KeyError, PipelineException) as e:
        raise InvalidArgument.field("input", f"the {pipe.task} pipeline refused it: {e}") from e
    return to_json(output)


def _is_single_input(pipe: Any) -> bool:
    # Question answering and zero-shot take keyword inputs ({"question":..,"context":..}),
    # others take one positional input (which may itself be a dict).
    return pipe.task not in (
        "question-answering",
        "zero-shot-classification",
        "table-question-answering",
    )


def integral_numbers(value: Any) -> Any:
    """JSON from protobuf has only floats; pipelines want ints for top_k and the like."""
    if isinstance(value, dict):
        return {k: integral_numbers(v) for k, v in value.items()}
    if isinstance(value, list):
        return [integral_numbers(v) for v in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


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
