"""Concurrent clients: distinct version numbers, and compare-and-swap on aliases."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import grpc

from lmforge import registry_transfer
from lmforge.v1 import registry_pb2 as pb


def test_concurrent_version_creates_get_distinct_numbers(registry_stub) -> None:  # type: ignore[no-untyped-def]
    stub = registry_stub
    stub.CreateModel(pb.CreateModelRequest(model=pb.Model(name="m", task="text-generation")))
    n = 24
    barrier = threading.Barrier(n)

    def create(_: int) -> int:
        barrier.wait()
        return stub.CreateModelVersion(pb.CreateModelVersionRequest(model="m")).version.version

    with ThreadPoolExecutor(n) as pool:
        numbers = list(pool.map(create, range(n)))
    assert sorted(numbers) == list(range(1, n + 1))
    assert stub.GetModel(pb.GetModelRequest(name="m")).model.latest_version == n


def test_alias_compare_and_swap_race_has_one_winner(registry_stub, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    stub = registry_stub
    folder = tmp_path / "model"
    folder.mkdir()
    (folder / "config.json").write_text("{}")
    n = 8
    for _ in range(n + 1):
        registry_transfer.push_model_folder(stub, "m", folder, task="text-generation")
    stub.SetAlias(pb.SetAliasRequest(model="m", alias="prod", version=1))

    barrier = threading.Barrier(n)

    def swap(version: int) -> str:
        barrier.wait()
        try:
            stub.SetAlias(
                pb.SetAliasRequest(model="m", alias="prod", version=version, expected_version=1)
            )
            return "won"
        except grpc.RpcError as e:
            assert e.code() == grpc.StatusCode.ABORTED, e.details()
            assert "expected_version" in e.details()
            return "lost"

    with ThreadPoolExecutor(n) as pool:
        outcomes = dict(zip(range(2, n + 2), pool.map(swap, range(2, n + 2)), strict=True))
    winners = [v for v, o in outcomes.items() if o == "won"]
    assert len(winners) == 1, outcomes
    model = stub.GetModel(pb.GetModelRequest(name="m")).model
    assert model.aliases["prod"] == winners[0]

    # CAS against "must not exist" (expected_version=0) and on delete.
    try:
        stub.SetAlias(pb.SetAliasRequest(model="m", alias="prod", version=1, expected_version=0))
        raise AssertionError("an existing alias must not be overwritten by expected_version=0")
    except grpc.RpcError as e:
        assert e.code() == grpc.StatusCode.ABORTED
    created = stub.SetAlias(
        pb.SetAliasRequest(model="m", alias="staging", version=3, expected_version=0)
    )
    assert created.previous_version == 0 and created.model.aliases["staging"] == 3
    try:
        stub.DeleteAlias(pb.DeleteAliasRequest(model="m", alias="staging", expected_version=2))
        raise AssertionError("a stale expected_version must not delete the alias")
    except grpc.RpcError as e:
        assert e.code() == grpc.StatusCode.ABORTED
    gone = stub.DeleteAlias(pb.DeleteAliasRequest(model="m", alias="staging", expected_version=3))
    assert gone.previous_version == 3
    assert "staging" not in stub.GetModel(pb.GetModelRequest(name="m")).model.aliases
