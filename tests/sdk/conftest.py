"""Fixtures of the SDK tests: a live registry + inference platform per module."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from sdk.platform_fixture import Platform, start_platform


@pytest.fixture(scope="module")
def platform(s3_server: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Platform]:
    yield from start_platform(s3_server, tmp_path_factory.mktemp("platform"))


@pytest.fixture
def client(platform: Platform) -> Iterator[Any]:
    c = platform.client()
    try:
        yield c
    finally:
        c.close()
