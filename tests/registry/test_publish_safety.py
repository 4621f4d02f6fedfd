"""Nothing unchecked is ever READY: staging rewrites during finalize, finalize vs abort.

Real SeaweedFS for the bytes; SQLite here, PostgreSQL in test_postgres.py.
The rewrite happens at a seam inside finalize (``after_publish_copy``), so
the interleaving is the same on every run, with no sleeps.
"""

from __future__ import annotations

import http.client
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest
from registry_helpers import sha

from lmforge.errors import FailedPrecondition
from lmforge.services.registry import artifact_keys
from lmforge.services.registry.app import open_registry
from lmforge.services.registry.core import Registry
from lmforge.services.registry.entities import FileRecord, Target
from lmforge.services.registry.settings import RegistrySettings

GOOD = b"the checked weights"
EVIL = b"the swapped weights"  # same size, different bytes


def inc(core: Registry, target: Target) -> str:
    """The model's incarnation, read back from the storage prefix the registry reports."""
    prefix = core.get_model_version(target.name, target.version).storage_prefix
    return prefix.split("/")[1].split("@")[1]


def put(url: str, data: bytes) -> int:
    parts = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    conn.request("PUT", parts.path + "?" + parts.query, body=data)
    status = conn.getresponse().status
    conn.close()
    return status


@pytest.fixture
def core(s3_settings: dict[str, str], tmp_path: Path) -> Iterator[Registry]:
    settings = RegistrySettings(database_url=f"sqlite:///{tmp_path / 'r.db'}", **s3_settings)
    c = open_registry(settings)
    try:
        yield c
    finally:
        c.close()


def test_staging_rewritten_during_finalize_is_never_published(core: Registry) -> None:
    assert len(GOOD) == len(EVIL)
    core.create_model("m", "text-generation")
    v = core.create_model_version("m").version
    target = Target("model", "m", v)
    url, _ = core.upload_url(target, FileRecord("w.bin", len(GOOD), sha(GOOD)))
    assert put(url, GOOD) == 200
    rewrites: list[int] = []

    def rewrite(t: Target) -> None:
        # The presigned URL is still valid: an attacker replaces the staged bytes now.
        rewrites.append(put(url, EVIL))

    core.after_publish_copy = rewrite
    ready = core.finalize_model_version("m", v)
    assert rewrites == [200]  # the rewrite really happened, mid-finalize
    assert ready.state == "READY"
    published = b"".join(core.store.get(artifact_keys.file_key(target, inc(core, target), "w.bin")))
    assert published == GOOD and sha(published) == ready.files[0].sha256
    # The staging copy is gone too, so nothing else can ever be promoted from it.
    assert not core.store.exists(artifact_keys.staging_key(target, inc(core, target), "w.bin"))


def test_staging_rewritten_before_finalize_is_refused(core: Registry) -> None:
    core.create_model("m", "text-generation")
    v = core.create_model_version("m").version
    target = Target("model", "m", v)
    url, _ = core.upload_url(target, FileRecord("w.bin", len(GOOD), sha(GOOD)))
    assert put(url, EVIL) == 200
    with pytest.raises(FailedPrecondition, match=r"files\[w.bin\] has SHA-256"):
        core.finalize_model_version("m", v)
    assert core.get_model_version("m", v).state == "PENDING"
    assert not core.store.exists(
        artifact_keys.file_key(target, inc(core, target), "w.bin")
    )  # nothing published
    assert put(url, GOOD) == 200  # fixed: finalize again
    assert core.finalize_model_version("m", v).state == "READY"


@pytest.mark.parametrize("seam", ["after_publish_copy", "before_ready"])
def test_abort_during_finalize_wins_and_nothing_is_published(core: Registry, seam: str) -> None:
    core.create_model("m", "text-generation")
    v = core.create_model_version("m").version
    target = Target("model", "m", v)
    core.upload(target, FileRecord("w.bin", len(GOOD), sha(GOOD)), [GOOD])
    url, _ = core.upload_url(target, FileRecord("s.bin", len(GOOD), sha(GOOD)))
    assert put(url, GOOD) == 200

    def abort_now(t: Target) -> None:
        core.abort_model_version("m", v, "changed my mind")

    setattr(core, seam, abort_now)
    # Before verifying, the abort's removal shows as missing files; after it,
    # the conditional UPDATE matches no row. Either way: not published.
    expected = "is missing" if seam == "after_publish_copy" else "aborted while finalizing"
    with pytest.raises(FailedPrecondition, match=expected):
        core.finalize_model_version("m", v)
    assert core.get_model_version("m", v).state == "FAILED"
    assert core.store.list(artifact_keys.version_root(target, inc(core, target))) == []


def test_abort_after_finalize_is_refused_and_keeps_the_bytes(core: Registry) -> None:
    core.create_model("m", "text-generation")
    v = core.create_model_version("m").version
    target = Target("model", "m", v)
    core.upload(target, FileRecord("w.bin", len(GOOD), sha(GOOD)), [GOOD])
    core.finalize_model_version("m", v)
    with pytest.raises(FailedPrecondition, match="READY"):
        core.abort_model_version("m", v)
    assert core.get_model_version("m", v).state == "READY"
    assert (
        b"".join(core.store.get(artifact_keys.file_key(target, inc(core, target), "w.bin"))) == GOOD
    )


def test_a_recreated_model_never_shares_object_keys_with_the_old_one(core: Registry) -> None:
    core.create_model("m", "text-generation")
    v1 = core.create_model_version("m").version
    core.upload(Target("model", "m", v1), FileRecord("w.bin", len(GOOD), sha(GOOD)), [GOOD])
    old = core.finalize_model_version("m", v1)
    pending = core.create_model_version("m").version  # an upload URL outlives the model
    old_url, _ = core.upload_url(
        Target("model", "m", pending), FileRecord("w.bin", len(GOOD), sha(GOOD))
    )
    old_inc = inc(core, Target("model", "m", v1))
    assert core.delete_model("m", force=True) == 2

    core.create_model("m", "text-generation")
    v = core.create_model_version("m").version
    assert v == 1  # numbers restart with the new model ...
    new_target = Target("model", "m", v)
    core.upload(new_target, FileRecord("w.bin", len(GOOD), sha(GOOD)), [GOOD])
    new = core.finalize_model_version("m", v)
    new_inc = inc(core, new_target)
    # ... but the keys do not: each incarnation has its own id in them.
    assert new_inc != old_inc and new.storage_prefix != old.storage_prefix
    assert new.storage_prefix.startswith(f"models/m@{new_inc}/versions/1/files/")
    # A slow delete of the old model (its own prefix), finishing only now, and
    # the old presigned URL used now, leave the new model's bytes alone.
    core.store.delete_prefix(artifact_keys.owner_root("model", "m", old_inc))
    assert put(old_url, EVIL) == 200
    assert b"".join(core.store.get(new.storage_prefix + "w.bin")) == GOOD
    assert [o.key for o in core.store.list(artifact_keys.owner_root("model", "m", new_inc))] == [
        new.storage_prefix + "w.bin"
    ]


def test_schema_1_database_is_migrated_and_keeps_its_old_keys(
    s3_settings: dict[str, str], tmp_path: Path
) -> None:
    import sqlite3

    url = f"sqlite:///{tmp_path / 'old.db'}"
    settings = RegistrySettings(database_url=url, **s3_settings)
    c = open_registry(settings)
    c.create_model("old", "text-generation")
    c.close()
    # Make it what a schema-1 registry wrote: no incarnation column, version 1.
    db = sqlite3.connect(tmp_path / "old.db")
    for table in ("models", "datasets"):
        db.execute(f"ALTER TABLE {table} DROP COLUMN incarnation")
    db.execute("UPDATE registry_schema SET version = 1")
    db.commit()
    db.close()
    c = open_registry(settings)
    try:
        v = c.create_model_version("old").version
        c.upload(Target("model", "old", v), FileRecord("w.bin", len(GOOD), sha(GOOD)), [GOOD])
        ready = c.finalize_model_version("old", v)
        assert ready.storage_prefix == f"models/old/versions/{v}/files/"  # the old scheme
        assert b"".join(c.store.get(ready.storage_prefix + "w.bin")) == GOOD
        c.create_model("new", "text-generation")
        n = c.create_model_version("new").version
        assert "@" in c.get_model_version("new", n).storage_prefix
    finally:
        c.close()
