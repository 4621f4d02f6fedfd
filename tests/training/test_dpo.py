"""Preference tuning (method DPO / DPO_FULL, trl's DPOTrainer) on real Ray, registry and S3.

What DPO should teach is checked in process: the chosen-vs-rejected log-prob
margin of the registered weights, loaded from the registry's bytes, against
the base model's on the same pairs.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import grpc
import pytest

from lmforge import Client
from lmforge._requests import job_spec
from lmforge.errors import InvalidArgument, from_rpc_error
from lmforge.v1 import registry_pb2, training_pb2

from .helpers import download_version, events, get, logs, of_kind, spec, states

CHOSEN = " the quick brown fox jumps over the lazy dog"
REJECTED = " I hate this weather, it is terrible and awful"
# Column names of our own, so the job must follow the mapping.
PAIRS = [
    {"question": f"say the phrase, please ({i}):", "good": CHOSEN, "bad": REJECTED}
    for i in range(16)
]
MAPPING = {"prompt": "question", "chosen": "good", "rejected": "bad"}
BETA = 0.1


def _margin(model: Any, tokenizer: Any, rows: list[dict[str, str]]) -> float:
    """Mean over the pairs of log p(chosen | prompt) - log p(rejected | prompt).

    Tokenized as trl's DPOTrainer does: the answer (with the eos token trl
    appends) is what follows the prompt's tokens in prompt + answer.
    """
    import torch

    model.eval()
    total = 0.0
    with torch.no_grad():
        for row in rows:
            prompt = tokenizer(row["question"])["input_ids"]
            logps = []
            for answer in (row["good"], row["bad"]):
                ids = torch.tensor(
                    [tokenizer(row["question"] + answer + tokenizer.eos_token)["input_ids"]]
                )
                per_token = torch.log_softmax(model(ids).logits[0, :-1].float(), dim=-1)
                picked = per_token.gather(1, ids[0, 1:, None])[:, 0]
                logps.append(float(picked[len(prompt) - 1 :].sum()))
            total += logps[0] - logps[1]
    return total / len(rows)


def _dpo_spec(base: str, dataset: str, method: int, **kw: Any) -> training_pb2.JobSpec:
    s = spec(base, dataset, method=method, columns=MAPPING, **kw)
    s.hyperparameters.beta = BETA
    return s


@pytest.mark.usefixtures("ray_session")
def test_lora_dpo_two_workers_grows_the_chosen_margin_of_the_registered_adapter(
    training_stub,
    training_server,
    registry_stub,
    causal_base,
    tiny_causal_lm,
    push_rows,
    tmp_path: Path,
) -> None:
    from peft import PeftModel
    from transformers import AutoModelForCausalLM, AutoTokenizer

    dataset = push_rows("prefs", PAIRS)
    job = training_stub.SubmitJob(
        training_pb2.SubmitJobRequest(
            spec=_dpo_spec(
                causal_base,
                dataset,
                training_pb2.TRAINING_METHOD_DPO,
                hyperparameters={"max_steps": 8, "learning_rate": 5e-3},
                scaling={"num_workers": 2},
                lora={"r": 4, "alpha": 8},
                # DPO's own metric names keep the best checkpoint.
                validation_fraction=0.25,
                eval_steps=4,
                metric_for_best_model="rewards/margins",
            )
        )
    ).job
    evs = events(training_stub, job.id)
    assert states(evs) == ["JOB_STATE_QUEUED", "JOB_STATE_RUNNING", "JOB_STATE_SUCCEEDED"], logs(
        evs
    )
    assert "training engine: DistributedDataParallel" in logs(evs)

    steps = of_kind(evs, "metrics")
    assert [m.step for m in steps] == list(range(1, 9))
    # DPO's loss starts at log 2 (policy == reference) and falls.
    assert steps[0].loss == pytest.approx(math.log(2), abs=1e-3)
    assert steps[-1].loss < steps[0].loss - 0.02
    for m in steps:
        assert {"rewards/margins", "rewards/accuracies", "rewards/chosen"} <= set(m.extra)
        # trl's margin is the difference of the two rewards it logs.
        assert m.extra["rewards/margins"] == pytest.approx(
            m.extra["rewards/chosen"] - m.extra["rewards/rejected"], abs=1e-5
        )
    assert steps[0].extra["rewards/margins"] == pytest.approx(0.0, abs=1e-6)
    assert steps[-1].extra["rewards/margins"] > 0.05
    # The SDK's events carry the same figures.
    with Client(training=training_server.address) as client:
        sdk_steps = [e.metrics for e in client.watch_job(job.id, timeout=60) if e.kind == "metrics"]
    assert [m.extra for m in sdk_steps] == [dict(m.extra) for m in steps]

    evaluations = of_kind(evs, "evaluation")
    periodic, final = evaluations[:-1], evaluations[-1]
    assert [e.step for e in periodic] == [4, 8]
    assert all("eval_perplexity" not in e.metrics for e in evaluations)
    best = max(periodic, key=lambda e: e.metrics["eval_rewards/margins"])
    assert final.step == best.step
    assert final.metrics["eval_rewards/margins"] == pytest.approx(
        best.metrics["eval_rewards/margins"], abs=1e-5
    )

    (result,) = of_kind(evs, "result")
    assert result.metrics["eval_step"] == best.step
    assert result.metrics["eval_rewards/margins"] == pytest.approx(
        final.metrics["eval_rewards/margins"], abs=1e-9
    )
    done = get(training_stub, job.id)
    assert done.state == training_pb2.JOB_STATE_SUCCEEDED and done.output == result.output
    assert result.metrics["train_rewards/margins"] == pytest.approx(
        steps[-1].extra["rewards/margins"], abs=1e-9
    )
    assert result.metrics["train_loss"] == pytest.approx(steps[-1].loss, abs=1e-9)
    version = registry_stub.GetModelVersion(
        registry_pb2.GetModelVersionRequest(
            model=result.output.model, version=result.output.version
        )
    ).version
    assert version.lineage.hyperparameters["objective"] == "dpo"
    assert version.lineage.hyperparameters["beta"] == str(BETA)
    assert version.lineage.hyperparameters["method"] == "lora"
    assert dict(version.metrics)["train_rewards/margins"] == result.metrics["train_rewards/margins"]

    # The registered adapter, from the registry's bytes, over the base loaded here.
    folder = download_version(
        registry_stub, result.output.model, result.output.version, tmp_path / "adapter"
    )
    assert {"adapter_config.json", "adapter_model.safetensors"} <= {
        p.name for p in folder.iterdir()
    }
    tokenizer = AutoTokenizer.from_pretrained(tiny_causal_lm)
    rows = PAIRS[:6]
    before = _margin(AutoModelForCausalLM.from_pretrained(tiny_causal_lm), tokenizer, rows)
    tuned = PeftModel.from_pretrained(AutoModelForCausalLM.from_pretrained(tiny_causal_lm), folder)
    after = _margin(tuned, tokenizer, rows)
    print(f"LoRA DPO margin before {before:.4f} after {after:.4f}")  # shown with -s
    # Measured: about -0.17 before and +1.9 after 8 steps; a noise adapter moves
    # the margin by hundredths.
    assert after > before + 1.0, (before, after)
    # The adapter's own reward margin on these pairs is of the size trl logged
    # (its last figure is a step before the end, so only the sign and scale).
    assert BETA * (after - before) > steps[-1].extra["rewards/margins"] * 0.5


@pytest.mark.usefixtures("ray_session")
def test_full_dpo_zero2_two_workers_registers_a_full_model_whose_margin_grew(
    training_stub, registry_stub, causal_base, tiny_causal_lm, push_rows, tmp_path: Path
) -> None:
    import datasets
    from transformers import AutoModelForCausalLM, AutoTokenizer

    dataset = push_rows("prefs-full", PAIRS)
    job = training_stub.SubmitJob(
        training_pb2.SubmitJobRequest(
            spec=_dpo_spec(
                causal_base,
                dataset,
                training_pb2.TRAINING_METHOD_DPO_FULL,
                hyperparameters={"max_steps": 4, "learning_rate": 2e-3},
                validation_fraction=0.25,
                scaling={"num_workers": 2},
                deepspeed=training_pb2.DeepSpeedConfig(preset="zero2"),
            )
        )
    ).job
    evs = events(training_stub, job.id, timeout=600)
    assert states(evs)[-1] == "JOB_STATE_SUCCEEDED", logs(evs)
    assert "training engine: DeepSpeedEngine (DeepSpeed ZeRO stage 2)" in logs(evs)
    (evaluation,) = of_kind(evs, "evaluation")
    # DPO's eval metrics: its loss and rewards, no perplexity (its loss is no cross-entropy).
    assert {"eval_loss", "eval_rewards/margins", "eval_rewards/accuracies"} <= set(
        evaluation.metrics
    )
    assert "eval_perplexity" not in evaluation.metrics
    assert evaluation.metrics["eval_rewards/margins"] > 0
    (result,) = of_kind(evs, "result")
    assert result.metrics["eval_rewards/margins"] == evaluation.metrics["eval_rewards/margins"]
    assert result.output.model == "tiny-lm-ft"
    folder = download_version(
        registry_stub, result.output.model, result.output.version, tmp_path / "full"
    )
    assert (folder / "model.safetensors").is_file()
    tokenizer = AutoTokenizer.from_pretrained(tiny_causal_lm)
    # The held-out pairs: the worker's split depends only on the row count and seed.
    held_out = list(
        datasets.Dataset.from_list(PAIRS).train_test_split(test_size=0.25, seed=42)["test"]
    )
    before = _margin(AutoModelForCausalLM.from_pretrained(tiny_causal_lm), tokenizer, held_out)
    after = _margin(AutoModelForCausalLM.from_pretrained(folder), tokenizer, held_out)
    print(
        f"full DPO margin before {before:.4f} after {after:.4f}; trl eval margin "
        f"{evaluation.metrics['eval_rewards/margins']:.5f}"
    )  # shown with -s
    assert after > before + 0.5, (before, after)
    # trl's eval margin is beta times the policy's margin gain over the reference
    # (a frozen copy of the base), on the same pairs: the figure computed here.
    assert evaluation.metrics["eval_rewards/margins"] == pytest.approx(
        BETA * (after - before), abs=1e-4
    )


DPO = training_pb2.TRAINING_METHOD_DPO
# (dataset, spec overrides, beta or None, the field the error must name)
BAD = [
    ("chat", {"method": DPO}, None, "spec.columns.prompt"),
    ("no-rejected", {"method": DPO}, None, "spec.columns.rejected"),
    ("pairs", {"method": DPO, "columns": {"chosen": "good"}}, None, "spec.columns.chosen"),
    ("pairs", {"method": DPO, "columns": {"text": "prompt"}}, None, "spec.columns.text"),
    ("pairs", {"method": DPO}, 0.0, "spec.hyperparameters.beta"),
    ("pairs", {"method": DPO}, -0.1, "spec.hyperparameters.beta"),
    ("pairs", {"method": DPO}, 10.5, "spec.hyperparameters.beta"),
    ("pairs", {"method": DPO}, float("nan"), "spec.hyperparameters.beta"),
    # beta and the answer columns belong to DPO only
    ("pairs", {"method": training_pb2.TRAINING_METHOD_LORA}, 0.1, "spec.hyperparameters.beta"),
    ("pairs", {"columns": {"text": "prompt", "chosen": "chosen"}}, None, "spec.columns.chosen"),
    (
        "pairs",
        {"method": training_pb2.TRAINING_METHOD_DPO_FULL, "lora": {"r": 4}},
        None,
        "spec.lora",
    ),
    # DPO computes no perplexity
    (
        "pairs",
        {
            "method": DPO,
            "validation_fraction": 0.25,
            "eval_steps": 2,
            "metric_for_best_model": "perplexity",
        },
        None,
        "spec.metric_for_best_model",
    ),
]


def test_bad_dpo_specs_name_the_field_and_queue_nothing(
    training_stub, causal_base, classifier_base, push_rows
) -> None:
    # One server for every case: each would otherwise start its own registry and service.
    pair = {"prompt": "p", "chosen": " a", "rejected": " b"}
    datasets = {
        "pairs": push_rows("pairs", [pair]),
        "no-rejected": push_rows("half-pairs", [{"prompt": "p", "chosen": " a"}]),
        "chat": push_rows("chat-only", [{"messages": [{"role": "user", "content": "hi"}]}]),
    }
    before = training_stub.ListJobs(training_pb2.ListJobsRequest()).jobs
    cases = [(causal_base, *case) for case in BAD]
    # DPO on a classifier base.
    cases.append((classifier_base, "pairs", {"method": DPO}, None, "spec.method"))
    for base, data, overrides, beta, field in cases:
        s = spec(base, datasets[data], **overrides)
        if beta is not None:
            s.hyperparameters.beta = beta
        with pytest.raises(grpc.RpcError) as info:
            training_stub.SubmitJob(training_pb2.SubmitJobRequest(spec=s))
        err = info.value
        case = (data, overrides, beta)
        assert err.code() == grpc.StatusCode.INVALID_ARGUMENT, (case, err.details())
        assert field in err.details(), (case, err.details())
        assert any(v.field.startswith(field) for v in from_rpc_error(err).violations), case
        if field == "spec.method":
            assert "classifier" in err.details()
    assert training_stub.ListJobs(training_pb2.ListJobsRequest()).jobs == before  # nothing queued


def test_sdk_submit_path_builds_dpo_specs() -> None:
    s = job_spec(
        base_model="tiny-lm",
        dataset="prefs",
        method="dpo",
        columns=MAPPING,
        hyperparameters={"beta": 0.25},
    )
    assert s.method == training_pb2.TRAINING_METHOD_DPO
    assert (s.columns.prompt, s.columns.chosen, s.columns.rejected) == ("question", "good", "bad")
    assert s.hyperparameters.HasField("beta") and s.hyperparameters.beta == 0.25
    full = job_spec(base_model="tiny-lm", dataset="prefs", method="DPO_FULL")
    assert full.method == training_pb2.TRAINING_METHOD_DPO_FULL
    assert not full.hyperparameters.HasField("beta")  # the service's default (0.1) applies
    with pytest.raises(InvalidArgument) as info:
        job_spec(base_model="tiny-lm", dataset="prefs", method="ppo")
    assert "spec.method" in str(info.value) and "'dpo'" in str(info.value)


def test_preference_rows_name_the_bad_row() -> None:
    from lmforge.services.training.data import DataError, preference_rows

    records = [{"q": "p", "c": " a", "r": " b"}, {"q": "p", "c": 3, "r": " b"}]
    columns = {"prompt": "q", "chosen": "c", "rejected": "r"}
    assert preference_rows(iter(records[:1]), columns) == [
        {"prompt": "p", "chosen": " a", "rejected": " b"}
    ]
    with pytest.raises(DataError, match=r"dataset row 2: column 'c' must be a string"):
        preference_rows(iter(records), columns)
    with pytest.raises(DataError, match=r"dataset row 1: column 'r' is missing"):
        preference_rows(iter([{"q": "p", "c": " a"}]), columns)
