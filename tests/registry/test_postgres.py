"""The same registry core on a real PostgreSQL server (started here, on 127.0.0.1).

Skipped when PostgreSQL's server binaries (initdb, pg_ctl) or the psycopg driver
(the ``postgres`` extra) are not installed.
"""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy
from registry_helpers import sha

from lmforge.errors import Aborted, AlreadyExists, FailedPrecondition, NotFound
from lmforge.services.core.seaweed import free_port
from lmforge.services.registry.app import open_registry
from lmforge.services.registry.core import Registry
from lmforge.services.registry.entities import FileRecord, Target, VersionRef
from lmforge.services.registry.settings import RegistrySettings

pytest.importorskip("psycopg")


def _pg_bin(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    for root in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (root / name).exists():
            return str(root / name)
    return None


@pytest.fixture(scope="module")
def postgres_url() -> Iterator[str]:
    initdb, pg_ctl = _pg_bin("initdb"), _pg_bin("pg_ctl")
    if not initdb or not pg_ctl:
        pytest.skip("PostgreSQL server binaries (initdb, pg_ctl) are not installed")
    # PostgreSQL refuses to run as root: run it as the 'postgres' user then.
    as_user: list[str] = []
    if os.geteuid() == 0:
        # /usr/sbin is not on every PATH (a bare `env -i` one): look there too.
        runuser = shutil.which("runuser") or shutil.which("runuser", path="/usr/sbin:/sbin")
        if runuser is None:
            pytest.skip("running as root without runuser: cannot start PostgreSQL")
        as_user = [runuser, "-u", "postgres", "--"]
    root = Path(tempfile.mkdtemp(prefix="lmforge-pg-"))
    if as_user:
        shutil.chown(root, "postgres")
    port = free_port()
    data = root / "data"
    subprocess.run(
        [*as_user, initdb, "-D", str(data), "-A", "trust", "-U", "lmforge"],
        check=True,
        capture_output=True,
    )
    options = f"-c listen_addresses=127.0.0.1 -p {port} -k {root} -c fsync=off"
    subprocess.run(
        [*as_user, pg_ctl, "-D", str(data), "-o", options, "-l", str(root / "log"), "-w", "start"],
        check=True,
        capture_output=True,
    )
    try:
        # Plain "postgresql://" on purpose: the registry picks the installed driver.
        yield f"postgresql://lmforge@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(
            [*as_user, pg_ctl, "-D", str(data), "-m", "immediate", "stop"], capture_output=True
        )
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def pg_core(postgres_url: str, s3_settings: dict[str, str]) -> Iterator[Registry]:
    core = open_registry(RegistrySettings(database_url=postgres_url, **s3_settings))
    try:
        yield core
    finally:
        # Each test starts from an empty database.
        from lmforge.services.registry.db import Base

        Base.metadata.drop_all(core.engine)
        core.close()


def test_lifecycle_on_postgres(pg_core: Registry) -> None:
    core = pg_core
    assert core.engine.dialect.name == "postgresql"
    core.create_model("base", "text-generation", tags={"team": "a"})
    with pytest.raises(AlreadyExists):
        core.create_model("base", "text-generation")
    data = b'{"hidden_size": 64}'
    v = core.create_model_version("base", metrics={"loss": 0.5}).version
    core.upload(Target("model", "base", v), FileRecord("config.json", len(data), sha(data)), [data])
    ready = core.finalize_model_version("base", v)
    assert ready.state == "READY" and ready.metrics == {"loss": 0.5}

    core.create_model("lora", "text-generation")
    cfg = b"{}"

    a = core.create_model_version("lora", format="PEFT_ADAPTER", base=VersionRef("base", v)).version
    core.upload(Target("model", "lora", a), FileRecord("adapter_config.json", 2, sha(cfg)), [cfg])
    core.finalize_model_version("lora", a)
    resolved = core.resolve_model("lora")
    assert resolved.base_version is not None and resolved.base_version.version == v

    core.set_alias("base", "prod", v)
    assert core.resolve_model("base@prod").version.version == v
    assert [m.name for m in core.list_models(tag="team=a").items] == ["base"]
    expired = core.expire_stale(0.0)  # nothing PENDING: nothing expires
    assert expired == []
    assert core.delete_model("base", force=True) == 1
    with pytest.raises(FailedPrecondition, match="lost its base"):
        core.resolve_model("lora")


def test_concurrency_on_postgres(pg_core: Registry) -> None:
    core = pg_core
    core.create_model("m", "text-generation")
    n = 12
    barrier = threading.Barrier(n)

    def create(_: int) -> int:
        barrier.wait()
        return core.create_model_version("m").version

    with ThreadPoolExecutor(n) as pool:
        numbers = list(pool.map(create, range(n)))
    assert sorted(numbers) == list(range(1, n + 1))

    data = b"w"
    for version in (1, 2, 3):
        core.upload(Target("model", "m", version), FileRecord("w", 1, sha(data)), [data])
        core.finalize_model_version("m", version)

    # Two clients race to create the same alias ("must not exist yet").
    barrier2 = threading.Barrier(2)

    def claim(version: int) -> str:
        barrier2.wait()
        try:
            core.set_alias("m", "prod", version, expected=0)
            return "won"
        except Aborted:
            return "lost"

    with ThreadPoolExecutor(2) as pool:
        outcomes = list(pool.map(claim, (2, 3)))
    assert sorted(outcomes) == ["lost", "won"]
    winner = (2, 3)[outcomes.index("won")]
    assert core.get_model("m").aliases == {"prod": winner}


def test_finalize_racing_abort_never_leaves_ready_without_bytes(pg_core: Registry) -> None:
    """Many rounds of finalize vs abort on the same PENDING version, released together."""
    core = pg_core
    core.create_model("race", "text-generation")
    data = b"race bytes"
    outcomes: dict[str, int] = {}
    rounds = 40
    for _ in range(rounds):
        v = core.create_model_version("race").version
        target = Target("model", "race", v)
        core.upload(target, FileRecord("w.bin", len(data), sha(data)), [data])
        barrier = threading.Barrier(2)

        def finalize(v: int = v, barrier: threading.Barrier = barrier) -> str:
            barrier.wait()
            try:
                core.finalize_model_version("race", v)
                return "finalized"
            except FailedPrecondition:
                return "finalize-lost"

        def abort(v: int = v, barrier: threading.Barrier = barrier) -> str:
            barrier.wait()
            try:
                core.abort_model_version("race", v, "race")
                return "aborted"
            except FailedPrecondition:
                return "abort-lost"

        with ThreadPoolExecutor(2) as pool:
            f, a = pool.submit(finalize), pool.submit(abort)
            result = (f.result(60), a.result(60))
        state = core.get_model_version("race", v).state
        key = core.get_model_version("race", v).storage_prefix + "w.bin"
        if state == "READY":
            assert result == ("finalized", "abort-lost")
            assert b"".join(core.store.get(key)) == data  # READY always has its bytes
        else:
            assert state == "FAILED" and result[1] == "aborted"
            assert result[0] == "finalize-lost"
        outcomes[state] = outcomes.get(state, 0) + 1
    assert sum(outcomes.values()) == rounds


@pytest.fixture
def replicas(pg_core: Registry, postgres_url: str, s3_settings: dict[str, str]) -> Iterator[Any]:
    """Two registry cores on one PostgreSQL, each with its own engine and connection pool
    (what two registry processes behind one address share: only the database and store)."""
    other = open_registry(RegistrySettings(database_url=postgres_url, **s3_settings))
    assert other.engine is not pg_core.engine
    try:
        yield (pg_core, other)
    finally:
        other.close()


def _race(n: int, fn: Any) -> list[str]:
    """Run fn(i) for i in range(n) on n threads released together."""
    barrier = threading.Barrier(n)

    def one(i: int) -> str:
        barrier.wait()
        return str(fn(i))

    with ThreadPoolExecutor(n) as pool:
        return list(pool.map(one, range(n)))


def test_replicas_number_versions_and_swap_aliases_through_the_database(replicas: Any) -> None:
    a, b = replicas
    a.create_model("m", "text-generation")
    numbers = _race(16, lambda i: (a, b)[i % 2].create_model_version("m").version)
    assert sorted(int(n) for n in numbers) == list(range(1, 17))  # none lost or duplicated
    data = b"w"
    for v in (1, 2, 3):
        (a, b)[v % 2].upload(Target("model", "m", v), FileRecord("w", 1, sha(data)), [data])
        (b, a)[v % 2].finalize_model_version("m", v)
    a.set_alias("m", "prod", 1)
    head, _ = a.events_head()
    # Swaps of an existing alias: 8 writers on both replicas, all expecting the current target.
    current = 1
    for _round in range(6):
        target = 2 if current != 2 else 3

        def swap(i: int, expected: int = current, target: int = target) -> str:
            try:
                (a, b)[i % 2].set_alias("m", "prod", target, expected=expected)
                return "won"
            except Aborted:
                return "lost"

        outcomes = _race(8, swap)
        assert outcomes.count("won") == 1, outcomes
        assert b.get_model("m").aliases == {"prod": target}
        current = target
    moves, _ = b.read_events(head, "m", ["ALIAS_MOVED"])
    assert len(moves) == 6  # one event per winning swap, in order, chained old -> new
    assert all(x.old_version == y.new_version for y, x in itertools.pairwise(moves))
    # DeleteAlias races: exactly one deleter wins; the others see it changed or gone.
    for _round in range(4):
        a.set_alias("m", "prod", 1)

        def remove(i: int) -> str:
            try:
                (a, b)[i % 2].delete_alias("m", "prod", expected=1)
                return "won"
            except Aborted:
                return "lost"
            except NotFound:
                return "gone"

        outcomes = _race(8, remove)
        assert outcomes.count("won") == 1, outcomes
        assert "prod" not in a.get_model("m").aliases


def test_replicas_keep_upload_and_finalize_of_a_version_apart(replicas: Any) -> None:
    a, b = replicas
    a.create_model("m", "text-generation")
    v = a.create_model_version("m").version
    target = Target("model", "m", v)
    data = b"x" * 1000
    started, release = threading.Event(), threading.Event()

    def slow_chunks() -> Iterator[bytes]:
        yield data[:500]
        started.set()
        assert release.wait(30)
        yield data[500:]

    with ThreadPoolExecutor(1) as pool:
        upload = pool.submit(
            a.upload, target, FileRecord("w.bin", len(data), sha(data)), slow_chunks()
        )
        assert started.wait(30)
        with pytest.raises(FailedPrecondition, match=r"upload\(s\) in progress"):
            b.finalize_model_version("m", v)  # the other replica sees A's upload
        assert b.guard.busy(target)
        release.set()
        upload.result(30)
    at_ready, go = threading.Event(), threading.Event()

    def hold(_t: Target) -> None:
        at_ready.set()
        assert go.wait(30)

    a.before_ready = hold
    with ThreadPoolExecutor(1) as pool:
        finalize = pool.submit(a.finalize_model_version, "m", v)
        assert at_ready.wait(30)
        with pytest.raises(FailedPrecondition, match="being finalized"):
            b.upload(target, FileRecord("w.bin", len(data), sha(data)), [data])
        with pytest.raises(FailedPrecondition, match="already being finalized"):
            b.finalize_model_version("m", v)
        go.set()
        assert finalize.result(30).state == "READY"
    assert not b.guard.busy(target)


def test_finalize_and_abort_on_two_replicas_never_leave_ready_without_bytes(
    replicas: Any,
) -> None:
    a, b = replicas
    a.create_model("race", "text-generation")
    data = b"race bytes"
    states = []
    for i in range(16):
        v = a.create_model_version("race").version
        a.upload(Target("model", "race", v), FileRecord("w.bin", len(data), sha(data)), [data])
        fin, abo = (a, b) if i % 2 else (b, a)

        def one(k: int, v: int = v, fin: Registry = fin, abo: Registry = abo) -> str:
            try:
                if k == 0:
                    fin.finalize_model_version("race", v)
                else:
                    abo.abort_model_version("race", v, "race")
                return "ok"
            except FailedPrecondition:
                return "lost"

        result = _race(2, one)
        got = b.get_model_version("race", v)
        if got.state == "READY":
            assert result == ["ok", "lost"]
            assert b"".join(a.store.get(got.storage_prefix + "w.bin")) == data
        else:
            assert got.state == "FAILED" and result[1] == "ok"
        states.append(got.state)
    assert len(states) == 16


WRITERS = 16  # more than PostgreSQL needs to interleave them; within the pool's 15 + 1 waiting


def _ready_versions(core: Registry, model: str, count: int) -> list[int]:
    core.create_model(model, "text-generation")
    out = []
    for _ in range(count):
        v = core.create_model_version(model).version
        core.upload(Target("model", model, v), FileRecord("w", 1, sha(b"w")), [b"w"])
        core.finalize_model_version(model, v)
        out.append(v)
    return out


def test_many_writers_swapping_an_existing_alias_one_wins_on_postgres(pg_core: Registry) -> None:
    """WRITERS threads released together each move an existing alias from the same
    expected version to a different target: the row lock plus the compare make exactly
    one of them win; without the lock several would "win" and the last write would stay.
    """
    core = pg_core
    versions = _ready_versions(core, "m", WRITERS + 1)
    core.set_alias("m", "prod", versions[0])
    current = versions[0]
    for _round in range(5):
        targets = [v for v in versions if v != current][:WRITERS]

        def swap(i: int, expected: int = current, targets: list[int] = targets) -> str:
            try:
                core.set_alias("m", "prod", targets[i], expected=expected)
                return "won"
            except Aborted as e:
                assert "expected_version" in str(e)
                return "ABORTED"

        outcomes = _race(WRITERS, swap)
        assert sorted(outcomes) == ["ABORTED"] * (WRITERS - 1) + ["won"], outcomes
        winner = targets[outcomes.index("won")]
        assert core.get_model("m").aliases == {"prod": winner}
        assert core.resolve_model("m@prod").version.version == winner
        current = winner


def test_many_deleters_of_an_alias_one_wins_on_postgres(pg_core: Registry) -> None:
    """WRITERS threads released together delete an alias, each expecting the version it
    points at: exactly one deletes it; the others see it gone (NOT_FOUND) or changed."""
    core = pg_core
    first, second = _ready_versions(core, "m", 2)
    for _round in range(5):
        core.set_alias("m", "prod", first)
        core.set_alias("m", "keep", second)

        def remove(_i: int) -> str:
            try:
                assert core.delete_alias("m", "prod", expected=first) == first
                return "won"
            except Aborted:
                return "ABORTED"
            except NotFound:
                return "NOT_FOUND"

        outcomes = _race(WRITERS, remove)
        assert outcomes.count("won") == 1, outcomes
        assert set(outcomes) <= {"won", "ABORTED", "NOT_FOUND"}, outcomes
        assert core.get_model("m").aliases == {"keep": second}  # the other alias untouched
        core.delete_alias("m", "keep", expected=second)


def test_replicas_starting_together_create_the_schema_once(postgres_url: str) -> None:
    """Registry processes started at once on an empty database: each checks or creates
    the schema under an advisory lock, so none fails on a half-created one."""
    from lmforge.services.registry.db import Base, SchemaInfo, open_database

    n = 8
    engines = []

    def start(_i: int) -> str:
        engines.append(open_database(postgres_url))
        return "ok"

    try:
        assert _race(n, start) == ["ok"] * n
        with engines[0].connect() as conn:
            rows = conn.execute(sqlalchemy.select(SchemaInfo.version)).all()
        assert len(rows) == 1  # one schema row, written by whichever process came first
    finally:
        if engines:
            Base.metadata.drop_all(engines[0])
        for engine in engines:
            engine.dispose()
