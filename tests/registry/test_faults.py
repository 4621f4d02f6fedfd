"""Faults: the object store stopping mid-request, and the registry killed mid-upload."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import grpc
import pytest
from registry_helpers import sha

from lmforge import registry_transfer
from lmforge.services.core.seaweed import start_seaweed
from lmforge.services.registry.settings import RegistrySettings
from lmforge.v1 import common_pb2, registry_pb2_grpc
from lmforge.v1 import registry_pb2 as pb
from servers import ChildService
from waiting import wait_for

MiB = 1024 * 1024


def _stream(
    target: pb.ArtifactTarget, data: bytes, *, after: int, action
) -> Iterator[pb.UploadFileRequest]:  # type: ignore[no-untyped-def]
    """Upload ``data`` in 1 MiB chunks, running ``action`` after ``after`` chunks."""
    yield pb.UploadFileRequest(
        header=pb.UploadFileHeader(
            target=target,
            file=common_pb2.FileEntry(path="weights.bin", size_bytes=len(data), sha256=sha(data)),
        )
    )
    for i in range(0, len(data), MiB):
        if i // MiB == after:
            action()
        yield pb.UploadFileRequest(chunk=data[i : i + MiB])


def test_s3_stopped_mid_request_gives_unavailable_then_recovers(tmp_path: Path) -> None:
    from lmforge.services.registry.app import build_server
    from servers import ServerThread

    s3_dir = tmp_path / "s3"
    s3 = start_seaweed(s3_dir)
    port, access, secret = s3.port, s3.access_key, s3.secret_key
    settings = RegistrySettings(
        port=0,
        database_url=f"sqlite:///{tmp_path / 'registry.db'}",
        storage_url="s3://fault",
        s3_endpoint=s3.endpoint,
        s3_access_key=access,
        s3_secret_key=secret,
    )
    folder = tmp_path / "model"
    folder.mkdir()
    (folder / "config.json").write_text('{"hidden_size": 64}')
    try:
        with ServerThread(lambda: build_server(settings)) as server:
            channel = grpc.insecure_channel(server.address)
            stub = registry_pb2_grpc.RegistryServiceStub(channel)
            ready = registry_transfer.push_model_folder(stub, "m", folder, task="text-generation")
            v2 = stub.CreateModelVersion(pb.CreateModelVersionRequest(model="m")).version.version
            target = registry_transfer.model_target("m", v2)
            data = os.urandom(40 * MiB)

            # The store dies while the bytes are streaming in.
            with pytest.raises(grpc.RpcError) as e:
                stub.UploadFile(_stream(target, data, after=20, action=s3.stop), timeout=120)
            assert e.value.code() == grpc.StatusCode.UNAVAILABLE, e.value.details()
            assert "object store" in (e.value.details() or "")

            # While it is down: file calls say UNAVAILABLE, metadata calls still work.
            with pytest.raises(grpc.RpcError) as e:
                request = pb.DownloadFileRequest(
                    target=registry_transfer.model_target("m", 1), path="config.json"
                )
                list(stub.DownloadFile(request, timeout=60))
            assert e.value.code() == grpc.StatusCode.UNAVAILABLE, e.value.details()
            small = b"tiny file"
            with pytest.raises(grpc.RpcError) as e:
                stub.UploadFile(_stream(target, small, after=-1, action=None), timeout=60)
            assert e.value.code() == grpc.StatusCode.UNAVAILABLE, e.value.details()
            assert stub.GetModel(pb.GetModelRequest(name="m")).model.latest_version == 2
            state = stub.GetModelVersion(pb.GetModelVersionRequest(model="m", version=v2))
            assert state.version.state == pb.VERSION_STATE_PENDING
            assert list(state.version.files) == []

            # The store comes back (same data, same port): the registry recovers
            # without a restart, and the READY version is intact.
            s3 = start_seaweed(s3_dir, port=port, access_key=access, secret_key=secret)
            registry_transfer.upload_file(
                stub, target, _write(tmp_path / "w.bin", data), "weights.bin"
            )
            done = stub.FinalizeModelVersion(pb.FinalizeModelVersionRequest(model="m", version=v2))
            assert done.version.state == pb.VERSION_STATE_READY
            back = tmp_path / "back" / "config.json"
            registry_transfer.download_file(
                stub, registry_transfer.model_target("m", 1), "config.json", back
            )
            assert back.read_bytes() == (folder / "config.json").read_bytes()
            assert ready.state == pb.VERSION_STATE_READY
            channel.close()
    finally:
        s3.stop()


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _registry_process(tmp: Path, s3_server, bucket: str) -> ChildService:  # type: ignore[no-untyped-def]
    """``python -m lmforge.services.registry`` as a real child process."""
    args = [
        "--database-url",
        f"sqlite:///{tmp / 'registry.db'}",
        "--storage-url",
        f"s3://{bucket}",
        "--log-level",
        "WARNING",
        "--grace-seconds",
        "1",
        # A killed process's claim on a version lapses this fast (renewed while live).
        "--version-lease-seconds",
        "2",
    ]
    return ChildService("lmforge.services.registry", args, tmp / "registry.log", s3_server.env())


def test_sigkill_mid_upload_never_publishes(tmp_path: Path, s3_server, bucket: str) -> None:  # type: ignore[no-untyped-def]
    registry = _registry_process(tmp_path, s3_server, bucket)
    folder = tmp_path / "model"
    folder.mkdir()
    (folder / "config.json").write_text('{"hidden_size": 64}')
    (folder / "model.safetensors").write_bytes(os.urandom(2 * MiB + 3))
    try:
        stub = registry_pb2_grpc.RegistryServiceStub(registry.start())
        v1 = registry_transfer.push_model_folder(stub, "m", folder, task="text-generation")
        assert v1.state == pb.VERSION_STATE_READY
        data = os.urandom(48 * MiB)
        entry = common_pb2.FileEntry(path="weights.bin", size_bytes=len(data), sha256=sha(data))
        v2 = stub.CreateModelVersion(
            pb.CreateModelVersionRequest(model="m", files=[entry])
        ).version.version
        with pytest.raises(grpc.RpcError) as e:
            stub.UploadFile(
                _stream(
                    registry_transfer.model_target("m", v2), data, after=24, action=registry.kill
                ),
                timeout=120,
            )
        assert e.value.code() in (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.CANCELLED)

        stub = registry_pb2_grpc.RegistryServiceStub(registry.start())
        # Every READY version is intact, byte for byte.
        resolved = stub.ResolveModel(pb.ResolveModelRequest(reference="m"))
        assert resolved.version.version == 1
        for f in resolved.version.files:
            back = tmp_path / "back" / f.path
            registry_transfer.download_file(
                stub, registry_transfer.model_target("m", 1), f.path, back
            )
            assert back.read_bytes() == (folder / f.path).read_bytes()
        # The interrupted version is PENDING, holds no bytes, and cannot be published.
        got = stub.GetModelVersion(pb.GetModelVersionRequest(model="m", version=v2)).version
        assert got.state == pb.VERSION_STATE_PENDING

        # The killed process's upload lease blocks finalize until it lapses
        # (FAILED_PRECONDITION either way; nothing is published meanwhile).
        def refused_finalize() -> str:
            with pytest.raises(grpc.RpcError) as e:
                stub.FinalizeModelVersion(pb.FinalizeModelVersionRequest(model="m", version=v2))
            assert e.value.code() == grpc.StatusCode.FAILED_PRECONDITION
            return e.value.details() or ""

        why = wait_for(
            lambda: "in progress" not in (d := refused_finalize()) and d, 30, what="lease lapse"
        )
        assert "files[weights.bin] is missing" in why
        assert (
            stub.GetModelVersion(pb.GetModelVersionRequest(model="m", version=v2)).version.state
            == pb.VERSION_STATE_PENDING
        )
        # And the client can finish the job after the restart.
        registry_transfer.upload_file(
            stub,
            registry_transfer.model_target("m", v2),
            _write(tmp_path / "w.bin", data),
            "weights.bin",
        )
        done = stub.FinalizeModelVersion(pb.FinalizeModelVersionRequest(model="m", version=v2))
        assert done.version.state == pb.VERSION_STATE_READY
    finally:
        registry.stop()


def test_client_gone_mid_upload_leaves_nothing(registry_server, registry_stub) -> None:  # type: ignore[no-untyped-def]
    from registry_helpers import keys_under, store_of

    stub = registry_stub
    stub.CreateModel(pb.CreateModelRequest(model=pb.Model(name="m", task="text-generation")))
    v = stub.CreateModelVersion(pb.CreateModelVersionRequest(model="m")).version.version
    data = os.urandom(24 * MiB)

    def vanish() -> None:
        raise ConnectionResetError("client went away")

    with pytest.raises(grpc.RpcError):
        stub.UploadFile(
            _stream(registry_transfer.model_target("m", v), data, after=20, action=vanish)
        )

    def upload_ended() -> bool:
        try:
            stub.FinalizeModelVersion(pb.FinalizeModelVersionRequest(model="m", version=v))
        except grpc.RpcError as e:
            return "in progress" not in (e.details() or "")
        raise AssertionError("a version without files must not finalize")

    wait_for(upload_ended, 30, what="the server to drop the upload")
    assert keys_under(store_of(registry_server), "") == []
    got = stub.GetModelVersion(pb.GetModelVersionRequest(model="m", version=v)).version
    assert got.state == pb.VERSION_STATE_PENDING and list(got.files) == []
