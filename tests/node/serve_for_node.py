"""Serve a live lmforge platform with tiny models for the Node client's test.

Starts SeaweedFS, the registry, the inference server and the training
service (with its own local Ray head) on free 127.0.0.1 ports, builds the tiny
causal LM and classifier, registers them and a tiny chat dataset
(``node-chat``) through the Python SDK and loads the models as ``node-lm``
and ``node-cls``. Then prints one JSON line (addresses, names, and the
answers the Python side gives to the Node test's requests) and stays up until
its stdin closes, then stops everything it started. (SIGTERM/SIGINT do the
same only until the first job: the training service then joins Ray, whose own
SIGTERM handler ends the process without this teardown.)

The JSON also names a ``control`` address (127.0.0.1, this test script only),
a line protocol whose every line is answered ``ok`` or ``ok JSON``:

- ``pause MODEL`` holds that model's lock, so its engine stops before the next
  forward (what ``engine_paused`` does in tests/inference): the Node test can
  show a cancelled stream frees its slot while it could not have finished on
  its own. ``resume MODEL`` lets go (so does closing the connection).
- ``running MODEL``: ``ok N``, the sequences in the engine's running batch.
- ``adapter-generate NAME``: ``ok {"base": [...], "adapter": [...]}``, the
  token ids of a greedy Generate on node-lm without and with that adapter.
- ``job ID``: ``ok {"job": ..., "events": [...]}``, the job as GetJob and its
  events as WatchJob give them over plain Python gRPC stubs (WatchJob returns
  when the job has ended), in protobuf's JSON mapping, for the Node test to
  compare its getJob/watchJob with.

    python tests/node/serve_for_node.py [--state-dir DIR]
"""

from __future__ import annotations

import argparse
import contextlib
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


def job_as_python_sees_it(training: str, job_id: str) -> dict[str, Any]:
    """GetJob and every WatchJob event of a job, over plain stubs, as protobuf JSON."""
    import grpc
    from google.protobuf.json_format import MessageToDict

    from lmforge.v1 import training_pb2 as tpb
    from lmforge.v1 import training_pb2_grpc

    with grpc.insecure_channel(training) as channel:
        stub = training_pb2_grpc.TrainingServiceStub(channel)
        events = [
            MessageToDict(r.event)
            for r in stub.WatchJob(tpb.WatchJobRequest(id=job_id), timeout=600)
        ]
        job = MessageToDict(stub.GetJob(tpb.GetJobRequest(id=job_id)).job)
    return {"job": job, "events": events}


ADAPTER_PROMPT = "say the phrase, please (3)"


def adapter_generate(inference: str, adapter: str) -> dict[str, Any]:
    """Greedy Generate through a loaded adapter of node-lm, over plain stubs."""
    import grpc

    from lmforge.v1 import inference_pb2 as pb
    from lmforge.v1 import inference_pb2_grpc

    with grpc.insecure_channel(inference) as channel:
        stub = inference_pb2_grpc.InferenceServiceStub(channel)
        request = pb.GenerateRequest(
            model="node-lm",
            prompt=ADAPTER_PROMPT,
            parameters=pb.GenerationParameters(max_new_tokens=8),
        )
        base = stub.Generate(request)
        request.adapter = adapter
        tuned = stub.Generate(request)
    return {"base": list(base.token_ids), "adapter": list(tuned.token_ids)}


def serve_control(records: dict[str, Any], training: str, inference: str) -> Any:
    """The line protocol of the module docstring, on a free 127.0.0.1 port."""
    import socketserver

    class Handler(socketserver.StreamRequestHandler):
        def handle(self) -> None:
            held: dict[str, Any] = {}
            try:
                for raw in self.rfile:
                    cmd, _, name = raw.decode().strip().partition(" ")
                    reply = "ok"
                    if cmd == "pause" and name not in held:
                        held[name] = records[name].lock
                        held[name].acquire()
                    elif cmd == "resume" and name in held:
                        held.pop(name).release()
                    elif cmd == "running":
                        reply = f"ok {records[name].engine.running}"
                    elif cmd == "adapter-generate":
                        reply = "ok " + json.dumps(adapter_generate(inference, name))
                    elif cmd == "job":
                        reply = "ok " + json.dumps(job_as_python_sees_it(training, name))
                    self.wfile.write(f"{reply}\n".encode())
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
    from google.protobuf import json_format, struct_pb2

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
        chat = stub.Chat(
            pb.ChatRequest(
                model="node-lm",
                messages=[pb.ChatMessage(role="user", content="hello")],
                parameters=pb.GenerationParameters(max_new_tokens=8),
            )
        )
        embed = stub.Embed(
            pb.EmbedRequest(model="node-emb-ref", texts=["hello world", "gRPC streams"])
        )
        pipeline = stub.RunPipeline(
            pb.RunPipelineRequest(
                model="node-cls",
                input=pb.PipelineInput(texts=pb.TextList(texts=["I love this movie", "awful"])),
                parameters=json_format.ParseDict({"top_k": 2}, struct_pb2.Struct()),
            )
        )
    calls = tool.samples[0].tool_calls
    return {
        "pipeline": {
            "output": json_format.MessageToDict(pipeline.output),
            "task": pipeline.task,
        },
        "chat": {
            "content": chat.message.content,
            "tokenIds": list(chat.token_ids),
            "finishReason": pb.FinishReason.Name(chat.finish_reason),
            "completionTokens": chat.usage.completion_tokens,
        },
        "embed": [list(e.values) for e in embed.embeddings],
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


# The tiny chat dataset the Node test trains on: one answer, so a few steps suffice.
CHAT_ROWS = [
    {
        "messages": [
            {"role": "user", "content": f"say the phrase, please ({i})"},
            {"role": "assistant", "content": "the quick brown fox"},
        ]
    }
    for i in range(8)
]


def start_training(platform: Any, root: Path) -> Any:
    """The training service on the platform's registry and bucket, with its own local Ray head.

    Everything it writes (job database, Ray session, scratch) stays under root.
    """
    from lmforge.services.training.app import build_server
    from lmforge.services.training.settings import TrainingSettings
    from servers import ServerThread

    settings = TrainingSettings(
        host="127.0.0.1",
        port=0,
        registry_address=platform.registry.address,
        database_url=f"sqlite:///{root / 'training.db'}",
        ray_temp_dir=root / "ray",
        ray_num_cpus=2,
        work_dir=root / "training-work",
        **platform.settings,
    )
    return ServerThread(lambda: build_server(settings)).start()


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

    # Every stop runs even when an earlier one fails (ExitStack unwinds them all,
    # newest first), so no server, Ray head or weed outlives this script.
    with contextlib.ExitStack() as stack:
        stack.callback(tmp.cleanup)
        s3 = start_seaweed(root / "s3")
        stack.callback(s3.stop)
        platform_gen = start_platform(s3, root)
        stack.callback(platform_gen.close)
        platform = next(platform_gen)
        training = start_training(platform, root)
        stack.callback(training.stop)  # also stops the Ray head it started
        with Client(**platform.addresses) as c:
            c.push_model(build_causal_lm(root / "tiny-lm"), "node-lm")
            c.push_model(build_classifier(root / "tiny-cls"), "node-cls")
            c.push_dataset("node-chat", CHAT_ROWS)
            c.load_model("node-lm", name="node-lm")
            c.load_model("node-cls", name="node-cls")
            # The same weights as a feature extractor, for reference_options' Embed.
            c.load_model("node-cls", name="node-emb-ref", task="feature-extraction")
        options = reference_options(platform.addresses["inference"])
        control = serve_control(
            platform.inference.server.core.models.models,
            training.address,
            platform.addresses["inference"],
        )
        stack.callback(control.server_close)
        stack.callback(control.shutdown)
        info = {
            **platform.addresses,
            "training": training.address,
            "models": {"lm": "node-lm", "cls": "node-cls"},
            "datasets": {"chat": "node-chat"},
            "expected": options,
            "control": f"127.0.0.1:{control.server_address[1]}",
        }
        print(json.dumps(info), flush=True)

        # Stop on a signal, or when the parent closes our stdin (it died or is done).
        def stop_when_stdin_closes() -> None:
            sys.stdin.read()
            stop.set()

        threading.Thread(target=stop_when_stdin_closes, daemon=True).start()
        stop.wait()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
