"""Building a model and its tokenizer from a local folder, with the caller's load options.

The model class follows the task (causal LM for text generation, sequence
classifier for text classification ...); tasks without an entry here are
loaded by ``transformers.pipeline`` itself, which knows its own classes
(image, audio, multimodal tasks).
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch

from lmforge.errors import FailedPrecondition, InvalidArgument

from .allowlists import MODEL_KWARGS, TOKENIZER_KWARGS, check_kwargs

log = logging.getLogger(__name__)

DTYPES = {
    "float32": torch.float32,
    "fp32": torch.float32,
    "float16": torch.float16,
    "fp16": torch.float16,
    "bfloat16": torch.bfloat16,
    "bf16": torch.bfloat16,
}

# device_map values accepted: placement over the GPUs only ("disk" offload
# would write weights to a folder of transformers' choosing).
DEVICE_MAPS = ("auto", "balanced", "balanced_low_0", "sequential")

# Task -> the transformers Auto class that fits it.
TASK_CLASSES = {
    "text-generation": "AutoModelForCausalLM",
    "text-classification": "AutoModelForSequenceClassification",
    "sentiment-analysis": "AutoModelForSequenceClassification",
    "zero-shot-classification": "AutoModelForSequenceClassification",
    "feature-extraction": "AutoModel",
    "sentence-similarity": "AutoModel",
    "token-classification": "AutoModelForTokenClassification",
    "ner": "AutoModelForTokenClassification",
    "fill-mask": "AutoModelForMaskedLM",
    "question-answering": "AutoModelForQuestionAnswering",
    "summarization": "AutoModelForSeq2SeqLM",
    "translation": "AutoModelForSeq2SeqLM",
    "text2text-generation": "AutoModelForSeq2SeqLM",
}

# Architecture suffix -> task, for models registered without a task.
_ARCH_TASKS = (
    ("ForCausalLM", "text-generation"),
    ("ForSequenceClassification", "text-classification"),
    ("ForTokenClassification", "token-classification"),
    ("ForMaskedLM", "fill-mask"),
    ("ForQuestionAnswering", "question-answering"),
    ("ForConditionalGeneration", "text2text-generation"),
)


@dataclass(frozen=True)
class LoadOptions:
    """How to load a model (decoded from the request's LoadOptions)."""

    dtype: str = ""
    device: str = ""
    device_map: str = ""
    quantization: str = ""  # "", "int8" or "int4"
    model_kwargs: dict[str, Any] = field(default_factory=dict)
    tokenizer_kwargs: dict[str, Any] = field(default_factory=dict)
    trust_remote_code: bool = False
    task: str = ""


@dataclass
class Loaded:
    """What loading produced."""

    model: Any
    tokenizer: Any
    task: str
    device: str
    dtype: str
    pipeline: Any = None  # set when the pipeline itself loaded the model


def check_task(task: str) -> None:
    """options.task: a pipeline task transformers knows (never a path or a module)."""
    from transformers.pipelines import SUPPORTED_TASKS, TASK_ALIASES

    if task not in SUPPORTED_TASKS and task not in TASK_ALIASES and task not in TASK_CLASSES:
        raise InvalidArgument.field("options.task", f"{task[:100]!r} is not a pipeline task")


def infer_task(folder: Path) -> str:
    try:
        config = json.loads((folder / "config.json").read_text())
    except (OSError, ValueError):
        return "feature-extraction"
    for arch in config.get("architectures") or []:
        for suffix, task in _ARCH_TASKS:
            if arch.endswith(suffix):
                return task
    return "feature-extraction"


def resolve_device(requested: str, default: str) -> str:
    device = requested or default or "cpu"
    has_cuda = torch.cuda.is_available()
    if device == "auto":
        return "cuda" if has_cuda else "cpu"
    if device.startswith("cuda"):
        if not has_cuda:
            raise FailedPrecondition(
                f"options.device: {device!r} asked for, but this server has no CUDA device; "
                "use 'cpu' or 'auto'"
            )
        return device
    if device != "cpu":
        raise InvalidArgument.field(
            "options.device", f"{device!r} is not a device: use cpu, cuda, cuda:N or auto"
        )
    return device


def check_options(opts: LoadOptions, default_device: str, allow_remote_code: bool) -> str:
    """Validate options before any file is fetched; returns the device to use."""
    # Pass-through kwargs are allowlisted: keys naming files or folders on the
    # server (gguf_file, subfolder, cache_dir, offload_folder ...) never reach
    # from_pretrained.
    check_kwargs(opts.model_kwargs, MODEL_KWARGS, "options.model_kwargs")
    check_kwargs(opts.tokenizer_kwargs, TOKENIZER_KWARGS, "options.tokenizer_kwargs")
    if opts.device_map and opts.device_map not in DEVICE_MAPS:
        raise InvalidArgument.field(
            "options.device_map",
            f"{opts.device_map[:100]!r}: use one of {', '.join(DEVICE_MAPS)} (a map that "
            "offloads to disk is not accepted)",
        )
    if opts.task:
        check_task(opts.task)
    if opts.dtype and opts.dtype != "auto" and opts.dtype not in DTYPES:
        raise InvalidArgument.field(
            "options.dtype", f"{opts.dtype!r}: use auto, float32, float16 or bfloat16"
        )
    device = resolve_device(opts.device, default_device)
    if opts.quantization and not device.startswith("cuda"):
        raise FailedPrecondition(
            f"options.quantization: {opts.quantization} quantization (bitsandbytes) needs a CUDA "
            "GPU and this model would load on the CPU; load it without quantization"
        )
    if opts.device_map and not torch.cuda.is_available():
        raise FailedPrecondition(
            "options.device_map: a device_map needs CUDA devices; this server has none"
        )
    if opts.trust_remote_code and not allow_remote_code:
        raise FailedPrecondition(
            "options.trust_remote_code: this server does not run custom modelling code; "
            "its operator can allow it with LMFORGE_INFERENCE_ALLOW_TRUST_REMOTE_CODE=true"
        )
    return device


def load_folder(
    folder: Path, task: str, opts: LoadOptions, device: str, gguf_file: str | None = None
) -> Loaded:
    """Load model and tokenizer from ``folder`` (runs in a worker thread)."""
    import transformers

    task = opts.task or task or infer_task(folder)
    kwargs: dict[str, Any] = dict(opts.model_kwargs)
    if opts.dtype and opts.dtype != "auto":
        kwargs["dtype"] = DTYPES[opts.dtype]
    elif opts.dtype == "auto":
        kwargs["dtype"] = "auto"
    elif device == "cpu":
        kwargs["dtype"] = torch.float32  # half precision is slow or missing on CPU
    if opts.trust_remote_code:
        kwargs["trust_remote_code"] = True
    if opts.device_map:
        kwargs["device_map"] = opts.device_map
    if opts.quantization:
        kwargs["quantization_config"] = transformers.BitsAndBytesConfig(
            load_in_8bit=opts.quantization == "int8", load_in_4bit=opts.quantization == "int4"
        )
    if gguf_file:
        kwargs["gguf_file"] = gguf_file
    tok_kwargs = dict(opts.tokenizer_kwargs)
    if gguf_file:
        tok_kwargs.setdefault("gguf_file", gguf_file)
    try:
        class_name = TASK_CLASSES.get(task)
        if class_name is None:
            pipe = transformers.pipeline(  # type: ignore[call-overload]
                task, model=str(folder), device=device, model_kwargs=kwargs
            )
            return Loaded(
                pipe.model, pipe.tokenizer, task, device, str(pipe.model.dtype), pipeline=pipe
            )
        model = getattr(transformers, class_name).from_pretrained(str(folder), **kwargs)
        tokenizer = transformers.AutoTokenizer.from_pretrained(str(folder), **tok_kwargs)
    except (OSError, ValueError, TypeError, KeyError) as e:
        # The caller named a registry version, not a folder: keep the server's paths out.
        why = str(e).replace(str(folder), "<model files>")
        raise FailedPrecondition(f"cannot load a {task} model from these files: {why}") from e
    if not opts.device_map and not opts.quantization:
        model = model.to(device)
    model.eval()
    if tokenizer.pad_token is None and tokenizer.eos_token is not None:
        tokenizer.pad_token = tokenizer.eos_token
    return Loaded(
        model, tokenizer, task, str(model.device), str(model.dtype).removeprefix("torch.")
    )


def memory_bytes(model: Any) -> int:
    params = sum(p.numel() * p.element_size() for p in model.parameters())
    buffers = sum(b.numel() * b.element_size() for b in model.buffers())
    return int(params + buffers)


def warm_up(loaded: Loaded) -> None:
    """One real forward pass, so the model reports ready only once it can serve."""
    model, tok = loaded.model, loaded.tokenizer
    with torch.inference_mode():
        if loaded.pipeline is not None:
            # Image and audio pipelines (speech recognition has a tokenizer too, but
            # its model takes audio features): their inputs are not text to warm up with.
            return
        enc = tok(["warm up"], return_tensors="pt").to(model.device)
        model(**enc)
