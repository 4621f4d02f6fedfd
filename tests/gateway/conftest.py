"""Fixtures of the gateway tests: inference on the tiny models, the gateway in front of it.

Both are real servers on 127.0.0.1 (gRPC and HTTP); the tests talk to the
gateway with the official ``openai`` client.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from gateway_helpers import TOKEN, Gateway, start_gateway
from inference.inference_helpers import make_settings, start_served


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
