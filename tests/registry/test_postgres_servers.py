"""Two registry servers (each its own gRPC server, engine and connection pool) on one
real PostgreSQL, raced over gRPC: what two replicas behind one address share is only
the database and the object store, so every guarantee below must come from the database.

Skipped like test_postgres.py when PostgreSQL or psycopg is missing.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import grpc
import pytest
from registry_helpers import sha
from test_postgres import postgres_url  # noqa: F401  (module-scoped PostgreSQL fixture)

from lmforge.targets import channel_options, grpc_target
from lmforge.v1 import common_pb2, registry_pb2, registry_pb2_grpc

pytest.importorskip("psycopg")

pb = registry_pb2
C = grpc.StatusCode


@pytest.fixture
def two_registries(postgres_url: str, s3_settings: dict[str, str]) -> Iterator[Any]:  # noqa: F811
    from lmforge.services.registry.app import build_server
    from lmforge.services.registry.settings import RegistrySettings
    from servers import ServerThread

    settings = RegistrySettings(host="127.0.0.1", port=0, database_url=postgres_url, **s3_settings)
    servers = [ServerThread(lambda: build_server(settings)).start() for _ in range(2)]
    channels = [grpc.insecure_channel(s.address) for s in servers]
    try:
        yield servers, [registry_pb2_grpc.RegistryServiceStub(c) for c in channels]
    finally:
        for c in channels:
            c.close()
        for s in servers:
            s.stop()
        import sqlalchemy

        from lmforge.services.registry.db import Base

        engine = sqlalchemy.create_engine(
            postgres_url.replace("postgresql://", "postgresql+psycopg://", 1)
        )
        Base.metadata.drop_all(engine)
        engine.dispose()


def _race(n: int, fn: Callable[[int], str]) -> list[str]:
    """fn(i) for i in range(n) on n threads released together."""
    barrier = threading.Barrier(n)

    def one(i: int) -> str:
        barrier.wait()
        return fn(i)

    with ThreadPoolExecutor(n) as pool:
        return list(pool.map(one, range(n)))


def _key(v: int) -> pb.ArtifactTarget:
    return pb.ArtifactTarget(model_version=common_pb2.ModelVersionKey(model="m", version=v))


def _upload(stub: Any, v: int, data: bytes) -> None:
    def requests() -> Iterator[pb.UploadFileRequest]:
        yield pb.UploadFileRequest(
            header=pb.UploadFileHeader(
                target=_key(v),
                file=common_pb2.FileEntry(path="w.bin", size_bytes=len(data), sha256=sha(data)),
            )
        )
        yield pb.UploadFileRequest(chunk=data)

    stub.UploadFile(requests())


def _download(stub: Any, v: int) -> bytes:
    parts = stub.DownloadFile(pb.DownloadFileRequest(target=_key(v), path="w.bin"))
    return b"".join(p.chunk for p in parts)


def _code(fn: Callable[[], object]) -> str:
    try:
        fn()
        return "won"
    except grpc.RpcError as e:
        return e.code().name


def test_two_registry_servers_on_one_postgres_race_without_loss(two_registries: Any) -> None:
    servers, stubs = two_registries
    stubs[0].CreateModel(pb.CreateModelRequest(model=pb.Model(name="m", task="text-generation")))

    # Version numbers: 16 writers through both servers; none lost or duplicated.
    n = 16
    numbers = _race(
        n,
        lambda i: str(
            stubs[i % 2].CreateModelVersion(pb.CreateModelVersionRequest(model="m")).version.version
        ),
    )
    assert sorted(int(x) for x in numbers) == list(range(1, n + 1))

    # Uploads through one server, finalize racing abort through the other.
    payload = {v: f"weights of {v}".encode() * 100 for v in range(1, n + 1)}
    for v in range(1, n + 1):
        _upload(stubs[v % 2], v, payload[v])

    def finish(i: int) -> str:
        v, finalize = i // 2 + 1, i % 2 == 0
        stub = stubs[(v + i) % 2]
        if finalize:
            req = pb.FinalizeModelVersionRequest(model="m", version=v)
            return "F:" + _code(lambda: stub.FinalizeModelVersion(req))
        return "A:" + _code(
            lambda: stub.AbortModelVersion(pb.AbortModelVersionRequest(model="m", version=v))
        )

    outcomes = _race(2 * n, finish)
    listed = stubs[1].ListModelVersions(pb.ListModelVersionsRequest(model="m", page_size=100))
    states = {x.version: pb.VersionState.Name(x.state) for x in listed.versions}
    assert sorted(states) == list(range(1, n + 1))  # no lost or duplicated version
    for v in range(1, n + 1):
        fin, abort = outcomes[2 * (v - 1)], outcomes[2 * (v - 1) + 1]
        # Exactly one of the pair won, and the state says which.
        assert [fin.endswith(":won"), abort.endswith(":won")].count(True) == 1, (v, fin, abort)
        if fin == "F:won":
            assert states[v] == "VERSION_STATE_READY"
            for stub in stubs:  # READY always has its bytes, read through either server
                assert _download(stub, v) == payload[v]
        else:
            assert states[v] == "VERSION_STATE_FAILED", (v, fin, abort)
    ready = sorted(v for v, s in states.items() if s == "VERSION_STATE_READY")
    if len(ready) < 2:  # the alias races need two READY targets
        for v in range(n + 1, n + 3):
            got = stubs[0].CreateModelVersion(pb.CreateModelVersionRequest(model="m"))
            assert got.version.version == v
            _upload(stubs[1], v, b"x")
            stubs[0].FinalizeModelVersion(pb.FinalizeModelVersionRequest(model="m", version=v))
            ready.append(v)
    first, second = ready[0], ready[1]

    # Swaps of an existing alias: 8 writers on both servers expecting the current target.
    stubs[0].SetAlias(pb.SetAliasRequest(model="m", alias="prod", version=first))
    current = first
    for _round in range(6):
        target = second if current == first else first

        def swap(i: int, expected: int = current, target: int = target) -> str:
            req = pb.SetAliasRequest(
                model="m", alias="prod", version=target, expected_version=expected
            )
            return _code(lambda: stubs[i % 2].SetAlias(req))

        got = _race(8, swap)
        assert got.count("won") == 1 and set(got) <= {"won", "ABORTED"}, got
        for stub in stubs:
            assert dict(stub.GetModel(pb.GetModelRequest(name="m")).model.aliases) == {
                "prod": target
            }
        current = target

    # DeleteAlias races: exactly one deleter wins; the others see it changed or gone.
    for _round in range(4):
        stubs[1].SetAlias(pb.SetAliasRequest(model="m", alias="prod", version=first))

        def remove(i: int) -> str:
            req = pb.DeleteAliasRequest(model="m", alias="prod", expected_version=first)
            return _code(lambda: stubs[i % 2].DeleteAlias(req))

        got = _race(8, remove)
        assert got.count("won") == 1 and set(got) <= {"won", "ABORTED", "NOT_FOUND"}, got
        for stub in stubs:
            assert "prod" not in stub.GetModel(pb.GetModelRequest(name="m")).model.aliases

    # A client balanced across both servers (gRPC "ipv4:" list, round robin) reads the same.
    both = ",".join(s.address for s in servers)
    with grpc.insecure_channel(grpc_target(both), options=channel_options(both)) as channel:
        balanced = registry_pb2_grpc.RegistryServiceStub(channel)
        for _ in range(4):
            got = balanced.ListModelVersions(pb.ListModelVersionsRequest(model="m", page_size=100))
            assert {x.version: pb.VersionState.Name(x.state) for x in got.versions} == {
                **states,
                **{v: "VERSION_STATE_READY" for v in ready if v > n},
            }
