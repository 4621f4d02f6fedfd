"""The ``lmforge`` command line (typer + rich).

Every command that talks to a service takes its address from the global
options (``lmforge --registry HOST:PORT models list``) or the ``LMFORGE_*``
variables, prints a table (or JSON with ``--json``), and on an expected
failure prints one line and exits with a code that says what kind of
failure it was (see ``lmforge._cli_output.EXIT_CODES``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from lmforge._cli_output import (
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
models_app = typer.Typer(help="Registered models, versions and aliases.", no_args_is_help=True)
datasets_app = typer.Typer(help="Registered training datasets.", no_args_is_help=True)
train_app = typer.Typer(help="Fine-tuning jobs.", no_args_is_help=True)
app.add_typer(models_app, name="models")
app.add_typer(datasets_app, name="datasets")
app.add_typer(train_app, name="train")

JSON = typer.Option(False, "--json", help="Print JSON (one object per line) instead of tables.")


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


def _client(ctx: typer.Context) -> Any:
    from lmforge.client import Client

    return Client(**(ctx.obj or {}))


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


# --------------------------------------------------------------------- models


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
    client = _client(ctx)
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
    client = _client(ctx)
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
    models = _client(ctx).list_models(task=task, tag=tag)
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
    r = _client(ctx).resolve(reference)
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
    versions = _client(ctx).list_model_versions(name, state=state)
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
    client = _client(ctx)
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
    client = _client(ctx)
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
    json_output: bool = JSON,
) -> None:
    """Load a model (and adapters) into the inference server."""
    from lmforge.errors import AlreadyExists

    client = _client(ctx)
    try:
        m = client.load_model(reference, name=name, device=device, dtype=dtype, task=task)
    except AlreadyExists:
        # Loading what is already loaded is fine (e.g. to attach an adapter to it).
        wanted = client.resolve(reference).version.ref
        serving = name or wanted.split(":")[0]
        m = next((x for x in client.list_loaded_models() if x.name == serving), None)
        if m is None or m.version != wanted:
            raise
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
    freed = _client(ctx).unload_model(name)
    out.print(f"unloaded {name} (freed {size(freed)})")


@models_app.command("loaded")
@handle_errors
def models_loaded(ctx: typer.Context, json_output: bool = JSON) -> None:
    """List the models the inference server holds."""
    models = _client(ctx).list_loaded_models()
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


# ------------------------------------------------------------------- datasets


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
    client = _client(ctx)
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
    found = _client(ctx).list_datasets()
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
    v = _client(ctx).resolve_dataset(reference)
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


# ----------------------------------------------------------------- inference


def _params(
    max_new_tokens: int | None,
    temperature: float | None,
    top_p: float | None,
    top_k: int | None,
    stop: list[str],
    seed: int | None,
) -> dict[str, Any]:
    p: dict[str, Any] = {
        "max_new_tokens": max_new_tokens,
        "temperature": temperature,
        "top_p": top_p,
        "top_k": top_k,
        "stop": stop or None,
        "seed": seed,
    }
    return {k: v for k, v in p.items() if v is not None}


MAX_NEW = typer.Option(None, "--max-new-tokens", "-m", help="Most tokens to generate.")
TEMPERATURE = typer.Option(None, "--temperature", "-t", help="0 is greedy (the default).")
TOP_P = typer.Option(None, "--top-p")
TOP_K = typer.Option(None, "--top-k")
STOP = typer.Option([], "--stop", help="Stop sequence (repeatable).")
SEED = typer.Option(None, "--seed", help="Seed for sampling.")
ADAPTER = typer.Option(None, "--adapter", "-a", help="Adapter to answer through.")


@app.command()
@handle_errors
def generate(
    ctx: typer.Context,
    model: str = typer.Argument(..., help="Name of a loaded model."),
    prompt: str = typer.Argument(..., help="The prompt ('-' reads stdin)."),
    stream: bool = typer.Option(False, "--stream", "-s", help="Print text as it is generated."),
    adapter: str | None = ADAPTER,
    max_new_tokens: int | None = MAX_NEW,
    temperature: float | None = TEMPERATURE,
    top_p: float | None = TOP_P,
    top_k: int | None = TOP_K,
    stop: list[str] = STOP,
    seed: int | None = SEED,
    json_output: bool = JSON,
) -> None:
    """Complete a prompt with a loaded model."""
    import sys

    if prompt == "-":
        prompt = sys.stdin.read()
    params = _params(max_new_tokens, temperature, top_p, top_k, stop, seed)
    client = _client(ctx)
    if not stream:
        g = client.generate(model, prompt, adapter=adapter, **params)
        if json_output:
            print_json(g)
        else:
            out.print(g.text, markup=False)
        return
    with client.generate_stream(model, prompt, adapter=adapter, **params) as deltas:
        for d in deltas:
            if json_output:
                print_json(d)
            else:
                sys.stdout.write(d.text)
                sys.stdout.flush()
    if not json_output:
        sys.stdout.write("\n")


@app.command()
@handle_errors
def chat(
    ctx: typer.Context,
    model: str = typer.Argument(..., help="Name of a loaded model with a chat template."),
    system: str | None = typer.Option(None, "--system", help="A system message to start with."),
    message: list[str] = typer.Option(
        [], "--message", "-M", help="Send this user message and exit (repeatable: several turns)."
    ),
    adapter: str | None = ADAPTER,
    max_new_tokens: int | None = MAX_NEW,
    temperature: float | None = TEMPERATURE,
    top_p: float | None = TOP_P,
    top_k: int | None = TOP_K,
    seed: int | None = SEED,
    json_output: bool = JSON,
) -> None:
    """Chat with a model, streaming its answers; the conversation is kept between turns.

    Type a message and press Enter; /reset forgets the conversation, /exit or
    Ctrl-D quits.
    """
    import sys

    from lmforge.types import ChatMessage

    client = _client(ctx)
    params = _params(max_new_tokens, temperature, top_p, top_k, [], seed)
    history: list[ChatMessage] = [ChatMessage("system", system)] if system else []
    interactive = not message
    turns = iter(message)
    while True:
        if interactive:
            try:
                text = input("you> " if sys.stdin.isatty() else "")
            except EOFError:
                break
        else:
            turn = next(turns, None)
            if turn is None:
                break
            text = turn
        text = text.strip()
        if not text:
            continue
        if text in ("/exit", "/quit"):
            break
        if text == "/reset":
            history = history[:1] if system else []
            err.print("(conversation cleared)")
            continue
        history.append(ChatMessage("user", text))
        if not json_output:
            sys.stdout.write("assistant> " if sys.stdout.isatty() else "")
        answer = []
        try:
            with client.chat_stream(model, history, adapter=adapter, **params) as deltas:
                for d in deltas:
                    answer.append(d.text)
                    if not json_output:
                        sys.stdout.write(d.text)
                        sys.stdout.flush()
        except BaseException:
            history.pop()  # the turn did not happen
            raise
        reply = "".join(answer)
        history.append(ChatMessage("assistant", reply))
        if json_output:
            print_json({"role": "assistant", "content": reply})
        else:
            sys.stdout.write("\n")


CLASSIFY_CHUNK = 128


@app.command()
@handle_errors
def classify(
    ctx: typer.Context,
    model: str = typer.Argument(..., help="Name of a loaded classifier."),
    texts: list[str] = typer.Argument(None, help="Texts to classify (none: one per stdin line)."),
    adapter: str | None = ADAPTER,
    top_k: int = typer.Option(0, "--top-k", help="Only the k best labels (0: all)."),
    json_output: bool = JSON,
) -> None:
    """Classify texts; each gets its labels with scores, or its own error."""
    import sys

    if not texts:
        texts = [line.rstrip("\n") for line in sys.stdin if line.strip()]
    client = _client(ctx)
    results = []
    for i in range(0, len(texts), CLASSIFY_CHUNK):  # stay under the server's per-call limit
        chunk = texts[i : i + CLASSIFY_CHUNK]
        results.extend(client.classify(model, chunk, adapter=adapter, top_k=top_k))
    if json_output:
        for text, r in zip(texts, results, strict=True):
            print_json({"text": text, **_plain_result(r)})
    else:
        _classify_table(texts, results)
    if any(r.error for r in results):
        raise typer.Exit(2)  # some texts failed: say so to scripts too


def _classify_table(texts: list[str], results: list[Any]) -> None:
    table(
        None,
        ["text", "label", "score", "all scores"],
        [
            (
                text,
                r.label if r.error is None else f"error: {r.error}",
                f"{r.score:.4f}" if r.score is not None else "",
                ", ".join(f"{s.label}={s.score:.3f}" for s in r.scores),
            )
            for text, r in zip(texts, results, strict=True)
        ],
    )


def _plain_result(r: Any) -> dict[str, Any]:
    from lmforge._cli_output import plain

    d = plain(r)
    d["label"] = r.label
    d["score"] = r.score
    return d  # type: ignore[no-any-return]


# ------------------------------------------------------------------- training


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


@train_app.command("submit")
@handle_errors
def train_submit(
    ctx: typer.Context,
    base: str = typer.Option(..., "--base", help="Base model reference: name, name:3, name@alias."),
    dataset: str = typer.Option(
        ..., "--dataset", help="Dataset reference (name or name:3) or a local .jsonl/.csv/.parquet."
    ),
    method: str = typer.Option("lora", "--method", help="lora or full."),
    column: list[str] = typer.Option(
        [], "--column", "-c", help="Column role=name, e.g. text=tweet or label=sentiment."
    ),
    workers: int = typer.Option(1, "--workers", help="Data-parallel Ray workers."),
    gpu: bool = typer.Option(False, "--gpu", help="Give each worker a GPU."),
    deepspeed: str | None = typer.Option(
        None, "--deepspeed", help="zero2, zero3, or a DeepSpeed JSON file."
    ),
    epochs: float | None = typer.Option(None, "--epochs"),
    max_steps: int | None = typer.Option(None, "--max-steps"),
    learning_rate: float | None = typer.Option(None, "--lr", help="Learning rate."),
    batch_size: int | None = typer.Option(None, "--batch-size", help="Per-device batch size."),
    hp: list[str] = typer.Option([], "--hp", help="Any hyperparameter KEY=VALUE (repeatable)."),
    lora_r: int | None = typer.Option(None, "--lora-r"),
    output_model: str = typer.Option("", "--output-model", help="Registry model for the result."),
    merged: bool = typer.Option(False, "--merged", help="Register LoRA merged into the base."),
    validation: float = typer.Option(0.0, "--validation", help="Held-out fraction for eval."),
    watch: bool = typer.Option(False, "--watch", "-w", help="Follow the job until it ends."),
    json_output: bool = JSON,
) -> None:
    """Submit a fine-tuning job (returns at once unless --watch)."""
    client = _client(ctx)
    hyper: dict[str, Any] = {k: _number(v) for k, v in _kv(hp, "--hp").items()}
    for key, value in (
        ("num_epochs", epochs),
        ("max_steps", max_steps),
        ("learning_rate", learning_rate),
        ("per_device_batch_size", batch_size),
    ):
        if value is not None:
            hyper[key] = value
    ds_config: Any = deepspeed
    if deepspeed and deepspeed not in ("zero2", "zero3"):
        try:
            ds_config = Path(deepspeed).read_text()
        except OSError as e:
            raise fail(f"--deepspeed {deepspeed}: {e.strerror}", 2) from None
    columns = _kv(column, "--column")
    dataset_ref = dataset
    if Path(dataset).is_file():
        name = Path(dataset).stem.lower().replace(" ", "-")
        with transfer_progress(f"pushing {Path(dataset).name}", enabled=not json_output) as prog:
            dataset_ref = client.push_dataset(name, Path(dataset), progress=prog).ref
    job = client.submit_job(
        base_model=base,
        dataset=dataset_ref,
        method=method,
        columns=columns or None,
        hyperparameters=hyper,
        lora={"r": lora_r} if lora_r else None,
        num_workers=workers,
        use_gpu=gpu,
        deepspeed=ds_config,
        output_model=output_model,
        adapter_output="merged" if merged else "adapter",
        validation_fraction=validation,
    )
    if json_output:
        print_json(job)
    else:
        out.print(f"submitted job {job.id} ({job.state.lower()})")
    if watch:
        _watch(client, job.id, json_output)


def _watch(client: Any, job_id: str, json_output: bool) -> None:
    from rich.live import Live

    from lmforge.training_job import ProgressTracker, TrainingFailed

    tracker = ProgressTracker()
    live = None if json_output else Live(tracker.line(), console=out, refresh_per_second=4)
    if live is not None:
        live.start()
    try:
        for event in client.watch_job(job_id):
            tracker.update(event)
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
            live.stop()
    job = client.get_job(job_id)
    if job.state != "SUCCEEDED":
        raise TrainingFailed(job)


@train_app.command("watch")
@handle_errors
def train_watch(
    ctx: typer.Context,
    job_id: str = typer.Argument(..., help="Job id."),
    json_output: bool = JSON,
) -> None:
    """Follow a job live: state, step, loss, ETA (exit code 9 if it fails)."""
    _watch(_client(ctx), job_id, json_output)


@train_app.command("list")
@handle_errors
def train_list(
    ctx: typer.Context,
    state: str | None = typer.Option(None, "--state", help="queued, running, succeeded, ..."),
    json_output: bool = JSON,
) -> None:
    """List jobs, newest first."""
    jobs = _client(ctx).list_jobs(state=state)
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
    ctx: typer.Context, job_id: str = typer.Argument(...), json_output: bool = JSON
) -> None:
    """Show one job."""
    j = _client(ctx).get_job(job_id)
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


@train_app.command("cancel")
@handle_errors
def train_cancel(
    ctx: typer.Context, job_id: str = typer.Argument(...), json_output: bool = JSON
) -> None:
    """Cancel a queued or running job."""
    j = _client(ctx).cancel_job(job_id)
    if json_output:
        print_json(j)
    else:
        out.print(f"job {j.id}: {j.state.lower()}")


if __name__ == "__main__":
    app()
