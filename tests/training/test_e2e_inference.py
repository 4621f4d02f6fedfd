"""End to end: LoRA-train through the service, then serve the adapter next to its base."""

from __future__ import annotations

import threading
from pathlib import Path

import grpc
import pytest

from lmforge.v1 import inference_pb2 as ipb
from lmforge.v1 import inference_pb2_grpc, training_pb2

from .helpers import events, logs, of_kind, spec, states

pytestmark = pytest.mark.usefixtures("ray_session")


def test_trained_adapter_is_served_and_changes_only_its_requests(
    training_stub, training_settings, registry_server, causal_base, chat_dataset, tmp_path: Path
) -> None:
    from lmforge.services.inference.app import build_server
    from lmforge.services.inference.settings import InferenceSettings
    from servers import ServerThread

    job = training_stub.SubmitJob(
        training_pb2.SubmitJobRequest(
            spec=spec(
                causal_base,
                chat_dataset,
                hyperparameters={
                    "max_steps": 30,
                    "learning_rate": 3e-2,
                    "per_device_batch_size": 8,
                },
                lora={
                    "r": 8,
                    "alpha": 32,
                    "target_modules": ["q_proj", "k_proj", "v_proj", "o_proj"],
                },
            )
        )
    ).job
    evs = events(training_stub, job.id)
    assert states(evs)[-1] == "JOB_STATE_SUCCEEDED", logs(evs)
    (result,) = of_kind(evs, "result")

    storage = {
        k: getattr(training_settings, k)
        for k in ("storage_url", "s3_endpoint", "s3_access_key", "s3_secret_key")
    }
    settings = InferenceSettings(
        port=0,
        registry_address=registry_server.address,
        cache_dir=str(tmp_path / "inference-cache"),
        **storage,
    )
    with (
        ServerThread(lambda: build_server(settings)) as server,
        grpc.insecure_channel(server.address) as channel,
    ):
        stub = inference_pb2_grpc.InferenceServiceStub(channel)
        stub.LoadModel(ipb.LoadModelRequest(reference=f"{causal_base}:1", name="lm"))
        messages = [ipb.ChatMessage(role="user", content="say the phrase, please (3)")]
        params = ipb.GenerationParameters(max_new_tokens=12)

        def chat(adapter: str = "") -> list[int]:
            return list(
                stub.Chat(
                    ipb.ChatRequest(
                        model="lm", adapter=adapter, messages=messages, parameters=params
                    )
                ).token_ids
            )

        base_before = chat()
        reference = f"{result.output.model}:{result.output.version}"
        stub.LoadAdapter(ipb.LoadAdapterRequest(model="lm", reference=reference, name="chat"))
        # Base and adapter requests at the same time, on one loaded base.
        got: dict[str, list[int]] = {}
        threads = [
            threading.Thread(target=lambda k=k: got.update({k: chat(k)})) for k in ("", "chat")
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        assert got[""] == base_before  # the base is unchanged by the adapter
        assert got["chat"] != base_before  # the trained adapter changes the answer
