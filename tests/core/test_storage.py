"""Both artifact stores, on a real S3 server and a real directory."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import urllib.request
from pathlib import Path

import pytest

from lmforge.errors import InvalidArgument, NotFound, Unavailable
from lmforge.services.core.settings import StorageSettings
from lmforge.services.core.storage import ArtifactStore, LocalStore, S3Store, open_store


@pytest.fixture(params=["s3", "file"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> ArtifactStore:
    if request.param == "s3":
        settings = StorageSettings(**request.getfixturevalue("s3_settings"))
        return open_store(settings)
    return open_store(StorageSettings(storage_url=(tmp_path / "store").as_uri()))


def test_put_get_stat_list_delete_and_hash(store: ArtifactStore) -> None:
    data = os.urandom(3 * 1024 * 1024 + 17)  # several chunks, not a multiple of one
    result = store.put("models/m/1/weights.bin", data)
    assert result.size == len(data)
    assert result.sha256 == hashlib.sha256(data).hexdigest()
    store.put("models/m/1/config.json", b"{}")
    store.put("models/other/x", b"x")

    assert b"".join(store.get("models/m/1/weights.bin")) == data
    assert b"".join(store.get("models/m/1/weights.bin", offset=1000)) == data[1000:]
    assert store.stat("models/m/1/weights.bin").size == len(data)
    assert [o.key for o in store.list("models/m/")] == [
        "models/m/1/config.json",
        "models/m/1/weights.bin",
    ]
    assert store.sha256("models/m/1/weights.bin") == hashlib.sha256(data).hexdigest()

    assert store.delete("models/m/1/config.json") is True
    assert store.delete("models/m/1/config.json") is False
    with pytest.raises(NotFound):
        store.stat("models/m/1/config.json")
    with pytest.raises(NotFound):
        list(store.get("models/m/1/config.json"))
    assert store.delete_prefix("models/") == 2
    assert store.list() == []


def test_streamed_put_of_unknown_length(store: ArtifactStore, tmp_path: Path) -> None:
    # An iterator of chunks with no declared size: S3 must fall back to multipart.
    chunks = [os.urandom(1024 * 1024) for _ in range(20)]
    result = store.put("big.bin", iter(chunks))
    whole = b"".join(chunks)
    assert (result.size, result.sha256) == (len(whole), hashlib.sha256(whole).hexdigest())
    dest = tmp_path / "dl" / "big.bin"
    downloaded = store.download("big.bin", dest)
    assert downloaded.sha256 == result.sha256
    assert dest.read_bytes() == whole


def test_copy_inside_the_store_overwrites_and_keeps_the_source(store: ArtifactStore) -> None:
    # 20 MiB in 1 MiB chunks of unknown length: a multipart object on S3.
    data = os.urandom(20 * 1024 * 1024 + 5)
    store.put(
        "staging/w.bin", iter([data[i : i + 1024 * 1024] for i in range(0, len(data), 1 << 20)])
    )
    store.put("final/w.bin", b"older bytes")
    store.copy("staging/w.bin", "final/w.bin")
    assert b"".join(store.get("final/w.bin")) == data  # overwritten, byte for byte
    assert store.stat("final/w.bin").size == len(data)
    assert store.sha256("staging/w.bin") == hashlib.sha256(data).hexdigest()  # source kept
    store.copy("staging/w.bin", "other/deeper/copy.bin")  # a new key, folders made as needed
    assert b"".join(store.get("other/deeper/copy.bin")) == data
    assert [o.key for o in store.list()] == [
        "final/w.bin",
        "other/deeper/copy.bin",
        "staging/w.bin",
    ]
    with pytest.raises(NotFound):
        store.copy("staging/missing.bin", "final/missing.bin")
    assert not store.exists("final/missing.bin")
    for src, dst in (("../escape", "ok"), ("staging/w.bin", "/etc/passwd")):
        with pytest.raises(InvalidArgument) as err:
            store.copy(src, dst)
        assert err.value.violations[0].field == "key"
    assert len(store.list()) == 3


def test_s3_copy_stays_under_the_store_prefix(s3_settings: dict[str, str]) -> None:
    bucket = s3_settings["storage_url"].removeprefix("s3://")
    settings = StorageSettings(**{**s3_settings, "storage_url": f"s3://{bucket}/team/a"})
    store, whole = open_store(settings), open_store(StorageSettings(**s3_settings))
    store.put("src.bin", b"prefixed bytes")
    store.copy("src.bin", "dst.bin")
    assert [o.key for o in whole.list()] == ["team/a/dst.bin", "team/a/src.bin"]
    assert b"".join(whole.get("team/a/dst.bin")) == b"prefixed bytes"


@pytest.mark.parametrize(
    "key",
    ["../escape", "a/../../b", "/etc/passwd", "a\\b", "a/\x00b", "a//b", "", "a/./b"],
)
def test_bad_keys_are_refused_before_touching_the_store(store: ArtifactStore, key: str) -> None:
    with pytest.raises(InvalidArgument) as err:
        store.put(key, b"x")
    assert err.value.violations[0].field == "key"
    assert store.list() == []


def test_presigned_urls_round_trip(s3_settings: dict[str, str]) -> None:
    store = open_store(StorageSettings(**s3_settings))
    assert isinstance(store, S3Store)
    put_url = store.presigned_put("up/file.txt", dt.timedelta(minutes=5))
    req = urllib.request.Request(put_url, data=b"via presigned", method="PUT")
    with urllib.request.urlopen(req) as resp:
        assert resp.status == 200
    get_url = store.presigned_get("up/file.txt", dt.timedelta(minutes=5))
    with urllib.request.urlopen(get_url) as resp:
        assert resp.read() == b"via presigned"
    # A tampered signature is refused by the server.
    with pytest.raises(urllib.error.HTTPError):
        urllib.request.urlopen(get_url.replace("X-Amz-Signature=", "X-Amz-Signature=0"))


def test_local_store_presign_is_refused(tmp_path: Path) -> None:
    store = LocalStore(tmp_path)
    with pytest.raises(InvalidArgument, match="presigned"):
        store.presigned_get("a", dt.timedelta(minutes=1))


@pytest.mark.parametrize(
    ("url", "field", "needle"),
    [
        ("ftp://host/x", "storage_url", "unsupported scheme"),
        ("file://relative/path", "storage_url", "absolute"),
        ("s3://", "storage_url", "bucket"),
        ("s3://ab", "storage_url", "bucket"),
    ],
)
def test_bad_storage_urls_give_clear_errors(url: str, field: str, needle: str) -> None:
    with pytest.raises(InvalidArgument) as err:
        open_store(StorageSettings(storage_url=url, s3_endpoint="127.0.0.1:1"))
    assert err.value.violations[0].field == field
    assert needle in str(err.value)


def test_s3_without_endpoint_names_the_variable() -> None:
    with pytest.raises(InvalidArgument, match="LMFORGE_S3_ENDPOINT"):
        open_store(StorageSettings(storage_url="s3://bucket", s3_endpoint=None))


def test_unreachable_s3_is_unavailable_quickly() -> None:
    from lmforge.services.core.seaweed import free_port

    settings = StorageSettings(
        storage_url="s3://lmforge",
        s3_endpoint=f"127.0.0.1:{free_port()}",
        s3_access_key="a",
        s3_secret_key="b",
    )
    with pytest.raises(Unavailable, match="unreachable"):
        open_store(settings)


def test_wrong_credentials_are_unavailable_with_a_hint(s3_server) -> None:  # type: ignore[no-untyped-def]
    settings = StorageSettings(
        storage_url="s3://lmforge-creds",
        s3_endpoint=s3_server.endpoint,
        s3_access_key=s3_server.access_key,
        s3_secret_key="wrong-secret",
    )
    with pytest.raises(Unavailable, match="LMFORGE_S3_SECRET_KEY"):
        open_store(settings)
