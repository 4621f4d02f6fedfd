"""``lmforge generate``, ``lmforge chat`` and ``lmforge classify``: asking a loaded model.

These are top-level commands; ``lmforge.cli`` registers them on the root app.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from lmforge.cli._common import JSON, client_from, did_you_mean
from lmforge.cli.output import err, handle_errors, out, print_json, table


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
CHAT_MAX_NEW = 512  # chat's default answer length (bounded by the server's limit)
TEMPERATURE = typer.Option(None, "--temperature", "-t", help="0 is greedy (the default).")
TOP_P = typer.Option(None, "--top-p")
TOP_K = typer.Option(None, "--top-k")
STOP = typer.Option([], "--stop", help="Stop sequence (repeatable).")
SEED = typer.Option(None, "--seed", help="Seed for sampling.")
ADAPTER = typer.Option(None, "--adapter", "-a", help="Adapter to answer through.")
JSON_SCHEMA = typer.Option(
    None,
    "--json-schema",
    help="A JSON Schema file: the output is JSON valid against it (grammar-constrained).",
)
LOGPROBS = typer.Option(
    None, "--logprobs", help="Also return each token's log-probability and N alternatives."
)


def _constraint(path: Path | None) -> dict[str, Any]:
    """The json_schema parameter from a file; a file that is not a JSON object is refused."""
    if path is None:
        return {}
    import json

    from lmforge.errors import InvalidArgument

    try:
        schema = json.loads(path.read_text())
    except (OSError, ValueError) as e:
        raise InvalidArgument.field("--json-schema", f"cannot read a JSON file: {e}") from None
    if not isinstance(schema, dict):
        raise InvalidArgument.field("--json-schema", "must hold a JSON object (a JSON Schema)")
    return {"json_schema": schema}


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
    json_schema: Path | None = JSON_SCHEMA,
    logprobs: int | None = LOGPROBS,
    json_output: bool = JSON,
) -> None:
    """Complete a prompt with a loaded model."""
    import sys

    if prompt == "-":
        prompt = sys.stdin.read()
    params = _params(max_new_tokens, temperature, top_p, top_k, stop, seed)
    params.update(_constraint(json_schema))
    if logprobs is not None:
        params["logprobs"] = logprobs
    client = client_from(ctx)
    with did_you_mean(client, model):
        _generate(client, model, prompt, stream, adapter, params, json_output)


def _generate(
    client: Any,
    model: str,
    prompt: str,
    stream: bool,
    adapter: str | None,
    params: dict[str, Any],
    json_output: bool,
) -> None:
    import sys

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


@handle_errors
def chat(
    ctx: typer.Context,
    model: str = typer.Argument(..., help="Name of a loaded model with a chat template."),
    system: str | None = typer.Option(None, "--system", help="A system message to start with."),
    message: list[str] = typer.Option(
        [], "--message", "-M", help="Send this user message and exit (repeatable: several turns)."
    ),
    adapter: str | None = ADAPTER,
    max_new_tokens: int | None = typer.Option(
        None,
        "--max-new-tokens",
        "-m",
        help="Most tokens per answer (default 512, or the server's limit).",
    ),
    temperature: float | None = TEMPERATURE,
    top_p: float | None = TOP_P,
    top_k: int | None = TOP_K,
    seed: int | None = SEED,
    json_schema: Path | None = JSON_SCHEMA,
    json_output: bool = JSON,
) -> None:
    """Chat with a model, streaming its answers; the conversation is kept between turns.

    Type a message and press Enter; /reset forgets the conversation, /exit or
    Ctrl-D quits.
    """
    import sys

    from lmforge.types import ChatMessage

    client = client_from(ctx)
    if max_new_tokens is None:
        # Long enough for an answer, within what this server allows.
        max_new_tokens = min(
            CHAT_MAX_NEW, client.server_info().max_new_tokens_limit or CHAT_MAX_NEW
        )
    params = _params(max_new_tokens, temperature, top_p, top_k, [], seed)
    params.update(_constraint(json_schema))
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
        finish = None
        try:
            with (
                did_you_mean(client, model),
                client.chat_stream(model, history, adapter=adapter, **params) as deltas,
            ):
                for d in deltas:
                    answer.append(d.text)
                    finish = d.finish_reason or finish
                    if not json_output:
                        sys.stdout.write(d.text)
                        sys.stdout.flush()
        except BaseException:
            history.pop()  # the turn did not happen
            raise
        reply = "".join(answer)
        history.append(ChatMessage("assistant", reply))
        if json_output:
            print_json({"role": "assistant", "content": reply, "finish_reason": finish})
        else:
            sys.stdout.write("\n")
            if finish == "length":
                sys.stdout.flush()
                err.print(
                    f"[cut off: the answer reached --max-new-tokens {max_new_tokens}]",
                    markup=False,
                )


CLASSIFY_CHUNK = 128


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
    client = client_from(ctx)
    results = []
    for i in range(0, len(texts), CLASSIFY_CHUNK):  # stay under the server's per-call limit
        chunk = texts[i : i + CLASSIFY_CHUNK]
        with did_you_mean(client, model):
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
    from lmforge.cli.output import plain

    d = plain(r)
    d["label"] = r.label
    d["score"] = r.score
    return d  # type: ignore[no-any-return]
