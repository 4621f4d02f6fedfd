"""The gateway on SmolLM2-135M-Instruct with the official openai client (slow: a real model)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import torch
from transformers import AutoModelForCausalLM, AutoTokenizer

from gateway_helpers import Gateway, start_gateway
from inference.inference_helpers import make_settings, start_served

pytestmark = pytest.mark.slow

SCHEMA = {
    "type": "object",
    "properties": {
        "dish": {"type": "string", "maxLength": 30},
        "vegetarian": {"type": "boolean"},
        "minutes": {"type": "integer", "minimum": 1, "maximum": 300},
    },
    "required": ["dish", "vegetarian", "minutes"],
    "additionalProperties": False,
}
FOODS = ["pasta", "soup", "curry", "salad", "pizza", "tacos", "risotto", "stew", "pie", "rice"]


@pytest.fixture(scope="module")
def smol_gateway(
    s3_server: Any, tmp_path_factory: pytest.TempPathFactory, smollm2_path: Path
) -> Iterator[Gateway]:
    served = start_served(make_settings(s3_server, tmp_path_factory.mktemp("gw-smol")))
    server = thread = None
    try:
        served.load_folder("smollm2", smollm2_path, "text-generation")
        server, thread, url = start_gateway(served.thread.address)
        yield Gateway(served, url, server, thread)
    finally:
        if server is not None and thread is not None:
            server.should_exit = True
            thread.join(15)
        served.channel.close()
        served.thread.stop()


def test_smollm2_chat_json_schema_and_tools(smol_gateway: Gateway, smollm2_path: Path) -> None:
    client = smol_gateway.client(api_key="unused")
    tok = AutoTokenizer.from_pretrained(smollm2_path)
    model = AutoModelForCausalLM.from_pretrained(smollm2_path).eval()
    messages = [{"role": "user", "content": "What are we having for dinner?"}]
    text = tok.apply_chat_template(messages, tokenize=False, add_generation_prompt=True)
    ids = tok(text, add_special_tokens=False, return_tensors="pt").input_ids
    with torch.no_grad():
        out = model.generate(
            ids, attention_mask=torch.ones_like(ids), max_new_tokens=24, do_sample=False
        )
    expected = tok.decode(out[0, ids.shape[1] :], skip_special_tokens=True)
    r = client.chat.completions.create(
        model="smollm2",
        messages=messages,
        max_tokens=24,
        temperature=0,  # type: ignore[arg-type]
    )
    assert r.choices[0].message.content == expected
    streamed = "".join(
        c.choices[0].delta.content or ""
        for c in client.chat.completions.create(
            model="smollm2",
            messages=messages,  # type: ignore[arg-type]
            max_tokens=24,
            temperature=0,
            stream=True,
        )
        if c.choices
    )
    assert streamed == expected

    def ask(i: int) -> str:
        reply = client.chat.completions.create(
            model="smollm2",
            messages=[
                {"role": "user", "content": f"Describe a {FOODS[i % 10]} recipe as JSON ({i})."}
            ],
            max_tokens=60,
            temperature=0 if i < 10 else 0.7,
            seed=i,
            response_format={
                "type": "json_schema",
                "json_schema": {"name": "recipe", "schema": SCHEMA},
            },
        )
        return reply.choices[0].message.content or ""

    with ThreadPoolExecutor(8) as pool:  # concurrent: they share the batch
        answers = list(pool.map(ask, range(20)))
    for answer in answers:
        jsonschema.validate(json.loads(answer), SCHEMA)

    weather = {
        "type": "function",
        "function": {
            "name": "get_weather",
            "description": "Get the current weather in a city",
            "parameters": {
                "type": "object",
                "properties": {"city": {"type": "string", "maxLength": 20}},
                "required": ["city"],
                "additionalProperties": False,
            },
        },
    }
    r = client.chat.completions.create(
        model="smollm2",
        messages=[{"role": "user", "content": "What is the weather in Paris?"}],
        tools=[weather],  # type: ignore[list-item]
        tool_choice="required",
        max_tokens=40,
        temperature=0,
    )
    (call,) = r.choices[0].message.tool_calls or []
    assert call.function.name == "get_weather"
    assert isinstance(json.loads(call.function.arguments)["city"], str)
