"""`lmforge up` brings the platform up on embedded defaults and takes it down cleanly."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from lmforge.launcher import gateway_health, health
from lmforge.services.core.seaweed import free_port

BIN = Path(sys.executable).parent


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LMFORGE_")}
    ports = {name: free_port() for name in ("REGISTRY", "INFERENCE", "TRAINING", "GATEWAY")}
    for name, port in ports.items():
        env[f"LMFORGE_{name}_PORT"] = str(port)
    env["LMFORGE_EMBEDDED_S3_PORT"] = str(free_port())
    return env


def _wait_for_line(proc: subprocess.Popen[str], needle: str, timeout: float) -> list[str]:
    lines: list[str] = []
    deadline = time.monotonic() + timeout
    assert proc.stdout is not None
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        lines.append(line)
        if needle in line:
            return lines
    raise AssertionError(f"{needle!r} not seen; output so far:\n{''.join(lines)}")


def test_up_serves_all_three_services_and_stops_cleanly(tmp_path: Path) -> None:
    env = _env(tmp_path)
    proc = subprocess.Popen(
        [str(BIN / "lmforge"), "up", "--state-dir", str(tmp_path / "state")],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        lines = _wait_for_line(proc, "lmforge: ready", timeout=240)
        gateway = f"127.0.0.1:{env['LMFORGE_GATEWAY_PORT']}"  # e-gateway: the OpenAI API
        assert f"OpenAI-compatible API on http://{gateway}/v1" in "".join(lines)
        assert gateway_health(gateway) == "SERVING"
        addresses = {
            name: f"127.0.0.1:{env[f'LMFORGE_{name.upper()}_PORT']}"
            for name in ("registry", "inference", "training")
        }
        services = {
            "registry": "lmforge.v1.RegistryService",
            "inference": "lmforge.v1.InferenceService",
            "training": "lmforge.v1.TrainingService",
        }
        for name, address in addresses.items():
            assert health(address) == "SERVING"
            listed = subprocess.run(
                [str(BIN / "grpcurl"), "-plaintext", address, "list"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout.split()
            assert services[name] in listed and "grpc.health.v1.Health" in listed
        status_env = dict(env)
        status_env.update({f"LMFORGE_{n.upper()}_ADDRESS": a for n, a in addresses.items()})
        status = subprocess.run(
            [str(BIN / "lmforge"), "status", "--json"],
            env=status_env,
            capture_output=True,
            text=True,
        )
        assert status.returncode == 0
        assert {v["health"] for v in json.loads(status.stdout).values()} == {"SERVING"}

        family = psutil.Process(proc.pid).children(recursive=True)
        assert len(family) >= 4  # weed + three services
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(60) == 0
        _gone, alive = psutil.wait_procs(family, timeout=10)
        assert not alive, f"left behind: {[p.info for p in alive]}"
        assert health(addresses["registry"], timeout=1) == "UNREACHABLE"
    finally:
        if proc.poll() is None:
            proc.kill()


def test_up_fails_with_the_reason_when_a_service_cannot_start(tmp_path: Path) -> None:
    env = _env(tmp_path)
    with socket.socket() as blocker:
        blocker.bind(("127.0.0.1", int(env["LMFORGE_REGISTRY_PORT"])))
        blocker.listen()
        proc = subprocess.run(
            [str(BIN / "lmforge"), "up", "--state-dir", str(tmp_path / "state")],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert proc.returncode != 0
    out = proc.stdout + proc.stderr
    assert "registry service exited" in out
    assert "cannot bind" in out or "port" in out


@pytest.mark.parametrize("flag", [["--port", "not-a-port"], ["--storage-url", "ftp://x"]])
def test_a_service_with_bad_settings_exits_with_a_clear_message(
    tmp_path: Path, flag: list[str]
) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "lmforge.services.registry", "--port", "0", *flag],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert "port" in proc.stderr or "storage_url" in proc.stderr


def test_a_service_with_unreachable_s3_exits_with_a_clear_message(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LMFORGE_")}
    env.update(
        LMFORGE_S3_ENDPOINT=f"127.0.0.1:{free_port()}",
        LMFORGE_S3_ACCESS_KEY="a",
        LMFORGE_S3_SECRET_KEY="b",
    )
    proc = subprocess.run(
        [sys.executable, "-m", "lmforge.services.registry", "--port", "0"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
        env=env,
    )
    assert proc.returncode == 2
    assert "unreachable" in proc.stderr and "Traceback" not in proc.stderr
