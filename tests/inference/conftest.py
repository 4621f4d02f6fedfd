"""Fixtures of the inference tests: real servers on 127.0.0.1 with tiny models."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from inference_helpers import Served, make_settings, start_served


@pytest.fixture(scope="module")
def served(
    s3_server: Any,
    tmp_path_factory: pytest.TempPathFactory,
    tiny_causal_lm: Path,
    tiny_classifier: Path,
) -> Iterator[Served]:
    """One server per test module with the tiny LM ("lm") and classifier ("cls") loaded."""
    settings = make_settings(s3_server, tmp_path_factory.mktemp("inference"))
    s = start_served(settings)
    try:
        s.load_folder("lm", tiny_causal_lm, "text-generation")
        s.load_folder("cls", tiny_classifier, "text-classification")
        yield s
    finally:
        s.channel.close()
        s.thread.stop()


@pytest.fixture
def served_with_registry(
    s3_server: Any, registry_server: Any, registry_settings: Any, tmp_path: Path
) -> Iterator[Served]:
    """A server that loads from the test registry (same bucket), nothing loaded yet."""
    settings = make_settings(
        s3_server,
        tmp_path,
        storage_url=registry_settings.storage_url,
        registry_address=registry_server.address,
    )
    s = start_served(settings)
    try:
        yield s
    finally:
        s.channel.close()
        s.thread.stop()
