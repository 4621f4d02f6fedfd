"""Shared fixtures: a real S3 server (SeaweedFS), tiny models, offline Hugging Face.

Everything binds 127.0.0.1. One S3 server serves the whole test run; each test
gets its own bucket so tests cannot see each other's objects.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

# Before anything imports huggingface_hub: never reach for the network.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
os.environ.setdefault("RAY_TRAIN_ENABLE_PRINT_PATCH", "0")
os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
# Every process this run starts inherits this mark (Ray workers too, through
# the raylet), so the leak check at the end finds them even when orphaned.
# Not LMFORGE_*: tests that start `lmforge up` drop those from its environment.
RUN_MARK = "PYTEST_LMFORGE_RUN"
os.environ[RUN_MARK] = uuid.uuid4().hex
# Names of the programs a run starts, for the leak report.
_KNOWN = ("raylet", "gcs_server", "ray::", "ray-dashboard", "weed", "lmforge.services", "ray_head")


def _leftovers() -> list[Any]:
    """Processes other than this one that carry this run's mark."""
    import psutil

    me = os.getpid()
    mark = os.environ[RUN_MARK]
    found = []
    for p in psutil.process_iter(["pid"]):
        if p.pid == me:
            continue
        try:
            if p.environ().get(RUN_MARK) == mark:
                found.append(p)
        except psutil.Error:
            continue
    return found


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Fail the run if any process it started is still running (after fixtures ended)."""
    import psutil

    left = _leftovers()
    if left:
        _gone, left = psutil.wait_procs(left, timeout=30)  # a stop that is still finishing
    if not left:
        return
    lines = []
    for p in left:
        try:
            cmd = " ".join(p.cmdline())[:200]
            known = next((k for k in _KNOWN if k in p.name() or k in cmd), "?")
            lines.append(f"  pid {p.pid} ({known}): {cmd}")
        except psutil.Error:
            continue
        with contextlib.suppress(psutil.Error):
            p.kill()
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    text = "processes started by this test run were still running at the end (killed now):\n"
    text += "\n".join(lines)
    if reporter is not None:
        reporter.write_line(text, red=True, bold=True)
    else:
        print(text)
    session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    try:
        import torch

        has_gpu = torch.cuda.is_available()
    except ImportError:
        has_gpu = False
    if not has_gpu:
        skip = pytest.mark.skip(reason="needs a CUDA device")
        for item in items:
            if "gpu" in item.keywords:
                item.add_marker(skip)


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """One SeaweedFS S3 server for the whole run, on free loopback ports."""
    from lmforge.services.core.seaweed import start_seaweed

    server = start_seaweed(tmp_path_factory.mktemp("seaweed"))
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def bucket() -> str:
    """A fresh bucket name for one test."""
    return f"t-{uuid.uuid4().hex[:12]}"


@pytest.fixture
def s3_settings(s3_server, bucket: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Settings keyword arguments pointing at the test S3 server and a fresh bucket."""
    return {
        "storage_url": f"s3://{bucket}",
        "s3_endpoint": s3_server.endpoint,
        "s3_access_key": s3_server.access_key,
        "s3_secret_key": s3_server.secret_key,
    }


@pytest.fixture(scope="session")
def tiny_causal_lm(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 2-layer Llama with a byte-level BPE tokenizer and a ChatML chat template."""
    from tiny_models import build_causal_lm

    return build_causal_lm(tmp_path_factory.mktemp("tiny-causal-lm"))


@pytest.fixture(scope="session")
def tiny_classifier(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 2-layer BERT classifier with labels negative / positive."""
    from tiny_models import build_classifier

    return build_classifier(tmp_path_factory.mktemp("tiny-classifier"))


# Each service's fixtures live in their own module, loaded as plugins so the
# fixtures are available to every test directory.
pytest_plugins = ["fixtures_registry", "fixtures_inference", "fixtures_training"]
