"""What the CLI prints: tables or JSON, progress bars, and one-line errors with exit codes.

Expected failures (a server's NOT_FOUND, a bad argument, a service that is
down) print one line on stderr, ``lmforge: error: <what went wrong>``, and
exit with a code per kind of failure, so scripts can branch on it without
parsing text. Only bugs show a traceback.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import Any, TypeVar

import grpc
import typer
from rich.console import Console
from rich.table import Table

from lmforge import _terminal, errors

F = TypeVar("F", bound=Callable[..., Any])

EXIT_CODES: dict[grpc.StatusCode, int] = {
    grpc.StatusCode.INVALID_ARGUMENT: 2,
    grpc.StatusCode.NOT_FOUND: 3,
    grpc.StatusCode.ALREADY_EXISTS: 4,
    grpc.StatusCode.ABORTED: 4,
    grpc.StatusCode.FAILED_PRECONDITION: 5,
    grpc.StatusCode.UNAVAILABLE: 6,
    grpc.StatusCode.DEADLINE_EXCEEDED: 6,
    grpc.StatusCode.UNAUTHENTICATED: 7,
    grpc.StatusCode.PERMISSION_DENIED: 7,
    grpc.StatusCode.RESOURCE_EXHAUSTED: 8,
}
"""Exit code per status; 1 for anything else, 9 for a training job that failed, 130 for Ctrl-C."""

TRAINING_FAILED_EXIT = 9

# Piped output (scripts, tests) gets wide lines, so table cells are not folded mid-word.
_WIDTH = None if sys.stdout.isatty() else 200
out = Console(highlight=False, soft_wrap=True, width=_WIDTH)
err = Console(stderr=True, highlight=False, soft_wrap=True, width=_WIDTH)

_HINTS = {
    grpc.StatusCode.UNAVAILABLE: " Is it running? `lmforge up` starts the platform; "
    "--registry/--inference/--training or LMFORGE_*_ADDRESS point elsewhere.",
    grpc.StatusCode.UNAUTHENTICATED: " (set LMFORGE_AUTH_TOKEN or pass --token)",
}


# The services' messages name RPCs; a CLI user types commands.
_RPC_TO_COMMAND = {
    "LoadModel": "`lmforge models load`",
    "UnloadModel": "`lmforge models unload`",
    "LoadAdapter": "`lmforge models load --adapter`",
    "ListLoadedModels": "`lmforge models loaded`",
    "SubmitJob": "`lmforge train`",
}
_RPC_WORD = re.compile(r"\b(" + "|".join(_RPC_TO_COMMAND) + r")\b")


def cli_words(message: str) -> str:
    """``message`` with RPC names replaced by the CLI commands that do the same."""
    return _RPC_WORD.sub(lambda m: _RPC_TO_COMMAND[m.group(1)], message)


def fail(message: str, code: int = 1) -> typer.Exit:
    err.print(f"lmforge: error: {message}", markup=False)
    return typer.Exit(code)


def handle_errors(fn: F) -> F:
    """Turn expected failures into one line on stderr and an exit code."""

    @functools.wraps(fn)
    def run(*args: Any, **kwargs: Any) -> Any:
        from lmforge.training_job import TrainingFailed

        try:
            return fn(*args, **kwargs)
        except TrainingFailed as e:
            raise fail(str(e), TRAINING_FAILED_EXIT) from None
        except errors.LmforgeError as e:
            code = e.code
            name = code.name if isinstance(code, grpc.StatusCode) else "ERROR"
            hint = _HINTS.get(code, "") if isinstance(code, grpc.StatusCode) else ""
            if code == grpc.StatusCode.UNAVAILABLE and "cannot reach" not in str(e):
                hint = ""  # the service answered: a dependency of it is down
            raise fail(f"{name}: {cli_words(str(e))}{hint}", EXIT_CODES.get(code, 1)) from None
        except KeyboardInterrupt:
            err.print("lmforge: interrupted")
            raise typer.Exit(130) from None

    return run  # type: ignore[return-value]


def plain(obj: Any) -> Any:
    """Dataclasses, datetimes and containers as JSON-able values."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: plain(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, datetime):
        return obj.isoformat()
    if isinstance(obj, dict):
        return {str(k): plain(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [plain(v) for v in obj]
    return obj


def print_json(obj: Any) -> None:
    sys.stdout.write(json.dumps(plain(obj), ensure_ascii=False) + "\n")
    sys.stdout.flush()


def table(title: str | None, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    t = Table(title=title, title_justify="left")
    for c in columns:
        t.add_column(c, overflow="fold")
    for r in rows:
        t.add_row(*("" if v is None else str(v) for v in r))
    out.print(t)


def when(d: datetime | None) -> str:
    return d.astimezone().strftime("%Y-%m-%d %H:%M:%S") if d else ""


def size(n: int) -> str:
    value = float(n)
    for unit in ("B", "KiB", "MiB", "GiB"):
        if value < 1024 or unit == "GiB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{n} B"


@contextmanager
def transfer_progress(description: str, enabled: bool) -> Iterator[Callable[[int, int], None]]:
    """A byte progress bar on stderr; yields the ``progress(done, total)`` callback."""
    from rich.progress import (
        BarColumn,
        DownloadColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
        TransferSpeedColumn,
    )

    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        TimeRemainingColumn(),
        console=err,
        transient=True,
        disable=not enabled,
    )
    task = bar.add_task(description, total=None)
    if enabled:
        _terminal.fresh_line()  # its redraws erase the cursor's line: not a streamed answer

    def update(done: int, total: int) -> None:
        bar.update(task, completed=done, total=total or None)

    with bar:
        yield update
