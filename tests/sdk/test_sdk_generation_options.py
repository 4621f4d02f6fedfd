"""The SDK's generation options (logprobs, tools, constraints, n) and the CLI's --json-schema.

Values are checked against the same request through the raw gRPC stub or
against the schema they had to satisfy.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from lmforge import LLM, errors
from lmforge.v1 import inference_pb2 as pb
from lmforge.v1 import inference_pb2_grpc
from references import hf_greedy, load_causal

SCHEMA = {
    "type": "object",
    "properties": {"ok": {"type": "boolean"}, "color": {"enum": ["red", "blue"]}},
    "required": ["ok", "color"],
    "additionalProperties": False,
}
WEATHER = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "description": "the weather in a city",
        "parameters": {
            "type": "object",
            "properties": {"city": {"enum": ["Paris", "Oslo"]}},
            "required": ["city"],
            "additionalProperties": False,
        },
    },
}


@pytest.fixture(scope="module")
def llm(platform: Any, tiny_causal_lm: Path) -> LLM:
    return LLM.from_pretrained(tiny_causal_lm, identifier="sdk-opts-llm", client=platform.client())


def test_predict_with_logprobs_equals_the_rpc(
    llm: LLM, platform: Any, tiny_causal_lm: Path
) -> None:
    g = llm.predict("hello world", max_new_tokens=8, logprobs=5)
    assert len(g.logprobs) == len(g.token_ids) == 8
    assert all(len(lp.top) == 5 for lp in g.logprobs)
    import grpc

    with grpc.insecure_channel(platform.addresses["inference"]) as channel:
        stub = inference_pb2_grpc.InferenceServiceStub(channel)
        raw = stub.Generate(
            pb.GenerateRequest(
                model="sdk-opts-llm",
                prompt="hello world",
                parameters=pb.GenerationParameters(max_new_tokens=8, logprobs=True, top_logprobs=5),
            )
        )
    assert [(x.token_id, x.logprob) for x in g.logprobs] == [
        (x.token_id, x.logprob) for x in raw.logprobs
    ]
    # No logprobs: just the text, transformers' greedy answer on the same weights.
    expected = hf_greedy(load_causal(tiny_causal_lm), "hello world", 4)
    assert llm.predict("hello world", max_new_tokens=4) == expected


def test_json_schema_n_and_tools(llm: LLM) -> None:
    for prompt in ("hello", "the quick brown fox", "0 1 2"):
        text = llm.predict(prompt, max_new_tokens=40, json_schema=SCHEMA)
        jsonschema.validate(json.loads(text), SCHEMA)
    g = llm.generate("hello", max_new_tokens=6, temperature=1.0, seed=1, n=3)
    assert len(g.samples) == 3 and g.samples[0] == g.text
    reply = llm.chat(
        "weather in Oslo?", tools=[WEATHER], tool_choice="get_weather", max_new_tokens=40
    )
    (call,) = reply.tool_calls
    assert call.name == "get_weather" and call.arguments["city"] in ("Paris", "Oslo")
    assert reply.finish_reason == "tool_calls"
    with pytest.raises(errors.InvalidArgument) as e:
        llm.predict("hello", regex="[a-")
    assert "parameters.constraint.regex" in str(e.value)
    with pytest.raises(errors.InvalidArgument):
        llm.predict("hello", logprobs=21)


def test_cli_generate_with_json_schema_file(platform: Any, llm: LLM, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from lmforge.cli import app

    llm.init()
    schema_file = tmp_path / "schema.json"
    schema_file.write_text(json.dumps(SCHEMA))
    addr = platform.addresses
    base = ["--registry", addr["registry"], "--inference", addr["inference"]]
    r = CliRunner().invoke(
        app,
        [*base, "generate", "sdk-opts-llm", "hello", "-m", "40", "--json-schema", str(schema_file)],
    )
    assert r.exit_code == 0, r.output
    jsonschema.validate(json.loads(r.stdout), SCHEMA)
    r = CliRunner().invoke(
        app,
        [
            *base,
            "chat",
            "sdk-opts-llm",
            "-M",
            "hi",
            "-m",
            "40",
            "--json",
            "--json-schema",
            str(schema_file),
        ],
    )
    assert r.exit_code == 0, r.output
    jsonschema.validate(json.loads(json.loads(r.stdout)["content"]), SCHEMA)
    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2]")
    r = CliRunner().invoke(
        app, [*base, "generate", "sdk-opts-llm", "hi", "--json-schema", str(bad)]
    )
    assert r.exit_code == 2 and "--json-schema" in r.stderr
