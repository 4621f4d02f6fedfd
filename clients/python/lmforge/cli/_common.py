"""What every command module of the CLI shares: the ``--json`` option and the client.

The output helpers (tables, JSON lines, progress bars, one-line errors with
exit codes) live in ``lmforge._cli_output``.
"""

from __future__ import annotations

from typing import Any

import typer

JSON = typer.Option(False, "--json", help="Print JSON (one object per line) instead of tables.")


def client_from(ctx: typer.Context) -> Any:
    """A ``lmforge.Client`` built from the global options (``lmforge --registry ...``)."""
    from lmforge.client import Client

    return Client(**(ctx.obj or {}))
