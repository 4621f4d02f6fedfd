"""``lmforge datasets ...``: registered training datasets."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from lmforge.cli._common import JSON, client_from
from lmforge.cli.output import handle_errors, out, print_json, size, table, transfer_progress, when

datasets_app = typer.Typer(help="Registered training datasets.", no_args_is_help=True)


@datasets_app.command("push")
@handle_errors
def datasets_push(
    ctx: typer.Context,
    source: str = typer.Argument(
        ..., help="A .jsonl/.csv/.parquet file, or a SQL query with --db."
    ),
    name: str = typer.Option(..., "--name", "-n", help="Registry dataset name."),
    db: str | None = typer.Option(
        None, "--db", help="SQLAlchemy URL: SOURCE is then a query run on it."
    ),
    description: str = typer.Option("", "--description"),
    json_output: bool = JSON,
) -> None:
    """Upload rows as a new dataset version (row count and columns are recorded)."""
    from lmforge.datasets import SQL

    data: Any = SQL(source, db) if db else Path(source)
    client = client_from(ctx)
    with transfer_progress(f"pushing {name}", enabled=not json_output) as progress:
        v = client.push_dataset(name, data, description=description, progress=progress)
    if json_output:
        print_json(v)
    else:
        out.print(f"pushed {v.ref}: {v.row_count} rows, columns {', '.join(v.columns)}")


@datasets_app.command("list")
@handle_errors
def datasets_list(ctx: typer.Context, json_output: bool = JSON) -> None:
    """List registered datasets."""
    found = client_from(ctx).list_datasets()
    if json_output:
        for d in found:
            print_json(d)
        return
    table(
        None,
        ["name", "latest", "description", "created"],
        [(d.name, d.latest_version, d.description, when(d.create_time)) for d in found],
    )


@datasets_app.command("show")
@handle_errors
def datasets_show(
    ctx: typer.Context,
    reference: str = typer.Argument(..., help="name (latest READY) or name:3."),
    json_output: bool = JSON,
) -> None:
    """Show a dataset version: rows, columns, files."""
    v = client_from(ctx).resolve_dataset(reference)
    if json_output:
        print_json(v)
        return
    out.print(f"[bold]{v.ref}[/]  {v.format.lower()}  {v.row_count} rows  {v.state}")
    out.print(f"columns: {', '.join(v.columns)}")
    table(
        None,
        ["file", "size", "sha256"],
        [(f.path, size(f.size_bytes), f.sha256[:16]) for f in v.files],
    )
