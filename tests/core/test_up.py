"""`lmforge up` brings the platform up on embedded defaults and takes it down cleanly."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import threading
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
        status_env["LMFORGE_GATEWAY_ADDRESS"] = gateway  # status lists the gateway too
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
        if proc.poll() is None:  # the test failed: take the whole tree down, not just `up`
            family = psutil.Process(proc.pid).children(recursive=True)
            proc.kill()
            proc.wait()
            for p in family:
                with contextlib.suppress(psutil.Error):
                    p.kill()


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


class _Output:
    """Collects a process's output lines in a thread (so its pipe never fills)."""

    def __init__(self, proc: subprocess.Popen[str]) -> None:
        self.lines: list[str] = []
        self.ready = threading.Event()
        self._thread = threading.Thread(target=self._read, args=(proc,), daemon=True)
        self._thread.start()

    def _read(self, proc: subprocess.Popen[str]) -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            self.lines.append(line)
            if "lmforge: ready" in line:
                self.ready.set()

    @property
    def text(self) -> str:
        return "".join(self.lines)


def _service(up: psutil.Process, name: str) -> psutil.Process:
    for p in up.children():
        with contextlib.suppress(psutil.Error):
            if f"lmforge.services.{name}" in " ".join(p.cmdline()) and p.is_running():
                return p
    raise AssertionError(f"no {name} service under lmforge up")


def _listeners(procs: list[psutil.Process]) -> set[str]:
    found = set()
    for p in procs:
        with contextlib.suppress(psutil.Error):
            for c in p.net_connections(kind="inet"):
                if c.status == psutil.CONN_LISTEN:
                    found.add(c.laddr.ip)
    return found


def test_up_restarts_a_killed_service_while_the_others_serve(tmp_path: Path) -> None:
    env = _env(tmp_path)
    state = tmp_path / "state"
    proc = subprocess.Popen(
        [str(BIN / "lmforge"), "up", "--state-dir", str(state)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    out = _Output(proc)
    addresses = {
        name: f"127.0.0.1:{env[f'LMFORGE_{name.upper()}_PORT']}"
        for name in ("registry", "inference", "training")
    }
    seen: dict[int, psutil.Process] = {}
    try:
        assert out.ready.wait(300), out.text
        up = psutil.Process(proc.pid)

        def remember() -> list[psutil.Process]:
            family = up.children(recursive=True)
            seen.update({p.pid: p for p in family})
            return family

        family = remember()
        names = {p.name() for p in family}
        # The training service started its own Ray head, as a child tree, on loopback only.
        assert "raylet" in names and "gcs_server" in names, names
        assert list((state / "ray").glob("session_*")), "the Ray session is not in the state dir"
        assert _listeners(family) <= {"127.0.0.1", "::ffff:127.0.0.1"}, _listeners(family)

        for name in ("registry", "inference", "training"):
            victim = _service(up, name)
            victim_family = [victim, *victim.children(recursive=True)]
            victim.kill()  # SIGKILL: no clean-up of its own
            killed_at = time.monotonic()
            others = [a for n, a in addresses.items() if n != name]
            while True:
                for address in others:  # the others keep serving throughout
                    assert health(address, timeout=2) == "SERVING", (name, address, out.text)
                if health(addresses[name], timeout=1) == "SERVING":
                    break
                elapsed = time.monotonic() - killed_at
                assert elapsed < 30, f"{name} not back within 30 s:\n{out.text}"
                remember()
                time.sleep(0.5)  # polling another process's restart: nothing to wait on
            print(f"{name}: back SERVING {time.monotonic() - killed_at:.1f}s after SIGKILL")
            assert _service(up, name).pid != victim.pid
            # Nothing of the killed run lives on (for training: its Ray head and agents).
            _gone, alive = psutil.wait_procs(victim_family, timeout=60)
            assert not alive, f"left by the killed {name}: {alive}"
            assert f"the {name} service exited (code -9)" in out.text
            assert f"restarted the {name} service" in out.text
        remember()

        proc.send_signal(signal.SIGTERM)
        assert proc.wait(120) == 0, out.text
        _gone, alive = psutil.wait_procs(list(seen.values()), timeout=30)
        assert not alive, f"left behind: {alive}"
    finally:
        if proc.poll() is None:  # the test failed: take the whole tree down, not just `up`
            with contextlib.suppress(psutil.Error):
                seen.update({p.pid: p for p in psutil.Process(proc.pid).children(recursive=True)})
            proc.kill()
            proc.wait()
            for p in seen.values():
                with contextlib.suppress(psutil.Error):
                    p.kill()
