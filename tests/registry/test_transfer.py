"""Presigned PUT/GET straight to the object store, and streaming download with offsets."""

from __future__ import annotations

import http.client
import os
import urllib.parse

from registry_helpers import keys_under, sha, store_of

from lmforge import registry_transfer
from lmforge.v1 import common_pb2
from lmforge.v1 import registry_pb2 as pb


def _http(method: str, url: str, body: bytes | None = None) -> tuple[int, bytes]:
    parts = urllib.parse.urlsplit(url)
    assert parts.hostname == "127.0.0.1"
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    conn.request(method, parts.path + "?" + parts.query, body=body)
    resp = conn.getresponse()
    data = resp.read()
    conn.close()
    return resp.status, data


def test_presigned_upload_is_verified_at_finalize_and_immutable_after(
    registry_server, registry_stub
) -> None:  # type: ignore[no-untyped-def]
    stub = registry_stub
    store = store_of(registry_server)
    stub.CreateModel(pb.CreateModelRequest(model=pb.Model(name="big", task="text-generation")))
    version = stub.CreateModelVersion(pb.CreateModelVersionRequest(model="big")).version.version
    target = registry_transfer.model_target("big", version)
    data = os.urandom(3 * 1024 * 1024 + 17)
    entry = common_pb2.FileEntry(path="model.safetensors", size_bytes=len(data), sha256=sha(data))

    got = stub.GetUploadUrl(pb.GetUploadUrlRequest(target=target, file=entry))
    assert got.expire_time.seconds > 0
    status, _ = _http("PUT", got.url, data)
    assert status == 200
    # The bytes sit in staging until finalize checks them.
    prefix = stub.GetModelVersion(
        pb.GetModelVersionRequest(model="big", version=version)
    ).version.storage_prefix
    assert keys_under(store, prefix) == []
    ready = stub.FinalizeModelVersion(
        pb.FinalizeModelVersionRequest(model="big", version=version)
    ).version
    assert ready.state == pb.VERSION_STATE_READY
    assert [(f.path, f.size_bytes, f.sha256) for f in ready.files] == [
        ("model.safetensors", len(data), sha(data))
    ]
    key = prefix + "model.safetensors"
    assert keys_under(store, prefix.removesuffix("files/")) == [key]

    # A presigned URL cannot be revoked: using it again after finalize must not
    # change the READY file.
    status, _ = _http("PUT", got.url, b"tampered")
    assert status == 200
    assert store.sha256(key) == sha(data)

    url = stub.GetDownloadUrl(pb.GetDownloadUrlRequest(target=target, path="model.safetensors"))
    assert url.file.sha256 == sha(data)
    status, body = _http("GET", url.url)
    assert status == 200 and body == data

    # Streaming download from an offset (resume).
    offset = 1024 * 1024 + 5
    msgs = list(
        stub.DownloadFile(
            pb.DownloadFileRequest(target=target, path="model.safetensors", offset=offset)
        )
    )
    assert msgs[0].file.size_bytes == len(data)
    assert b"".join(m.chunk for m in msgs) == data[offset:]
    at_end = list(
        stub.DownloadFile(
            pb.DownloadFileRequest(target=target, path="model.safetensors", offset=len(data))
        )
    )
    assert len(at_end) == 1 and at_end[0].chunk == b"" and at_end[0].file.path


def test_empty_file_round_trips(registry_stub, tmp_path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "m"
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    (folder / "config.json").write_text('{"a": 1}')
    v = registry_transfer.push_model_folder(registry_stub, "m", folder, task="text-generation")
    assert {f.path: f.size_bytes for f in v.files} == {"empty.txt": 0, "config.json": 8}
    dest = tmp_path / "out" / "empty.txt"
    registry_transfer.download_file(
        registry_stub, registry_transfer.model_target("m", 1), "empty.txt", dest
    )
    assert dest.read_bytes() == b""


def test_upload_feed_holds_at_most_its_byte_budget() -> None:
    import asyncio
    import threading

    from lmforge.services.registry.streams import ChunkFeed

    async def run() -> None:
        feed = ChunkFeed(max_bytes=10)
        assert await feed.put(b"a" * 6)  # fits
        blocked = asyncio.ensure_future(feed.put(b"b" * 6))  # 12 > 10: must wait
        for _ in range(20):
            await asyncio.sleep(0)
        assert not blocked.done() and feed._held == 6
        got: list[bytes] = []
        consumer = threading.Thread(target=lambda: got.extend(feed))
        consumer.start()  # reading the first chunk makes room for the second
        assert await asyncio.wait_for(blocked, 10)
        # A chunk is admitted alone when nothing is queued, even if larger.
        assert await asyncio.wait_for(feed.put(b"c" * 4), 10)
        feed.close()
        await asyncio.to_thread(consumer.join, 10)
        assert b"".join(got) == b"a" * 6 + b"b" * 6 + b"c" * 4
        assert feed._held == 0

    asyncio.run(run())
