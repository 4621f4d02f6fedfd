"""Settings of the inference service."""

from __future__ import annotations

import json
from typing import Annotated

from pydantic import field_validator
from pydantic_settings import NoDecode

from lmforge.services.core.settings import RegistryClientSettings, ServiceSettings, env


class InferenceSettings(ServiceSettings, RegistryClientSettings):
    """lmforge inference server: generation, chat, classification, embeddings, pipelines."""

    host: str = env("INFERENCE_HOST", "127.0.0.1", "Interface the inference server binds.")
    port: int = env("INFERENCE_PORT", 50052, "Inference gRPC port.", ge=0, lt=65536)
    metrics_port: int | None = env(
        "INFERENCE_METRICS_PORT", None, "Inference Prometheus port (unset: off)."
    )
    cache_dir: str = env(
        "INFERENCE_CACHE_DIR",
        ".lmforge/cache",
        "Content-addressed local cache of model files pulled from the store.",
    )
    device: str = env(
        "INFERENCE_DEVICE", "cpu", "Default device for models: cpu, cuda, cuda:N or auto."
    )
    # NoDecode: the variable is "a,b" or a JSON list; _split_preload reads both.
    preload: Annotated[list[str], NoDecode] = env(
        "INFERENCE_PRELOAD",
        [],
        "Registry references to load at start-up (comma-separated or JSON list).",
    )
    allow_trust_remote_code: bool = env(
        "INFERENCE_ALLOW_TRUST_REMOTE_CODE",
        False,
        "Let LoadModel run custom modelling code shipped with a model (trust_remote_code).",
    )
    queue_capacity: int = env(
        "INFERENCE_QUEUE_CAPACITY",
        256,
        "Requests waiting per model (beyond the running batch) before RESOURCE_EXHAUSTED.",
        gt=0,
    )
    max_new_tokens_limit: int = env(
        "INFERENCE_MAX_NEW_TOKENS", 1024, "Largest max_new_tokens a request may ask for.", gt=0
    )
    default_max_new_tokens: int = env(
        "INFERENCE_DEFAULT_MAX_NEW_TOKENS", 64, "max_new_tokens when a request leaves it 0.", gt=0
    )
    max_running_sequences: int = env(
        "INFERENCE_MAX_RUNNING_SEQUENCES",
        32,
        "Continuous batching: sequences decoded together in one step.",
        gt=0,
    )
    kv_cache_tokens: int = env(
        "INFERENCE_KV_CACHE_TOKENS",
        65536,
        "Continuous batching: K/V budget in tokens, running sequences and cached prefixes "
        "together. A request reserves prompt + max_new_tokens, less the prefix blocks "
        "running sequences already hold; new requests wait while it is spent.",
        gt=0,
    )
    kv_cache_mb: float = env(
        "INFERENCE_KV_CACHE_MB",
        0.0,
        "Continuous batching: MiB of K/V memory per model, running sequences and cached "
        "prefixes together; caps kv_cache_tokens for that model, and cached prefixes are "
        "evicted to stay within it. 0: half the model's weight bytes, at least 64 MiB.",
        ge=0,
    )
    prefill_chunk_tokens: int = env(
        "INFERENCE_PREFILL_CHUNK_TOKENS",
        256,
        "Continuous batching: most prompt tokens prefilled in one forward; a longer prompt "
        "is split, so running streams wait at most one chunk between tokens.",
        gt=0,
    )
    prefix_cache_tokens: int = env(
        "INFERENCE_PREFIX_CACHE_TOKENS",
        8192,
        "Continuous batching: KV tokens of finished prompts kept for reuse by later prompts "
        "with the same prefix (0 turns prefix caching off).",
        ge=0,
    )
    max_context_tokens: int = env(
        "INFERENCE_MAX_CONTEXT_TOKENS",
        8192,
        "Upper bound on prompt + generation length, below the model's own limit.",
        gt=0,
    )
    max_batch_texts: int = env(
        "INFERENCE_MAX_BATCH_TEXTS", 256, "Most texts in one Classify / Embed call.", gt=0
    )
    classify_max_batch_size: int = env(
        "INFERENCE_CLASSIFY_MAX_BATCH_SIZE",
        32,
        "Dynamic batcher: most texts per classifier forward pass (1 turns batching off).",
        gt=0,
    )
    classify_max_delay_ms: float = env(
        "INFERENCE_CLASSIFY_MAX_DELAY_MS",
        5.0,
        "Dynamic batcher: longest a text waits for others to fill a batch.",
        ge=0,
    )

    max_num_beams: int = env(
        "INFERENCE_MAX_NUM_BEAMS",
        4,
        "RunPipeline: largest num_beams a generation pipeline call may ask for.",
        gt=0,
    )
    max_num_return_sequences: int = env(
        "INFERENCE_MAX_NUM_RETURN_SEQUENCES",
        4,
        "RunPipeline: largest num_return_sequences a generation pipeline call may ask for.",
        gt=0,
    )
    max_prompt_bytes: int = env(
        "INFERENCE_MAX_PROMPT_BYTES",
        256 * 1024,
        "Largest prompt, message list or pipeline text (UTF-8 bytes) a request may carry "
        "(checked before tokenizing; 256 KiB is over 8192 tokens of 32 bytes).",
        gt=0,
    )
    max_image_pixels: int = env(
        "INFERENCE_MAX_IMAGE_PIXELS",
        4096 * 4096,
        "RunPipeline: largest image (width x height) decoded; checked before decoding.",
        gt=0,
    )
    max_audio_seconds: float = env(
        "INFERENCE_MAX_AUDIO_SECONDS",
        600.0,
        "RunPipeline: longest audio input decoded.",
        gt=0,
    )
    max_loaded_models: int = env(
        "INFERENCE_MAX_LOADED_MODELS",
        8,
        "Models loaded (or loading) at once; LoadModel beyond it is RESOURCE_EXHAUSTED.",
        gt=0,
    )
    max_adapters_per_model: int = env(
        "INFERENCE_MAX_ADAPTERS_PER_MODEL",
        16,
        "LoRA adapters attached to one model; LoadAdapter beyond it is RESOURCE_EXHAUSTED.",
        gt=0,
    )
    cache_max_bytes: int = env(
        "INFERENCE_CACHE_MAX_BYTES",
        100 * 1024**3,
        "Size of the local model-file cache; least recently used files that no loaded "
        "model uses are evicted to stay under it.",
        gt=0,
    )

    @field_validator("preload", mode="before")
    @classmethod
    def _split_preload(cls, v: object) -> object:
        if isinstance(v, str):
            s = v.strip()
            if s.startswith("["):
                return json.loads(s)
            return [p.strip() for p in s.split(",") if p.strip()]
        return v
