"""Training throughput and start latency: a job through the coordinator vs trl in-process.

In one run, on the same tiny causal LM, the same chat rows and the same
settings (LoRA, batch 8, max length 64, 2 CPU threads):

- in-process: trl's ``SFTTrainer`` in this process;
- the service: a 1-worker job through the real registry, the real training
  service, real Ray (the service's own local head, 2 CPUs, started as a
  child process tree) and SeaweedFS S3.

Throughput is steady state: samples over wall time between logging steps,
after the first ``--skip`` steps (start-up and warm-up excluded on both
sides). Latency is submit to the first step's event, for a first job (Ray
cold) and then a second job (Ray warm). Prints one JSON line.

    python tests/bench/train.py [--steps 80] [--skip 10]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/ (tiny_models, servers)
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
os.environ.setdefault("RAY_TRAIN_ENABLE_PRINT_PATCH", "0")
os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")

BATCH = 8
MAX_LENGTH = 64
LR = 5e-3


def rows(n: int = 256) -> list[dict[str, Any]]:
    return [
        {
            "messages": [
                {"role": "user", "content": f"tell me something nice, number {i}"},
                {"role": "assistant", "content": "the quick brown fox jumps over the lazy dog"},
            ]
        }
        for i in range(n)
    ]


def in_process(model_dir: Path, steps: int, skip: int, out: Path) -> float:
    """Steady-state samples/s of trl's SFTTrainer run here."""
    import datasets
    from peft import LoraConfig
    from transformers import AutoModelForCausalLM, AutoTokenizer, TrainerCallback
    from trl import SFTConfig, SFTTrainer

    marks: list[tuple[int, float]] = []

    class Clock(TrainerCallback):
        def on_log(self, args, state, control, logs=None, **kw):  # type: ignore[no-untyped-def]
            if logs and "loss" in logs:
                marks.append((state.global_step, time.perf_counter()))

    trainer = SFTTrainer(
        model=AutoModelForCausalLM.from_pretrained(model_dir),
        args=SFTConfig(
            output_dir=str(out),
            per_device_train_batch_size=BATCH,
            learning_rate=LR,
            max_steps=steps,
            max_length=MAX_LENGTH,
            logging_steps=1,
            save_strategy="no",
            use_cpu=True,
            bf16=False,
            gradient_checkpointing=False,
            report_to="none",
            disable_tqdm=True,
            seed=42,
        ),
        train_dataset=datasets.Dataset.from_list(rows()),
        processing_class=AutoTokenizer.from_pretrained(model_dir),
        # The service's defaults (Superduper's): every linear layer, so the comparison is fair.
        peft_config=LoraConfig(
            task_type="CAUSAL_LM",
            r=8,
            lora_alpha=16,
            lora_dropout=0.05,
            target_modules="all-linear",
        ),
        callbacks=[Clock()],
    )
    trainer.train()
    (s0, t0), (s1, t1) = marks[skip - 1], marks[-1]
    return (s1 - s0) * BATCH / (t1 - t0)


def through_service(stub: Any, steps: int, skip: int) -> tuple[float, dict[str, float]]:
    """Steady-state samples/s of one job, and seconds from submit to its milestones."""
    from lmforge.v1 import training_pb2

    spec = training_pb2.JobSpec(
        base_model="bench-lm",
        dataset="bench-chat",
        hyperparameters=training_pb2.Hyperparameters(
            max_steps=steps, learning_rate=LR, per_device_batch_size=BATCH, max_length=MAX_LENGTH
        ),
        # Two CPUs for the one worker: the same two threads the in-process run uses.
        scaling=training_pb2.ScalingConfig(num_workers=1, cpus_per_worker=2),
    )
    submitted = time.perf_counter()
    job = stub.SubmitJob(training_pb2.SubmitJobRequest(spec=spec)).job
    marks: dict[str, float] = {}
    metrics = []
    for r in stub.WatchJob(training_pb2.WatchJobRequest(id=job.id), timeout=900):
        ev = r.event
        kind = ev.WhichOneof("event")
        at = time.perf_counter() - submitted
        if kind == "state_change" and ev.state_change.state == training_pb2.JOB_STATE_RUNNING:
            marks.setdefault("running", at)
        if kind == "log" and ev.log.message.startswith("starting "):
            marks.setdefault("driver_started", at)
        if kind == "log" and ev.log.message.startswith("worker rank 0 pid"):
            marks.setdefault("workers_started", at)
        if kind == "log" and "trainer built" in ev.log.message:
            marks.setdefault("trainer_built", at)
        if kind == "metrics":
            marks.setdefault("first_step", at)
            metrics.append(ev.metrics)
        if ev.WhichOneof("event") == "state_change" and ev.state_change.reason:
            raise SystemExit(f"job {job.id} ended: {ev.state_change.reason}")
    # Each event's samples/s covers the steps since the previous one: weight by time.
    steady = [m for m in metrics if m.step > skip]
    seconds = sum(BATCH / m.samples_per_second for m in steady)
    return len(steady) * BATCH / seconds, {k: round(v, 2) for k, v in marks.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=80)
    parser.add_argument("--skip", type=int, default=10)
    args = parser.parse_args()

    import grpc
    import ray
    import torch

    from lmforge import registry_transfer
    from lmforge.services.core.seaweed import start_seaweed
    from lmforge.services.registry.app import build_server as build_registry
    from lmforge.services.registry.settings import RegistrySettings
    from lmforge.services.training.app import build_server as build_training
    from lmforge.services.training.settings import TrainingSettings
    from lmforge.v1 import registry_pb2_grpc, training_pb2_grpc
    from servers import ServerThread
    from tiny_models import build_causal_lm

    torch.set_num_threads(2)
    with tempfile.TemporaryDirectory(prefix="lmforge-bench-train-") as tmp_name:
        tmp = Path(tmp_name)
        model_dir = build_causal_lm(tmp / "model")
        data = tmp / "chat.jsonl"
        data.write_text("".join(json.dumps(r) + "\n" for r in rows()))

        # The machine may be shared: run in-process before and after the
        # service and compare against the better of the two.
        inproc_runs = [in_process(model_dir, args.steps, args.skip, tmp / "inproc")]

        s3 = start_seaweed(tmp / "s3")
        storage = {
            "storage_url": "s3://bench",
            "s3_endpoint": s3.endpoint,
            "s3_access_key": s3.access_key,
            "s3_secret_key": s3.secret_key,
        }
        registry = ServerThread(
            lambda: build_registry(
                RegistrySettings(port=0, database_url=f"sqlite:///{tmp / 'registry.db'}", **storage)
            )
        ).start()
        settings = TrainingSettings(
            port=0,
            registry_address=registry.address,
            database_url=f"sqlite:///{tmp / 'training.db'}",
            work_dir=tmp / "work",
            ray_num_cpus=2,
            # No ray_address: the service starts its own Ray head as a child
            # process tree before it serves (never inside its gRPC process).
            ray_temp_dir=tmp / "ray",
            **storage,
        )
        training = ServerThread(lambda: build_training(settings)).start()
        try:
            with grpc.insecure_channel(registry.address) as rc:
                rstub = registry_pb2_grpc.RegistryServiceStub(rc)
                registry_transfer.push_model_folder(
                    rstub, "bench-lm", model_dir, task="text-generation"
                )
                registry_transfer.push_dataset_file(rstub, "bench-chat", data)
            with grpc.insecure_channel(training.address) as tc:
                tstub = training_pb2_grpc.TrainingServiceStub(tc)
                _, cold = through_service(tstub, args.skip + 2, 1)  # first job: Ray cold
                service, warm = through_service(tstub, args.steps, args.skip)
            inproc_runs.append(in_process(model_dir, args.steps, args.skip, tmp / "inproc2"))
        finally:
            training.stop()
            registry.stop()
            if ray.is_initialized():
                ray.shutdown()
            s3.stop()

    print(
        json.dumps(
            {
                "bench": "train",
                "model": "tiny llama (2 layers, hidden 64), LoRA r=8",
                "batch": BATCH,
                "steps": args.steps,
                "in_process_samples_per_s": [round(x, 1) for x in inproc_runs],
                "service_samples_per_s": round(service, 1),
                "throughput_ratio": round(service / max(inproc_runs), 3),
                "submit_to_first_step_s_ray_warm": warm.get("first_step"),
                "ray_warm_milestones_s": warm,
                "first_job_milestones_s": cold,
                "load_average_1m": round(os.getloadavg()[0], 2),
            }
        )
    )


if __name__ == "__main__":
    main()
