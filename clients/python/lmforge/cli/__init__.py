"""The ``lmforge`` command line (typer + rich).

Every command that talks to a service takes its address from the global
options (``lmforge --registry HOST:PORT models list``) or the ``LMFORGE_*``
variables, prints a table (or JSON with ``--json``), and on an expected
failure prints one line and exits with a code that says what kind of
failure it was (see ``lmforge.cli.output.EXIT_CODES``).
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
    gateway: str | None = typer.Option(
        None, "--gateway", help="Gateway (OpenAI HTTP API) host:port (env LMFORGE_GATEWAY_ADDRESS)."
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
        "gateway": gateway,
        "token": token,
        "root_certificates": tls_ca,
        "timeout": timeout,
    }


@app.command()
def up(
    state_dir: Path = typer.Option(
        Path(".lmforge"),
        "--state-dir",
        envvar="LMFORGE_STATE_DIR",
        help="Where data, logs and databases live.",
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
    """Show the health of each service and the gateway (at --registry/... if given).

    The gRPC services answer grpc.health; the gateway is HTTP, so its row is
    its GET /health (SERVING only when it answers 200, which it does while
    its inference service serves). A followed alias whose new version failed
    to load leaves the old one serving: inference stays SERVING and the
    failure is shown as a detail. Exit code 0 only if every row is SERVING.
    """
    import json

    from lmforge import launcher

    given = ctx.obj or {}
    rows: dict[str, tuple[str, str]] = {}
    for service in launcher.SERVICES:
        address = given.get(service) or launcher.address_of(service)
        rows[service] = (address, launcher.health(address))
    address = given.get("gateway") or launcher.address_of("gateway")
    rows["gateway"] = (address, launcher.gateway_health(address))
    address, state = rows["inference"]
    details = {"inference": launcher.inference_details(address) if state == "SERVING" else []}
    if json_output:
        out = {n: {"address": a, "health": h} for n, (a, h) in rows.items()}
        for name, lines in details.items():
            out[name]["details"] = lines  # type: ignore[assignment]
        typer.echo(json.dumps(out))
    else:
        from rich.console import Console
        from rich.table import Table

        table = Table(title="lmforge status")
        for col in ("service", "address", "health", "details"):
            table.add_column(col)
        for name, (addr, state) in rows.items():
            color = "green" if state == "SERVING" else "red"
            table.add_row(name, addr, f"[{color}]{state}[/]", "\n".join(details.get(name, [])))
        Console().print(table)
    raise typer.Exit(0 if all(h == "SERVING" for _, h in rows.values()) else 1)


# The top-level commands that ask a loaded model (lmforge.cli.inference).
app.command()(generate)
app.command()(chat)
app.command()(classify)
