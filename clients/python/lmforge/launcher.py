"""``lmforge up`` and ``lmforge status``: the whole platform on one machine.

``up`` starts an embedded S3 server (SeaweedFS) unless ``LMFORGE_S3_ENDPOINT``
is set, then the registry, and then the inference and training services as
child processes, each configured through the same ``LMFORGE_*`` variables a
deployment would use. It waits until each reports SERVING through
``grpc.health.v1``, prints the endpoints, and on Ctrl-C or SIGTERM stops the
services (SIGTERM, then SIGKILL after a grace period) and the S3 server,
leaving no process behind. A service that fails to start makes ``up`` exit
non-zero with the tail of its log.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc

SERVICES = ("registry", "inference", "training")
DEFAULT_PORTS = {"registry": 50051, "inference": 50052, "training": 50053, "gateway": 8000}
STOP_GRACE = 15.0


def address_of(service: str, env: dict[str, str] | None = None) -> str:
    """host:port a client uses for a service (``LMFORGE_<SERVICE>_ADDRESS``)."""
    env = dict(os.environ) if env is None else env
    key = f"LMFORGE_{service.upper()}_ADDRESS"
    if key in env:
        return env[key]
    port = env.get(f"LMFORGE_{service.upper()}_PORT", str(DEFAULT_PORTS[service]))
    return f"127.0.0.1:{port}"


def health(address: str, timeout: float = 2.0, token: str | None = None) -> str:
    """The overall grpc.health status of a server, or UNREACHABLE."""
    with grpc.insecure_channel(address) as channel:
        stub = health_pb2_grpc.HealthStub(channel)
        try:
            reply = stub.Check(health_pb2.HealthCheckRequest(service=""), timeout=timeout)
        except grpc.RpcError as e:
            code = e.code() if hasattr(e, "code") else None
            return "UNREACHABLE" if code == grpc.StatusCode.UNAVAILABLE else str(code)
    return str(health_pb2.HealthCheckResponse.ServingStatus.Name(reply.status))


@dataclass
class Child:
    """One service process and its log."""

    name: str
    address: str
    process: subprocess.Popen[bytes]
    log_path: Path
    log: IO[bytes] = field(repr=False)

    def tail(self, lines: int = 15) -> str:
        try:
            text = self.log_path.read_text(errors="replace").splitlines()
        except OSError:
            return ""
        return "\n".join(text[-lines:])


def _child_env(state_dir: Path, s3_env: dict[str, str]) -> dict[str, str]:
    env = dict(os.environ)
    env.update(s3_env)
    defaults = {
        "LMFORGE_REGISTRY_DATABASE_URL": f"sqlite:///{state_dir / 'registry.db'}",
        "LMFORGE_TRAINING_DATABASE_URL": f"sqlite:///{state_dir / 'training.db'}",
        "LMFORGE_INFERENCE_CACHE_DIR": str(state_dir / "cache"),
        "LMFORGE_TRAINING_WORK_DIR": str(state_dir / "training"),
        "LMFORGE_REGISTRY_ADDRESS": address_of("registry"),
        "LMFORGE_INFERENCE_ADDRESS": address_of("inference"),
        "LMFORGE_TRAINING_ADDRESS": address_of("training"),
        "HF_HUB_OFFLINE": env.get("HF_HUB_OFFLINE", "1"),
        "RAY_TRAIN_ENABLE_PRINT_PATCH": "0",
        "RAY_USAGE_STATS_ENABLED": "0",
    }
    for key, value in defaults.items():
        env.setdefault(key, value)
    return env


def _start_child(name: str, state_dir: Path, env: dict[str, str]) -> Child:
    log_path = state_dir / "logs" / f"{name}.log"
    log = log_path.open("ab")
    # A new session: Ctrl-C in the terminal reaches only ``up``, which then
    # stops the children in order instead of all at once.
    proc = subprocess.Popen(
        [sys.executable, "-m", f"lmforge.services.{name}"],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
        start_new_session=True,
    )
    return Child(name, address_of(name, env), proc, log_path, log)


def _wait_serving(children: list[Child], timeout: float) -> Child | None:
    """Wait until every child is SERVING; return the first that died, else None."""
    deadline = time.monotonic() + timeout
    pending = list(children)
    while pending:
        for child in list(pending):
            if child.process.poll() is not None:
                return child
            if health(child.address, timeout=1.0) == "SERVING":
                pending.remove(child)
        if pending and time.monotonic() > deadline:
            return pending[0]
        if pending:
            time.sleep(0.25)  # polling a child process: there is nothing to wait on
    return None


def _stop_children(children: list[Child]) -> None:
    for child in reversed(children):
        if child.process.poll() is None:
            child.process.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + STOP_GRACE
    for child in reversed(children):
        remaining = max(0.1, deadline - time.monotonic())
        try:
            child.process.wait(remaining)
        except subprocess.TimeoutExpired:
            os.killpg(child.process.pid, signal.SIGKILL)
            child.process.wait()
        child.log.close()


def _embedded_s3(state_dir: Path) -> tuple[Any, dict[str, str]]:
    """Start SeaweedFS with credentials kept in the state dir (stable across restarts)."""
    from lmforge.services.core.seaweed import start_seaweed

    s3_dir = state_dir / "s3"
    s3_dir.mkdir(parents=True, exist_ok=True)
    creds_file = s3_dir / "credentials.json"
    if creds_file.exists():
        creds = json.loads(creds_file.read_text())
    else:
        import secrets

        creds = {"access_key": "lmforge", "secret_key": secrets.token_hex(16)}
        creds_file.write_text(json.dumps(creds))
        creds_file.chmod(0o600)
    port = int(os.environ.get("LMFORGE_EMBEDDED_S3_PORT", "8333"))
    server = start_seaweed(s3_dir, port=port, **creds)
    return server, server.env()


def up(state_dir: Path, quickstart: bool = False) -> int:
    """Run the platform until interrupted. Returns the process exit code."""
    from rich.console import Console
    from rich.table import Table

    from lmforge.errors import LmforgeError

    console = Console(stderr=True)
    state_dir = state_dir.resolve()
    (state_dir / "logs").mkdir(parents=True, exist_ok=True)

    stop = threading.Event()

    def on_signal(signum: int, frame: object) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)

    s3 = None
    s3_env: dict[str, str] = {}
    children: list[Child] = []
    try:
        if not os.environ.get("LMFORGE_S3_ENDPOINT") and not os.environ.get(
            "LMFORGE_STORAGE_URL", ""
        ).startswith("file://"):
            console.print("[bold]starting the embedded S3 server (SeaweedFS)...[/]")
            try:
                s3, s3_env = _embedded_s3(state_dir)
            except LmforgeError as e:
                console.print(f"[red]lmforge up: the embedded S3 server failed: {e}[/]")
                return 1
        env = _child_env(state_dir, s3_env)
        for group in (["registry"], ["inference", "training"]):
            started = [_start_child(name, state_dir, env) for name in group]
            children.extend(started)
            console.print(f"[bold]starting {', '.join(group)}...[/]")
            failed = _wait_serving(started, timeout=180)
            if failed is not None:
                state = "exited" if failed.process.poll() is not None else "did not become ready"
                console.print(
                    f"[red]lmforge up: the {failed.name} service {state}; "
                    f"last lines of {failed.log_path}:[/]\n{failed.tail()}"
                )
                return 1
        # The OpenAI-compatible gateway (see the gateway section at the end of this file).
        gateway = _start_child("gateway", state_dir, env)
        children.append(gateway)
        console.print("[bold]starting gateway...[/]")
        if not _wait_gateway(gateway, timeout=60):
            console.print(
                f"[red]lmforge up: the gateway did not become ready; "
                f"last lines of {gateway.log_path}:[/]\n{gateway.tail()}"
            )
            return 1
        table = Table(title="lmforge is up")
        for col in ("service", "address", "health", "log"):
            table.add_column(col)
        if s3 is not None:
            table.add_row("s3 (SeaweedFS)", s3.endpoint, "READY", str(s3.data_dir / "logs"))
        for child in children:
            state = (
                gateway_health(child.address) if child.name == "gateway" else health(child.address)
            )
            table.add_row(child.name, child.address, state, str(child.log_path))
        Console().print(table)
        print(f"lmforge: OpenAI-compatible API on http://{gateway.address}/v1", flush=True)
        if quickstart:
            from lmforge import quickstart as qs  # type: ignore[attr-defined,unused-ignore]

            console.print("[bold]registering the quickstart models...[/]")
            qs.register_real_models({c.name: c.address for c in children})
        print("lmforge: ready (Ctrl-C to stop)", flush=True)
        while not stop.wait(1.0):
            dead = [c for c in children if c.process.poll() is not None]
            if dead:
                console.print(
                    f"[red]lmforge up: the {dead[0].name} service exited "
                    f"(code {dead[0].process.returncode}):[/]\n{dead[0].tail()}"
                )
                return 1
        console.print("[bold]stopping...[/]")
        return 0
    finally:
        _stop_children(children)
        if s3 is not None:
            s3.stop()


def status(json_output: bool = False) -> int:
    """Print each service's health; exit code 0 only if all are SERVING."""
    rows = {name: (address_of(name), health(address_of(name))) for name in SERVICES}
    if json_output:
        print(json.dumps({n: {"address": a, "health": h} for n, (a, h) in rows.items()}))
    else:
        from rich.console import Console
        from rich.table import Table

        table = Table(title="lmforge status")
        for col in ("service", "address", "health"):
            table.add_column(col)
        for name, (addr, state) in rows.items():
            color = "green" if state == "SERVING" else "red"
            table.add_row(name, addr, f"[{color}]{state}[/]")
        Console().print(table)
    return 0 if all(h == "SERVING" for _, h in rows.values()) else 1


# -- the gateway (OpenAI HTTP API): an HTTP service, so its health is checked over HTTP ------


def gateway_health(address: str, timeout: float = 2.0) -> str:
    """SERVING when the gateway's /health answers 200 (it checks inference), else why not."""
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(f"http://{address}/health", timeout=timeout) as reply:
            return "SERVING" if reply.status == 200 else "NOT_SERVING"
    except urllib.error.HTTPError:
        return "NOT_SERVING"
    except OSError:
        return "UNREACHABLE"


def _wait_gateway(child: Child, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while child.process.poll() is None and time.monotonic() < deadline:
        if gateway_health(child.address, timeout=1.0) == "SERVING":
            return True
        time.sleep(0.25)  # polling a child process: there is nothing to wait on
    return False
