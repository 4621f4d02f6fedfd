"""``lmforge train ...``: submit, follow, list, show and cancel fine-tuning jobs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from lmforge.cli._common import JSON, client_from
from lmforge.cli.output import fail, handle_errors, out, print_json, table, transfer_progress, when
from lmforge.training_args import PLACEMENT_STRATEGIES, REPORT_TO

_REPORT_TO_HELP = (
    "Also report the trainer's logs to: "
    + "|".join(REPORT_TO)
    + " (repeatable; tensorboard writes event files into the output's tensorboard/)."
)

train_app = typer.Typer(help="Fine-tuning jobs.", no_args_is_help=True)


def _kv(pairs: list[str], option: str) -> dict[str, str]:
    out_: dict[str, str] = {}
    for p in pairs:
        key, eq, value = p.partition("=")
        if not eq or not key:
            raise fail(f"{option} {p!r}: use KEY=VALUE", 2)
        out_[key.strip()] = value.strip()
    return out_


def _number(text: str) -> int | float:
    try:
        return int(text)
    except ValueError:
        return float(text)


def _trainer_args(pairs: dict[str, str]) -> dict[str, Any]:
    """``--arg`` pairs as training_args: ``training_kwargs.KEY`` entries gathered in one dict.

    Values stay text; the SDK converts each to its spec field's type (and
    refuses a name it does not support, listing the supported ones).
    """
    args: dict[str, Any] = {}
    for key, value in pairs.items():
        head, dot, sub = key.partition(".")
        if head == "training_kwargs" and dot:
            args.setdefault("training_kwargs", {})[sub] = value
        else:
            args[key] = value
    return args


@train_app.command("submit")
@handle_errors
def train_submit(
    ctx: typer.Context,
    base: str = typer.Option(..., "--base", help="Base model reference: name, name:3, name@alias."),
    dataset: str = typer.Option(
        ..., "--dataset", help="Dataset reference (name or name:3) or a local .jsonl/.csv/.parquet."
    ),
    method: str = typer.Option(
        "lora", "--method", help="lora, full, dpo (LoRA DPO) or dpo_full; DPO: --hp beta=0.1."
    ),
    column: list[str] = typer.Option(
        [], "--column", "-c", help="Column role=name, e.g. text=tweet or label=sentiment."
    ),
    workers: int = typer.Option(1, "--workers", help="Data-parallel Ray workers."),
    gpu: bool = typer.Option(False, "--gpu", help="Give each worker a GPU."),
    placement_strategy: str | None = typer.Option(
        None,
        "--placement-strategy",
        help="How Ray places the workers: " + "|".join(PLACEMENT_STRATEGIES) + " (default PACK).",
    ),
    report_to: list[str] = typer.Option(
        [],
        "--report-to",
        help=_REPORT_TO_HELP,
    ),
    deepspeed: str | None = typer.Option(
        None, "--deepspeed", help="zero2, zero3, or a DeepSpeed JSON file."
    ),
    epochs: float | None = typer.Option(None, "--epochs"),
    max_steps: int | None = typer.Option(None, "--max-steps"),
    learning_rate: float | None = typer.Option(None, "--lr", help="Learning rate."),
    batch_size: int | None = typer.Option(None, "--batch-size", help="Per-device batch size."),
    hp: list[str] = typer.Option([], "--hp", help="Any hyperparameter KEY=VALUE (repeatable)."),
    lora_r: int | None = typer.Option(None, "--lora-r"),
    arg: list[str] = typer.Option(
        [],
        "--arg",
        help="An HF TrainingArguments / Superduper LLMTrainer argument NAME=VALUE (repeatable), "
        "e.g. num_train_epochs=2, bits=4, lora_target_modules=q_proj,v_proj, "
        "training_kwargs.packing=true.",
    ),
    output_model: str = typer.Option("", "--output-model", help="Registry model for the result."),
    merged: bool = typer.Option(False, "--merged", help="Register LoRA merged into the base."),
    validation: float = typer.Option(0.0, "--validation", help="Held-out fraction for eval."),
    validation_dataset: str | None = typer.Option(
        None,
        "--validation-dataset",
        help="Dataset to evaluate on instead of a held-out fraction: a reference or a local "
        ".jsonl/.csv/.parquet, with the same columns as --dataset.",
    ),
    watch: bool = typer.Option(False, "--watch", "-w", help="Follow the job until it ends."),
    json_output: bool = JSON,
) -> None:
    """Submit a fine-tuning job (returns at once unless --watch)."""
    client = client_from(ctx)
    hyper: dict[str, Any] = {k: _number(v) for k, v in _kv(hp, "--hp").items()}
    for key, value in (
        ("num_epochs", epochs),
        ("max_steps", max_steps),
        ("learning_rate", learning_rate),
        ("per_device_batch_size", batch_size),
    ):
        if value is not None:
            hyper[key] = value
    trainer_args = _trainer_args(_kv(arg, "--arg"))
    if placement_strategy is not None and placement_strategy.upper() not in PLACEMENT_STRATEGIES:
        raise fail(
            f"--placement-strategy {placement_strategy!r}: use one of "
            + ", ".join(PLACEMENT_STRATEGIES),
            2,
        )
    for name in report_to:
        if name not in REPORT_TO:
            raise fail(f"--report-to {name!r}: use one of " + ", ".join(REPORT_TO), 2)
    ds_config: Any = deepspeed
    if deepspeed and deepspeed not in ("zero2", "zero3"):
        try:
            ds_config = Path(deepspeed).read_text()
        except OSError as e:
            raise fail(f"--deepspeed {deepspeed}: {e.strerror}", 2) from None
    if validation and validation_dataset:
        raise fail("--validation-dataset is evaluated instead of --validation: set one", 2)
    columns = _kv(column, "--column")

    def pushed(reference: str) -> str:
        if not Path(reference).is_file():
            return reference
        name = Path(reference).stem.lower().replace(" ", "-")
        with transfer_progress(f"pushing {Path(reference).name}", enabled=not json_output) as prog:
            ref: str = client.push_dataset(name, Path(reference), progress=prog).ref
        return ref

    dataset_ref = pushed(dataset)
    validation_ref = pushed(validation_dataset) if validation_dataset else ""
    job = client.submit_job(
        base_model=base,
        dataset=dataset_ref,
        method=method,
        columns=columns or None,
        hyperparameters=hyper,
        lora={"r": lora_r} if lora_r else None,
        num_workers=workers,
        use_gpu=gpu,
        placement_strategy=placement_strategy,
        report_to=report_to or None,
        deepspeed=ds_config,
        output_model=output_model,
        adapter_output="merged" if merged else "adapter",
        validation_fraction=validation,
        validation_dataset=validation_ref,
        training_args=trainer_args,
    )
    if json_output:
        print_json(job)
    else:
        out.print(f"submitted job {job.id} ({job.state.lower()})")
    if watch:
        _watch(client, job.id, json_output)


def _watch(client: Any, job_id: str, json_output: bool, plot: bool = False) -> None:
    from rich.live import Live

    from lmforge.training_job import ProgressTracker, TrainingFailed, stop_progress

    from .curves import Curves

    curves = Curves()
    tracker = ProgressTracker()
    live = None if json_output else Live(tracker.line(), console=out, refresh_per_second=4)
    if live is not None:
        live.start()
    try:
        for event in client.watch_job(job_id):
            tracker.update(event)
            curves.add(event)
            if json_output:
                print_json(event)
                continue
            assert live is not None
            if event.kind == "log":
                live.console.print(f"[dim]{event.level}[/] {event.message}", markup=True)
            elif event.kind == "state":
                reason = f": {event.reason}" if event.reason else ""
                live.console.print(f"state {event.state}{reason}", markup=False)
            elif event.kind == "checkpoint":
                live.console.print(f"checkpoint at step {event.step}: {event.uri}", markup=False)
            elif event.kind == "evaluation":
                vals = ", ".join(f"{k}={v:.4g}" for k, v in sorted(event.values.items()))
                live.console.print(f"eval at step {event.step}: {vals}", markup=False)
            elif event.kind == "result":
                live.console.print(f"registered {event.output}", markup=False)
            live.update(tracker.line())
    finally:
        if live is not None:
            stop_progress(live)
    if plot and not json_output:
        _print_curves(curves)
    job = client.get_job(job_id)
    if job.state != "SUCCEEDED":
        raise TrainingFailed(job)


PLOT = typer.Option(False, "--plot", help="Draw the loss and eval curves in the terminal.")


def _print_curves(curves: Any) -> None:
    from .curves import draw

    width = max(40, min(out.width, 120))
    print(draw(curves, width=width, height=20, color=out.is_terminal))


@train_app.command("watch")
@handle_errors
def train_watch(
    ctx: typer.Context,
    job_id: str = typer.Argument(..., help="Job id."),
    json_output: bool = JSON,
    plot: bool = PLOT,
) -> None:
    """Follow a job live: state, step, loss, ETA (exit code 9 if it fails).

    With --plot, the loss and eval curves are drawn when the job ends.
    """
    _watch(client_from(ctx), job_id, json_output, plot)


@train_app.command("list")
@handle_errors
def train_list(
    ctx: typer.Context,
    state: str | None = typer.Option(None, "--state", help="queued, running, succeeded, ..."),
    json_output: bool = JSON,
) -> None:
    """List jobs, newest first."""
    jobs = client_from(ctx).list_jobs(state=state)
    if json_output:
        for j in jobs:
            print_json(j)
        return
    table(
        None,
        ["id", "state", "base", "dataset", "method", "step", "output", "created", "error"],
        [
            (
                j.id,
                j.state,
                j.base_version or j.base_model,
                j.dataset_version or j.dataset,
                j.method,
                f"{j.step}/{j.total_steps or '?'}",
                j.output or "",
                when(j.create_time),
                j.error,
            )
            for j in jobs
        ],
    )


@train_app.command("show")
@handle_errors
def train_show(
    ctx: typer.Context,
    job_id: str = typer.Argument(...),
    json_output: bool = JSON,
    plot: bool = PLOT,
) -> None:
    """Show one job (with --plot, its loss and eval curves so far)."""
    client = client_from(ctx)
    j = client.get_job(job_id)
    if json_output:
        print_json(j)
        return
    out.print(f"[bold]{j.id}[/] {j.state}  {j.method} of {j.base_version or j.base_model}")
    out.print(f"dataset {j.dataset_version or j.dataset}  step {j.step}/{j.total_steps or '?'}")
    if j.output:
        out.print(f"output {j.output}")
    if j.error:
        out.print(f"error: {j.error}", markup=False)
    if j.metrics:
        out.print("metrics: " + ", ".join(f"{k}={v:.4g}" for k, v in sorted(j.metrics.items())))
    if plot:
        from .curves import collect

        # The events so far: a finished job's stream ends by itself; a running
        # job's is read up to now (the watch would follow it).
        _print_curves(collect(_events_so_far(client, j)))


def _events_so_far(client: Any, job: Any) -> list[Any]:
    if job.done:
        return list(client.watch_job(job.id))
    from lmforge.errors import DeadlineExceeded

    seen: list[Any] = []
    try:
        for e in client.watch_job(job.id, timeout=2.0):
            seen.append(e)
    except DeadlineExceeded:  # the stored events come first: what is left is live
        pass
    return seen


@train_app.command("cancel")
@handle_errors
def train_cancel(
    ctx: typer.Context, job_id: str = typer.Argument(...), json_output: bool = JSON
) -> None:
    """Cancel a queued or running job."""
    j = client_from(ctx).cancel_job(job_id)
    if json_output:
        print_json(j)
    else:
        out.print(f"job {j.id}: {j.state.lower()}")
