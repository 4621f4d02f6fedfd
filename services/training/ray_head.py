"""A local Ray head in its own process tree, joined by address like any cluster.

Why not ``ray.init(address="local")`` in the service: that forks Ray's
processes out of a process that already runs gRPC threads, and the forked
child can crash (``fork_posix.cc ... skipping fork() handlers``). A head
started with ``ray start --head`` in a separate process has no such problem.

The tree is::

    training service (or the test session)
      -> python -m lmforge.services.training.ray_head   (the keeper: no gRPC in it)
           -> ray start --head --block ...               (dies with the keeper: PDEATHSIG)
                -> gcs_server, raylet, dashboard, agents, workers

The keeper watches its parent: when the parent goes away, even by SIGKILL,
it stops the whole Ray tree. On SIGTERM it does the same. Stopping is
SIGTERM to ``ray start`` (which stops its processes), then SIGKILL to
whatever of the tree is still alive after a grace period, so no
DashboardAgent or RuntimeEnvAgent lingers.

Everything binds 127.0.0.1, every port is explicit (free ports), and the
session lives under ``temp_dir`` (the state directory), not ``/tmp/ray``.
The head's environment is where Ray workers on this node get their S3
credentials from (they inherit it), so no secret travels in a task.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from lmforge.errors import Unavailable
from lmforge.services.core.seaweed import free_ports

READY_FILE = "ray_current_cluster"  # written by `ray start` once the head is up
_PORT_FLAGS = (
    "--port",
    "--dashboard-port",
    "--dashboard-agent-listen-port",
    "--dashboard-agent-grpc-port",
    "--metrics-export-port",
    "--runtime-env-agent-port",
    "--ray-client-server-port",
    "--node-manager-port",
    "--object-manager-port",
)


# What Ray appends to the temp dir for its longest socket path
# ("/session_2026-12-02_06-27-16_950766_7173/sockets/plasma_store"), and the
# AF_UNIX limit that path must stay under.
_SOCKET_SUFFIX = 64
_SOCKET_LIMIT = 107


# The ports a node that joins a head opens (the cluster-wide ones are the head's).
_NODE_PORT_FLAGS = (
    "--dashboard-agent-listen-port",
    "--dashboard-agent-grpc-port",
    "--metrics-export-port",
    "--runtime-env-agent-port",
    "--node-manager-port",
    "--object-manager-port",
)
NODE_STARTED = "Ray runtime started."  # what `ray start` prints once a node is up


def node_command(head: str, num_cpus: int, ports: dict[str, int]) -> list[str]:
    """The ``ray start`` command line of a loopback-only node joining ``head``."""
    cmd = [
        sys.executable,
        "-m",
        "lmforge.services.training.ray_loopback_node",  # `ray start`, kept on loopback
        "start",
        f"--address={head}",
        "--block",
        "--node-ip-address=127.0.0.1",
        f"--num-cpus={num_cpus}",
        "--disable-usage-stats",
    ]
    cmd += [f"{flag}={ports[flag]}" for flag in _NODE_PORT_FLAGS]
    return cmd


def head_command(temp_dir: Path, num_cpus: int, ports: dict[str, int]) -> list[str]:
    """The ``ray start`` command line of a loopback-only head."""
    ray = Path(sys.executable).parent / "ray"
    cmd = [
        str(ray) if ray.exists() else "ray",
        "start",
        "--head",
        "--block",
        "--node-ip-address=127.0.0.1",
        "--dashboard-host=127.0.0.1",
        # The dashboard stays on: Ray Train's placement-group cleaner asks its
        # state API whether a killed job's controller is gone.
        "--include-dashboard=true",
        f"--temp-dir={temp_dir}",
        f"--num-cpus={num_cpus}",
        "--disable-usage-stats",
    ]
    cmd += [f"{flag}={ports[flag]}" for flag in _PORT_FLAGS]
    return cmd


class LocalRayHead:
    """Start with ``start()`` (returns the GCS address), stop with ``stop()``.

    With ``join`` (a head's address) it starts a second node of that cluster
    on this machine instead (multi-node tests, or adding CPUs to a local
    cluster): same keeper, same loopback-only ports, the head's session.
    """

    def __init__(
        self,
        temp_dir: Path,
        num_cpus: int,
        env: dict[str, str] | None = None,
        join: str | None = None,
    ) -> None:
        self.temp_dir = temp_dir.resolve()
        self.num_cpus = num_cpus
        self.env = dict(env or {})
        self.join = join
        self.ports = dict(zip(_PORT_FLAGS, free_ports(len(_PORT_FLAGS)), strict=True))
        self.process: subprocess.Popen[bytes] | None = None
        self.log_path = self.temp_dir / "head.log"
        self.link: Path | None = None  # a short name for temp_dir, when it is too deep

    @property
    def address(self) -> str:
        """The GCS address of the cluster (the joined head's, for a node)."""
        return self.join or f"127.0.0.1:{self.ports['--port']}"

    def start(self, timeout: float = 120.0) -> str:
        self.temp_dir.mkdir(parents=True, exist_ok=True)
        ready = self.temp_dir / READY_FILE
        ready.unlink(missing_ok=True)
        env = dict(os.environ)
        env.update(self.env)
        env.setdefault("RAY_USAGE_STATS_ENABLED", "0")
        # `ray start` turns --node-ip-address=127.0.0.1 into the machine's
        # external address unless Ray is told this is a one-node cluster.
        # (A joining node needs it too: ray_loopback_node lifts only the
        # refusal to join that comes with it.)
        env["RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER"] = "0"
        env.pop("RAY_ADDRESS", None)  # `ray start` must not mistake it for a cluster to join
        ray_dir = self.temp_dir
        if len(str(ray_dir)) + _SOCKET_SUFFIX > _SOCKET_LIMIT:
            # A deep state directory: Ray's socket paths would pass the AF_UNIX
            # limit. Ray gets a short symlink to it; the files stay under temp_dir.
            short = Path(tempfile.mkdtemp(prefix="lmforge-ray-"))
            self.link = short / "r"
            self.link.symlink_to(self.temp_dir, target_is_directory=True)
            ray_dir = self.link
        if self.join:
            cmd = node_command(self.join, self.num_cpus, self.ports)
        else:
            cmd = head_command(ray_dir, self.num_cpus, self.ports)
        start_of_log = self.log_path.stat().st_size if self.log_path.exists() else 0
        with self.log_path.open("ab") as log:
            # Plain fork+exec of a program that imports no gRPC: safe from a gRPC process.
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "lmforge.services.training.ray_head",
                    str(os.getpid()),
                    *cmd,
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                env=env,
            )
        deadline = time.monotonic() + timeout
        done = threading.Event()
        while not self._ready(ready, start_of_log):
            if self.process.poll() is not None or time.monotonic() > deadline:
                tail = self._log_tail()
                self.stop()
                raise Unavailable(f"the local Ray head did not start: {tail}")
            done.wait(0.2)  # polling another process's start: nothing to wait on
        return self.address

    def stop(self, timeout: float = 60.0) -> None:
        """Stop the keeper, which stops the whole Ray tree; SIGKILL as a last resort."""
        proc = self.process
        if proc is None:
            return
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout)
            except subprocess.TimeoutExpired:
                _kill_tree(proc.pid)
                proc.wait()
        self.process = None
        if self.link is not None:
            self.link.unlink(missing_ok=True)
            shutil.rmtree(self.link.parent, ignore_errors=True)
            self.link = None

    def _ready(self, ready: Path, start_of_log: int) -> bool:
        """Our head wrote its address (not a previous head in the same folder);
        a joining node said it started, in this start's part of the log."""
        try:
            if self.join:
                with self.log_path.open("rb") as log:
                    log.seek(start_of_log)
                    return NODE_STARTED.encode() in log.read()
            return ready.read_text().strip() == self.address
        except OSError:
            return False

    def _log_tail(self, lines: int = 20) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def __enter__(self) -> LocalRayHead:
        self.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.stop()


def _kill_tree(pid: int) -> None:
    import psutil

    try:
        root = psutil.Process(pid)
        family = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return
    for p in family:
        with contextlib.suppress(psutil.Error):
            p.kill()
    psutil.wait_procs(family, timeout=10)


def _stop_ray(proc: subprocess.Popen[bytes], grace: float = 20.0) -> None:
    """SIGTERM ``ray start`` (it stops its processes), then SIGKILL what is left."""
    import psutil

    try:
        family = psutil.Process(proc.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        family = []
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
    _gone, alive = psutil.wait_procs(family, timeout=grace)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(max(0.1, grace / 4))
    # Anything still alive, including processes started since the snapshot.
    with contextlib.suppress(psutil.NoSuchProcess):
        alive += psutil.Process(proc.pid).children(recursive=True)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)  # `ray start` leads its own process group
    for p in alive:
        with contextlib.suppress(psutil.Error):
            p.kill()
    psutil.wait_procs(alive, timeout=10)
    if proc.poll() is None:
        proc.kill()
    proc.wait()


def _keep(parent: int, cmd: list[str]) -> int:
    """The keeper's body: run ``cmd`` until our parent dies, we get SIGTERM, or Ray exits."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)

    def die_with_keeper() -> None:  # runs in the child; this process has no gRPC threads
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG

    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    proc = subprocess.Popen(cmd, preexec_fn=die_with_keeper, stdin=subprocess.DEVNULL)
    try:
        while not stop.wait(0.5):
            if proc.poll() is not None:
                print(f"ray_head: `ray start` exited with {proc.returncode}", flush=True)
                break
            if os.getppid() != parent:
                print("ray_head: the process that started Ray is gone; stopping Ray", flush=True)
                break
    finally:
        _stop_ray(proc)
    return 0


if __name__ == "__main__":
    raise SystemExit(_keep(int(sys.argv[1]), sys.argv[2:]))
