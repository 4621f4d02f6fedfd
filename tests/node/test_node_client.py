"""Run the Node client's test (``node --test`` in clients/node) against live services.

``serve_for_node.py`` starts registry, inference (tiny models loaded) and
training (its own local Ray head); its addresses reach the Node test through
LMFORGE_NODE_TEST_ADDRESSES. ``node --test test/`` also runs the offline
contract tests (a method per RPC, types/ up to date with the protos).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NODE_DIR = ROOT / "clients" / "node"


def test_node_client_against_live_services(tmp_path: Path) -> None:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    if not (NODE_DIR / "node_modules" / "@grpc" / "grpc-js").is_dir():
        pytest.skip("clients/node/node_modules is missing: run `npm ci` in clients/node")
    log = tmp_path / "serve_for_node.log"
    with log.open("w") as err:  # the child keeps its own copy of the descriptor
        server = subprocess.Popen(
            [
                sys.executable,
                str(Path(__file__).with_name("serve_for_node.py")),
                "--state-dir",
                str(tmp_path / "state"),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=err,
            text=True,
        )
    try:
        assert server.stdout is not None
        deadline = time.monotonic() + 420  # a Ray head, three servers, tiny models
        line = ""
        while time.monotonic() < deadline:
            line = server.stdout.readline()
            if not line or line.startswith("{"):
                break
        assert line.startswith("{"), (
            f"serve_for_node.py did not start (exit {server.poll()}):\n{log.read_text()[-4000:]}"
        )
        addresses = json.loads(line)
        env = {**os.environ, "LMFORGE_NODE_TEST_ADDRESSES": json.dumps(addresses)}
        result = subprocess.run(
            [node, "--test", "test/"],
            cwd=NODE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        assert "# pass 20" in result.stdout and "# fail 0" in result.stdout
    finally:
        # Closing stdin is the way to stop it: once the training service has
        # joined Ray, Ray's own SIGTERM handler ends the process at once, without
        # the teardown (weed would outlive it). Its teardown stops a Ray head,
        # three servers and weed, and must stop them all.
        assert server.stdin is not None
        server.stdin.close()
        try:
            code = server.wait(120)
        except subprocess.TimeoutExpired:
            server.kill()
            raise
    assert code == 0, f"serve_for_node.py failed to stop cleanly:\n{log.read_text()[-4000:]}"
