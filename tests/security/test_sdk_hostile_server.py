"""The SDK does not trust a server: hostile file paths, tokens in repr, tokens in clear.

The hostile registry is a real gRPC server on 127.0.0.1 that answers
ResolveModel with a path chosen by the test and DownloadFile with real bytes.
"""

from __future__ import annotations

import hashlib
import warnings
from collections.abc import Iterator
from concurrent import futures
from pathlib import Path
from typing import Any

import grpc
import pytest

from lmforge import Client, errors
from lmforge.registry_transfer import download_version, model_target, safe_join
from lmforge.v1 import common_pb2, registry_pb2, registry_pb2_grpc

TOKEN = "sdk-secret-token-0123456789"
PAYLOAD = b"pwned\n"


class HostileRegistry(registry_pb2_grpc.RegistryServiceServicer):
    def __init__(self) -> None:
        self.path = "config.json"
        self.downloads = 0

    def _entry(self) -> common_pb2.FileEntry:
        return common_pb2.FileEntry(
            path=self.path, size_bytes=len(PAYLOAD), sha256=hashlib.sha256(PAYLOAD).hexdigest()
        )

    def ResolveModel(self, request: Any, context: Any) -> Any:
        return registry_pb2.ResolveModelResponse(
            model=registry_pb2.Model(name="m", task="text-generation"),
            version=registry_pb2.ModelVersion(model="m", version=1, files=[self._entry()]),
        )

    def DownloadFile(self, request: Any, context: Any) -> Iterator[Any]:
        self.downloads += 1
        yield registry_pb2.DownloadFileResponse(file=self._entry(), chunk=PAYLOAD)


@pytest.fixture
def hostile() -> Iterator[tuple[str, HostileRegistry]]:
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=4))
    servicer = HostileRegistry()
    registry_pb2_grpc.add_RegistryServiceServicer_to_server(servicer, server)
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    try:
        yield f"127.0.0.1:{port}", servicer
    finally:
        server.stop(0).wait()


def test_download_refuses_paths_that_leave_the_destination(
    hostile: tuple[str, HostileRegistry], tmp_path: Path
) -> None:
    address, servicer = hostile
    dest = tmp_path / "dest"
    outside = tmp_path / "escape.txt"
    absolute = tmp_path / "absolute.txt"
    with Client(registry=address, retries=0) as c:
        for path in ("../escape.txt", str(absolute), "a/../../escape.txt", "a\\..\\x", "./x"):
            servicer.path = path
            with pytest.raises(errors.PermissionDenied, match="must stay inside"):
                c.download_model("m", dest)
        assert servicer.downloads == 0  # refused before a byte was asked for
        assert not outside.exists() and not absolute.exists()
        # The same server with an honest path works: the check is not blanket refusal.
        servicer.path = "sub/config.json"
        c.download_model("m", dest)
        assert (dest / "sub" / "config.json").read_bytes() == PAYLOAD
    # The shared pull helper (used by the CLI and tools) checks too.
    channel = grpc.insecure_channel(address)
    stub = registry_pb2_grpc.RegistryServiceStub(channel)
    bad = common_pb2.FileEntry(path="../escape.txt", size_bytes=1, sha256="0" * 64)
    with pytest.raises(errors.PermissionDenied):
        download_version(stub, model_target("m", 1), [bad], dest)
    channel.close()
    assert not outside.exists()
    assert safe_join(dest, "a/b.txt") == dest / "a" / "b.txt"


def test_token_never_shows_in_repr() -> None:
    c = Client(registry="127.0.0.1:1", token=TOKEN)
    assert TOKEN not in repr(c.connection)
    assert TOKEN not in repr(c)
    assert TOKEN not in str(c.connection)
    assert c.connection.token == TOKEN  # still there, only not printed
    c.close()


def test_token_over_plaintext_to_another_machine_warns(tmp_path: Path) -> None:
    from lmforge._rpc import open_channel

    c = Client(registry="10.255.255.1:50051", token=TOKEN)
    with pytest.warns(UserWarning, match="without TLS"):
        open_channel(c.connection, "registry").close()
    c.close()
    # Loopback, TLS, or no token at all: nothing to warn about.
    quiet = [
        Client(registry="127.0.0.1:50051", token=TOKEN),
        Client(registry="10.255.255.1:50051", token=TOKEN, tls=True),
        Client(registry="10.255.255.1:50051"),
    ]
    for q in quiet:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            open_channel(q.connection, "registry").close()
        q.close()
