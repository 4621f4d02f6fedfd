"""Validation of names and object keys shared by the services."""

from __future__ import annotations

import re

from lmforge.errors import InvalidArgument

_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,127}$")


def check_name(field: str, value: str) -> str:
    """A resource name: lowercase letters, digits, '-', '_' and '.', 1-128 chars."""
    if not _NAME.match(value or ""):
        raise InvalidArgument.field(
            field,
            f"{value!r} is not a valid name: use 1 to 128 lowercase letters, digits, "
            "'-', '_' or '.', starting with a letter or digit",
        )
    return value


def check_relative_path(field: str, path: str) -> str:
    """A file path inside a version: relative, forward slashes, no '..'."""
    why = relative_path_problem(path)
    if why:
        raise InvalidArgument.field(field, f"{path!r} {why}")
    return path


def relative_path_problem(path: str) -> str | None:
    """Why ``path`` is not a safe relative object path, or None if it is."""
    if not path:
        return "is empty"
    if len(path) > 1024:
        return "is longer than 1024 characters"
    if "\\" in path:
        return "contains a backslash; use '/'"
    if any(ord(c) < 32 or ord(c) == 127 for c in path):
        return "contains a control character"
    if path.startswith("/"):
        return "is absolute; give a path relative to the version's root"
    parts = path.split("/")
    if any(p in ("", ".", "..") for p in parts):
        return "has an empty, '.' or '..' segment"
    return None
