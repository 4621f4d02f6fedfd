"""Bad job specs: the right status code, a message naming the field, nothing created."""

from __future__ import annotations

import grpc
import pytest

from lmforge.errors import from_rpc_error
from lmforge.v1 import training_pb2

from .helpers import spec


def _submit_error(stub, s: training_pb2.JobSpec) -> grpc.RpcError:  # type: ignore[no-untyped-def]
    with pytest.raises(grpc.RpcError) as info:
        stub.SubmitJob(training_pb2.SubmitJobRequest(spec=s))
    return info.value


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"columns": {"text": "body"}}, "spec.columns.text"),
        ({"columns": {"prompt": "q"}}, "spec.columns.completion"),
        ({"columns": {"label": "label"}}, "spec.columns.label"),
        ({"task": training_pb2.TRAINING_TASK_SEQUENCE_CLASSIFICATION}, "spec.task"),
        (
            {"deepspeed": training_pb2.DeepSpeedConfig(config_json='{"zero_optimization": ')},
            "spec.deepspeed.config_json",
        ),
        ({"deepspeed": training_pb2.DeepSpeedConfig(config_json="[1, 2]")}, "spec.deepspeed"),
        ({"deepspeed": training_pb2.DeepSpeedConfig(preset="zero9")}, "spec.deepspeed.preset"),
        ({"scaling": training_pb2.ScalingConfig(num_workers=0)}, "spec.scaling.num_workers"),
        ({"hyperparameters": {"learning_rate": -1e-4}}, "spec.hyperparameters.learning_rate"),
        ({"hyperparameters": {"max_steps": -5}}, "spec.hyperparameters.max_steps"),
        ({"validation_fraction": 0.7}, "spec.validation_fraction"),
        ({"lora": {"dropout": 1.5}}, "spec.lora.dropout"),
        ({"output": {"model_name": "Not A Name"}}, "spec.output.model_name"),
        ({"base_model": ""}, "spec.base_model"),
        ({"eval_steps": 2}, "spec.eval_steps"),  # no validation split
        ({"eval_steps": -1}, "spec.eval_steps"),
        ({"metric_for_best_model": "eval_loss"}, "spec.metric_for_best_model"),
        # accuracy is a classifier metric: a causal LM job never computes it
        (
            {"validation_fraction": 0.25, "eval_steps": 2, "metric_for_best_model": "accuracy"},
            "spec.metric_for_best_model",
        ),
        (
            {"validation_fraction": 0.25, "eval_steps": 2, "metric_for_best_model": "bleu"},
            "spec.metric_for_best_model",
        ),
        (
            {"validation_fraction": 0.25, "metric_for_best_model": "eval_loss"},
            "spec.eval_steps",  # nothing evaluates during the run
        ),
        ({"greater_is_better": True}, "spec.greater_is_better"),
        # One validation split: a held-out fraction or a dataset, not both
        ({"validation_fraction": 0.25, "validation_dataset": "chat"}, "spec.validation_dataset"),
        # Superduper's LLMTrainer extras (JobSpec 20-23, LoraConfig.bias, Hyperparameters 20-23)
        ({"training_kwargs": {"max_grad_norm": "1.0"}}, "spec.training_kwargs.max_grad_norm"),
        ({"training_kwargs": {"packing": "maybe"}}, "spec.training_kwargs.packing"),
        (
            {
                "lora": {"load_in_bits": 4},
                "deepspeed": training_pb2.DeepSpeedConfig(preset="zero3"),
            },
            "spec.lora.load_in_bits",
        ),
        ({"lora": {"bias": "some"}}, "spec.lora.bias"),
        ({"lora": {"target_modules": ["all-linear", "q_proj"]}}, "spec.lora.target_modules"),
        (
            {"hyperparameters": {"lr_scheduler_type": "zigzag"}},
            "spec.hyperparameters.lr_scheduler_type",
        ),
        ({"hyperparameters": {"bf16": True, "fp16": True}}, "spec.hyperparameters.fp16"),
        ({"setup_chat_format": True}, "spec.setup_chat_format"),  # LoRA adapter output
        ({"save_total_limit": -1}, "spec.save_total_limit"),
        ({"register_checkpoints": True}, "spec.register_checkpoints"),  # no checkpoint_steps
        ({"report_to": ["wandb"]}, "spec.report_to"),
        ({"report_to": ["none", "tensorboard"]}, "spec.report_to"),
    ],
)
def test_invalid_spec_names_the_field(
    training_stub, causal_base, chat_dataset, overrides, field
) -> None:
    err = _submit_error(training_stub, spec(causal_base, chat_dataset, **overrides))
    assert err.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert field in err.details()
    assert any(v.field.startswith(field) for v in from_rpc_error(err).violations)
    assert not training_stub.ListJobs(training_pb2.ListJobsRequest()).jobs  # nothing queued


def test_report_to_outside_the_allowlist_names_the_field_first(
    training_stub, causal_base, chat_dataset
) -> None:
    err = _submit_error(training_stub, spec(causal_base, chat_dataset, report_to=["mlflow"]))
    assert err.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert err.details().startswith("spec.report_to:")
    assert "'mlflow'" in err.details() and "tensorboard" in err.details()
    assert not training_stub.ListJobs(training_pb2.ListJobsRequest()).jobs


def test_unknown_model_or_dataset_is_not_found(training_stub, causal_base, chat_dataset) -> None:
    err = _submit_error(training_stub, spec("no-such-model", chat_dataset))
    assert err.code() == grpc.StatusCode.NOT_FOUND and "no-such-model" in err.details()
    err = _submit_error(training_stub, spec(causal_base, "no-such-data"))
    assert err.code() == grpc.StatusCode.NOT_FOUND and "no-such-data" in err.details()
    err = _submit_error(training_stub, spec(f"{causal_base}:7", chat_dataset))
    assert err.code() == grpc.StatusCode.NOT_FOUND
    assert not training_stub.ListJobs(training_pb2.ListJobsRequest()).jobs


def test_validation_dataset_is_resolved_and_its_columns_checked(
    training_stub, classifier_base, push_rows
) -> None:
    dataset = push_rows("reviews", [{"text": "good", "label": "positive"}])
    err = _submit_error(training_stub, spec(classifier_base, dataset, validation_dataset="nope"))
    assert err.code() == grpc.StatusCode.NOT_FOUND
    assert "spec.validation_dataset" in err.details() and "nope" in err.details()
    held_out = push_rows("held-out", [{"text": "bad", "stars": 1}])
    err = _submit_error(training_stub, spec(classifier_base, dataset, validation_dataset=held_out))
    assert err.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert err.details().startswith("spec.validation_dataset:") and "'label'" in err.details()
    assert not training_stub.ListJobs(training_pb2.ListJobsRequest()).jobs


def test_classifier_columns_are_checked_against_the_dataset(
    training_stub, classifier_base, push_rows
) -> None:
    dataset = push_rows("reviews", [{"text": "good", "stars": 5}])
    err = _submit_error(training_stub, spec(classifier_base, dataset))
    assert err.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "spec.columns.label" in err.details() and "'stars'" in err.details()
    err = _submit_error(training_stub, spec(classifier_base, dataset, columns={"messages": "text"}))
    assert "spec.columns.messages" in err.details()


@pytest.mark.usefixtures("ray_session")
def test_gpu_where_ray_has_none_is_failed_precondition(
    training_stub, causal_base, chat_dataset
) -> None:
    err = _submit_error(
        training_stub,
        spec(
            causal_base,
            chat_dataset,
            scaling=training_pb2.ScalingConfig(num_workers=1, use_gpu=True),
        ),
    )
    assert err.code() == grpc.StatusCode.FAILED_PRECONDITION
    assert "spec.scaling.use_gpu" in err.details() and "no GPU" in err.details()
    err = _submit_error(training_stub, spec(causal_base, chat_dataset, lora={"load_in_bits": 4}))
    assert err.code() == grpc.StatusCode.FAILED_PRECONDITION
    assert "spec.lora.load_in_bits" in err.details()


def test_unknown_job_ids_and_bad_page_tokens(training_stub) -> None:
    for call, request in [
        (training_stub.GetJob, training_pb2.GetJobRequest(id="nope")),
        (training_stub.CancelJob, training_pb2.CancelJobRequest(id="nope")),
    ]:
        with pytest.raises(grpc.RpcError) as info:
            call(request)
        assert info.value.code() == grpc.StatusCode.NOT_FOUND and "nope" in info.value.details()
    with pytest.raises(grpc.RpcError) as info:
        list(training_stub.WatchJob(training_pb2.WatchJobRequest(id="nope")))
    assert info.value.code() == grpc.StatusCode.NOT_FOUND
    with pytest.raises(grpc.RpcError) as info:
        training_stub.ListJobs(training_pb2.ListJobsRequest(page_token="garbage"))
    assert info.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "page_token" in info.value.details()
