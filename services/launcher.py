"""``lmforge up``: the whole platform on one machine, kept up until it is stopped.

``up`` starts an embedded S3 server (SeaweedFS) unless ``LMFORGE_S3_ENDPOINT``
is set, then the registry, then the inference and training services, then
the OpenAI-compatible gateway, as child processes, each configured through
the same ``LMFORGE_*`` variables a deployment would use, and waits until each
reports SERVING (``grpc.health.v1``; the gateway's HTTP /health).

It then supervises them: a service that exits is restarted with back-off
(1 s, doubling up to 30 s, reset once it has run for a minute), logged, while
the others keep serving. On Ctrl-C or SIGTERM it stops the services (SIGTERM,
then SIGKILL to each one's process group after a grace period, including the
groups of crashed runs) and the S3 server. The training service's local Ray
lives in the training service's process group, under a keeper that stops Ray
when the service is gone (see ``lmforge.services.training.ray_head``), so
no process ``up`` started outlives it.

A service that fails its first start makes ``up`` exit non-zero with the
tail of its log: that is a configuration problem, not a crash.
"""

from __future__ import annotations

import contextlib
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

from lmforge.launcher import address_of, gateway_health, health

STOP_GRACE = 60.0  # the training service stops its jobs and its Ray head in that time
FIRST_BACKOFF = 1.0
MAX_BACKOFF = 30.0
STABLE_AFTER = 60.0  # a service that ran this long starts again from the first back-off


@dataclass
class Child:
    """One service process and its log."""

    name: str
    address: str
    process: subprocess.Popen[bytes]
    log_path: Path
    log: IO[bytes] = field(repr=False)
    started: float = field(default_factory=time.monotonic)

    def tail(self, lines: int = 15) -> str:
        try:
            text = self.log_path.read_text(errors="replace").splitlines()
        except OSError:
            return ""
        return "\n".join(text[-lines:])


def child_env(state_dir: Path, s3_env: dict[str, str]) -> dict[str, str]:
    env = dict(os.environ)
    env.update(s3_env)
    defaults = {
        "LMFORGE_REGISTRY_DATABASE_URL": f"sqlite:///{state_dir / 'registry.db'}",
        "LMFORGE_TRAINING_DATABASE_URL": f"sqlite:///{state_dir / 'training.db'}",
        "LMFORGE_INFERENCE_CACHE_DIR": str(state_dir / "cache"),
        "LMFORGE_TRAINING_WORK_DIR": str(state_dir / "training"),
        "LMFORGE_TRAINING_RAY_TEMP_DIR": str(state_dir / "ray"),
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


def start_child(name: str, state_dir: Path, env: dict[str, str]) -> Child:
    log_path = state_dir / "logs" / f"{name}.log"
    log = log_path.open("ab")
    # A new session (and process group): Ctrl-C in the terminal reaches only
    # ``up``, which stops the children in order; and a crashed service's
    # leftovers can be found and stopped by its group.
    proc = subprocess.Popen(
        [sys.executable, "-m", f"lmforge.services.{name}"],
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        env=env,
        start_new_session=True,
    )
    return Child(name, address_of(name, env), proc, log_path, log)


def wait_serving(children: list[Child], timeout: float) -> Child | None:
    """Wait until every child is SERVING; return the first that died, else None."""
    deadline = time.monotonic() + timeout
    pending = list(children)
    pause = threading.Event()
    while pending:
        for child in list(pending):
            if child.process.poll() is not None:
                return child
            if health(child.address, timeout=1.0) == "SERVING":
                pending.remove(child)
        if pending and time.monotonic() > deadline:
            return pending[0]
        if pending:
            pause.wait(0.25)  # polling a child process: there is nothing to wait on
    return None


def wait_gateway(child: Child, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    pause = threading.Event()
    while child.process.poll() is None and time.monotonic() < deadline:
        if gateway_health(child.address, timeout=1.0) == "SERVING":
            return True
        pause.wait(0.25)  # polling a child process: there is nothing to wait on
    return False


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _signal_group(pgid: int, sig: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, sig)


class Supervisor:
    """Starts the services, restarts the ones that exit, stops them all."""

    def __init__(self, state_dir: Path, env: dict[str, str], console: Any) -> None:
        self.state_dir = state_dir
        self.env = env
        self.console = console
        self.children: dict[str, Child] = {}
        self.groups: set[int] = set()  # every process group we started, crashed ones too
        self.backoff: dict[str, float] = {}
        self.restart_at: dict[str, float] = {}
        self.restarts: dict[str, int] = {}

    def start(self, name: str) -> Child:
        child = start_child(name, self.state_dir, self.env)
        self.children[name] = child
        self.groups.add(child.process.pid)  # start_new_session: pgid == pid
        return child

    def check(self) -> None:
        """One supervision round: notice exits, restart what is due."""
        now = time.monotonic()
        for name, child in list(self.children.items()):
            if name in self.restart_at or child.process.poll() is None:
                continue
            code = child.process.returncode
            ran = now - child.started
            if ran >= STABLE_AFTER:
                self.backoff[name] = FIRST_BACKOFF
            delay = self.backoff.get(name, FIRST_BACKOFF)
            self.backoff[name] = min(delay * 2, MAX_BACKOFF)
            self.restart_at[name] = now + delay
            # What the dead service started (the training service's Ray keeper)
            # is in its process group: ask it to stop now.
            _signal_group(child.process.pid, signal.SIGTERM)
            child.log.close()
            self.console.print(
                f"[red]lmforge up: the {name} service exited (code {code}) after {ran:.0f}s; "
                f"restarting in {delay:.0f}s[/]\n{child.tail(5)}"
            )
        for name, when in list(self.restart_at.items()):
            if now < when:
                continue
            del self.restart_at[name]
            self.restarts[name] = self.restarts.get(name, 0) + 1
            self.start(name)
            self.console.print(
                f"[yellow]lmforge up: restarted the {name} service "
                f"(restart {self.restarts[name]})[/]"
            )

    def stop(self) -> None:
        """SIGTERM every live service (last started first), then SIGKILL what remains."""
        live = [c for c in reversed(list(self.children.values())) if c.process.poll() is None]
        for child in live:
            child.process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + STOP_GRACE
        for child in live:
            try:
                child.process.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                _signal_group(child.process.pid, signal.SIGKILL)
                child.process.wait()
        for child in self.children.values():
            child.log.close()
        # Stragglers of any run, crashed ones included (a keeper still stopping Ray).
        pause = threading.Event()
        while any(_group_alive(g) for g in self.groups) and time.monotonic() < deadline:
            pause.wait(0.25)
        for pgid in self.groups:
            _signal_group(pgid, signal.SIGKILL)


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
    supervisor: Supervisor | None = None
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
        supervisor = Supervisor(state_dir, child_env(state_dir, s3_env), console)
        for group in (["registry"], ["inference", "training"]):
            started = [supervisor.start(name) for name in group]
            console.print(f"[bold]starting {', '.join(group)}...[/]")
            failed = wait_serving(started, timeout=180)
            if failed is not None:
                state = "exited" if failed.process.poll() is not None else "did not become ready"
                console.print(
                    f"[red]lmforge up: the {failed.name} service {state}; "
                    f"last lines of {failed.log_path}:[/]\n{failed.tail()}"
                )
                return 1
        # The OpenAI-compatible gateway: an HTTP service, so its health is checked over HTTP.
        gateway = supervisor.start("gateway")
        console.print("[bold]starting gateway...[/]")
        if not wait_gateway(gateway, timeout=60):
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
        for child in supervisor.children.values():
            state = (
                gateway_health(child.address) if child.name == "gateway" else health(child.address)
            )
            table.add_row(child.name, child.address, state, str(child.log_path))
        Console().print(table)
        print(f"lmforge: OpenAI-compatible API on http://{gateway.address}/v1", flush=True)
        if quickstart:
            from lmforge import quickstart as qs  # type: ignore[attr-defined,unused-ignore]

            console.print("[bold]registering the quickstart models...[/]")
            qs.register_real_models({c.name: c.address for c in supervisor.children.values()})
        print("lmforge: ready (Ctrl-C to stop)", flush=True)
        while not stop.wait(0.5):
            supervisor.check()
        console.print("[bold]stopping...[/]")
        return 0
    finally:
        if supervisor is not None:
            supervisor.stop()
        if s3 is not None:
            s3.stop()
