"""Prometheus metrics of the gateway (served at /metrics)."""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

REQUESTS = Counter(
    "lmforge_gateway_requests_total", "HTTP requests by route and status.", ["route", "status"]
)
LATENCY = Histogram(
    "lmforge_gateway_request_seconds",
    "Time to the full answer (or the end of a stream).",
    ["route"],
)
TTFT = Histogram(
    "lmforge_gateway_time_to_first_token_seconds",
    "Streaming: time from the request to the first chunk with text.",
    ["route"],
)
IN_FLIGHT = Gauge("lmforge_gateway_in_flight", "Requests being answered.", ["route"])
