"""Two registry OS processes (``python -m lmforge.services.registry``) on one real
PostgreSQL, behind one address: a client balanced across both (a gRPC ``ipv4:`` list
with round robin) races creates, uploads, finalize against abort and alias swaps.
What two replicas share is only the database and the object store, so every guarantee
below must come from the database. Each replica's Prometheus counters show that both
really served the racing calls.

Skipped like test_postgres.py when PostgreSQL or psycopg is missing.
"""

from __future__ import annotations

import re
import threading
import urllib.request
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import grpc
import pytest
from registry_helpers import sha
from test_postgres import postgres_url  # noqa: F401  (module-scoped PostgreSQL fixture)

from lmforge.services.core.seaweed import free_port
from lmforge.targets import channel_options, grpc_target
from lmforge.v1 import common_pb2, registry_pb2, registry_pb2_grpc
from servers import ChildService
from waiting import wait_for

pytest.importorskip("psycopg")

pb = registry_pb2
Stub = registry_pb2_grpc.RegistryServiceStub
SERVICE = "lmforge.v1.RegistryService"


class Replica:
    """One registry process and the port its /metrics endpoint listens on."""

    def __init__(self, process: ChildService, metrics_port: int) -> None:
        self.process, self.metrics_port = process, metrics_port
        self.stub: Any = None

    def served(self, method: str, code: str = "OK") -> int:
        """Calls of ``method`` this process answered with ``code`` (its own counter)."""
        url = f"http://127.0.0.1:{self.metrics_port}/metrics"
        body = urllib.request.urlopen(url, timeout=10).read().decode()
        pattern = (
            rf'^lmforge_rpc_requests_total\{{code="{code}",method="{method}",'
            rf'service="{SERVICE}"\}} (\S+)$'
        )
        found = re.search(pattern, body, re.MULTILINE)
        return int(float(found.group(1))) if found else 0


@pytest.fixture
def replicas(
    postgres_url: str,  # noqa: F811
    s3_server: Any,
    bucket: str,
    tmp_path: Path,
) -> Iterator[list[Replica]]:
    out = []
    for i in range(2):
        metrics = free_port()
        args = [
            "--database-url",
            postgres_url,
            "--storage-url",
            f"s3://{bucket}",
            "--metrics-port",
            str(metrics),
            "--log-level",
            "WARNING",
            "--grace-seconds",
            "1",
        ]
        log = tmp_path / f"registry-{i}.log"
        out.append(
            Replica(ChildService("lmforge.services.registry", args, log, s3_server.env()), metrics)
        )
    try:
        # Both start at once, as two replicas of one deployment do (schema creation included).
        with ThreadPoolExecutor(2) as pool:
            channels = list(pool.map(lambda r: r.process.start(), out))
        for r, channel in zip(out, channels, strict=True):
            r.stub = Stub(channel)
        yield out
    finally:
        for r in out:
            r.process.stop()
        assert [r.process.alive() for r in out] == [False, False]  # stopped and reaped
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
        for i in range(0, len(data), 4096):
            yield pb.UploadFileRequest(chunk=data[i : i + 4096])

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


def _states(stub: Any) -> dict[int, str]:
    listed = stub.ListModelVersions(pb.ListModelVersionsRequest(model="m", page_size=100))
    return {x.version: pb.VersionState.Name(x.state) for x in listed.versions}


def test_two_registry_processes_behind_one_address_race_without_loss(
    replicas: list[Replica],
) -> None:
    both = ",".join(r.process.address for r in replicas)
    with grpc.insecure_channel(grpc_target(both), options=channel_options(both)) as channel:
        balanced = Stub(channel)

        # Round robin spreads calls over the replicas it has connected to; wait until
        # it has both (so the races below really go through two processes).
        def spread() -> bool:
            balanced.ListModels(pb.ListModelsRequest())
            return all(r.served("ListModels") > 0 for r in replicas)

        wait_for(spread, 60, what="the balanced channel to reach both replicas")
        _race_through(balanced, replicas)


def _race_through(balanced: Any, replicas: list[Replica]) -> None:
    direct = [r.stub for r in replicas]

    # Creates of one model name: exactly one wins, across processes.
    made = _race(
        8,
        lambda i: _code(
            lambda: balanced.CreateModel(
                pb.CreateModelRequest(model=pb.Model(name="m", task="text-generation"))
            )
        ),
    )
    assert sorted(made) == ["ALREADY_EXISTS"] * 7 + ["won"], made

    # Version numbers: 16 concurrent writers; none lost or duplicated.
    n = 16
    numbers = _race(
        n,
        lambda i: str(
            balanced.CreateModelVersion(pb.CreateModelVersionRequest(model="m")).version.version
        ),
    )
    assert sorted(int(x) for x in numbers) == list(range(1, n + 1))
    assert [r.served("CreateModelVersion") > 0 for r in replicas] == [True, True]
    assert sum(r.served("CreateModelVersion") for r in replicas) == n

    # Concurrent uploads (one per version, all at once), then finalize racing abort.
    payload = {v: f"weights of {v} ".encode() * 1000 for v in range(1, n + 1)}
    uploaded = _race(n, lambda i: _code(lambda: _upload(balanced, i + 1, payload[i + 1])))
    assert uploaded == ["won"] * n
    assert sum(r.served("UploadFile") for r in replicas) == n

    def finish(i: int) -> str:
        v = i // 2 + 1
        if i % 2 == 0:
            req = pb.FinalizeModelVersionRequest(model="m", version=v)
            return _code(lambda: balanced.FinalizeModelVersion(req))
        abort = pb.AbortModelVersionRequest(model="m", version=v)
        return _code(lambda: balanced.AbortModelVersion(abort))

    outcomes = _race(2 * n, finish)
    calls = ("FinalizeModelVersion", "AbortModelVersion")
    assert sum(r.served(m) for r in replicas for m in calls) == n  # one winner per version
    for stub in direct:  # every process sees the same versions, none lost or duplicated
        states = _states(stub)
        assert sorted(states) == list(range(1, n + 1))
    for v in range(1, n + 1):
        fin, abort = outcomes[2 * (v - 1)], outcomes[2 * (v - 1) + 1]
        # Exactly one of the pair won (the loser sees FAILED_PRECONDITION), and the
        # state says which.
        assert sorted([fin, abort]) == ["FAILED_PRECONDITION", "won"], (v, fin, abort)
        if fin == "won":
            assert states[v] == "VERSION_STATE_READY"
            for stub in direct:  # READY always has its bytes, read through either process
                assert _download(stub, v) == payload[v]
        else:
            assert states[v] == "VERSION_STATE_FAILED", (v, fin, abort)
    ready = sorted(v for v, s in states.items() if s == "VERSION_STATE_READY")
    if len(ready) < 2:  # the alias races need two READY targets
        for v in range(n + 1, n + 3):
            got = balanced.CreateModelVersion(pb.CreateModelVersionRequest(model="m"))
            assert got.version.version == v
            _upload(balanced, v, b"x")
            balanced.FinalizeModelVersion(pb.FinalizeModelVersionRequest(model="m", version=v))
            ready.append(v)
    first, second = ready[0], ready[1]

    # Swaps of an existing alias: 12 writers, all expecting the current target.
    balanced.SetAlias(pb.SetAliasRequest(model="m", alias="prod", version=first))
    current = first
    set_before = sum(r.served("SetAlias") for r in replicas)
    rounds = 6
    for _round in range(rounds):
        target = second if current == first else first

        def swap(i: int, expected: int = current, target: int = target) -> str:
            req = pb.SetAliasRequest(
                model="m", alias="prod", version=target, expected_version=expected
            )
            return _code(lambda: balanced.SetAlias(req))

        got = _race(12, swap)
        assert sorted(got) == ["ABORTED"] * 11 + ["won"], got
        for stub in direct:
            aliases = dict(stub.GetModel(pb.GetModelRequest(name="m")).model.aliases)
            assert aliases == {"prod": target}
        current = target
    assert sum(r.served("SetAlias") for r in replicas) - set_before == rounds
    assert [r.served("SetAlias", "ABORTED") > 0 for r in replicas] == [True, True]

    # DeleteAlias races: exactly one deleter wins; the others see it changed or gone.
    for _round in range(4):
        balanced.SetAlias(pb.SetAliasRequest(model="m", alias="prod", version=first))

        def remove(i: int) -> str:
            req = pb.DeleteAliasRequest(model="m", alias="prod", expected_version=first)
            return _code(lambda: balanced.DeleteAlias(req))

        got = _race(12, remove)
        assert got.count("won") == 1 and set(got) <= {"won", "ABORTED", "NOT_FOUND"}, got
        for stub in direct:
            assert "prod" not in stub.GetModel(pb.GetModelRequest(name="m")).model.aliases

    # Nothing moved afterwards: both processes still list the same versions and states.
    assert (
        _states(direct[0])
        == _states(direct[1])
        == {
            **states,
            **{v: "VERSION_STATE_READY" for v in ready if v > n},
        }
    )
