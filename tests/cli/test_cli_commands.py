"""The ``lmforge`` CLI against a live registry + inference platform: output, JSON, exit codes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cli_helpers import json_lines


def test_models_push_list_show_versions_alias_rm(cli: Any, tiny_classifier: Path) -> None:
    r = cli("models", "push", str(tiny_classifier), "--name", "cli-cls", "--json")
    assert r.exit_code == 0, r.output
    pushed = json_lines(r.stdout)[0]
    assert (pushed["model"], pushed["version"], pushed["state"]) == ("cli-cls", 1, "READY")
    assert cli("models", "push", str(tiny_classifier), "-n", "cli-cls").exit_code == 0

    r = cli("models", "list", "--json")
    models = {m["name"]: m for m in json_lines(r.stdout)}
    assert models["cli-cls"]["task"] == "text-classification"
    assert models["cli-cls"]["latest_version"] == 2
    r = cli("models", "list")
    assert r.exit_code == 0 and "cli-cls" in r.stdout and "text-classification" in r.stdout

    r = cli("models", "versions", "cli-cls", "--json")
    assert [v["version"] for v in json_lines(r.stdout)] == [2, 1]

    assert cli("models", "alias", "cli-cls", "prod", "1", "--expect", "0").exit_code == 0
    lost = cli("models", "alias", "cli-cls", "prod", "2", "--expect", "2")
    assert lost.exit_code == 4 and lost.stderr.startswith("lmforge: error: ABORTED")
    r = cli("models", "show", "cli-cls@prod", "--json")
    shown = json_lines(r.stdout)[0]
    assert shown["version"]["version"] == 1 and shown["version"]["aliases"] == ["prod"]
    r = cli("models", "show", "cli-cls@prod")
    assert "cli-cls:1" in r.stdout and "config.json" in r.stdout

    refused = cli("models", "rm", "cli-cls:1")
    assert refused.exit_code == 5, refused.output  # an alias points at it
    assert cli("models", "rm", "cli-cls:2").exit_code == 0
    assert cli("models", "rm", "cli-cls", "--force", "--json").exit_code == 0
    gone = cli("models", "show", "cli-cls")
    assert gone.exit_code == 3


def test_errors_are_one_line_with_a_code_and_no_traceback(cli: Any, tmp_path: Path) -> None:
    r = cli("models", "show", "missing-model")
    assert r.exit_code == 3
    assert r.stderr.count("\n") == 1 and "Traceback" not in r.output
    assert r.stderr.startswith("lmforge: error: NOT_FOUND") and "missing-model" in r.stderr
    r = cli("models", "push", str(tmp_path), "--name", "x")
    assert r.exit_code == 2 and "config.json" in r.stderr
    r = cli("train", "submit", "--base", "m", "--dataset", "d", "--method", "bogus")
    assert r.exit_code == 2 and "spec.method" in r.stderr
    r = cli("--registry", "127.0.0.1:1", "models", "list")
    assert r.exit_code == 6 and "cannot reach the registry service" in r.stderr
    r = cli("models", "rm", "x:y")
    assert r.exit_code == 2


def test_datasets_push_list_show_from_file_and_sql(cli: Any, tmp_path: Path) -> None:
    csv = tmp_path / "rows.csv"
    csv.write_text("text,label\nI love it,positive\nawful,negative\n")
    r = cli("datasets", "push", str(csv), "--name", "cli-data", "--json")
    assert r.exit_code == 0, r.output
    assert json_lines(r.stdout)[0]["row_count"] == 2

    import sqlalchemy as sa

    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text("create table t (body text, label text)"))
        conn.execute(sa.text("insert into t values ('hi', 'positive'), ('no', 'negative')"))
    engine.dispose()
    r = cli("datasets", "push", "select body as text, label from t", "--db", url, "-n", "cli-data")
    assert r.exit_code == 0, r.output
    assert "cli-data:2: 2 rows" in r.stdout
    r = cli("datasets", "list", "--json")
    assert "cli-data" in {d["name"] for d in json_lines(r.stdout)}
    r = cli("datasets", "show", "cli-data:1", "--json")
    assert sorted(json_lines(r.stdout)[0]["columns"]) == ["label", "text"]


def test_generate_chat_classify(
    cli: Any, platform: Any, tiny_causal_lm: Path, tiny_classifier: Path
) -> None:
    assert cli("models", "push", str(tiny_causal_lm), "-n", "cli-lm").exit_code == 0
    assert cli("models", "push", str(tiny_classifier), "-n", "cli-clf").exit_code == 0
    r = cli("models", "load", "cli-lm", "--json")
    assert r.exit_code == 0, r.output
    assert json_lines(r.stdout)[0]["state"] == "READY"
    assert cli("models", "load", "cli-clf").exit_code == 0
    r = cli("models", "loaded", "--json")
    assert {"cli-lm", "cli-clf"} <= {m["name"] for m in json_lines(r.stdout)}

    expected = platform.client().generate("cli-lm", "hello world", max_new_tokens=10).text
    r = cli("generate", "cli-lm", "hello world", "-m", "10", "--json")
    assert r.exit_code == 0, r.output
    assert json_lines(r.stdout)[0]["text"] == expected
    r = cli("generate", "cli-lm", "hello world", "-m", "10", "--stream", "--json")
    deltas = json_lines(r.stdout)
    assert "".join(d["text"] for d in deltas) == expected
    assert deltas[-1]["finish_reason"] in ("length", "end_of_sequence")
    r = cli("generate", "cli-lm", "hello world", "-m", "10", "--stream")
    assert r.stdout == expected + "\n"
    r = cli("generate", "cli-lm", "hi", "--temperature", "-1")
    assert r.exit_code == 2 and "parameters.temperature" in r.stderr

    # Chat keeps the conversation: the second answer is the one for the two-turn history.
    c = platform.client()
    first = c.chat("cli-lm", "hello", max_new_tokens=6).text
    history = [
        {"role": "user", "content": "hello"},
        {"role": "assistant", "content": first},
        {"role": "user", "content": "and then?"},
    ]
    second = c.chat("cli-lm", history, max_new_tokens=6).text
    r = cli("chat", "cli-lm", "-m", "6", "--json", input="hello\nand then?\n")
    assert r.exit_code == 0, r.output
    assert [t["content"] for t in json_lines(r.stdout)] == [first, second]

    r = cli("classify", "cli-clf", "I love it", "", "--json")
    rows = json_lines(r.stdout)
    assert rows[0]["label"] in ("negative", "positive") and rows[0]["error"] is None
    assert rows[1]["error"] and r.exit_code == 2  # one text failed: the exit code says so
    r = cli("classify", "cli-clf", input="great\nawful\n")
    assert r.exit_code == 0 and "great" in r.stdout and "awful" in r.stdout


def test_first_run_fixes(cli: Any, platform: Any, tiny_causal_lm: Path) -> None:
    import json

    # --registry/--inference/--training are honoured by `status` too.
    r = cli("status", "--json")
    health = json.loads(r.stdout)
    assert health["registry"] == {"address": platform.addresses["registry"], "health": "SERVING"}
    assert health["inference"]["address"] == platform.addresses["inference"]
    assert health["inference"]["health"] == "SERVING"
    assert health["training"]["address"] == "127.0.0.1:1" and r.exit_code == 1

    # `models load name:N` while `name` serves another version: served as name-N.
    assert cli("models", "push", str(tiny_causal_lm), "-n", "cli-fr").exit_code == 0
    assert cli("models", "push", str(tiny_causal_lm), "-n", "cli-fr").exit_code == 0
    assert cli("models", "load", "cli-fr").exit_code == 0
    r = cli("models", "load", "cli-fr:1", "--json")
    assert r.exit_code == 0, r.output
    assert "'cli-fr-1'" in r.stderr
    loaded = {m.name: m.version for m in platform.client().list_loaded_models()}
    assert loaded["cli-fr"] == "cli-fr:2" and loaded["cli-fr-1"] == "cli-fr:1"
    r = cli("models", "load", "cli-fr:1", "--replace", "--json")
    assert r.exit_code == 0, r.output
    assert json_lines(r.stdout)[0]["version"] == "cli-fr:1"
    assert {m.name: m.version for m in platform.client().list_loaded_models()}["cli-fr"] == (
        "cli-fr:1"
    )

    # A near-miss name: "did you mean", and the CLI command rather than the RPC name.
    r = cli("generate", "cli-frr", "hi")
    assert r.exit_code == 5, r.output
    assert "did you mean 'cli-fr'" in r.stderr and "`lmforge models load`" in r.stderr
    assert "LoadModel" not in r.stderr
    r = cli("models", "load", "cli-fx:1")  # a typo of a registry name
    assert r.exit_code == 3, r.output
    assert "did you mean 'cli-fr'" in r.stderr

    # Chat's default length is 512 bounded by the server's limit (256 on this platform).
    c = platform.client()
    expected = c.chat("cli-fr", "hello", max_new_tokens=256)
    r = cli("chat", "cli-fr", "--json", input="hello\n")
    assert r.exit_code == 0, r.output
    got = json_lines(r.stdout)[0]
    assert got["content"] == expected.text and got["finish_reason"] == expected.finish_reason
    # A cut-off answer gets a visible marker (after the streamed text, on stderr).
    short = c.chat("cli-fr", "hello", max_new_tokens=3)
    assert short.finish_reason == "length"
    r = cli("chat", "cli-fr", "-m", "3", input="hello\n")
    assert r.exit_code == 0, r.output
    assert short.text in r.stdout
    assert "[cut off: the answer reached --max-new-tokens 3]" in r.stderr


def test_status_lists_the_gateway(cli: Any, platform: Any) -> None:
    import json

    from gateway_helpers import start_gateway

    def gateway_row(address: str) -> tuple[dict[str, str], Any]:
        r = cli("--gateway", address, "status", "--json")
        rows = json.loads(r.stdout)
        assert rows["registry"]["health"] == "SERVING"  # the other rows are still there
        return rows["gateway"], r

    # A gateway in front of the platform's inference: its GET /health is 200.
    server, thread, url = start_gateway(platform.addresses["inference"])
    # One whose inference is down answers 503: up, but not serving.
    dead_server, dead_thread, dead_url = start_gateway("127.0.0.1:1")
    try:
        address = url.removeprefix("http://")
        row, r = gateway_row(address)
        assert row == {"address": address, "health": "SERVING"}
        assert r.exit_code == 1  # training is not running in this platform
        table = cli("--gateway", address, "status")
        assert "gateway" in table.stdout and address in table.stdout
        dead = dead_url.removeprefix("http://")
        assert gateway_row(dead)[0] == {"address": dead, "health": "NOT_SERVING"}
    finally:
        for s, t in ((server, thread), (dead_server, dead_thread)):
            s.should_exit = True
            t.join(15)
    # Nothing listens there any more.
    assert gateway_row(address)[0] == {"address": address, "health": "UNREACHABLE"}


def test_generate_and_chat_json_schema_file(
    cli: Any, platform: Any, tiny_causal_lm: Path, tmp_path: Path
) -> None:
    import json

    import jsonschema

    schema = {
        "type": "object",
        "properties": {"n": {"type": "integer", "minimum": 0, "maximum": 99}},
        "required": ["n"],
        "additionalProperties": False,
    }
    path = tmp_path / "schema.json"
    path.write_text(json.dumps(schema))
    assert cli("models", "push", str(tiny_causal_lm), "-n", "cli-js").exit_code == 0
    assert cli("models", "load", "cli-js").exit_code == 0
    r = cli("generate", "cli-js", "a number:", "-m", "24", "--json-schema", str(path), "--json")
    assert r.exit_code == 0, r.output
    text = json_lines(r.stdout)[0]["text"]
    jsonschema.validate(json.loads(text), schema)
    with platform.client() as c:  # the same request through the SDK
        assert text == c.generate("cli-js", "a number:", max_new_tokens=24, json_schema=schema).text
    r = cli("chat", "cli-js", "-M", "a number?", "-m", "24", "--json-schema", str(path), "--json")
    assert r.exit_code == 0, r.output
    jsonschema.validate(json.loads(json_lines(r.stdout)[0]["content"]), schema)

    path.write_text("[1, 2]")
    r = cli("generate", "cli-js", "x", "--json-schema", str(path))
    assert r.exit_code == 2 and "--json-schema" in r.stderr
