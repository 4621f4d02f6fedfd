"""lmforge.training_args: HF / Superduper trainer names onto a JobSpec, offline.

The live runs are in tests/training/test_trainer_args.py; here the mapping
itself, the CLI's text values, and the allowlists against transformers/peft.
"""

from __future__ import annotations

import typing

import pytest

from lmforge._requests import job_spec
from lmforge.errors import InvalidArgument
from lmforge.training_args import (
    LORA_BIAS,
    LR_SCHEDULERS,
    TRAINING_ARGUMENTS,
    UnknownTrainingArgument,
    apply,
)
from lmforge.v1 import training_pb2


def test_every_name_lands_on_a_spec_field() -> None:
    spec = training_pb2.JobSpec()
    for path in TRAINING_ARGUMENTS.values():
        *parents, leaf = path.split(".")
        target = spec
        for part in parents:
            target = getattr(target, part)
        assert leaf in target.DESCRIPTOR.fields_by_name, path


def test_text_values_take_the_field_types() -> None:
    spec = apply(
        training_pb2.JobSpec(),
        {
            "num_train_epochs": "2",
            "max_steps": "7",
            "bf16": "true",
            "gradient_checkpointing": False,
            "bits": "4",
            "lora_target_modules": "q_proj, v_proj",
            "training_kwargs": {"packing": True, "dataset_text_field": "body"},
            "max_seq_length": 128,
            "save_steps": "5",
        },
    )
    h = spec.hyperparameters
    assert (h.num_epochs, h.max_steps, h.bf16, h.max_length) == (2.0, 7, True, 128)
    assert spec.lora.load_in_bits == 4 and list(spec.lora.target_modules) == ["q_proj", "v_proj"]
    assert dict(spec.training_kwargs) == {"packing": "true", "dataset_text_field": "body"}
    assert spec.checkpoint_steps == 5
    with pytest.raises(InvalidArgument, match="max_steps: must be an integer"):
        apply(training_pb2.JobSpec(), {"max_steps": "2.5"})
    with pytest.raises(InvalidArgument, match="bf16: must be true or false"):
        apply(training_pb2.JobSpec(), {"bf16": "sometimes"})


def test_unknown_name_is_a_value_error_listing_the_names() -> None:
    with pytest.raises(ValueError) as e:
        job_spec(base_model="m", dataset="d", optim="adamw_torch")
    assert isinstance(e.value, UnknownTrainingArgument)
    assert str(e.value).startswith("training_args.optim: is not a supported trainer argument")
    assert all(name in str(e.value) for name in TRAINING_ARGUMENTS)


def test_allowlists_match_transformers_and_peft() -> None:
    from peft import LoraConfig
    from transformers import SchedulerType

    assert set(LR_SCHEDULERS) <= {s.value for s in SchedulerType}
    bias = typing.get_type_hints(LoraConfig)["bias"]
    assert set(LORA_BIAS) == set(typing.get_args(bias))


def test_fit_routes_hf_names_and_refuses_unknown_ones_before_any_upload() -> None:
    from lmforge import LLM, Client

    # Nothing listens there: a refusal that needed the network would be UNAVAILABLE instead.
    client = Client(registry="127.0.0.1:9", training="127.0.0.1:9", timeout=2)
    try:
        llm = LLM("tiny", client=client)
        with pytest.raises(UnknownTrainingArgument, match=r"training_args\.optim"):
            llm.fit([{"text": "x"}], num_train_epochs=1, optim="adamw_torch")
    finally:
        client.close()


def test_lora_target_modules_as_one_string_and_qlora_compute_dtype() -> None:
    from lmforge.services.training.plan import Hyper
    from lmforge.services.training.worker import compute_dtype

    spec = job_spec(base_model="m", dataset="d", lora={"target_modules": "all-linear"})
    assert list(spec.lora.target_modules) == ["all-linear"]
    assert [compute_dtype(Hyper(bf16=True)), compute_dtype(Hyper(fp16=True))] == [
        "bfloat16",
        "float16",
    ]
    assert compute_dtype(Hyper()) == "float32"


def test_report_to_is_allowlisted_in_the_sdk_too() -> None:
    from transformers.integrations import get_available_reporting_integrations

    from lmforge import LLM, Client
    from lmforge.training_args import REPORT_TO

    # Every allowlisted name but "none" is an integration the installed transformers has.
    assert set(REPORT_TO) - {"none"} <= set(get_available_reporting_integrations())
    assert list(job_spec(base_model="m", dataset="d", report_to="tensorboard").report_to) == [
        "tensorboard"
    ]
    assert list(job_spec(base_model="m", dataset="d").report_to) == []
    with pytest.raises(InvalidArgument, match=r"spec\.report_to"):
        job_spec(base_model="m", dataset="d", report_to=["wandb"])
    client = Client(registry="127.0.0.1:9", training="127.0.0.1:9", timeout=2)
    try:
        with pytest.raises(InvalidArgument, match=r"spec\.report_to.*'mlflow'"):
            LLM("tiny", client=client).fit([{"text": "x"}], report_to=["mlflow"])
    finally:
        client.close()


def test_one_validation_split_a_fraction_or_a_dataset() -> None:
    from lmforge import Client, TextClassification

    spec = job_spec(base_model="m", dataset="d", validation_dataset="held-out:2")
    assert spec.validation_dataset == "held-out:2" and spec.validation_fraction == 0
    with pytest.raises(InvalidArgument, match=r"spec\.validation_dataset"):
        job_spec(base_model="m", dataset="d", validation_fraction=0.2, validation_dataset="h")
    client = Client(registry="127.0.0.1:9", training="127.0.0.1:9", timeout=2)
    try:
        rows = [{"text": "x", "label": "positive"}]
        with pytest.raises(InvalidArgument, match=r"spec\.validation_dataset"):
            TextClassification("tiny", client=client).fit(
                rows, validation_fraction=0.2, validation_dataset=rows
            )
    finally:
        client.close()
