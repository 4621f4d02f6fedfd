"""A real two-node Ray cluster on this machine: a head and a second node that
joins it (both `ray start`, bound to 127.0.0.1, one CPU each), the training
service as its own process pointed at the head with LMFORGE_RAY_ADDRESS, and a
2-worker LoRA job placed STRICT_SPREAD. The job's events say which node each
worker ran on: two different ones. Slow: two Ray nodes and a service process.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import grpc
import psutil
import pytest

from lmforge.services.training.ray_head import LocalRayHead
from lmforge.v1 import registry_pb2, training_pb2, training_pb2_grpc

from .helpers import events, logs, spec, states
from .test_resume import _service_process

pytestmark = pytest.mark.slow


@pytest.fixture
def two_nodes(tmp_path: Path, s3_server: Any) -> Iterator[tuple[LocalRayHead, LocalRayHead]]:
    creds = {
        "LMFORGE_S3_ACCESS_KEY": s3_server.access_key,
        "LMFORGE_S3_SECRET_KEY": s3_server.secret_key,
    }
    head = LocalRayHead(tmp_path / "ray-head", num_cpus=1, env=creds)
    node = LocalRayHead(tmp_path / "ray-node", num_cpus=1, env=creds, join=None)
    keepers: list[int] = []
    try:
        node.join = head.start()
        assert head.process is not None
        keepers.append(head.process.pid)
        node.start()
        assert node.process is not None
        keepers.append(node.process.pid)
        yield head, node
    finally:
        node.stop()
        head.stop()
        # Nothing of either node is left: no keeper, and no Ray process of this session.
        assert not [p for p in keepers if psutil.pid_exists(p)]
        left = [
            p.info["cmdline"]
            for p in psutil.process_iter(["cmdline"])
            if any(str(tmp_path) in part for part in p.info["cmdline"] or [])
        ]
        assert not left, left


def test_a_strict_spread_job_runs_one_worker_per_node_and_registers(
    two_nodes: Any,
    training_settings: Any,
    s3_server: Any,
    registry_stub: Any,
    causal_base: str,
    chat_dataset: str,
    tmp_path: Path,
) -> None:
    head, _node = two_nodes
    svc = _service_process(training_settings, head.address, s3_server, tmp_path / "training.log")
    try:
        stub = training_pb2_grpc.TrainingServiceStub(svc.start())
        strict = {"num_workers": 2, "placement_strategy": "STRICT_SPREAD"}
        # Bad input first: nothing is queued.
        for scaling, field in (
            ({"num_workers": 3, "placement_strategy": "STRICT_SPREAD"}, "placement_strategy"),
            ({"num_workers": 2, "placement_strategy": "SCATTER"}, "placement_strategy"),
        ):
            with pytest.raises(grpc.RpcError) as e:
                stub.SubmitJob(
                    training_pb2.SubmitJobRequest(
                        spec=spec(causal_base, chat_dataset, scaling=scaling)
                    )
                )
            assert e.value.code() == grpc.StatusCode.INVALID_ARGUMENT
            assert f"spec.scaling.{field}" in e.value.details()
            if scaling["num_workers"] == 3:
                assert "2 alive node(s)" in e.value.details()
        assert not stub.ListJobs(training_pb2.ListJobsRequest()).jobs

        job_spec = spec(
            causal_base,
            chat_dataset,
            scaling=strict,
            hyperparameters={"max_steps": 4, "per_device_batch_size": 2},
        )
        job = stub.SubmitJob(training_pb2.SubmitJobRequest(spec=job_spec)).job
        evs = events(stub, job.id, timeout=900)
        assert states(evs)[-1] == "JOB_STATE_SUCCEEDED", logs(evs)
        placed = {
            int(m.group(1)): m.group(2)
            for m in (re.search(r"worker rank (\d+) pid \d+ node (\w+)", x) for x in logs(evs))
            if m
        }
        assert sorted(placed) == [0, 1], logs(evs)
        assert placed[0] != placed[1]  # STRICT_SPREAD: one worker per node

        done = stub.GetJob(training_pb2.GetJobRequest(id=job.id)).job
        assert done.output.version >= 1
        version = registry_stub.GetModelVersion(
            registry_pb2.GetModelVersionRequest(
                model=done.output.model, version=done.output.version
            )
        ).version
        assert version.state == registry_pb2.VERSION_STATE_READY
        assert version.lineage.source_job_id == job.id
    finally:
        svc.stop()
