"""The ``lmforge`` command line (typer + rich).

Every command that talks to a service takes its address from the global
options (``lmforge --registry HOST:PORT models list``) or the ``LMFORGE_*``
variables, prints a table (or JSON with ``--json``), and on an expected
failure prints one line and exits with a code that says what kind of
failure it was (see ``lmforge._cli_output.EXIT_CODES``).
"""

from __future__ import annotations

from pathlib import Path

import typer

from lmforge.cli.datasets import datasets_app
from lmforge.cli.inference import chat, classify, generate
from lmforge.cli.models import models_app
from lmforge.cli.train import train_app

app = typer.Typer(
    name="lmforge",
    help="Serve and fine-tune Hugging Face transformers models over gRPC.",
    epilog=(
        "Exit codes: 0 ok, 1 other error, 2 bad argument, 3 not found, 4 conflict "
        "(exists / lost compare-and-swap), 5 failed precondition, 6 service unreachable, "
        "7 not authorised, 8 busy, 9 training job failed or cancelled, 130 interrupted."
    ),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.add_typer(models_app, name="models")
app.add_typer(datasets_app, name="datasets")
app.add_typer(train_app, name="train")


@app.callback()
def main(
    ctx: typer.Context,
    registry: str | None = typer.Option(
        None, "--registry", help="Registry host:port (env LMFORGE_REGISTRY_ADDRESS)."
    ),
    inference: str | None = typer.Option(
        None, "--inference", help="Inference host:port (env LMFORGE_INFERENCE_ADDRESS)."
    ),
    training: str | None = typer.Option(
        None, "--training", help="Training host:port (env LMFORGE_TRAINING_ADDRESS)."
    ),
    token: str | None = typer.Option(
        None, "--token", help="Bearer token (env LMFORGE_AUTH_TOKEN).", show_default=False
    ),
    tls_ca: Path | None = typer.Option(
        None, "--tls-ca", help="PEM CA file; turns on TLS (env LMFORGE_TLS_CA_FILE)."
    ),
    timeout: float | None = typer.Option(None, "--timeout", help="Per-call deadline, seconds."),
) -> None:
    """Serve and fine-tune Hugging Face transformers models over gRPC."""
    ctx.obj = {
        "registry": registry,
        "inference": inference,
        "training": training,
        "token": token,
        "root_certificates": tls_ca,
        "timeout": timeout,
    }


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
    try:
        from lmforge.services import launcher
    except ImportError as e:  # the SDK alone: the services are not installed
        typer.echo(f"lmforge up needs the server extra (pip install 'lmforge[server]'): {e}")
        raise typer.Exit(2) from None

    raise typer.Exit(launcher.up(state_dir, quickstart=quickstart))


@app.command()
def status(
    ctx: typer.Context,
    json_output: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Show the health of each service (at --registry/--inference/--training if given)."""
    import os

    from lmforge import launcher

    # launcher.status reads LMFORGE_<SERVICE>_ADDRESS: the global options override them
    # for this call, and the old values come back after (the CLI may run in-process).
    saved = dict(os.environ)
    try:
        for service in launcher.SERVICES:
            address = (ctx.obj or {}).get(service)
            if address:
                os.environ[f"LMFORGE_{service.upper()}_ADDRESS"] = address
        code = launcher.status(json_output=json_output)
    finally:
        os.environ.clear()
        os.environ.update(saved)
    raise typer.Exit(code)


# The top-level commands that ask a loaded model (lmforge.cli.inference).
app.command()(generate)
app.command()(chat)
app.command()(classify)
