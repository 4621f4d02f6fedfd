"""Settings of the inference service."""

from __future__ import annotations

from lmforge.services.core.settings import ServiceSettings, env


class InferenceSettings(ServiceSettings):
    """lmforge inference server: generation, chat, classification, embeddings, pipelines."""

    host: str = env("INFERENCE_HOST", "127.0.0.1", "Interface the inference server binds.")
    port: int = env("INFERENCE_PORT", 50052, "Inference gRPC port.", ge=0, lt=65536)
    metrics_port: int | None = env(
        "INFERENCE_METRICS_PORT", None, "Inference Prometheus port (unset: off)."
    )
    registry_address: str = env(
        "REGISTRY_ADDRESS", "127.0.0.1:50051", "host:port of the registry service."
    )
    cache_dir: str = env(
        "INFERENCE_CACHE_DIR",
        ".lmforge/cache",
        "Content-addressed local cache of model files pulled from the store.",
    )
