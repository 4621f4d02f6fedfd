"""Helpers of the gateway tests: the gateway (uvicorn) in a thread in front of inference.

Both are real servers on 127.0.0.1 (gRPC and HTTP); the tests talk to the
gateway with the official ``openai`` client.
"""

from __future__ import annotations

import socket
import threading
from dataclasses import dataclass
from typing import Any

import openai
import uvicorn

from inference.inference_helpers import Served
from lmforge.services.gateway.app import build_app
from lmforge.services.gateway.settings import GatewaySettings
from waiting import wait_for

TOKEN = "gateway-test-token"
AUTH = (("authorization", f"Bearer {TOKEN}"),)


@dataclass
class Gateway:
    served: Served
    url: str
    server: uvicorn.Server
    thread: threading.Thread

    def client(self, **kw: Any) -> openai.OpenAI:
        kw.setdefault("api_key", TOKEN)
        return openai.OpenAI(base_url=f"{self.url}/v1", max_retries=0, timeout=60, **kw)


def start_gateway(
    inference_address: str, **overrides: Any
) -> tuple[uvicorn.Server, threading.Thread, str]:
    settings = GatewaySettings(inference_address=inference_address, port=0, **overrides)
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(build_app(settings), log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    wait_for(lambda: server.started, timeout=30)
    return server, thread, f"http://127.0.0.1:{port}"
