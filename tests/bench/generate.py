"""Generation benchmarks on SmolLM2-135M-Instruct: lmforge vs static batching vs transformers serve.

Three scenarios, each printing one JSON line of figures and ratios measured in
one run, with the load average beside them (the machine may be shared):

- ``fixed``: 16 streams x 64 new tokens, all at once. lmforge (16
  GenerateStream calls) vs in-process padded ``generate`` of the same 16
  prompts in a fresh process, the same ``generate`` inside the lmforge
  server's process (on its compute thread), and ``transformers serve
  --continuous-batching``;
- ``mixed``: 64 requests arriving as a Poisson process, each a shared
  200-token system prompt plus a 20-400-token user part, asking for 16-256
  new tokens. lmforge vs in-process static batching of the same requests in
  arrival-order batches of 16 (a batch starts once its last request arrived
  and the previous batch finished) vs transformers serve. Throughput, TTFT
  p50/p95 and inter-token latency p50/p95; peak RSS of the lmforge server
  with the model loaded and after the load, against the weights' size;
- ``chat``: 8 conversations of 6 turns with a growing history; TTFT of the
  last turn on an lmforge server with prefix caching and on one without.

Fair on every side: greedy, EOS ends a sequence everywhere (nobody ignores
it), tokens are counted from usage in the final message (in-process: tokens
up to and including EOS or the request's own limit), one warm-up and then a
single measured run everywhere (no best-of-N), servers in child processes
started the same way.

    python tests/bench/generate.py [--scenario fixed|mixed|chat|all] [--quick]
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import itertools
import json
import multiprocessing as mp
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/ (fixtures_inference)
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

TOPICS = [
    "the history of the Roman empire",
    "how bread is baked",
    "why the sky is blue",
    "the life of honey bees",
    "how a steam engine works",
    "the rules of chess",
    "the water cycle",
    "how airplanes fly",
]
WORDS = [
    "river",
    "mountain",
    "window",
    "garden",
    "lantern",
    "harbor",
    "meadow",
    "canyon",
    "forest",
    "island",
    "valley",
    "bridge",
    "castle",
    "market",
    "station",
    "library",
    "orchard",
    "village",
    "desert",
    "glacier",
]


@dataclass
class Req:
    """One request of a scenario: its prompt text, token limit and arrival offset (s)."""

    prompt: str
    max_new: int
    arrival: float = 0.0


@dataclass
class Result:
    """What one side measured for one request."""

    tokens: int = 0
    ttft: float = 0.0
    itl: list[float] = field(default_factory=list)  # seconds per token after the first
    end: float = 0.0


def fixed_prompts(n: int) -> list[str]:
    return [f"Here is a short essay about {TOPICS[i % len(TOPICS)]}, part {i}:\n" for i in range(n)]


def words_of_tokens(tok: Any, n: int, rng: random.Random) -> str:
    """Text of about ``n`` tokens (cut to exactly n tokens, then decoded)."""
    text = " ".join(rng.choice(WORDS) for _ in range(n * 2))
    return str(tok.decode(tok(text).input_ids[:n]))


def mixed_requests(tok: Any, args: argparse.Namespace) -> list[Req]:
    rng = random.Random(0)
    system = "You are a careful assistant. " + words_of_tokens(tok, args.system_tokens, rng)
    t = 0.0
    reqs = []
    for _ in range(args.requests):
        t += rng.expovariate(args.rate)
        user = words_of_tokens(tok, rng.randint(args.min_prompt, args.max_prompt), rng)
        reqs.append(Req(f"{system}\nUser: {user}\nAssistant:", rng.randint(16, args.max_output), t))
    return reqs


def pct(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    s = sorted(values)
    return s[min(len(s) - 1, round(q * (len(s) - 1)))]


def summary(results: list[Result], start: float) -> dict[str, float]:
    tokens = sum(r.tokens for r in results)
    wall = max(r.end for r in results) - start
    itl = [x for r in results for x in r.itl]
    return {
        "tokens": tokens,
        "tokens_per_s": round(tokens / wall, 1),
        "ttft_p50_ms": round(pct([r.ttft for r in results], 0.5) * 1000, 1),
        "ttft_p95_ms": round(pct([r.ttft for r in results], 0.95) * 1000, 1),
        "itl_p50_ms": round(pct(itl, 0.5) * 1000, 1),
        "itl_p95_ms": round(pct(itl, 0.95) * 1000, 1),
    }


# -- in-process static batching (this process's main thread: a fresh process) --------


DTYPE = {"float32", "bfloat16", "float16"}


def load_local(folder: Path, device: str = "cpu", dtype: str = "float32") -> tuple[Any, Any]:
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    model = AutoModelForCausalLM.from_pretrained(folder, dtype=getattr(torch, dtype))
    model = model.to(device).eval()
    tok = AutoTokenizer.from_pretrained(folder, padding_side="left")
    return model, tok


def generate_batch(model: Any, tok: Any, batch: list[Req]) -> tuple[list[Result], float]:
    """One padded ``generate`` of the batch; per row tokens up to EOS or its own limit."""
    import torch
    from transformers import LogitsProcessor, LogitsProcessorList

    steps: list[float] = []

    class Clock(LogitsProcessor):  # called once per generated position
        def __call__(self, input_ids: Any, scores: Any) -> Any:
            steps.append(time.perf_counter())
            return scores

    enc = tok([r.prompt for r in batch], return_tensors="pt", padding=True).to(model.device)
    started = time.perf_counter()
    with torch.inference_mode():
        out = model.generate(
            **enc,
            max_new_tokens=max(r.max_new for r in batch),
            do_sample=False,
            logits_processor=LogitsProcessorList([Clock()]),
            pad_token_id=tok.pad_token_id or tok.eos_token_id,
        )
    eos = model.generation_config.eos_token_id
    eos_ids = set(eos if isinstance(eos, list) else [eos])
    results = []
    for row, req in zip(out[:, enc.input_ids.shape[1] :].tolist(), batch, strict=True):
        n = 0
        for token in row[: req.max_new]:
            n += 1
            if token in eos_ids:
                break
        times = steps[:n]
        results.append(
            Result(
                tokens=n,
                ttft=times[0] - started if times else 0.0,
                itl=[b - a for a, b in itertools.pairwise(times)],
                end=times[-1] if times else started,
            )
        )
    return results, started


def static_batching(model: Any, tok: Any, reqs: list[Req], size: int) -> dict[str, Any]:
    """Arrival-order batches of ``size``: a batch starts when its last request has arrived."""
    generate_batch(model, tok, reqs[:2])  # warm-up
    results: list[Result] = []
    t0 = time.perf_counter()
    for i in range(0, len(reqs), size):
        batch = reqs[i : i + size]
        wait = t0 + batch[-1].arrival - time.perf_counter()
        if wait > 0:
            time.sleep(wait)
        rows, _ = generate_batch(model, tok, batch)
        for r, req in zip(rows, batch, strict=True):
            # TTFT from the request's arrival, not from its batch's start.
            first = r.end - sum(r.itl)
            r.ttft = first - (t0 + req.arrival)
        results.extend(rows)
    return summary(results, t0)


# -- the lmforge server (child process) ---------------------------------------------


def serve(folder: str, overrides: dict[str, Any], dtype: str, conn: Any) -> None:
    """Child process: an lmforge inference server with the model loaded; reports its port."""
    from lmforge.services.inference.app import build_server
    from lmforge.services.inference.compute import compute_thread
    from lmforge.services.inference.loading import LoadOptions
    from lmforge.services.inference.settings import InferenceSettings

    async def main(argv: list[str] | None = None) -> None:
        tmp = tempfile.mkdtemp()
        settings = InferenceSettings(
            port=0,
            storage_url=f"file://{tmp}/store",
            cache_dir=f"{tmp}/cache",
            max_running_sequences=32,
            kv_cache_tokens=32768,
            max_new_tokens_limit=1024,
            queue_capacity=1024,
            **overrides,
        )
        server = await build_server(settings)
        await server.start()
        await server.core.models.load_folder(  # type: ignore[attr-defined]
            "lm", Path(folder), "text-generation", options=LoadOptions(dtype=dtype)
        )
        conn.send(server.port)
        loop = asyncio.get_running_loop()
        while True:
            msg = await loop.run_in_executor(None, conn.recv)
            if msg == "stop":
                break
            if msg == "rss":
                conn.send(rss())
                continue
            if msg == "engine":
                conn.send(engine_figures(server.core.models.models["lm"].engine))  # type: ignore[attr-defined]
                continue
            # ("in_process", prompts, tokens): the fixed scenario's padded generate, here
            # in the server's process on its loaded model, on the server's compute thread
            # (where its own forwards run: no second torch thread).
            _, texts, tokens = msg
            record = server.core.models.models["lm"]  # type: ignore[attr-defined]
            conn.send(
                await compute_thread().run(fixed_in_process, record.model, folder, texts, tokens)
            )
        await server.stop(0)

    asyncio.run(main())


def engine_figures(engine: Any) -> dict[str, Any]:
    """How the engine ran the load: its K/V budget, decode batch sizes, prefix hits."""
    decodes = [r.rows for r in engine.steps if r.kind == "decode"]
    return {
        "kv_budget_tokens": engine.kv_cache_tokens,
        "decode_rows_mean": round(statistics.fmean(decodes), 1) if decodes else 0.0,
        "decode_rows_max": max(decodes, default=0),
        "prefix_hit_rate": round(engine.prefix_hit_rate(), 3),
    }


def rss() -> dict[str, int]:
    """This process's resident set now and at its peak (bytes), from /proc."""
    out = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            out[key] = int(value.split()[0]) * 1024
    return out


class LmforgeServer:
    def __init__(self, folder: Path, args: argparse.Namespace, **overrides: Any) -> None:
        ctx = mp.get_context("spawn")
        self.conn, child = ctx.Pipe()
        overrides = {"device": args.device, **overrides}
        self.proc = ctx.Process(
            target=serve, args=(str(folder), overrides, args.dtype, child), daemon=True
        )
        self.proc.start()
        if not self.conn.poll(600):
            raise RuntimeError("the inference server did not start")
        self.port = self.conn.recv()

    def ask(self, msg: Any) -> Any:
        self.conn.send(msg)
        return self.conn.recv()

    def close(self) -> None:
        self.conn.send("stop")
        self.proc.join(30)
        if self.proc.is_alive():
            self.proc.kill()


async def lmforge_run(port: int, reqs: list[Req]) -> tuple[list[Result], float]:
    """Send each request at its arrival offset; tokens from the final message's usage."""
    import grpc

    from lmforge.v1 import inference_pb2 as pb
    from lmforge.v1 import inference_pb2_grpc

    async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as channel:
        stub = inference_pb2_grpc.InferenceServiceStub(channel)

        async def one(req: Req, t0: float) -> Result:
            delay = t0 + req.arrival - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            params = pb.GenerationParameters(max_new_tokens=req.max_new)
            start = time.perf_counter()
            res = Result()
            last = 0.0
            call = stub.GenerateStream(
                pb.GenerateStreamRequest(model="lm", prompt=req.prompt, parameters=params)
            )
            async for msg in call:
                now = time.perf_counter()
                if msg.token_ids:
                    if not res.ttft:
                        res.ttft = now - start
                    elif last:
                        res.itl.extend([(now - last) / len(msg.token_ids)] * len(msg.token_ids))
                    last = now
                if msg.usage.completion_tokens:
                    res.tokens = msg.usage.completion_tokens
            res.end = time.perf_counter()
            return res

        await one(Req(reqs[0].prompt, 4), time.perf_counter())  # warm-up
        t0 = time.perf_counter()
        results = await asyncio.gather(*(one(r, t0) for r in reqs))
    return list(results), t0


async def chat_run(port: int, conversations: list[list[str]], max_new: int) -> list[float]:
    """Each conversation turn by turn (all conversations at once); TTFT of each last turn."""
    import grpc

    from lmforge.v1 import inference_pb2 as pb
    from lmforge.v1 import inference_pb2_grpc

    async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as channel:
        stub = inference_pb2_grpc.InferenceServiceStub(channel)

        async def converse(turns: list[str]) -> float:
            history = [pb.ChatMessage(role="system", content="You are a helpful assistant.")]
            ttft = 0.0
            for user in turns:
                history.append(pb.ChatMessage(role="user", content=user))
                start = time.perf_counter()
                ttft, text = 0.0, ""
                call = stub.ChatStream(
                    pb.ChatStreamRequest(
                        model="lm",
                        messages=history,
                        parameters=pb.GenerationParameters(max_new_tokens=max_new),
                    )
                )
                async for msg in call:
                    if msg.token_ids and not ttft:
                        ttft = time.perf_counter() - start
                    text += msg.text_delta
                history.append(pb.ChatMessage(role="assistant", content=text))
            return ttft  # the last turn's

        await converse(["hello"])  # warm-up
        return list(await asyncio.gather(*(converse(c) for c in conversations)))


# -- transformers serve (child process) -------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def transformers_serve(folder: Path, reqs: list[Req], args: argparse.Namespace) -> dict[str, Any]:
    exe = shutil.which("transformers")
    if exe is None:
        return {"error": "the transformers CLI is not installed"}
    try:
        import fastapi  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError:
        return {"error": "transformers[serving] (fastapi, uvicorn) is not installed"}
    port = free_port()
    log = tempfile.NamedTemporaryFile("w+", suffix=".log", delete=False)  # noqa: SIM115 - outlives this block
    proc = subprocess.Popen(
        [
            exe, "serve", str(folder), "--host", "127.0.0.1", "--port", str(port),
            "--device", args.device, "--dtype", args.dtype, "--continuous-batching",
            "--cb-block-size", "32", "--cb-num-blocks", "1024", "--cb-max-batch-tokens", "2048",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 300
        while True:
            if proc.poll() is not None:
                log.seek(0)
                return {"error": "transformers serve exited: " + log.read()[-400:]}
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                conn.request("GET", "/health")
                if conn.getresponse().status == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                return {"error": "transformers serve did not become healthy in 300 s"}
            time.sleep(0.5)

        def one(req: Req, t0: float) -> Result:
            delay = t0 + req.arrival - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            body = json.dumps(
                {
                    "model": str(folder),
                    "prompt": req.prompt,
                    "max_tokens": req.max_new,
                    "temperature": 0,
                    "stream": True,
                    "stream_options": {"include_usage": True},
                }
            )
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=900)
            start = time.perf_counter()
            conn.request("POST", "/v1/completions", body, {"Content-Type": "application/json"})
            resp = conn.getresponse()
            if resp.status != 200:
                raise RuntimeError(f"HTTP {resp.status}: {resp.read()[:300]!r}")
            res = Result()
            last = 0.0
            chunks = 0
            for raw in resp:
                line = raw.decode().strip()
                if not line.startswith("data:") or line == "data: [DONE]":
                    continue
                chunk = json.loads(line[5:])
                now = time.perf_counter()
                if chunk.get("choices") and chunk["choices"][0].get("text"):
                    chunks += 1
                    if not res.ttft:
                        res.ttft = now - start
                    elif last:
                        res.itl.append(now - last)
                    last = now
                usage = chunk.get("usage") or {}
                if usage.get("completion_tokens"):
                    res.tokens = int(usage["completion_tokens"])
            res.tokens = res.tokens or chunks  # (only if it sent no usage; flagged below)
            res.end = time.perf_counter()
            return res

        try:
            one(Req(reqs[0].prompt, 4), time.perf_counter())  # warm-up (loads the model)
            results: list[Result] = [Result()] * len(reqs)
            t0 = time.perf_counter()

            def run(i: int) -> None:
                results[i] = one(reqs[i], t0)

            threads = [threading.Thread(target=run, args=(i,)) for i in range(len(reqs))]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
        except (OSError, RuntimeError, ValueError) as e:
            return {"error": f"transformers serve failed: {e}"}
        return summary(results, t0)
    finally:
        proc.terminate()
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
        os.unlink(log.name)


# -- scenarios --------------------------------------------------------------------------


def fixed_in_process(model: Any, folder: str, texts: list[str], tokens: int) -> dict[str, Any]:
    from transformers import AutoTokenizer

    tok = AutoTokenizer.from_pretrained(folder, padding_side="left")
    reqs = [Req(t, tokens) for t in texts]
    generate_batch(model, tok, reqs[:2])  # warm-up
    results, started = generate_batch(model, tok, reqs)
    return summary(results, started)


def ratio(a: float, b: float) -> float:
    return round(a / b, 3) if b else 0.0


def scenario_fixed(folder: Path, args: argparse.Namespace) -> dict[str, Any]:
    texts = fixed_prompts(args.concurrency)
    model, _ = load_local(folder, args.device, args.dtype)
    local = fixed_in_process(model, str(folder), texts, args.tokens)
    del model
    server = LmforgeServer(folder, args)
    try:
        reqs = [Req(t, args.tokens) for t in texts]
        results, t0 = asyncio.run(lmforge_run(server.port, reqs))
        served = summary(results, t0)
        same = server.ask(("in_process", texts, args.tokens))
    finally:
        server.close()
    out: dict[str, Any] = {
        "lmforge": served,
        "static_fresh_process": local,
        "static_in_server_process": same,
        "ratio_vs_static": ratio(served["tokens_per_s"], local["tokens_per_s"]),
        "in_server_vs_fresh_process": ratio(same["tokens_per_s"], local["tokens_per_s"]),
    }
    if not args.skip_transformers_serve:
        peer = transformers_serve(folder, [Req(t, args.tokens) for t in texts], args)
        out["transformers_serve"] = peer
        if "error" not in peer:
            out["ratio_vs_transformers_serve"] = ratio(served["tokens_per_s"], peer["tokens_per_s"])
    return out


def scenario_mixed(folder: Path, args: argparse.Namespace) -> dict[str, Any]:
    model, tok = load_local(folder, args.device, args.dtype)
    reqs = mixed_requests(tok, args)
    static = static_batching(model, tok, reqs, args.static_batch)
    del model
    weights = sum(f.stat().st_size for f in folder.glob("*.safetensors"))
    server = LmforgeServer(folder, args)
    try:
        loaded = server.ask("rss")
        results, t0 = asyncio.run(lmforge_run(server.port, reqs))
        served = summary(results, t0)
        after = server.ask("rss")
        engine = server.ask("engine")
    finally:
        server.close()
    out: dict[str, Any] = {
        "requests": len(reqs),
        "lmforge": served,
        "static_batching": static,
        "ratio_vs_static": ratio(served["tokens_per_s"], static["tokens_per_s"]),
        "ttft_p95_vs_static": ratio(served["ttft_p95_ms"], static["ttft_p95_ms"]),
        "weights_bytes": weights,
        "server_peak_rss_loaded_bytes": loaded["VmHWM"],
        "server_peak_rss_after_load_bytes": after["VmHWM"],
        "rss_vs_weights_plus_half_gb": ratio(after["VmHWM"], 1.5 * weights + 0.5e9),
        "engine": engine,
    }
    if not args.skip_transformers_serve:
        peer = transformers_serve(folder, reqs, args)
        out["transformers_serve"] = peer
        if "error" not in peer:
            out["ratio_vs_transformers_serve"] = ratio(served["tokens_per_s"], peer["tokens_per_s"])
            out["ttft_p95_vs_transformers_serve"] = ratio(
                served["ttft_p95_ms"], peer["ttft_p95_ms"]
            )
    return out


def scenario_chat(folder: Path, args: argparse.Namespace) -> dict[str, Any]:
    rng = random.Random(1)
    conversations = [
        [
            f"Tell me about {TOPICS[(c + t) % len(TOPICS)]}; "
            + " ".join(rng.choice(WORDS) for _ in range(20))
            for t in range(args.turns)
        ]
        for c in range(args.conversations)
    ]
    out: dict[str, Any] = {"conversations": args.conversations, "turns": args.turns}
    for label, overrides in (
        ("with_prefix_cache", {}),
        ("without_prefix_cache", {"prefix_cache_tokens": 0}),
    ):
        server = LmforgeServer(folder, args, **overrides)
        try:
            ttfts = asyncio.run(chat_run(server.port, conversations, args.chat_tokens))
        finally:
            server.close()
        out[label] = {
            "last_turn_ttft_p50_ms": round(statistics.median(ttfts) * 1000, 1),
            "last_turn_ttft_p95_ms": round(pct(ttfts, 0.95) * 1000, 1),
        }
    out["ttft_ratio_with_vs_without"] = ratio(
        out["with_prefix_cache"]["last_turn_ttft_p50_ms"],
        out["without_prefix_cache"]["last_turn_ttft_p50_ms"],
    )
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--scenario", choices=["fixed", "mixed", "chat", "all"], default="all")
    ap.add_argument("--quick", action="store_true", help="small settings: proves it runs")
    ap.add_argument("--tokens", type=int, default=64, help="fixed: new tokens per stream")
    ap.add_argument("--concurrency", type=int, default=16, help="fixed: streams")
    ap.add_argument("--requests", type=int, default=64, help="mixed: requests")
    ap.add_argument("--rate", type=float, default=2.0, help="mixed: arrivals per second")
    ap.add_argument("--system-tokens", type=int, default=200)
    ap.add_argument("--min-prompt", type=int, default=20)
    ap.add_argument("--max-prompt", type=int, default=400)
    ap.add_argument("--max-output", type=int, default=256)
    ap.add_argument("--static-batch", type=int, default=16)
    ap.add_argument("--conversations", type=int, default=8)
    ap.add_argument("--turns", type=int, default=6)
    ap.add_argument("--chat-tokens", type=int, default=32, help="chat: new tokens per turn")
    ap.add_argument("--skip-transformers-serve", action="store_true")
    ap.add_argument("--device", default="cpu", help="cpu or cuda (every side uses it)")
    ap.add_argument("--dtype", default="float32", choices=sorted(DTYPE))
    args = ap.parse_args(argv)
    if args.quick:
        args.tokens, args.concurrency = 8, 4
        args.requests, args.rate, args.max_prompt, args.max_output = 8, 8.0, 60, 24
        args.system_tokens, args.static_batch = 40, 4
        args.conversations, args.turns, args.chat_tokens = 2, 3, 8
    from fixtures_inference import smollm2_folder

    folder = smollm2_folder()
    scenarios = ["fixed", "mixed", "chat"] if args.scenario == "all" else [args.scenario]
    run = {"fixed": scenario_fixed, "mixed": scenario_mixed, "chat": scenario_chat}
    for name in scenarios:
        figures = run[name](folder, args)
        line = {
            "bench": f"generate.{name}",
            "model": "SmolLM2-135M-Instruct",
            "quick": args.quick,
            "device": args.device,
            "dtype": args.dtype,
            **figures,
            "loadavg": [round(x, 2) for x in os.getloadavg()],
        }
        print(json.dumps(line), flush=True)


if __name__ == "__main__":
    main()
