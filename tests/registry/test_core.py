"""The registry's domain core without gRPC: schema checks, paging, stale cleanup, start-up."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import sqlalchemy as sa
from registry_helpers import keys_under, sha

from lmforge.errors import FailedPrecondition, InvalidArgument, NotFound, Unavailable
from lmforge.services.core.seaweed import free_port
from lmforge.services.registry.app import open_registry
from lmforge.services.registry.core import Registry
from lmforge.services.registry.db import SCHEMA_VERSION, open_database
from lmforge.services.registry.entities import FileRecord, Target
from lmforge.services.registry.settings import RegistrySettings


@pytest.fixture
def core(s3_settings: dict[str, str], tmp_path: Path):  # type: ignore[no-untyped-def]
    settings = RegistrySettings(database_url=f"sqlite:///{tmp_path / 'r.db'}", **s3_settings)
    registry = open_registry(settings)
    try:
        yield registry
    finally:
        registry.close()


def test_schema_version_is_checked_at_start_up(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'r.db'}"
    open_database(url).dispose()  # creates the schema
    open_database(url).dispose()  # and accepts its own
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE registry_schema SET version = 99"))
    engine.dispose()
    with pytest.raises(FailedPrecondition) as e:
        open_database(url)
    assert "99" in str(e.value) and str(SCHEMA_VERSION) in str(e.value)

    with pytest.raises(InvalidArgument) as e2:
        open_database("not a url")
    assert e2.value.violations[0].field == "database_url"


def test_unreachable_store_fails_start_up_clearly(tmp_path: Path) -> None:
    settings = RegistrySettings(
        database_url=f"sqlite:///{tmp_path / 'r.db'}",
        storage_url="s3://nowhere",
        s3_endpoint=f"127.0.0.1:{free_port()}",
        s3_access_key="a",
        s3_secret_key="b",
    )
    with pytest.raises(Unavailable) as e:
        open_registry(settings)
    assert "unreachable" in str(e.value) and settings.s3_endpoint in str(e.value)


def test_paging_and_filters(core: Registry) -> None:
    for i in range(7):
        core.create_model(
            f"m{i}",
            "text-classification" if i % 2 else "text-generation",
            tags={"team": "a" if i < 4 else "b"},
        )
    names: list[str] = []
    token = ""
    while True:
        page = core.list_models(size=3, token=token)
        assert len(page.items) <= 3
        names += [m.name for m in page.items]
        token = page.next_page_token
        if not token:
            break
    assert names == [f"m{i}" for i in range(7)]
    assert [m.name for m in core.list_models(task="text-classification").items] == [
        "m1",
        "m3",
        "m5",
    ]
    assert [m.name for m in core.list_models(tag="team=b").items] == ["m4", "m5", "m6"]
    assert len(core.list_models(tag="team").items) == 7
    first = core.list_models(size=2, tag="team=b")
    assert [m.name for m in first.items] == ["m4", "m5"]
    rest = core.list_models(size=2, tag="team=b", token=first.next_page_token)
    assert [m.name for m in rest.items] == ["m6"] and rest.next_page_token == ""

    for _ in range(5):
        core.create_model_version("m0")
    page = core.list_model_versions("m0", size=2)
    assert [v.version for v in page.items] == [5, 4]
    page = core.list_model_versions("m0", size=2, token=page.next_page_token)
    assert [v.version for v in page.items] == [3, 2]
    core.abort_model_version("m0", 2)
    assert [v.version for v in core.list_model_versions("m0", state="FAILED").items] == [2]

    updated = core.update_model("m1", description="new", labels=["neg", "pos"])
    assert updated.description == "new" and updated.labels == ["neg", "pos"]
    assert updated.tags == {"team": "a"}  # not in the update: unchanged
    with pytest.raises(InvalidArgument):
        core.update_model("m0", labels=["x"])  # text-generation models have no labels
    with pytest.raises(NotFound):
        core.update_model("ghost", description="x")


def test_stale_pending_versions_are_aborted_and_cleaned(core: Registry) -> None:
    core.create_model("m", "text-generation")
    data = b"some weights"
    entry = FileRecord("w.bin", len(data), sha(data))
    ready = core.create_model_version("m")
    core.upload(Target("model", "m", ready.version), entry, iter([data]))
    core.finalize_model_version("m", ready.version)
    stale = core.create_model_version("m")
    core.upload(Target("model", "m", stale.version), entry, iter([data]))
    stale_root = core.get_model_version("m", stale.version).storage_prefix.removesuffix("files/")
    assert keys_under(core.store, stale_root) != []

    # Not old enough yet: nothing happens.
    assert core.expire_stale(3600) == []
    later = dt.datetime.now(dt.UTC) + dt.timedelta(hours=2)
    expired = core.expire_stale(3600, now=later)
    assert expired == [Target("model", "m", stale.version)]
    got = core.get_model_version("m", stale.version)
    assert got.state == "FAILED" and "expired" in got.failure_reason
    assert keys_under(core.store, stale_root) == []
    # The READY version is untouched.
    assert core.get_model_version("m", ready.version).state == "READY"
    ready_prefix = core.get_model_version("m", ready.version).storage_prefix
    assert core.store.sha256(ready_prefix + "w.bin") == sha(data)
    assert core.expire_stale(3600, now=later) == []


def test_finalize_removes_stray_objects_and_is_idempotent(core: Registry) -> None:
    core.create_model("m", "text-generation")
    data = b"abc"
    v = core.create_model_version("m").version
    target = Target("model", "m", v)
    core.upload(target, FileRecord("keep.bin", 3, sha(data)), iter([data]))
    # An object nobody declared (e.g. left by an earlier failed attempt).
    prefix = core.get_model_version("m", v).storage_prefix
    core.store.put(prefix + "stray.bin", b"junk")
    first = core.finalize_model_version("m", v)
    assert [f.path for f in first.files] == ["keep.bin"]
    assert keys_under(core.store, prefix.removesuffix("files/")) == [prefix + "keep.bin"]
    again = core.finalize_model_version("m", v)  # a retried finalize is harmless
    assert again.state == "READY" and again.updated_at == first.updated_at
    with pytest.raises(FailedPrecondition):
        core.abort_model_version("m", v)


def test_dataset_deletes_and_lineage(core: Registry) -> None:
    from lmforge.services.registry.entities import VersionRef

    core.create_dataset("d")
    rows = b'{"text": "a"}\n{"text": "b"}\n'
    dv = core.create_dataset_version("d").version
    core.upload(Target("dataset", "d", dv), FileRecord("rows.jsonl", len(rows), sha(rows)), [rows])
    ready = core.finalize_dataset_version("d", dv)
    assert (ready.format, ready.row_count, ready.columns) == ("JSONL", 2, ["text"])

    core.create_model("base", "text-generation")
    core.create_model("tuned", "text-generation")
    data = b"{}"
    b = core.create_model_version("base").version
    core.upload(Target("model", "base", b), FileRecord("config.json", 2, sha(data)), [data])
    core.finalize_model_version("base", b)
    tuned = core.create_model_version(
        "tuned",
        parent=VersionRef("base", b),
        dataset=VersionRef("d", dv),
        source_job_id="job-1",
        hyperparameters={"lr": "0.001"},
    )
    assert tuned.parent == VersionRef("base", b) and tuned.dataset == VersionRef("d", dv)
    assert tuned.hyperparameters == {"lr": "0.001"} and tuned.source_job_id == "job-1"
    with pytest.raises(NotFound, match=r"lineage\.dataset"):
        core.create_model_version("tuned", dataset=VersionRef("d", 9))

    with pytest.raises(FailedPrecondition, match="force"):
        core.delete_dataset("d")
    assert core.delete_dataset_version("d", dv) == 1
    assert keys_under(core.store, "datasets/d/") == []
    # The lineage loses its pointer instead of blocking the delete.
    assert core.get_model_version("tuned", tuned.version).dataset is None
    assert core.delete_dataset("d") == 0
    with pytest.raises(NotFound):
        core.get_dataset("d")
