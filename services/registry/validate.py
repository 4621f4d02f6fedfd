"""Checks of registry input. Each failure names the request field that is wrong."""

from __future__ import annotations

import base64
import binascii
import functools
import json
import math
import re
from collections.abc import Iterable, Mapping

from lmforge.errors import InvalidArgument
from lmforge.services.core.names import check_name, check_relative_path

from .entities import FileRecord

_SHA256 = re.compile(r"^[0-9a-f]{64}$")
DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 1000
# The largest object S3 can hold (and so the largest file a version can have).
S3_MAX_OBJECT_BYTES = 5 * 1024**4
# Positions in page tokens are database integers (BIGINT) or names.
_MAX_DB_INT = 2**63 - 1
_MAX_TOKEN_CHARS = 4096


@functools.cache
def pipeline_tasks() -> tuple[frozenset[str], dict[str, str]]:
    """transformers' pipeline task names and aliases (imported once: it takes seconds)."""
    from transformers.pipelines import SUPPORTED_TASKS, TASK_ALIASES

    return frozenset(SUPPORTED_TASKS), dict(TASK_ALIASES)


def check_task(field: str, task: str) -> str:
    """A transformers pipeline task name; aliases ("sentiment-analysis") become canonical."""
    tasks, aliases = pipeline_tasks()
    task = aliases.get(task, task)
    if task not in tasks:
        raise InvalidArgument.field(
            field,
            f"{task!r} is not a transformers pipeline task; use one of " + ", ".join(sorted(tasks)),
        )
    return task


def check_labels(field: str, task: str, labels: Iterable[str]) -> list[str]:
    labels = list(labels)
    if labels and "classification" not in task:
        raise InvalidArgument.field(
            field, f"labels are only for classification tasks, not {task!r}"
        )
    for i, label in enumerate(labels):
        if not label or len(label) > 256:
            raise InvalidArgument.field(f"{field}[{i}]", "a label must be 1 to 256 characters")
    if len(set(labels)) != len(labels):
        raise InvalidArgument.field(field, f"labels must be unique, got {labels}")
    return labels


def check_tags(field: str, tags: Mapping[str, str]) -> dict[str, str]:
    for key, value in tags.items():
        if not key or len(key) > 128:
            raise InvalidArgument.field(
                f"{field}[{key!r}]", "a tag key must be 1 to 128 characters"
            )
        if len(value) > 4096:
            raise InvalidArgument.field(
                f"{field}[{key!r}]", "a tag value must be at most 4096 characters"
            )
    return dict(tags)


def check_metrics(field: str, metrics: Mapping[str, float]) -> dict[str, float]:
    for key, value in metrics.items():
        if not key or len(key) > 128:
            raise InvalidArgument.field(
                f"{field}[{key!r}]", "a metric name must be 1 to 128 characters"
            )
        if not math.isfinite(value):
            raise InvalidArgument.field(f"{field}[{key!r}]", f"{value} is not a finite number")
    return {k: float(v) for k, v in metrics.items()}


def check_description(field: str, text: str) -> str:
    if len(text) > 65536:
        raise InvalidArgument.field(field, "must be at most 65536 characters")
    return text


def check_file(field: str, f: FileRecord, max_size: int = S3_MAX_OBJECT_BYTES) -> FileRecord:
    check_relative_path(f"{field}.path", f.path)
    if f.size < 0:
        raise InvalidArgument.field(f"{field}.size_bytes", f"{f.size} is negative")
    if f.size > max_size:
        raise InvalidArgument.field(
            f"{field}.size_bytes",
            f"{f.size} bytes is more than this registry accepts per file ({max_size} bytes; "
            "max_file_bytes, LMFORGE_REGISTRY_MAX_FILE_BYTES; S3 itself stops at 5 TiB)",
        )
    if not _SHA256.match(f.sha256):
        raise InvalidArgument.field(
            f"{field}.sha256",
            f"{f.sha256!r} is not a SHA-256: give 64 lower-case hex characters",
        )
    return f


def check_files(
    field: str, files: Iterable[FileRecord], max_size: int = S3_MAX_OBJECT_BYTES
) -> list[FileRecord]:
    out = [check_file(f"{field}[{i}]", f, max_size) for i, f in enumerate(files)]
    seen: set[str] = set()
    for i, f in enumerate(out):
        if f.path in seen:
            raise InvalidArgument.field(f"{field}[{i}].path", f"{f.path!r} is declared twice")
        seen.add(f.path)
    paths = [f.path for f in out]
    for i, f in enumerate(out):
        check_no_nesting(f"{field}[{i}].path", f.path, paths)
    return out


def check_no_nesting(field: str, path: str, others: Iterable[str]) -> None:
    """A path cannot be both a file and a folder of one version ("a" and "a/b")."""
    for other in others:
        if other.startswith(path + "/") or path.startswith(other + "/"):
            raise InvalidArgument.field(
                field,
                f"{path!r} and {other!r} cannot both be files: one would be a folder of the "
                "other when the version is downloaded",
            )


def check_version(field: str, version: int) -> int:
    if version <= 0:
        raise InvalidArgument.field(field, f"{version} is not a version number (1, 2, 3 ...)")
    return version


def page_size(size: int) -> int:
    if size < 0:
        raise InvalidArgument.field("page_size", f"{size} is negative")
    return min(size or DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)


def encode_token(last: str | int) -> str:
    return base64.urlsafe_b64encode(json.dumps({"after": last}).encode()).decode()


def decode_token(token: str, kind: type) -> str | int | None:
    """The position a page token stands for, or None for the first page."""
    if not token:
        return None
    if len(token) > _MAX_TOKEN_CHARS:
        raise InvalidArgument.field("page_token", f"is longer than {_MAX_TOKEN_CHARS} characters")
    try:
        after = json.loads(base64.urlsafe_b64decode(token.encode()))["after"]
    except (binascii.Error, ValueError, KeyError, TypeError) as e:
        raise InvalidArgument.field(
            "page_token", "is not a token from a previous call's next_page_token"
        ) from e
    # bool is an int to Python; a huge int would reach the database (an error there).
    ok = isinstance(after, kind) and not isinstance(after, bool)
    if ok and isinstance(after, int):
        ok = 0 <= after <= _MAX_DB_INT
    if ok and isinstance(after, str):
        ok = len(after) <= 1024
    if not ok:
        raise InvalidArgument.field(
            "page_token", "is not a token from a previous call's next_page_token"
        )
    return after  # type: ignore[no-any-return]


def parse_reference(reference: str, *, aliases: bool = True) -> tuple[str, int | None, str | None]:
    """ "name" | "name:3" | "name@alias" -> (name, version or None, alias or None)."""
    field = "reference"
    if not reference:
        raise InvalidArgument.field(field, "is empty; give 'name', 'name:3' or 'name@alias'")
    name, version, alias = reference, None, None
    if "@" in reference:
        if not aliases:
            raise InvalidArgument.field(field, f"{reference!r}: datasets have no aliases")
        name, alias = reference.split("@", 1)
        check_name(field, alias)
    elif ":" in reference:
        name, number = reference.rsplit(":", 1)
        if not number.isdigit() or int(number) <= 0:
            raise InvalidArgument.field(
                field, f"{reference!r}: the part after ':' must be a version number"
            )
        version = int(number)
    check_name(field, name)
    return name, version, alias


__all__ = [
    "check_description",
    "check_file",
    "check_files",
    "check_labels",
    "check_metrics",
    "check_name",
    "check_tags",
    "check_task",
    "check_version",
    "decode_token",
    "encode_token",
    "page_size",
    "parse_reference",
]
