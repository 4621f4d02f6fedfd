"""``lmforge status`` and the client-side helpers of ``lmforge up``.

Where each service is (``address_of``) and whether it serves (``health``).
``lmforge up`` itself starts and supervises the services, so it lives with
them: ``lmforge.services.launcher`` (it needs the server extra).
"""

from __future__ import annotations

import os

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc

SERVICES = ("registry", "inference", "training")
DEFAULT_PORTS = {"registry": 50051, "inference": 50052, "training": 50053, "gateway": 8000}


def address_of(service: str, env: dict[str, str] | None = None) -> str:
    """host:port a client uses for a service (``LMFORGE_<SERVICE>_ADDRESS``)."""
    env = dict(os.environ) if env is None else env
    key = f"LMFORGE_{service.upper()}_ADDRESS"
    if key in env:
        return env[key]
    port = env.get(f"LMFORGE_{service.upper()}_PORT", str(DEFAULT_PORTS[service]))
    return f"127.0.0.1:{port}"


def health(address: str, timeout: float = 2.0, token: str | None = None) -> str:
    """The overall grpc.health status of a server, or UNREACHABLE."""
    with grpc.insecure_channel(address) as channel:
        stub = health_pb2_grpc.HealthStub(channel)
        try:
            reply = stub.Check(health_pb2.HealthCheckRequest(service=""), timeout=timeout)
        except grpc.RpcError as e:
            code = e.code() if hasattr(e, "code") else None
            return "UNREACHABLE" if code == grpc.StatusCode.UNAVAILABLE else str(code)
    return str(health_pb2.HealthCheckResponse.ServingStatus.Name(reply.status))


def inference_details(address: str, timeout: float = 2.0) -> list[str]:
    """What a SERVING inference server reports beside its health: failed alias swaps.

    grpc.health carries no text, so a followed alias whose new version failed
    to load (the old version keeps serving, health stays SERVING) is read from
    GetServerInfo.
    """
    from lmforge.v1 import inference_pb2, inference_pb2_grpc

    with grpc.insecure_channel(address) as channel:
        stub = inference_pb2_grpc.InferenceServiceStub(channel)
        try:
            info = stub.GetServerInfo(inference_pb2.GetServerInfoRequest(), timeout=timeout)
        except grpc.RpcError:
            return []
    return [f"{m.name}: {m.swap_error}" for m in info.models if m.swap_error]


# -- the gateway (OpenAI HTTP API): an HTTP service, so its health is checked over HTTP ------


def gateway_health(address: str, timeout: float = 2.0) -> str:
    """SERVING when the gateway's /health answers 200 (it checks inference), else why not."""
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(f"http://{address}/health", timeout=timeout) as reply:
            return "SERVING" if reply.status == 200 else "NOT_SERVING"
    except urllib.error.HTTPError:
        return "NOT_SERVING"
    except OSError:
        return "UNREACHABLE"
