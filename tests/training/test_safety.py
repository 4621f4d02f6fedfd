"""Issue 9, training side: hostile specs, unverified inputs, secrets in Ray, unplaceable jobs."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import grpc
import pytest

from fixtures_training import wait_for
from lmforge.errors import from_rpc_error
from lmforge.services.core import layout
from lmforge.services.core.storage import open_store
from lmforge.v1 import training_pb2

from .helpers import events, get, spec, states


def _submit_error(stub: Any, s: training_pb2.JobSpec) -> grpc.RpcError:
    with pytest.raises(grpc.RpcError) as info:
        stub.SubmitJob(training_pb2.SubmitJobRequest(spec=s))
    return info.value


def _ds(config: dict[str, Any]) -> dict[str, Any]:
    return {"deepspeed": training_pb2.DeepSpeedConfig(config_json=json.dumps(config))}


@pytest.mark.parametrize(
    ("config", "field"),
    [
        (
            {
                "zero_optimization": {
                    "stage": 3,
                    "offload_param": {"device": "nvme", "nvme_path": "/x"},
                }
            },
            "spec.deepspeed.config_json.zero_optimization.offload_param.nvme_path",
        ),
        (
            {"zero_optimization": {"stage": 2, "offload_optimizer": {"nvme_path": "/tmp"}}},
            "spec.deepspeed.config_json.zero_optimization.offload_optimizer.nvme_path",
        ),
        (
            {"zero_optimization": {"stage": 3, "offload_param": {"device": "nvme"}}},
            "spec.deepspeed.config_json.zero_optimization.offload_param.device",
        ),
        (
            {"tensorboard": {"enabled": True, "output_path": "/tmp/tb"}},
            "spec.deepspeed.config_json.tensorboard",
        ),
        ({"wandb": {"enabled": True}}, "spec.deepspeed.config_json.wandb"),
        ({"csv_monitor": {"output_path": "/etc"}}, "spec.deepspeed.config_json.csv_monitor"),
        (
            {"flops_profiler": {"output_file": "/etc/passwd"}},
            "spec.deepspeed.config_json.flops_profiler",
        ),
        ({"checkpoint": {"load_universal": True}}, "spec.deepspeed.config_json.checkpoint"),
        ({"autotuning": {"results_dir": "/tmp"}}, "spec.deepspeed.config_json.autotuning"),
        (
            {"nebula": {"persistent_storage_path": "/tmp"}},
            "spec.deepspeed.config_json.nebula",
        ),
        ({"not_a_deepspeed_key": 1}, "spec.deepspeed.config_json.not_a_deepspeed_key"),
        (
            {"optimizer": {"type": "AdamW", "params": {"lr": {"nested": 1}}}},
            "spec.deepspeed.config_json.optimizer.params.lr",
        ),
    ],
)
def test_deepspeed_json_takes_only_allowlisted_keys(
    training_stub: Any, causal_base: str, chat_dataset: str, config: dict[str, Any], field: str
) -> None:
    err = _submit_error(training_stub, spec(causal_base, chat_dataset, **_ds(config)))
    assert err.code() == grpc.StatusCode.INVALID_ARGUMENT, err.details()
    assert field in err.details()
    assert [v.field for v in from_rpc_error(err).violations] == [field]
    assert not training_stub.ListJobs(training_pb2.ListJobsRequest()).jobs


def test_deepspeed_presets_pass_the_allowlist() -> None:
    from lmforge.services.training.deepspeed_presets import PRESETS, resolve

    for name, config in PRESETS.items():
        assert resolve(config_json=json.dumps(config)) == config, name
    offload = {"zero_optimization": {"stage": 3, "offload_param": {"device": "cpu"}}}
    assert resolve(config_json=json.dumps(offload)) == offload


def test_missing_base_model_or_dataset_names_the_field(
    training_stub: Any, causal_base: str, chat_dataset: str
) -> None:
    err = _submit_error(training_stub, spec("no-such-model", chat_dataset))
    assert err.code() == grpc.StatusCode.NOT_FOUND
    assert "spec.base_model" in err.details() and "no-such-model" in err.details()
    assert [v.field for v in from_rpc_error(err).violations] == ["spec.base_model"]
    err = _submit_error(training_stub, spec(causal_base, "no-such-data"))
    assert err.code() == grpc.StatusCode.NOT_FOUND
    assert "spec.dataset" in err.details() and "no-such-data" in err.details()
    assert [v.field for v in from_rpc_error(err).violations] == ["spec.dataset"]
    assert not training_stub.ListJobs(training_pb2.ListJobsRequest()).jobs


@pytest.mark.usefixtures("ray_session")
def test_scaling_the_cluster_can_never_satisfy_is_refused(
    training_stub: Any, causal_base: str, chat_dataset: str
) -> None:
    err = _submit_error(
        training_stub,
        spec(causal_base, chat_dataset, scaling=training_pb2.ScalingConfig(num_workers=10000)),
    )
    assert err.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "spec.scaling.num_workers" in err.details()
    assert "10000" in err.details() and "has 2 CPUs" in err.details()
    err = _submit_error(
        training_stub,
        spec(
            causal_base,
            chat_dataset,
            scaling=training_pb2.ScalingConfig(num_workers=1, cpus_per_worker=3),
        ),
    )
    assert err.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "spec.scaling.cpus_per_worker" in err.details() and "2 CPUs" in err.details()
    assert not training_stub.ListJobs(training_pb2.ListJobsRequest()).jobs


@pytest.fixture
def short_placement(training_settings: Any) -> Any:
    training_settings.placement_timeout_seconds = 4.0
    return training_settings


@pytest.mark.usefixtures("ray_session")
def test_a_job_that_cannot_be_placed_fails_with_the_reason(
    short_placement: Any, training_stub: Any, causal_base: str, chat_dataset: str
) -> None:
    import ray

    @ray.remote(num_cpus=2)
    class Hog:  # holds every CPU of the 2-CPU test cluster
        def ready(self) -> bool:
            return True

    hog = Hog.remote()  # type: ignore[attr-defined]
    try:
        assert ray.get(hog.ready.remote(), timeout=60)
        job = training_stub.SubmitJob(
            training_pb2.SubmitJobRequest(spec=spec(causal_base, chat_dataset))
        ).job
        evs = events(training_stub, job.id, timeout=120)
        assert states(evs) == ["JOB_STATE_QUEUED", "JOB_STATE_RUNNING", "JOB_STATE_FAILED"]
        final = get(training_stub, job.id)
        assert final.state == training_pb2.JOB_STATE_FAILED
        assert "could not place 1 worker(s)" in final.error, final.error
        assert "within 4s" in final.error and "2 CPUs" in final.error
        assert final.step == 0
    finally:
        ray.kill(hog)
    # Nothing of the failed job keeps CPUs: the cluster is whole again.
    wait_for(
        lambda: ray.available_resources().get("CPU", 0) >= 2,
        timeout=60,
        what="the CPUs to come back",
    )


def test_worker_downloads_are_verified_against_the_registry_sha256(
    training_settings: Any, causal_base: str, chat_dataset: str, tmp_path: Path
) -> None:
    """fetch_inputs (the workers' download) on real S3: good bytes pass, changed bytes fail."""
    from lmforge.services.core.settings import StorageSettings
    from lmforge.services.training.app import build_coordinator
    from lmforge.services.training.spec import validate
    from lmforge.services.training.worker import IntegrityError, fetch_inputs

    core = build_coordinator(training_settings)
    try:
        valid = validate(spec(causal_base, chat_dataset), core.registry, lambda: 0.0)
    finally:
        core.registry.close()
        core.store.close()
        core.artifacts.close()
    plan = valid.plan
    plan.storage = training_settings.model_dump(
        include={"storage_url", "s3_endpoint", "s3_access_key", "s3_secure", "s3_region"}
    )
    plan.storage["s3_secret_key"] = training_settings.s3_secret_key.get_secret_value()
    assert set(plan.model.sha256) == set(plan.model.files)
    assert all(len(h) == 64 for h in plan.model.sha256.values())

    model_dir, data_paths, validation_paths = fetch_inputs(plan, tmp_path / "good")
    assert (model_dir / "config.json").is_file() and len(data_paths) == 1
    assert validation_paths == []  # the plan has no validation dataset

    # Someone rewrites a published object behind the registry's back.
    store = open_store(StorageSettings(**plan.storage), check=False)
    try:
        assert plan.model.prefix and plan.dataset.prefix  # the registry's per-incarnation keys
        key = layout.file_key(plan.model.prefix, "config.json")
        store.put(key, b'{"model_type": "llama", "evil": true}')
        with pytest.raises(IntegrityError) as info:
            fetch_inputs(plan, tmp_path / "bad-model")
        text = str(info.value)
        assert f"model {plan.model.name}:{plan.model.version} file 'config.json'" in text
        assert "sha256 mismatch" in text and plan.model.sha256["config.json"] in text
        assert not (tmp_path / "bad-model" / "base" / "config.json").exists()

        # The same for a dataset file, after the model is put back.
        store.put(key, (model_dir / "config.json").read_bytes())
        data_key = layout.file_key(plan.dataset.prefix, plan.dataset.files[0])
        store.put(data_key, b'{"text": "poisoned"}\n')
        with pytest.raises(IntegrityError, match=r"dataset .* sha256 mismatch"):
            fetch_inputs(plan, tmp_path / "bad-data")
    finally:
        store.close()


@pytest.mark.usefixtures("ray_session")
def test_the_s3_secret_never_reaches_ray(
    training_server: Any,
    training_stub: Any,
    training_settings: Any,
    causal_base: str,
    chat_dataset: str,
    ray_session: str,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """A job trains with S3 access, yet the secret is in no task argument, record or log."""
    import pickle

    import ray
    from ray.util import state as ray_state

    secret = training_settings.s3_secret_key.get_secret_value()
    runner = training_server.server.coordinator.runner
    launched: list[bytes] = []
    real_launch = runner.launch

    def recording_launch(*args: Any, **kwargs: Any) -> Any:
        # Observe the real arguments the real launch sends to Ray.
        launched.append(pickle.dumps((args, kwargs)))
        return real_launch(*args, **kwargs)

    runner.launch = recording_launch
    job = training_stub.SubmitJob(
        training_pb2.SubmitJobRequest(
            spec=spec(causal_base, chat_dataset, hyperparameters={"max_steps": 2})
        )
    ).job
    evs = events(training_stub, job.id)
    assert states(evs)[-1] == "JOB_STATE_SUCCEEDED", get(training_stub, job.id).error
    assert launched and all(secret.encode() not in blob for blob in launched)
    plan = pickle.loads(launched[0])[0][0]
    assert not {"s3_secret_key", "s3_access_key"} & set(dataclasses.asdict(plan)["storage"])

    # The job record and its events, as stored.
    db = Path(training_settings.database_url.removeprefix("sqlite:///"))
    assert secret.encode() not in db.read_bytes()
    assert secret not in str(evs) and secret not in str(get(training_stub, job.id))
    # What Ray can show: tasks, actors, jobs (with their runtime envs), and the session logs.
    shown = [
        ray_state.list_tasks(detail=True, limit=10000, raise_on_missing_output=False),
        ray_state.list_actors(detail=True, limit=10000, raise_on_missing_output=False),
        ray_state.list_jobs(detail=True, raise_on_missing_output=False),
        ray.get_runtime_context().runtime_env,
    ]
    assert secret not in repr(shown)
    session_root = Path(
        next(p for p in tmp_path_factory.getbasetemp().iterdir() if p.name.startswith("ray"))
    )
    scanned = 0
    for path in session_root.rglob("*"):
        if path.is_file() and not path.is_symlink() and not path.is_socket():
            scanned += 1
            assert secret.encode() not in path.read_bytes(), path
    assert scanned > 10
