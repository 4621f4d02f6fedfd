"""Serve a live lmforge platform with tiny models for the Node client's test.

Starts SeaweedFS, the registry and the inference server on free 127.0.0.1
ports, builds the tiny causal LM and classifier, registers them through the
Python SDK and loads them as ``node-lm`` and ``node-cls``. Then prints one
JSON line (addresses and model names) and stays up until SIGTERM/SIGINT or
until its stdin closes, then stops everything it started.

The JSON also names a ``control`` address (127.0.0.1, this test script only):
a line ``pause MODEL`` holds that model's lock, so its engine stops before the
next forward and the Node test can show a cancelled stream frees its slot
while it could not have finished on its own; ``resume MODEL`` lets go (so
does closing the connection). Each line is answered ``ok``.

    python tests/node/serve_for_node.py [--state-dir DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

TESTS = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(TESTS))  # tiny_models, servers, sdk.platform_fixture


def serve_control(records: dict[str, Any]) -> Any:
    """The pause/resume line protocol of the module docstring, on a free 127.0.0.1 port."""
    import socketserver

    class Handler(socketserver.StreamRequestHandler):
        def handle(self) -> None:
            held: dict[str, Any] = {}
            try:
                for raw in self.rfile:
                    cmd, _, name = raw.decode().strip().partition(" ")
                    if cmd == "pause" and name not in held:
                        held[name] = records[name].lock
                        held[name].acquire()
                    elif cmd == "resume" and name in held:
                        held.pop(name).release()
                    self.wfile.write(b"ok\n")
            finally:
                for lock in held.values():
                    lock.release()

    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


# The generation options the Node test sends, answered here over plain gRPC
# stubs (not the SDK), so the Node client is compared with the contract itself.
TOOL = {
    "name": "get_weather",
    "description": "Weather for a city",
    "parameters": {
        "type": "object",
        "properties": {"city": {"type": "string", "maxLength": 12}},
        "required": ["city"],
        "additionalProperties": False,
    },
}


def reference_options(inference: str) -> dict[str, Any]:
    import grpc

    from lmforge.v1 import inference_pb2 as pb
    from lmforge.v1 import inference_pb2_grpc

    with grpc.insecure_channel(inference) as channel:
        stub = inference_pb2_grpc.InferenceServiceStub(channel)
        lp = stub.Generate(
            pb.GenerateRequest(
                model="node-lm",
                prompt="hello world",
                parameters=pb.GenerationParameters(max_new_tokens=6, logprobs=True, top_logprobs=3),
            )
        )
        choice = stub.Generate(
            pb.GenerateRequest(
                model="node-lm",
                prompt="Answer:",
                parameters=pb.GenerationParameters(
                    max_new_tokens=8,
                    constraint=pb.OutputConstraint(choice=pb.ChoiceList(choices=["yes", "no"])),
                ),
            )
        )
        tool = stub.Chat(
            pb.ChatRequest(
                model="node-lm",
                messages=[pb.ChatMessage(role="user", content="weather in Paris?")],
                parameters=pb.GenerationParameters(max_new_tokens=40),
                tools=[
                    pb.Tool(
                        name=TOOL["name"],
                        description=TOOL["description"],
                        parameters_json=json.dumps(TOOL["parameters"]),
                    )
                ],
                tool_choice=pb.ToolChoice(mode="required"),
            )
        )
    calls = tool.samples[0].tool_calls
    return {
        "logprobs": [
            {
                "tokenId": t.token_id,
                "logprob": t.logprob,
                "top": [a.token_id for a in t.top_logprobs],
            }
            for t in lp.logprobs
        ],
        "choice": choice.text,
        "tool": TOOL,
        "toolCall": {"name": calls[0].name, "arguments": calls[0].arguments_json}
        if calls
        else None,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--state-dir", type=Path, default=None)
    args = parser.parse_args(argv)

    from lmforge import Client
    from lmforge.services.core.seaweed import start_seaweed
    from sdk.platform_fixture import start_platform
    from tiny_models import build_causal_lm, build_classifier

    tmp = tempfile.TemporaryDirectory(prefix="lmforge-node-")
    root = args.state_dir or Path(tmp.name)
    root.mkdir(parents=True, exist_ok=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())

    s3 = start_seaweed(root / "s3")
    platform_gen = start_platform(s3, root)
    control = None
    try:
        platform = next(platform_gen)
        with Client(**platform.addresses) as c:
            c.push_model(build_causal_lm(root / "tiny-lm"), "node-lm")
            c.push_model(build_classifier(root / "tiny-cls"), "node-cls")
            c.load_model("node-lm", name="node-lm")
            c.load_model("node-cls", name="node-cls")
            # What the Python client answers, for the Node test to compare with.
            c.load_model("node-cls", name="node-emb-ref", task="feature-extraction")
            chat = c.chat("node-lm", [{"role": "user", "content": "hello"}], max_new_tokens=8)
            vectors = c.embed("node-emb-ref", ["hello world", "gRPC streams"]).vectors
        options = reference_options(platform.addresses["inference"])
        control = serve_control(platform.inference.server.core.models.models)
        info = {
            **platform.addresses,
            "models": {"lm": "node-lm", "cls": "node-cls"},
            "expected": {"chat": chat.text, "embed": vectors, **options},
            "control": f"127.0.0.1:{control.server_address[1]}",
        }
        print(json.dumps(info), flush=True)
        # Stop on a signal, or when the parent closes our stdin (it died or is done).
        threading.Thread(target=lambda: (sys.stdin.read(), stop.set()), daemon=True).start()
        stop.wait()
    finally:
        if control is not None:
            control.shutdown()
            control.server_close()
        platform_gen.close()
        s3.stop()
        tmp.cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
