"""The ``lmforge`` command line (typer + rich)."""

from __future__ import annotations

from pathlib import Path

import typer

app = typer.Typer(
    name="lmforge",
    help="Serve and fine-tune Hugging Face transformers models over gRPC.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)


@app.command()
def up(
    state_dir: Path = typer.Option(
        Path(".lmforge"), "--state-dir", help="Where data, logs and databases live."
    ),
    quickstart: bool = typer.Option(
        False, "--quickstart", help="Also register the real models that ship in PyPI packages."
    ),
) -> None:
    """Start the embedded S3 server (unless LMFORGE_S3_ENDPOINT is set) and the three services."""
    from lmforge import launcher

    raise typer.Exit(launcher.up(state_dir, quickstart=quickstart))


@app.command()
def status(
    json_output: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Show the health of each service."""
    from lmforge import launcher

    raise typer.Exit(launcher.status(json_output=json_output))


if __name__ == "__main__":
    app()
