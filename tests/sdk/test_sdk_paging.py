"""The SDK follows pages: every list method of Client and AsyncClient returns
what the raw stubs return over all pages, and ``limit=`` cuts that list.

There are more items than the server's default page (50), so a client that
read only the first page would come up short.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import pytest

from lmforge import AsyncClient, Client
from lmforge.services.training.jobs import JobStore
from lmforge.v1 import registry_pb2, training_pb2

pb = registry_pb2
MANY = 61  # more than one default page, not a multiple of it
TEAMS = ("a", "b", "c")


def _raw(call: Callable[[str], Any], items: str) -> list[Any]:
    """Every item of a List RPC, following its tokens (the callers ask for pages of 7)."""
    out: list[Any] = []
    token = ""
    while True:
        reply = call(token)
        out += list(getattr(reply, items))
        token = reply.next_page_token
        if not token:
            return out


@pytest.fixture
def filled(registry_stub: Any, training_server: Any) -> dict[str, Any]:
    """MANY of each kind in the registry and the job store; the raw stubs' view of them."""
    s = registry_stub
    for i in range(MANY):
        task = "fill-mask" if i % 2 else "text-generation"
        tags = {"team": TEAMS[i % 3]}
        s.CreateModel(pb.CreateModelRequest(model=pb.Model(name=f"m{i:03d}", task=task, tags=tags)))
        s.CreateDataset(pb.CreateDatasetRequest(dataset=pb.Dataset(name=f"d{i:03d}", tags=tags)))
    for _ in range(MANY):
        s.CreateModelVersion(pb.CreateModelVersionRequest(model="m000"))
        s.CreateDatasetVersion(
            pb.CreateDatasetVersionRequest(dataset="d000", format=pb.DATASET_FORMAT_JSONL)
        )
    s.AbortModelVersion(pb.AbortModelVersionRequest(model="m000", version=5))
    store = JobStore.open(training_server.settings.database_url)
    try:
        spec = training_pb2.JobSpec(base_model="m000", dataset="d000").SerializeToString()
        for i in range(MANY):
            store.create(spec, {"plan": i}, ("m000", 1), ("d000", 1))
    finally:
        store.close()

    def models(**kw: Any) -> list[Any]:
        return _raw(
            lambda t: s.ListModels(pb.ListModelsRequest(page_size=7, page_token=t, **kw)), "models"
        )

    return {
        "models": [(m.name, m.task, dict(m.tags)) for m in models()],
        "models_task": [m.name for m in models(task="fill-mask")],
        "models_tag": [m.name for m in models(tag="team=b")],
        "versions": [
            (v.version, registry_pb2.VersionState.Name(v.state))
            for v in _raw(
                lambda t: s.ListModelVersions(
                    pb.ListModelVersionsRequest(model="m000", page_size=7, page_token=t)
                ),
                "versions",
            )
        ],
        "datasets": [
            (d.name, dict(d.tags))
            for d in _raw(
                lambda t: s.ListDatasets(pb.ListDatasetsRequest(page_size=7, page_token=t)),
                "datasets",
            )
        ],
        "dataset_versions": [
            v.version
            for v in _raw(
                lambda t: s.ListDatasetVersions(
                    pb.ListDatasetVersionsRequest(dataset="d000", page_size=7, page_token=t)
                ),
                "versions",
            )
        ],
        "jobs": [j.id for j in _raw(_jobs_call(training_server), "jobs")],
    }


def _jobs_call(training_server: Any) -> Callable[[str], Any]:
    import grpc

    from lmforge.v1 import training_pb2_grpc

    channel = grpc.insecure_channel(training_server.address)
    stub = training_pb2_grpc.TrainingServiceStub(channel)
    return lambda t: stub.ListJobs(training_pb2.ListJobsRequest(page_size=7, page_token=t))


def _sdk_view(lists: dict[str, Any]) -> dict[str, Any]:
    return {
        "models": [(m.name, m.task, m.tags) for m in lists["models"]],
        "models_task": [m.name for m in lists["models_task"]],
        "models_tag": [m.name for m in lists["models_tag"]],
        "versions": [(v.version, v.state) for v in lists["versions"]],
        "datasets": [(d.name, d.tags) for d in lists["datasets"]],
        "dataset_versions": [v.version for v in lists["dataset_versions"]],
        "jobs": [j.id for j in lists["jobs"]],
    }


def _check_sizes(raw: dict[str, Any]) -> None:
    """The raw view itself: every created item once, in the documented order."""
    assert [m[0] for m in raw["models"]] == [f"m{i:03d}" for i in range(MANY)]
    assert raw["models_task"] == [f"m{i:03d}" for i in range(1, MANY, 2)]
    assert raw["models_tag"] == [f"m{i:03d}" for i in range(1, MANY, 3)]
    assert [v for v, _ in raw["versions"]] == list(range(MANY, 0, -1))
    assert dict(raw["versions"])[5] == "VERSION_STATE_FAILED"
    assert raw["dataset_versions"] == list(range(MANY, 0, -1))
    assert len(raw["jobs"]) == len(set(raw["jobs"])) == MANY


def _normalise(raw: dict[str, Any]) -> dict[str, Any]:
    """The SDK names states without the proto prefix."""
    out = dict(raw)
    out["versions"] = [(v, s.removeprefix("VERSION_STATE_")) for v, s in raw["versions"]]
    return out


def test_client_list_methods_follow_every_page(
    filled: dict[str, Any], registry_server: Any, training_server: Any
) -> None:
    _check_sizes(filled)
    want = _normalise(filled)
    with Client(registry=registry_server.address, training=training_server.address) as c:
        got = _sdk_view(
            {
                "models": c.list_models(),
                "models_task": c.list_models(task="fill-mask"),
                "models_tag": c.list_models(tag="team=b"),
                "versions": c.list_model_versions("m000"),
                "datasets": c.list_datasets(),
                "dataset_versions": c.list_dataset_versions("d000"),
                "jobs": c.list_jobs(),
            }
        )
        assert got == want
        # limit: the first items, whether inside the first page or past it.
        for limit in (1, 50, 51, MANY, MANY + 5):
            assert [m.name for m in c.list_models(limit=limit)] == [m[0] for m in want["models"]][
                :limit
            ]
            assert [j.id for j in c.list_jobs(limit=limit)] == want["jobs"][:limit]
            assert [v.version for v in c.list_model_versions("m000", limit=limit)] == [
                v for v, _ in want["versions"]
            ][:limit]
            assert [d.name for d in c.list_datasets(limit=limit)] == [
                d[0] for d in want["datasets"]
            ][:limit]
            assert [v.version for v in c.list_dataset_versions("d000", limit=limit)] == want[
                "dataset_versions"
            ][:limit]
        assert [v.version for v in c.list_model_versions("m000", state="FAILED")] == [5]


def test_async_client_list_methods_follow_every_page(
    filled: dict[str, Any], registry_server: Any, training_server: Any
) -> None:
    want = _normalise(filled)

    async def run() -> tuple[dict[str, Any], list[str], list[str]]:
        async with AsyncClient(
            registry=registry_server.address, training=training_server.address
        ) as c:
            lists = {
                "models": await c.list_models(),
                "models_task": await c.list_models(task="fill-mask"),
                "models_tag": await c.list_models(tag="team=b"),
                "versions": await c.list_model_versions("m000"),
                "datasets": await c.list_datasets(),
                "dataset_versions": await c.list_dataset_versions("d000"),
                "jobs": await c.list_jobs(),
            }
            models = [m.name for m in await c.list_models(limit=51)]
            jobs = [j.id for j in await c.list_jobs(limit=3)]
            return _sdk_view(lists), models, jobs

    got, models, jobs = asyncio.run(run())
    assert got == want
    assert models == [m[0] for m in want["models"]][:51]
    assert jobs == want["jobs"][:3]
