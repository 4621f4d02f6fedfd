"""Fixtures of the CLI tests: a live platform per module and a runner bound to it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from sdk.platform_fixture import Platform, start_platform


@pytest.fixture(scope="module")
def platform(s3_server: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Platform]:
    yield from start_platform(s3_server, tmp_path_factory.mktemp("cli-platform"))


@pytest.fixture
def cli(platform: Platform) -> Callable[..., Any]:
    """Run ``lmforge --registry ... --inference ... ARGS`` in-process; returns the result."""
    from typer.testing import CliRunner

    from lmforge.cli import app

    runner = CliRunner()
    addr = platform.addresses

    def run(*args: str, input: str | None = None) -> Any:
        base = ["--registry", addr["registry"], "--inference", addr["inference"]]
        base += ["--training", addr.get("training", "127.0.0.1:1")]
        return runner.invoke(app, [*base, *args], input=input)

    return run
