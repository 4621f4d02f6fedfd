"""Registry transfer speed vs the raw minio SDK, on one S3 server, in one run.

    python tests/bench/registry_transfer.py [--mb 200] [--rounds 2]

Starts its own SeaweedFS and a registry process (``python -m
lmforge.services.registry``), then moves one file of ``--mb`` MB four ways:

- raw:       minio SDK ``put_object`` / ``get_object`` straight to S3 (the baseline);
- streaming: the registry's ``UploadFile`` / ``DownloadFile`` gRPC streams;
- presigned: ``GetUploadUrl`` / ``GetDownloadUrl``, then plain HTTP PUT / GET.

Each way is run ``--rounds`` times, interleaved, and the best round counts (the
machine is shared; the best round is the least disturbed). Downloads are
written to a local file, uploads read from one, the same for every way. The
registry's finalize (which reads every byte back to check its SHA-256) is
timed separately. Prints ONE JSON line with MB/s and ratios to raw (goal:
streaming >= 0.8, presigned >= 0.95).
"""

from __future__ import annotations

import argparse
import hashlib
import http.client
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

MiB = 1024 * 1024
PART = 16 * MiB  # the registry's multipart part size; the raw baseline uses the same


def _wait(fn: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if fn():
            return
        time.sleep(0.1)
    raise SystemExit(f"timed out waiting for {what}")


def _timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def _http(method: str, url: str, src: Path | None = None, dest: Path | None = None) -> None:
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or "127.0.0.1"
    conn = http.client.HTTPConnection(host, parts.port, timeout=300, blocksize=MiB)
    headers = {"Content-Length": str(src.stat().st_size)} if src else {}
    if src is not None:
        with src.open("rb") as body:
            conn.request(method, parts.path + "?" + parts.query, body=body, headers=headers)
            resp = conn.getresponse()
    else:
        conn.request(method, parts.path + "?" + parts.query)
        resp = conn.getresponse()
    if resp.status != 200:
        raise SystemExit(f"{method} failed: {resp.status} {resp.read()[:300]!r}")
    if dest is not None:
        with dest.open("wb") as out:
            while chunk := resp.read(MiB):
                out.write(chunk)
    else:
        resp.read()
    conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()

    import grpc
    import minio

    from lmforge import registry_transfer
    from lmforge.services.core.seaweed import free_port, start_seaweed
    from lmforge.v1 import registry_pb2 as pb
    from lmforge.v1 import registry_pb2_grpc

    with tempfile.TemporaryDirectory(prefix="lmforge-bench-") as tmp_name:
        tmp = Path(tmp_name)
        src = tmp / "weights.bin"
        with src.open("wb") as f:
            for _ in range(args.mb):
                f.write(os.urandom(MiB))
        size = src.stat().st_size
        entry = registry_transfer.file_entry(
            src, "weights.bin"
        )  # hashed once, up front, as clients do
        dest = tmp / "out.bin"

        s3 = start_seaweed(tmp / "s3")
        port = free_port()
        env = dict(os.environ, **s3.env())
        registry = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "lmforge.services.registry",
                "--port",
                str(port),
                "--database-url",
                f"sqlite:///{tmp / 'registry.db'}",
                "--storage-url",
                "s3://bench",
                "--log-level",
                "WARNING",
            ],
            env=env,
        )
        limit = 64 * MiB
        channel = grpc.insecure_channel(
            f"127.0.0.1:{port}",
            options=[
                ("grpc.max_receive_message_length", limit),
                ("grpc.max_send_message_length", limit),
            ],
        )
        stub = registry_pb2_grpc.RegistryServiceStub(channel)
        raw = minio.Minio(
            s3.endpoint, access_key=s3.access_key, secret_key=s3.secret_key, secure=False
        )
        try:

            def serving() -> bool:
                if registry.poll() is not None:
                    raise SystemExit("the registry exited")
                try:
                    stub.ListModels(pb.ListModelsRequest(), timeout=1)
                    return True
                except grpc.RpcError:
                    return False

            _wait(serving, 120, "the registry")
            if not raw.bucket_exists("raw"):
                raw.make_bucket("raw")
            stub.CreateModel(
                pb.CreateModelRequest(model=pb.Model(name="b", task="text-generation"))
            )

            def raw_up() -> None:
                with src.open("rb") as f:
                    raw.put_object("raw", "weights.bin", f, size, part_size=PART)

            def raw_down() -> None:
                resp = raw.get_object("raw", "weights.bin")
                try:
                    with dest.open("wb") as out:
                        for chunk in resp.stream(MiB):
                            out.write(chunk)
                finally:
                    resp.close()
                    resp.release_conn()

            def new_version() -> pb.ArtifactTarget:
                v = stub.CreateModelVersion(pb.CreateModelVersionRequest(model="b")).version
                return registry_transfer.model_target("b", v.version)

            def stream_down(target: pb.ArtifactTarget) -> None:
                request = pb.DownloadFileRequest(target=target, path="weights.bin")
                with dest.open("wb") as out:
                    for msg in stub.DownloadFile(request):
                        out.write(msg.chunk)

            def requests(target: pb.ArtifactTarget) -> Iterator[pb.UploadFileRequest]:
                yield pb.UploadFileRequest(header=pb.UploadFileHeader(target=target, file=entry))
                with src.open("rb") as f:
                    while chunk := f.read(MiB):
                        yield pb.UploadFileRequest(chunk=chunk)

            load_before = os.getloadavg()[0]
            best: dict[str, float] = {}
            finalize_s: list[float] = []

            def note(name: str, seconds: float) -> None:
                best[name] = min(best.get(name, float("inf")), seconds)

            for _ in range(args.rounds):
                note("raw_upload", _timed(raw_up))
                note("raw_download", _timed(raw_down))

                target = new_version()
                note("stream_upload", _timed(partial(stub.UploadFile, requests(target))))
                version = target.model_version.version
                finalize = pb.FinalizeModelVersionRequest(model="b", version=version)
                finalize_s.append(_timed(partial(stub.FinalizeModelVersion, finalize)))
                note("stream_download", _timed(partial(stream_down, target)))
                assert _sha(dest) == entry.sha256, "streamed download is corrupt"

                target = new_version()
                url = stub.GetUploadUrl(pb.GetUploadUrlRequest(target=target, file=entry)).url
                note("presigned_upload", _timed(partial(_http, "PUT", url, src=src)))
                version = target.model_version.version
                stub.FinalizeModelVersion(
                    pb.FinalizeModelVersionRequest(model="b", version=version)
                )
                get_url = stub.GetDownloadUrl(
                    pb.GetDownloadUrlRequest(target=target, path="weights.bin")
                ).url
                note("presigned_download", _timed(partial(_http, "GET", get_url, dest=dest)))
                assert _sha(dest) == entry.sha256, "presigned download is corrupt"
                for v in (version - 1, version):  # keep the S3 server's disk small
                    stub.DeleteModelVersion(pb.DeleteModelVersionRequest(model="b", version=v))

            mbps = {k: round(size / MiB / s, 1) for k, s in best.items()}
            out: dict[str, object] = {
                "bench": "registry_transfer",
                "file_mb": round(size / MiB, 1),
                "rounds": args.rounds,
                **{f"{k}_mb_s": v for k, v in mbps.items()},
                "finalize_s": round(min(finalize_s), 2),
                # The machine is shared: say how busy it was while we measured.
                "load_avg_1m": [round(load_before, 1), round(os.getloadavg()[0], 1)],
                "cpus": os.cpu_count(),
            }
            for way in ("stream", "presigned"):
                for op in ("upload", "download"):
                    out[f"{way}_{op}_ratio"] = round(mbps[f"{way}_{op}"] / mbps[f"raw_{op}"], 3)
            print(json.dumps(out), flush=True)
        finally:
            channel.close()
            registry.terminate()
            try:
                registry.wait(30)
            except subprocess.TimeoutExpired:
                registry.kill()
            s3.stop()


def _sha(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(MiB):
            digest.update(chunk)
    return digest.hexdigest()


if __name__ == "__main__":
    main()
