"""``lmforge models ...``: registered models, versions and aliases; loading into inference."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from lmforge.cli._common import JSON, client_from, did_you_mean
from lmforge.cli.output import (
    err,
    fail,
    handle_errors,
    out,
    print_json,
    size,
    table,
    transfer_progress,
    when,
)

models_app = typer.Typer(help="Registered models, versions and aliases.", no_args_is_help=True)


def _split_ref(ref: str) -> tuple[str, int | None]:
    name, _, number = ref.partition(":")
    if number and not number.isdigit():
        raise fail(f"{ref!r}: a version is a number, like {name}:3", 2)
    return name, int(number) if number else None


@models_app.command("push")
@handle_errors
def models_push(
    ctx: typer.Context,
    path: Path = typer.Argument(..., help="HF model folder, PEFT adapter folder or .gguf file."),
    name: str = typer.Option(..., "--name", "-n", help="Registry model name."),
    task: str | None = typer.Option(
        None, "--task", help="Task for a new model (default: from config.json)."
    ),
    labels: str | None = typer.Option(None, "--labels", help="Comma-separated label names."),
    base: str | None = typer.Option(None, "--base", help="Base version of an adapter, e.g. llm:1."),
    description: str = typer.Option("", "--description"),
    json_output: bool = JSON,
) -> None:
    """Upload a model folder as a new version (READY only once every byte is verified)."""
    client = client_from(ctx)
    with transfer_progress(f"pushing {path.name}", enabled=not json_output) as progress:
        v = client.push_model(
            path,
            name,
            task=task,
            labels=[x.strip() for x in labels.split(",")] if labels else (),
            base=base,
            description=description,
            progress=progress,
        )
    if json_output:
        print_json(v)
    else:
        out.print(f"pushed {v.ref} ({len(v.files)} files, {size(v.total_size_bytes)}) {v.state}")


@models_app.command("pull")
@handle_errors
def models_pull(
    ctx: typer.Context,
    reference: str = typer.Argument(..., help="name, name:3 or name@alias."),
    dest: Path = typer.Argument(..., help="Folder to write the files into."),
    json_output: bool = JSON,
) -> None:
    """Download a version's files (each checked against its sha256)."""
    client = client_from(ctx)
    with transfer_progress(f"pulling {reference}", enabled=not json_output) as progress:
        path = client.download_model(reference, dest, progress=progress)
    if json_output:
        print_json({"reference": reference, "path": str(path)})
    else:
        out.print(f"downloaded {reference} to {path}")


@models_app.command("list")
@handle_errors
def models_list(
    ctx: typer.Context,
    task: str | None = typer.Option(None, "--task", help="Only this task."),
    tag: str | None = typer.Option(None, "--tag", help="Only with this tag (key or key=value)."),
    json_output: bool = JSON,
) -> None:
    """List registered models."""
    models = client_from(ctx).list_models(task=task, tag=tag)
    if json_output:
        for m in models:
            print_json(m)
        return
    table(
        None,
        ["name", "task", "latest", "aliases", "labels", "description"],
        [
            (
                m.name,
                m.task,
                m.latest_version,
                ", ".join(f"{a}->{v}" for a, v in sorted(m.aliases.items())),
                ", ".join(m.labels),
                m.description,
            )
            for m in models
        ],
    )


@models_app.command("show")
@handle_errors
def models_show(
    ctx: typer.Context,
    reference: str = typer.Argument(..., help="name (latest READY), name:3 or name@alias."),
    json_output: bool = JSON,
) -> None:
    """Show a model version: state, lineage, metrics and files."""
    r = client_from(ctx).resolve(reference)
    if json_output:
        print_json(r)
        return
    v = r.version
    out.print(f"[bold]{v.ref}[/]  task {r.model.task}  format {v.format.lower()}  {v.state}")
    if v.aliases:
        out.print(f"aliases: {', '.join(v.aliases)}")
    lin = v.lineage
    for label, value in (
        ("base", lin.base),
        ("parent", lin.parent),
        ("job", lin.source_job_id),
        ("dataset", lin.dataset),
    ):
        if value:
            out.print(f"{label}: {value}")
    if v.metrics:
        out.print("metrics: " + ", ".join(f"{k}={val:.4g}" for k, val in sorted(v.metrics.items())))
    table(
        None,
        ["file", "size", "sha256"],
        [(f.path, size(f.size_bytes), f.sha256[:16]) for f in v.files],
    )


@models_app.command("versions")
@handle_errors
def models_versions(
    ctx: typer.Context,
    name: str = typer.Argument(...),
    state: str | None = typer.Option(None, "--state", help="pending, ready or failed."),
    json_output: bool = JSON,
) -> None:
    """List the versions of a model, newest first."""
    versions = client_from(ctx).list_model_versions(name, state=state)
    if json_output:
        for v in versions:
            print_json(v)
        return
    table(
        name,
        ["version", "state", "format", "size", "aliases", "base", "job", "created"],
        [
            (
                v.version,
                v.state,
                v.format.lower(),
                size(v.total_size_bytes),
                ", ".join(v.aliases),
                v.lineage.base or "",
                v.lineage.source_job_id,
                when(v.create_time),
            )
            for v in versions
        ],
    )


@models_app.command("alias")
@handle_errors
def models_alias(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="Model name."),
    alias: str = typer.Argument(..., help="Alias, e.g. prod."),
    version: int | None = typer.Argument(None, help="Version to point at (omit with --delete)."),
    expect: int | None = typer.Option(
        None, "--expect", help="Only if the alias now points at this version (0: must not exist)."
    ),
    delete: bool = typer.Option(False, "--delete", help="Remove the alias."),
    json_output: bool = JSON,
) -> None:
    """Point an alias at a version (compare-and-swap with --expect), or remove it."""
    client = client_from(ctx)
    if delete:
        previous = client.delete_alias(name, alias, expected_version=expect)
        result = {"model": name, "alias": alias, "version": None, "previous_version": previous}
    else:
        if version is None:
            raise fail("give the VERSION to point the alias at (or --delete)", 2)
        m = client.set_alias(name, alias, version, expected_version=expect)
        result = {"model": name, "alias": alias, "version": m.aliases.get(alias, version)}
    if json_output:
        print_json(result)
    elif delete:
        out.print(f"removed {name}@{alias} (was version {result['previous_version']})")
    else:
        out.print(f"{name}@{alias} -> {result['version']}")


@models_app.command("rm")
@handle_errors
def models_rm(
    ctx: typer.Context,
    reference: str = typer.Argument(..., help="name (the whole model) or name:3 (one version)."),
    force: bool = typer.Option(
        False, "--force", help="Also delete versions / versions still referenced."
    ),
    json_output: bool = JSON,
) -> None:
    """Delete a model or one version."""
    client = client_from(ctx)
    name, version = _split_ref(reference)
    if version is None:
        n = client.delete_model(name, force=force)
        result: dict[str, Any] = {"deleted": name, "versions_deleted": n}
        text = f"deleted model {name} ({n} versions)"
    else:
        n = client.delete_model_version(name, version, force=force)
        result = {"deleted": reference, "objects_deleted": n}
        text = f"deleted {reference} ({n} objects)"
    if json_output:
        print_json(result)
    else:
        out.print(text)


@models_app.command("load")
@handle_errors
def models_load(
    ctx: typer.Context,
    reference: str = typer.Argument(..., help="name, name:3 or name@alias."),
    name: str | None = typer.Option(None, "--name", help="Name to serve it under."),
    adapter: list[str] = typer.Option([], "--adapter", help="Adapter version(s) to attach."),
    device: str = typer.Option("", "--device", help="cpu, cuda, cuda:N or auto."),
    dtype: str = typer.Option("", "--dtype", help="auto, float32, float16 or bfloat16."),
    task: str = typer.Option("", "--task", help="Pipeline task to serve (default: the model's)."),
    replace: bool = typer.Option(
        False, "--replace", help="Unload another version served under the same name first."
    ),
    json_output: bool = JSON,
) -> None:
    """Load a model (and adapters) into the inference server.

    When another version already serves under the name (``name:1`` while
    ``name`` serves version 2), it is loaded as ``name-1`` instead, unless
    ``--replace`` (unload the other first) or ``--name`` says otherwise.
    """
    from lmforge.errors import AlreadyExists

    client = client_from(ctx)
    opts = {"device": device, "dtype": dtype, "task": task}
    try:
        with did_you_mean(client, reference, lambda: [x.name for x in client.list_models()]):
            m = client.load_model(reference, name=name, **opts)
    except AlreadyExists:
        # Loading what is already loaded is fine (e.g. to attach an adapter to it).
        wanted = client.resolve(reference).version.ref
        serving = name or wanted.split(":")[0]
        m = next((x for x in client.list_loaded_models() if x.name == serving), None)
        if m is None:
            raise
        if m.version != wanted:
            if replace:
                client.unload_model(serving)
                m = client.load_model(reference, name=serving, **opts)
            elif name:
                raise
            else:
                alias = f"{serving}-{wanted.rsplit(':', 1)[-1]}"
                err.print(
                    f"{serving!r} already serves {m.version}: serving {wanted} as {alias!r} "
                    f"(use --replace to swap it in under {serving!r})",
                    markup=False,
                )
                loaded = {x.name: x for x in client.list_loaded_models()}
                if alias in loaded and loaded[alias].version == wanted:
                    m = loaded[alias]
                else:
                    m = client.load_model(reference, name=alias, **opts)
    for a in adapter:
        if a not in {x.name for x in m.adapters}:
            m = client.load_adapter(m.name, a, name=a)
    if json_output:
        print_json(m)
    else:
        extra = f" adapters: {', '.join(a.name for a in m.adapters)}" if m.adapters else ""
        out.print(f"{m.name} ({m.version}) {m.state} on {m.device} {m.dtype}{extra}")


@models_app.command("unload")
@handle_errors
def models_unload(ctx: typer.Context, name: str = typer.Argument(...)) -> None:
    """Unload a model from the inference server."""
    freed = client_from(ctx).unload_model(name)
    out.print(f"unloaded {name} (freed {size(freed)})")


@models_app.command("loaded")
@handle_errors
def models_loaded(ctx: typer.Context, json_output: bool = JSON) -> None:
    """List the models the inference server holds."""
    models = client_from(ctx).list_loaded_models()
    if json_output:
        for m in models:
            print_json(m)
        return
    table(
        None,
        ["name", "version", "task", "state", "device", "memory", "queue", "adapters"],
        [
            (
                m.name,
                m.version,
                m.task,
                m.state,
                m.device,
                size(m.memory_bytes),
                m.queue_depth,
                ", ".join(a.name for a in m.adapters),
            )
            for m in models
        ],
    )
