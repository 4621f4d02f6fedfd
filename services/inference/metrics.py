"""Prometheus metrics of the inference service (in the shared process-wide registry)."""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

TTFT = Histogram(
    "lmforge_inference_time_to_first_token_seconds",
    "From a generation request's arrival to its first generated token.",
    ["model"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
GENERATED_TOKENS = Counter(
    "lmforge_inference_generated_tokens",
    "Tokens generated (rate() of it is tokens/s).",
    ["model"],
)
DECODE_BATCH_SIZE = Histogram(
    "lmforge_inference_decode_batch_size",
    "Sequences decoded together in one continuous-batching step.",
    ["model"],
    buckets=(1, 2, 4, 8, 16, 32, 64, 128),
)
CLASSIFY_BATCH_SIZE = Histogram(
    "lmforge_inference_classify_batch_size",
    "Texts in one forward pass of the classification batcher.",
    ["model"],
    buckets=(1, 2, 4, 8, 16, 32, 64, 128, 256),
)
QUEUE_DEPTH = Gauge(
    "lmforge_inference_queue_depth",
    "Requests waiting or running, by model.",
    ["model"],
)
PREFIX_LOOKUP_TOKENS = Counter(
    "lmforge_inference_prefix_cache_lookup_tokens",
    "Prompt tokens looked up in the KV prefix cache.",
    ["model"],
)
PREFIX_HIT_TOKENS = Counter(
    "lmforge_inference_prefix_cache_hit_tokens",
    "Prompt tokens whose K/V came from the prefix cache instead of a prefill.",
    ["model"],
)
PREFIX_HIT_RATE = Gauge(
    "lmforge_inference_prefix_cache_hit_rate",
    "Share of looked-up prompt tokens served from the prefix cache since the model loaded.",
    ["model"],
)
