"""docs/quickstart.md run as written, in a clean shell (slow).

The first terminal's block (``scripts/up --quickstart``) runs as a subprocess
of its own process group, on free ports and a state dir of its own
(``LMFORGE_*_PORT``, ``LMFORGE_STATE_DIR``: the environment, so the command
stays the doc's). The second terminal's block is read out of the markdown and
run as one ``bash`` script with ``set -e``, in an environment with no virtual
environment active: the doc's own ``source .venv/bin/activate`` does that.
Its cwd is a temp dir holding only a ``.venv`` link to the checkout's, so the
files the doc writes (tweets-train.jsonl, chats.jsonl) land there and not in
the repository. Then Ctrl-C (SIGINT to the group) must stop everything.
"""

from __future__ import annotations

import importlib.util
import os
import re
import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest

from lmforge.services.core.seaweed import free_port
from quickstart.test_quickstart import QUICKSTART_PACKAGES
from waiting import wait_for

# Bringing the platform up and two trainings on 2 CPUs: past the suite's 600 s default.
pytestmark = [pytest.mark.slow, pytest.mark.timeout(1800)]

REPO = Path(__file__).resolve().parents[2]
DOC = REPO / "docs" / "quickstart.md"
PS4 = "+quickstart> "  # bash's trace prefix: where each of the doc's commands starts


def bash_blocks(markdown: str) -> list[str]:
    """The ```bash fenced blocks of a markdown text, in order."""
    return re.findall(r"^```bash\n(.*?)^```\s*$", markdown, flags=re.S | re.M)


def clean_env() -> dict[str, str]:
    """A new terminal's environment: no venv active, no lmforge settings of ours."""
    env = {
        k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV" and not k.startswith("LMFORGE_")
    }
    env["PATH"] = os.pathsep.join(
        p for p in env.get("PATH", "").split(os.pathsep) if ".venv" not in p
    )
    env.pop("PYTHONPATH", None)
    env["COLUMNS"] = "200"  # a wide terminal: rich's tables do not wrap the tweets
    return env


def platform_env() -> dict[str, str]:
    env = clean_env()
    for name in ("REGISTRY", "INFERENCE", "TRAINING", "GATEWAY", "EMBEDDED_S3"):
        env[f"LMFORGE_{name}_PORT"] = str(free_port())
    return env


def segments(output: str) -> list[tuple[str, str]]:
    """(command, what it printed) for each traced command of the doc's block."""
    out: list[tuple[str, str]] = []
    # rich's live line ends without a newline, so a trace can start mid-line.
    for line in output.replace(PS4, "\n" + PS4).splitlines():
        if line.startswith(PS4):
            out.append((line[len(PS4) :], ""))
        elif out:
            out[-1] = (out[-1][0], out[-1][1] + line + "\n")
    return out


def printed_by(segs: list[tuple[str, str]], start: str) -> str:
    found = [text for command, text in segs if command.startswith(start)]
    assert found, f"no command starting {start!r} ran; ran: {[c for c, _ in segs]}"
    return found[-1]


def row_label(table: str, text: str) -> str:
    """The label cell of the classify table's row for ``text``."""
    for line in table.splitlines():
        cells = [c.strip() for c in re.split(r"[│|┃]", line)]
        if text in cells:
            return cells[cells.index(text) + 1]
    raise AssertionError(f"no row for {text!r} in:\n{table}")


@pytest.fixture
def platform(tmp_path: Path) -> Iterator[tuple[dict[str, str], Path]]:
    for module, package in QUICKSTART_PACKAGES.items():
        if importlib.util.find_spec(module) is None:
            pytest.skip(f"needs {package}: scripts/bootstrap installs it")
    first = bash_blocks(DOC.read_text())[0]
    command = next(line for line in first.splitlines() if line and not line.startswith("#"))
    env = platform_env()
    state = tmp_path / "state"
    log_path = tmp_path / "up.log"
    with log_path.open("w") as log:
        up = subprocess.Popen(
            ["bash", "-c", command],
            cwd=REPO,
            env={**env, "LMFORGE_STATE_DIR": str(state)},
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,  # its own group, as a terminal's foreground job
        )
    client_env = {k: v for k, v in env.items() if k.endswith("_PORT")}
    tree: list[psutil.Process] = []
    try:
        from lmforge import Client

        addresses = {
            s: f"127.0.0.1:{env[f'LMFORGE_{s.upper()}_PORT']}"
            for s in ("registry", "inference", "training")
        }

        def ready() -> bool:
            if up.poll() is not None:
                raise AssertionError(f"up exited {up.returncode}:\n{log_path.read_text()}")
            try:
                with Client(**addresses, retries=1) as c:
                    loaded = {m.name: m.state for m in c.list_loaded_models()}
            except Exception:
                return False
            return loaded == {"smollm2": "READY", "minilm-sentiment": "READY"}

        wait_for(ready, timeout=900, interval=1.0, what="the quickstart models READY")
        yield client_env, tmp_path
        tree = _tree(up.pid)
    finally:
        if up.poll() is None:
            if not tree:
                tree = _tree(up.pid)
            os.killpg(up.pid, signal.SIGINT)  # Ctrl-C
            try:
                up.wait(timeout=120)
            except subprocess.TimeoutExpired:
                os.killpg(up.pid, signal.SIGKILL)
                up.wait()
                raise AssertionError(f"up ignored Ctrl-C:\n{log_path.read_text()}") from None
    assert up.returncode == 0, log_path.read_text()
    # Nothing it started is left: not its group, not a child in a session of its own,
    # nothing (a Ray worker, the S3 server) still running from its state dir.
    alive = [p for p in tree if _running(p)]
    assert not alive, [(p.pid, p.cmdline()) for p in alive]
    with pytest.raises(ProcessLookupError):
        os.killpg(up.pid, 0)
    strays = []
    for p in psutil.process_iter(["pid", "cmdline"]):
        if any(str(state) in part for part in p.info["cmdline"] or []) and _running(p):
            strays.append((p.pid, p.info["cmdline"]))
    assert not strays


def _tree(pid: int) -> list[psutil.Process]:
    root = psutil.Process(pid)
    return [root, *root.children(recursive=True)]


def _running(p: psutil.Process) -> bool:
    try:
        return p.is_running() and p.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def test_quickstart_second_terminal_verbatim(platform: tuple[dict[str, str], Path]) -> None:
    ports, tmp_path = platform
    cwd = tmp_path / "terminal-2"
    cwd.mkdir()
    # "from the same folder": the only thing the block reads from it is .venv.
    (cwd / ".venv").symlink_to(REPO / ".venv")
    second = bash_blocks(DOC.read_text())[1]
    env = {**clean_env(), **ports}
    # PS4 set in the script: bash run as root does not take it from the environment.
    run = subprocess.run(
        ["bash", "-c", f"PS4='{PS4}'\nset -ex\n" + second],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        text=True,
        timeout=2400,
    )
    (tmp_path / "terminal-2.log").write_text(run.stdout)
    assert run.returncode == 0, run.stdout[-6000:]
    segs = segments(run.stdout)

    listed = printed_by(segs, "lmforge models list")
    assert "smollm2" in listed and "minilm-sentiment" in listed
    chat = printed_by(segs, "lmforge chat smollm2 -M")
    assert chat.strip(), "the chat printed nothing"
    assert (cwd / "tweets-train.jsonl").is_file() and (cwd / "chats.jsonl").is_file()
    assert not (REPO / "tweets-train.jsonl").exists() and not (REPO / "chats.jsonl").exists()

    verdicts = printed_by(segs, "lmforge classify minilm-tweets")
    assert row_label(verdicts, "I love this new phone") == "positive", verdicts
    assert row_label(verdicts, "worst flight ever, never again") == "negative", verdicts

    lora = [text for command, text in segs if command.startswith("lmforge train submit")][-1]
    # The watch's last event line (after it, rich only redraws its progress line).
    events = [
        line.strip()
        for line in lora.splitlines()
        if line.strip().startswith(("registered ", "state ", "checkpoint at", "eval at"))
    ]
    registered = [e for e in events if e.startswith("registered ")]
    assert registered == ["registered smollm2-lora:1"], lora[-2000:]
    assert events[-1] == "state SUCCEEDED", lora[-2000:]
    answer = printed_by(segs, "lmforge chat smollm2 --adapter smollm2-lora:1 -M")
    assert answer.strip(), "the adapter chat printed nothing"
