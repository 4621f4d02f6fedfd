"""What every command module of the CLI shares: the ``--json`` option and the client.

The output helpers (tables, JSON lines, progress bars, one-line errors with
exit codes) live in ``lmforge.cli.output``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import Any

import typer

JSON = typer.Option(False, "--json", help="Print JSON (one object per line) instead of tables.")


def client_from(ctx: typer.Context) -> Any:
    """A ``lmforge.Client`` built from the global options (``lmforge --registry ...``)."""
    from lmforge.client import Client

    # The gateway is HTTP, not one of the Client's gRPC services (only `status` asks it).
    options = {k: v for k, v in (ctx.obj or {}).items() if k != "gateway"}
    return Client(**options)


def _loaded_names(client: Any) -> Callable[[], list[str]]:
    return lambda: [m.name for m in client.list_loaded_models()]


@contextlib.contextmanager
def did_you_mean(
    client: Any, name: str, names: Callable[[], list[str]] | None = None
) -> Iterator[None]:
    """Add "did you mean ...?" when ``name`` is not found (not loaded, or not in the
    registry) but a similar one exists; ``names`` lists the candidates (default:
    the loaded models)."""
    from lmforge.errors import FailedPrecondition, NotFound

    try:
        yield
    except (FailedPrecondition, NotFound) as e:
        if "is loaded" not in str(e) and "not found" not in str(e):
            raise
        import difflib

        base = name.split(":")[0].split("@")[0]
        candidates = (names or _loaded_names(client))()
        close = [
            c for c in difflib.get_close_matches(base, candidates, n=3, cutoff=0.6) if c != base
        ]
        if not close:
            raise
        raise type(e)(f"{e.message}; did you mean {' or '.join(map(repr, close))}?") from None
