"""GPU smoke: a DeepSpeed ZeRO-2 LoRA job with use_gpu on one CUDA device, through the service.

Run on a machine with a GPU: ``pytest -m gpu tests/gpu``. Skipped elsewhere
(conftest skips ``gpu`` tests without CUDA; addopts deselects them by default).
"""

from __future__ import annotations

import grpc
import pytest

from lmforge.v1 import registry_pb2, training_pb2, training_pb2_grpc

pytestmark = [pytest.mark.gpu, pytest.mark.usefixtures("ray_session")]


def test_zero2_lora_job_on_one_gpu(
    training_server, registry_stub, causal_base, chat_dataset
) -> None:
    import ray

    assert ray.cluster_resources().get("GPU", 0) >= 1, "Ray sees no GPU"
    with grpc.insecure_channel(training_server.address) as channel:
        stub = training_pb2_grpc.TrainingServiceStub(channel)
        spec = training_pb2.JobSpec(
            base_model=causal_base,
            dataset=chat_dataset,
            method=training_pb2.TRAINING_METHOD_LORA,
            hyperparameters=training_pb2.Hyperparameters(
                max_steps=10, learning_rate=1e-2, per_device_batch_size=4, max_length=64
            ),
            scaling=training_pb2.ScalingConfig(num_workers=1, use_gpu=True),
            deepspeed=training_pb2.DeepSpeedConfig(preset="zero2"),
        )
        job = stub.SubmitJob(training_pb2.SubmitJobRequest(spec=spec)).job
        evs = [r.event for r in stub.WatchJob(training_pb2.WatchJobRequest(id=job.id), timeout=600)]
        logs = [e.log.message for e in evs if e.WhichOneof("event") == "log"]
        final = [e.state_change for e in evs if e.WhichOneof("event") == "state_change"][-1]
        assert final.state == training_pb2.JOB_STATE_SUCCEEDED, (final.reason, logs)
        assert "training engine: DeepSpeedEngine (DeepSpeed ZeRO stage 2)" in logs
        losses = [e.metrics.loss for e in evs if e.WhichOneof("event") == "metrics"]
        assert losses[-1] < losses[0]
        result = next(e.result for e in evs if e.WhichOneof("event") == "result")
        version = registry_stub.GetModelVersion(
            registry_pb2.GetModelVersionRequest(
                model=result.output.model, version=result.output.version
            )
        ).version
        assert version.format == registry_pb2.MODEL_FORMAT_PEFT_ADAPTER
