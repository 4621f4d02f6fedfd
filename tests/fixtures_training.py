"""Pytest fixtures for the training service (loaded by conftest.py as a plugin).

``ray_session``: one Ray head for the whole test run (it takes seconds to
start and 3-4 GB at peak, so every training test shares it), started as a
separate process tree and joined by address; the service reuses the
connection it finds, and leaves it running when it stops.
``training_server`` / ``training_stub``: a started training service wired to
the test's registry and bucket. ``chat_dataset`` etc. register small
datasets; ``causal_base`` / ``classifier_base`` register the tiny models.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import grpc
import pytest

from waiting import wait_for  # also re-exported for the training tests


@pytest.fixture(scope="session")
def ray_session(tmp_path_factory: pytest.TempPathFactory, s3_server: Any) -> Iterator[str]:
    """A Ray head as its own process tree, joined by address; yields the address.

    Started the way the training service starts its local head: 127.0.0.1
    only, session under pytest's tmp, the test S3 server's credentials in the
    head's environment (the workers' only source of them), stopped at the end.
    """
    import ray

    from lmforge.services.training.ray_head import LocalRayHead
    from lmforge.services.training.runner import connect_local, worker_env
    from lmforge.services.training.settings import TrainingSettings

    settings = TrainingSettings(torch_extensions_dir=torch_extensions_dir())
    head = LocalRayHead(
        tmp_path_factory.mktemp("ray"),
        num_cpus=2,
        env={
            "LMFORGE_S3_ACCESS_KEY": s3_server.access_key,
            "LMFORGE_S3_SECRET_KEY": s3_server.secret_key,
        },
    )
    address = head.start()
    try:
        connect_local(
            address,
            runtime_env={"env_vars": worker_env(settings)},
            log_to_driver=os.environ.get("LMFORGE_TEST_RAY_LOGS") == "1",
        )
        yield address
    finally:
        ray.shutdown()
        head.stop()


def torch_extensions_dir() -> Path:
    """DeepSpeed's compiled ops, cached across test runs (compiling takes ~30 s)."""
    return Path(os.environ.get("TORCH_EXTENSIONS_DIR", Path.home() / ".cache/torch_extensions"))


# Tests without ray_session get an address where nothing listens: a job there
# fails fast instead of starting a Ray head per test.
NO_RAY = "127.0.0.1:9"


@pytest.fixture
def training_settings(s3_settings, registry_server, tmp_path: Path, request):  # type: ignore[no-untyped-def]
    from lmforge.services.training.settings import TrainingSettings

    uses_ray = "ray_session" in request.fixturenames
    return TrainingSettings(
        ray_address=request.getfixturevalue("ray_session") if uses_ray else NO_RAY,
        host="127.0.0.1",
        port=0,
        registry_address=registry_server.address,
        database_url=f"sqlite:///{tmp_path / 'training.db'}",
        work_dir=tmp_path / "training-work",
        torch_extensions_dir=torch_extensions_dir(),
        **s3_settings,
    )


@pytest.fixture
def training_server(training_settings) -> Iterator[Any]:  # type: ignore[no-untyped-def]
    from lmforge.services.training.app import build_server
    from servers import ServerThread

    server = ServerThread(lambda: build_server(training_settings))
    server.settings = training_settings  # type: ignore[attr-defined]
    with server:
        yield server


@pytest.fixture
def training_stub(training_server) -> Iterator[Any]:  # type: ignore[no-untyped-def]
    from lmforge.v1 import training_pb2_grpc

    channel = grpc.insecure_channel(training_server.address)
    try:
        yield training_pb2_grpc.TrainingServiceStub(channel)
    finally:
        channel.close()


@pytest.fixture
def causal_base(registry_stub, tiny_causal_lm: Path) -> str:  # type: ignore[no-untyped-def]
    """The tiny causal LM registered as "tiny-lm" (version 1)."""
    from lmforge import registry_transfer

    registry_transfer.push_model_folder(
        registry_stub, "tiny-lm", tiny_causal_lm, task="text-generation"
    )
    return "tiny-lm"


@pytest.fixture
def classifier_base(registry_stub, tiny_classifier: Path) -> str:  # type: ignore[no-untyped-def]
    """The tiny BERT classifier registered as "tiny-cls" (labels negative, positive)."""
    from lmforge import registry_transfer

    registry_transfer.push_model_folder(
        registry_stub,
        "tiny-cls",
        tiny_classifier,
        task="text-classification",
        labels=["negative", "positive"],
    )
    return "tiny-cls"


def chat_rows(n: int = 32) -> list[dict[str, Any]]:
    """A tiny chat dataset: every answer is the same phrase, so loss falls fast."""
    return [
        {
            "messages": [
                {"role": "user", "content": f"say the phrase, please ({i})"},
                {"role": "assistant", "content": "the quick brown fox jumps over the lazy dog"},
            ]
        }
        for i in range(n)
    ]


@pytest.fixture
def push_rows(registry_stub, tmp_path: Path) -> Callable[[str, list[dict[str, Any]]], str]:  # type: ignore[no-untyped-def]
    """Register rows as a JSONL dataset; returns the dataset name."""
    from lmforge import registry_transfer

    def push(name: str, rows: list[dict[str, Any]]) -> str:
        path = tmp_path / f"{name}.jsonl"
        path.write_text("".join(json.dumps(r) + "\n" for r in rows))
        registry_transfer.push_dataset_file(registry_stub, name, path)
        return name

    return push


@pytest.fixture
def chat_dataset(push_rows) -> str:  # type: ignore[no-untyped-def]
    return push_rows("chat", chat_rows())  # type: ignore[no-any-return]


@pytest.fixture(autouse=True)
def ray_starts_idle(request: pytest.FixtureRequest) -> Iterator[None]:
    """A test on the shared Ray cluster starts with every CPU free and no placement group.

    Ray frees what an earlier test's jobs held asynchronously (a killed driver's
    workers, its placement groups), so this waits for it. Whatever is still held
    after that is a leak of an earlier test: it is reported as a warning naming
    the placement groups, and they are removed (which ends the actors in them),
    so that one leak shows where it is instead of starving every later test.
    (CI once saw two 2-worker jobs wait 300 s each for a CPU that something kept.)
    """
    if "ray_session" not in request.fixturenames:
        yield
        return
    request.getfixturevalue("ray_session")
    import warnings

    import ray
    from ray._raylet import PlacementGroupID
    from ray.util.placement_group import (
        PlacementGroup,
        placement_group_table,
        remove_placement_group,
    )

    def left() -> dict[str, Any]:
        return {k: p for k, p in placement_group_table().items() if p["state"] != "REMOVED"}

    def idle() -> bool:
        total = ray.cluster_resources().get("CPU", 0)
        return ray.available_resources().get("CPU", 0) >= total and not left()

    try:
        wait_for(idle, timeout=60, what="Ray to free what earlier tests held")
    except AssertionError:
        groups = left()
        warnings.warn(
            f"before {request.node.nodeid}: earlier tests left Ray placement groups "
            f"{[(k, p['state'], p['bundles']) for k, p in groups.items()]} and "
            f"{ray.available_resources().get('CPU', 0)} of "
            f"{ray.cluster_resources().get('CPU', 0)} CPUs free; removing the groups",
            stacklevel=1,
        )
        for hex_id in groups:
            remove_placement_group(PlacementGroup(PlacementGroupID(bytes.fromhex(hex_id))))
    yield
