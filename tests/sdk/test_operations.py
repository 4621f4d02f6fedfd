"""One operation table for both clients (``lmforge._operations``).

The table is checked against the proto descriptors (every RPC, its service,
whether it streams, which reply field pages), both clients are checked to
run the table's builders rather than hand-written copies, and the async
chat calls are checked on a live server to take every option the sync ones
take (tools, tool_choice, response_format, n, logprobs), with the replies
compared against the raw gRPC stub.
"""

from __future__ import annotations

import asyncio
import inspect
import json
from pathlib import Path
from typing import Any

import grpc
import jsonschema
import pytest

from lmforge import LLM, AsyncClient, Client, _requests, errors
from lmforge import _operations as ops
from lmforge.v1 import inference_pb2 as pb
from lmforge.v1 import inference_pb2_grpc, registry_pb2, training_pb2

SERVICES = {
    "RegistryService": "registry",
    "InferenceService": "inference",
    "TrainingService": "training",
}


def descriptor_methods() -> list[tuple[str, Any]]:
    out = []
    for module in (registry_pb2, pb, training_pb2):
        for service in module.DESCRIPTOR.services_by_name.values():
            out += [(SERVICES[service.name], m) for m in service.methods]
    return out


def test_the_table_declares_every_rpc_once_with_its_service_and_stream_shape() -> None:
    methods = descriptor_methods()
    assert len(methods) > 40
    assert sorted(ops.TABLE) == sorted(m.name for _, m in methods)
    for service, m in methods:
        op = ops.TABLE[m.name]
        assert op.service == service, m.name
        assert op.streaming == m.server_streaming, f"{m.name}: streaming declared wrongly"
        assert op.served_by, f"{m.name} has no client method"


def test_paging_is_declared_for_every_paged_rpc_and_names_the_reply_field() -> None:
    for _, m in descriptor_methods():
        op = ops.TABLE[m.name]
        pages = "next_page_token" in m.output_type.fields_by_name
        assert bool(op.page_items) == pages, m.name
        if pages:
            field = m.output_type.fields_by_name[op.page_items]
            assert field.is_repeated, m.name


WRITES = ("Create", "Update", "Delete", "Finalize", "Abort", "Set", "Upload", "Load", "Unload")


def test_only_calls_that_can_be_repeated_are_retried() -> None:
    for name, op in ops.TABLE.items():
        if name.startswith(WRITES) or name in ("SubmitJob", "GetUploadUrl"):
            assert not op.retry_safe, f"{name} would be repeated on UNAVAILABLE"
        if name.startswith(("Get", "List", "Resolve")) and name != "GetUploadUrl":
            assert op.retry_safe, f"{name} is a read and should be retried"


def test_both_clients_run_the_tables_builders() -> None:
    assert ops.BUILDERS, "no builders registered"
    for name, build in ops.BUILDERS.items():
        op = build.operation  # type: ignore[attr-defined]
        sync = getattr(Client, name)
        aio = getattr(AsyncClient, name)
        # A method written by hand (not from the table) carries no operation.
        assert getattr(sync, "operation", None) is op, f"Client.{name} is not from the table"
        assert getattr(aio, "operation", None) is op, f"AsyncClient.{name} is not from the table"
        assert inspect.iscoroutinefunction(aio) is not op.streaming, name
        params = list(inspect.signature(build).parameters)
        assert list(inspect.signature(getattr(Client(), name)).parameters) == params
        assert list(inspect.signature(getattr(AsyncClient(), name)).parameters) == params


def test_the_constructor_is_written_once() -> None:
    assert "__init__" not in vars(Client) and "__init__" not in vars(AsyncClient)
    assert inspect.signature(Client) == inspect.signature(AsyncClient)
    c = Client("127.0.0.1:1", token="t", retries=2)
    a = AsyncClient.with_connection(c.connection)
    assert a.connection is c.connection and a._sync_client().connection is c.connection


def test_chat_stream_takes_the_options_of_chat() -> None:
    chat = inspect.signature(Client.chat).parameters
    for client in (Client, AsyncClient):
        stream = inspect.signature(client.chat_stream).parameters
        assert list(stream) == list(chat)
    # The options travel in the request both build.
    for build in (ops.chat, ops.chat_stream):
        req = build(
            "m",
            "hi",
            tools=[{"name": "f", "parameters": {"type": "object"}}],
            tool_choice="f",
            chat_template_kwargs={"enable_thinking": False},
            n=2,
            logprobs=3,
            response_format={"type": "json_object"},
        ).request
        assert [t.name for t in req.tools] == ["f"]
        assert req.tool_choice.function == "f"
        assert req.parameters.n == 2 and req.parameters.top_logprobs == 3
        assert req.parameters.constraint.json_object
        assert dict(req.chat_template_kwargs) == {"enable_thinking": False}


def test_response_format_maps_onto_the_constraint() -> None:
    schema = {"type": "object", "properties": {"a": {"type": "integer"}}}
    p = _requests.generation_parameters(
        response_format={"type": "json_schema", "json_schema": {"name": "x", "schema": schema}}
    )
    assert json.loads(p.constraint.json_schema) == schema
    assert not _requests.generation_parameters(response_format={"type": "text"}).HasField(
        "constraint"
    )
    with pytest.raises(errors.InvalidArgument, match=r"response_format\.type"):
        _requests.generation_parameters(response_format={"type": "yaml"})
    with pytest.raises(errors.InvalidArgument, match=r"parameters\.constraint"):
        _requests.generation_parameters(response_format={"type": "json_object"}, json_schema={})


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
    model = LLM.from_pretrained(tiny_causal_lm, identifier="ops-llm", client=platform.client())
    model.init()
    return model


def test_async_chat_options_equal_the_raw_rpc(llm: LLM, platform: Any) -> None:
    messages = [pb.ChatMessage(role="user", content="weather in Oslo?")]
    with grpc.insecure_channel(platform.addresses["inference"]) as channel:
        stub = inference_pb2_grpc.InferenceServiceStub(channel)
        raw_tools = stub.Chat(
            pb.ChatRequest(
                model="ops-llm",
                messages=messages,
                parameters=pb.GenerationParameters(max_new_tokens=40),
                tools=_requests.tools([WEATHER]),
                tool_choice=pb.ToolChoice(function="get_weather"),
            )
        )
        raw_schema = stub.Chat(
            pb.ChatRequest(
                model="ops-llm",
                messages=messages,
                parameters=pb.GenerationParameters(
                    max_new_tokens=40,
                    logprobs=True,
                    top_logprobs=2,
                    constraint=pb.OutputConstraint(json_schema=json.dumps(SCHEMA)),
                ),
            )
        )
        raw_stream = "".join(
            r.text_delta
            for r in stub.ChatStream(
                pb.ChatStreamRequest(
                    model="ops-llm",
                    messages=messages,
                    parameters=pb.GenerationParameters(
                        max_new_tokens=40,
                        constraint=pb.OutputConstraint(json_schema=json.dumps(SCHEMA)),
                    ),
                    tools=_requests.tools([WEATHER]),
                    tool_choice=pb.ToolChoice(mode="none"),
                )
            )
        )
        raw_sampled = stub.Chat(
            pb.ChatRequest(
                model="ops-llm",
                messages=[pb.ChatMessage(role="user", content="hi")],
                parameters=pb.GenerationParameters(max_new_tokens=5, temperature=1.0, seed=3, n=3),
            )
        )

    rf = {"type": "json_schema", "json_schema": {"name": "s", "schema": SCHEMA}}

    async def go() -> tuple[Any, Any, str, Any]:
        async with AsyncClient(**platform.addresses) as c:
            tools = await c.chat(
                "ops-llm",
                "weather in Oslo?",
                tools=[WEATHER],
                tool_choice="get_weather",
                max_new_tokens=40,
            )
            schema = await c.chat(
                "ops-llm", "weather in Oslo?", response_format=rf, logprobs=2, max_new_tokens=40
            )
            pieces = [
                d.text
                async for d in c.chat_stream(
                    "ops-llm",
                    "weather in Oslo?",
                    tools=[WEATHER],
                    tool_choice="none",
                    response_format=rf,
                    max_new_tokens=40,
                )
            ]
            sampled = await c.chat("ops-llm", "hi", n=3, temperature=1.0, seed=3, max_new_tokens=5)
            return tools, schema, "".join(pieces), sampled

    tools, schema, streamed, sampled = asyncio.run(go())
    (call,) = tools.tool_calls
    (raw_call,) = raw_tools.message.tool_calls
    assert (call.name, call.arguments) == (raw_call.name, json.loads(raw_call.arguments_json))
    assert schema.text == raw_schema.message.content
    jsonschema.validate(json.loads(schema.text), SCHEMA)
    assert [(x.token_id, x.logprob) for x in schema.logprobs] == [
        (x.token_id, x.logprob) for x in raw_schema.logprobs
    ]
    assert all(len(x.top) == 2 for x in schema.logprobs)
    assert streamed == raw_stream
    jsonschema.validate(json.loads(streamed), SCHEMA)
    assert sampled.samples == [s.text for s in raw_sampled.samples]
    assert len(sampled.samples) == 3 and sampled.samples[0] == sampled.text
