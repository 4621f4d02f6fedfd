"""Helpers of the CLI tests."""

from __future__ import annotations

import json
from typing import Any


def json_lines(output: str) -> list[Any]:
    """The JSON objects a ``--json`` command printed, one per line."""
    return [json.loads(line) for line in output.splitlines() if line.strip()]
