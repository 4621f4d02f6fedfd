"""The gateway's cost over gRPC, and the per-token cost of a JSON-schema constraint.

In one run, against one inference server (child process) with the model
loaded and one gateway (child process, ``python -m lmforge.services.gateway``):

- --concurrency streaming chat completions through the gateway (HTTP/SSE)
  vs the same chats through ChatStream (gRPC), each greedy with exactly
  --tokens new tokens (min_tokens = max_tokens): aggregate tokens/s over the
  wall time of the slowest, and the ratio (best of --rounds alternating rounds);
- time to first token of one lone streaming chat, gateway vs gRPC,
  interleaved, median of --runs;
- the per-token cost of a JSON-schema constraint: the sampler's pick+accept
  with the grammar vs without, on the model's own logits (in this process),
  and end to end one constrained vs one unconstrained lone stream (ms/token).

Prints one JSON line (with the load average, since the machine may be shared).

    python tests/bench/gateway.py [--tiny] [--tokens 64] [--concurrency 16]
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing as mp
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/ (fixtures, tiny models)
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

SCHEMA = {
    "type": "object",
    "properties": {
        "title": {"type": "string", "maxLength": 40},
        "year": {"type": "integer", "minimum": 1000, "maximum": 2100},
        "tags": {"type": "array", "items": {"type": "string", "maxLength": 12}, "maxItems": 4},
    },
    "required": ["title", "year", "tags"],
    "additionalProperties": False,
}
TOPICS = ["bread", "the sky", "honey bees", "steam engines", "chess", "rain", "airplanes", "maps"]


def chats(n: int) -> list[list[dict[str, str]]]:
    return [
        [{"role": "user", "content": f"Write about {TOPICS[i % len(TOPICS)]}, part {i}."}]
        for i in range(n)
    ]


def serve(folder: str, conn: Any) -> None:
    """Child process: an inference server with the model loaded as "lm"; reports its port."""
    import asyncio

    from lmforge.services.inference.app import build_server
    from lmforge.services.inference.settings import InferenceSettings

    async def main() -> None:
        tmp = tempfile.mkdtemp()
        settings = InferenceSettings(
            port=0,
            storage_url=f"file://{tmp}/store",
            cache_dir=f"{tmp}/cache",
            max_running_sequences=32,
            kv_cache_tokens=32768,
        )
        server = await build_server(settings)
        await server.start()
        await server.set_serving("")
        await server.core.models.load_folder("lm", Path(folder), "text-generation")  # type: ignore[attr-defined]
        conn.send(server.port)
        await asyncio.get_running_loop().run_in_executor(None, conn.recv)  # until told to stop
        await server.stop(0.5)

    asyncio.run(main())


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# -- clients -----------------------------------------------------------------------


def gateway_stream(port: int, messages: Any, tokens: int, **extra: Any) -> tuple[int, float, float]:
    """(tokens, seconds to the first content chunk, total seconds) of one streaming chat."""
    body = json.dumps(
        {
            "model": "lm",
            "messages": messages,
            "max_tokens": tokens,
            "min_tokens": tokens if not extra else 0,
            "temperature": 0,
            "stream": True,
            "stream_options": {"include_usage": True},
            **extra,
        }
    )
    start = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    conn.request("POST", "/v1/chat/completions", body, {"Content-Type": "application/json"})
    resp = conn.getresponse()
    assert resp.status == 200, resp.read()
    first = 0.0
    count = 0
    for raw in resp:
        line = raw.decode().strip()
        if not line.startswith("data: ") or line == "data: [DONE]":
            continue
        data = json.loads(line[6:])
        if data.get("usage"):
            count = data["usage"]["completion_tokens"]
        if not first and data["choices"] and data["choices"][0]["delta"].get("content"):
            first = time.perf_counter() - start
    conn.close()
    return count, first, time.perf_counter() - start


class AioGrpc:
    """A grpc.aio channel on its own event loop thread: the client the gateway itself uses,
    so the comparison is HTTP+gateway against the same gRPC client, not against grpc's
    (slower) threaded sync client."""

    def __init__(self, address: str) -> None:
        import asyncio

        import grpc

        from lmforge.v1 import inference_pb2_grpc

        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()

        async def make() -> Any:
            self.channel = grpc.aio.insecure_channel(address)
            return inference_pb2_grpc.InferenceServiceStub(self.channel)

        self.stub = asyncio.run_coroutine_threadsafe(make(), self.loop).result()

    def close(self) -> None:
        import asyncio

        asyncio.run_coroutine_threadsafe(self.channel.close(None), self.loop).result()
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)


def grpc_stream(
    client: AioGrpc, messages: Any, tokens: int, constraint: Any = None
) -> tuple[int, float, float]:
    """(tokens, seconds to the first text, total seconds) of one ChatStream."""
    import asyncio

    from lmforge.v1 import inference_pb2 as pb

    params = pb.GenerationParameters(
        max_new_tokens=tokens, min_new_tokens=0 if constraint else tokens, constraint=constraint
    )
    req = pb.ChatStreamRequest(
        model="lm",
        messages=[pb.ChatMessage(role=m["role"], content=m["content"]) for m in messages],
        parameters=params,
    )

    async def run() -> tuple[int, float, float]:
        start = time.perf_counter()
        first = 0.0
        count = 0
        async for m in client.stub.ChatStream(req):
            if m.text_delta and not first:
                first = time.perf_counter() - start
            count += len(m.token_ids)
        return count, first, time.perf_counter() - start

    return asyncio.run_coroutine_threadsafe(run(), client.loop).result()


def concurrent(fn: Any, items: list[Any]) -> dict[str, float]:
    results: list[tuple[int, float, float]] = [(0, 0.0, 0.0)] * len(items)

    def run(i: int) -> None:
        results[i] = fn(items[i])

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(items))]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - start
    total = sum(r[0] for r in results)
    return {"tokens": total, "tokens_per_s": total / wall, "wall_s": wall}


def sampler_cost(folder: Path, tokens: int) -> dict[str, float]:
    """ms per token of RowSampler.pick+accept with and without the JSON-schema grammar."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    from lmforge.services.inference.constraints import json_schema_constraint
    from lmforge.services.inference.sampling import RowSampler, SamplingParams

    tok = AutoTokenizer.from_pretrained(folder)
    model = AutoModelForCausalLM.from_pretrained(folder).eval()
    eos = (tok.eos_token_id,)
    start = time.perf_counter()
    constraint = json_schema_constraint("bench", SCHEMA, tok)
    compile_ms = (time.perf_counter() - start) * 1000
    ids = tok("Write a JSON record about a book:")["input_ids"]
    # The model's logits along the constrained greedy path, computed once.
    constrained = RowSampler(SamplingParams(constraint=constraint, eos_token_ids=eos), ids)
    rows: list[torch.Tensor] = []
    seq = list(ids)
    with torch.no_grad():
        for _ in range(tokens):
            logits = model(torch.tensor([seq])).logits[0, -1]
            rows.append(logits)
            t = constrained.pick(logits).token_id
            constrained.accept(t)
            seq.append(t)
            if constrained.is_done():
                break

    def timed(params: SamplingParams) -> float:
        start = time.perf_counter()
        s = RowSampler(params, ids)
        for row in rows:
            s.accept(s.pick(row).token_id)
        return (time.perf_counter() - start) * 1000 / len(rows)

    plain = statistics.median(timed(SamplingParams(repetition_penalty=1.01)) for _ in range(5))
    grammar = statistics.median(
        timed(SamplingParams(constraint=constraint, eos_token_ids=eos, repetition_penalty=1.01))
        for _ in range(5)
    )
    return {
        "tokens": len(rows),
        "unconstrained_ms_per_token": plain,
        "constrained_ms_per_token": grammar,
        "compile_ms": compile_ms,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--tiny", action="store_true", help="the tiny test model (a quick check)")
    ap.add_argument("--tokens", type=int, default=64)
    ap.add_argument("--concurrency", type=int, default=16)
    ap.add_argument("--runs", type=int, default=11)
    ap.add_argument("--rounds", type=int, default=2, help="alternating throughput rounds")
    args = ap.parse_args()
    if args.tiny:
        from tiny_models import build_causal_lm

        folder = Path(tempfile.mkdtemp()) / "tiny-lm"
        build_causal_lm(folder)
        name = "tiny-llama"
    else:
        from fixtures_inference import smollm2_folder

        folder = smollm2_folder()
        name = "SmolLM2-135M-Instruct"

    from lmforge.v1 import inference_pb2 as pb

    ctx = mp.get_context("spawn")
    parent, child = ctx.Pipe()
    server = ctx.Process(target=serve, args=(str(folder), child), daemon=True)
    server.start()
    gateway = None
    try:
        port = parent.recv()
        gw_port = free_port()
        gateway = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "lmforge.services.gateway",
                "--port",
                str(gw_port),
                "--inference-address",
                f"127.0.0.1:{port}",
                "--log-level",
                "WARNING",
            ],
            stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while True:  # polling a child process: there is nothing to wait on
            try:
                c = http.client.HTTPConnection("127.0.0.1", gw_port, timeout=2)
                c.request("GET", "/health")
                if c.getresponse().status == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise SystemExit("the gateway did not become ready")
            time.sleep(0.1)
        stub = AioGrpc(f"127.0.0.1:{port}")
        items = chats(args.concurrency)
        # Warm-up of both paths (first forward, first HTTP connection).
        gateway_stream(gw_port, items[0], 4)
        grpc_stream(stub, items[0], 4)
        # Alternating rounds, best of each: load from other processes drifts, and
        # whichever path ran during a busy spell would otherwise look slower.
        grpc_runs, gateway_runs = [], []
        for _ in range(args.rounds):
            grpc_runs.append(concurrent(lambda m: grpc_stream(stub, m, args.tokens), items))
            gateway_runs.append(
                concurrent(lambda m: gateway_stream(gw_port, m, args.tokens), items)
            )
        via_grpc = max(grpc_runs, key=lambda r: r["tokens_per_s"])
        via_gateway = max(gateway_runs, key=lambda r: r["tokens_per_s"])
        ttft_gw, ttft_grpc = [], []
        for _ in range(args.runs):  # interleaved, so drift hits both alike
            ttft_grpc.append(grpc_stream(stub, items[0], 2)[1])
            ttft_gw.append(gateway_stream(gw_port, items[0], 2)[1])
        constraint = pb.OutputConstraint(json_schema=json.dumps(SCHEMA))
        lone_plain = grpc_stream(stub, items[1], args.tokens)
        lone_json = grpc_stream(stub, items[1], args.tokens, constraint)
        stub.close()
    finally:
        if gateway is not None:
            gateway.terminate()
            gateway.wait(15)
        parent.send("stop")
        server.join(30)
        if server.is_alive():
            server.kill()
    cost = sampler_cost(folder, args.tokens)
    out = {
        "bench": "gateway",
        "model": name,
        "concurrency": args.concurrency,
        "rounds": args.rounds,
        "new_tokens": args.tokens,
        "grpc_tokens_per_s": round(via_grpc["tokens_per_s"], 1),
        "gateway_tokens_per_s": round(via_gateway["tokens_per_s"], 1),
        "gateway_tokens": via_gateway["tokens"],
        "grpc_tokens": via_grpc["tokens"],
        "ratio_gateway_vs_grpc": round(via_gateway["tokens_per_s"] / via_grpc["tokens_per_s"], 3),
        "ttft_grpc_median_ms": round(statistics.median(ttft_grpc) * 1000, 2),
        "ttft_gateway_median_ms": round(statistics.median(ttft_gw) * 1000, 2),
        "ttft_overhead_median_ms": round(
            statistics.median(g - r for g, r in zip(ttft_gw, ttft_grpc, strict=True)) * 1000, 2
        ),
        "json_schema_sampler_ms_per_token": round(cost["constrained_ms_per_token"], 3),
        "plain_sampler_ms_per_token": round(cost["unconstrained_ms_per_token"], 3),
        "json_schema_extra_ms_per_token": round(
            cost["constrained_ms_per_token"] - cost["unconstrained_ms_per_token"], 3
        ),
        "json_schema_compile_ms": round(cost["compile_ms"], 1),
        "lone_stream_ms_per_token": round(lone_plain[2] * 1000 / max(lone_plain[0], 1), 2),
        "lone_json_schema_stream_ms_per_token": round(
            lone_json[2] * 1000 / max(lone_json[0], 1), 2
        ),
        "lone_json_schema_tokens": lone_json[0],
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }
    print(json.dumps(out))


if __name__ == "__main__":
    main()
