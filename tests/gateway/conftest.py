"""Fixtures of the gateway tests: inference on the tiny models, the gateway in front of it.

Both are real servers on 127.0.0.1 (gRPC and HTTP); the tests talk to the
gateway with the official ``openai`` client.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openai
import pytest
import uvicorn

from inference.inference_helpers import Served, make_settings, start_served
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


@pytest.fixture(scope="module")
def gateway(
    s3_server: Any,
    tmp_path_factory: pytest.TempPathFactory,
    tiny_causal_lm: Path,
    tiny_classifier: Path,
) -> Iterator[Gateway]:
    settings = make_settings(s3_server, tmp_path_factory.mktemp("gw"), auth_token=TOKEN)
    served = start_served(settings)
    server = thread = None
    try:
        served.load_folder("lm", tiny_causal_lm, "text-generation")
        served.load_folder("cls", tiny_classifier, "text-classification")
        server, thread, url = start_gateway(served.thread.address, auth_token=TOKEN)
        yield Gateway(served, url, server, thread)
    finally:
        if server is not None and thread is not None:
            server.should_exit = True
            thread.join(15)
        served.channel.close()
        served.thread.stop()
