"""Prometheus metrics shared by the servers, and the HTTP endpoint that exposes them.

Metric objects live in one module-level registry because Prometheus client
metrics are process-global by design; every series is labelled with the
service, so several in-process servers (as in the tests) stay distinguishable.
"""

from __future__ import annotations

import threading
from wsgiref.simple_server import WSGIServer

from prometheus_client import REGISTRY, Counter, Gauge, Histogram, start_http_server

RPC_REQUESTS = Counter(
    "lmforge_rpc_requests",
    "gRPC calls handled, by service, method and status code.",
    ["service", "method", "code"],
)
RPC_LATENCY = Histogram(
    "lmforge_rpc_latency_seconds",
    "Wall time of gRPC calls (whole stream for streaming calls).",
    ["service", "method"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300),
)
IN_FLIGHT = Gauge("lmforge_rpc_in_flight", "gRPC calls in progress.", ["service"])


class MetricsServer:
    """The /metrics HTTP endpoint on its own thread."""

    def __init__(self, host: str, port: int) -> None:
        self._httpd: WSGIServer
        self._thread: threading.Thread
        self._httpd, self._thread = start_http_server(port, addr=host, registry=REGISTRY)

    @property
    def port(self) -> int:
        return int(self._httpd.server_port)

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
