"""The OpenAI-compatible gateway, driven by the official ``openai`` client over loopback.

Every value is compared with an in-process reference (``model.generate``, a
forward's log-softmax) or with the same request through the gRPC API.
"""

from __future__ import annotations

import json
import socket
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import jsonschema
import openai
import pytest
import torch
from transformers import AutoModelForCausalLM, AutoTokenizer

from gateway_helpers import AUTH, TOKEN, Gateway
from inference.inference_helpers import engine_paused
from lmforge.v1 import inference_pb2 as pb
from waiting import wait_for

PROMPTS = ["hello world", "the quick brown fox jumps", "I love this movie, it is", "0 1 2 3 4"]
SCHEMA = {
    "type": "object",
    "properties": {
        "ok": {"type": "boolean"},
        "color": {"enum": ["red", "green", "blue"]},
        "name": {"type": "string", "maxLength": 6},
    },
    "required": ["ok", "color", "name"],
    "additionalProperties": False,
}


@pytest.fixture(scope="module")
def ref(tiny_causal_lm: Path) -> tuple[Any, Any]:
    tok = AutoTokenizer.from_pretrained(tiny_causal_lm)
    model = AutoModelForCausalLM.from_pretrained(tiny_causal_lm).eval()
    return model, tok


def chat_ids(ref: tuple[Any, Any], messages: list[dict[str, str]]) -> list[int]:
    tok = ref[1]
    text = tok.apply_chat_template(messages, tokenize=False, add_generation_prompt=True)
    return list(tok(text, add_special_tokens=False).input_ids)


def generate(ref: tuple[Any, Any], ids: list[int], n: int) -> list[int]:
    model, _ = ref
    t = torch.tensor([ids])
    with torch.no_grad():
        out = model.generate(
            t, attention_mask=torch.ones_like(t), max_new_tokens=n, do_sample=False
        )
    return list(out[0, len(ids) :].tolist())


def queue_depth(gw: Gateway) -> int:
    info = gw.served.stub.GetServerInfo(pb.GetServerInfoRequest(), metadata=AUTH)
    return int(info.queue_depth)


def test_chat_non_streaming_and_streaming_equal_generate(
    gateway: Gateway, ref: tuple[Any, Any]
) -> None:
    client = gateway.client()
    tok = ref[1]
    for prompt in PROMPTS:
        messages = [{"role": "system", "content": "be brief"}, {"role": "user", "content": prompt}]
        expected = generate(ref, chat_ids(ref, messages), 20)
        text = tok.decode(expected, skip_special_tokens=True)
        r = client.chat.completions.create(
            model="lm",
            messages=messages,
            max_tokens=20,
            temperature=0,  # type: ignore[arg-type]
        )
        assert r.object == "chat.completion"
        assert r.choices[0].message.role == "assistant"
        assert r.choices[0].message.content == text
        assert r.usage is not None and r.usage.completion_tokens == len(expected)
        assert r.usage.prompt_tokens == len(chat_ids(ref, messages))
        chunks = list(
            client.chat.completions.create(
                model="lm",
                messages=messages,  # type: ignore[arg-type]
                max_tokens=20,
                temperature=0,
                stream=True,
                stream_options={"include_usage": True},
            )
        )
        assert "".join(c.choices[0].delta.content or "" for c in chunks if c.choices) == text
        finishes = [c.choices[0].finish_reason for c in chunks if c.choices]
        assert finishes[-1] == r.choices[0].finish_reason and set(finishes[:-1]) == {None}
        assert chunks[-1].choices == [] and chunks[-1].usage is not None
        assert chunks[-1].usage.completion_tokens == len(expected)
        # Content parts are joined like a string.
        parts = [{"role": "user", "content": [{"type": "text", "text": prompt}]}]
        same = client.chat.completions.create(
            model="lm",
            messages=parts,
            max_tokens=8,
            temperature=0,  # type: ignore[arg-type]
        )
        plain = client.chat.completions.create(
            model="lm",
            messages=[{"role": "user", "content": prompt}],
            max_tokens=8,
            temperature=0,
        )
        assert same.choices[0].message.content == plain.choices[0].message.content


def test_greedy_completion_token_identical_to_generate_stream_and_in_process(
    gateway: Gateway, ref: tuple[Any, Any]
) -> None:
    client = gateway.client()
    tok = ref[1]
    for prompt in PROMPTS:
        expected = generate(ref, list(tok(prompt).input_ids), 24)
        grpc_msgs = list(
            gateway.served.stub.GenerateStream(
                pb.GenerateStreamRequest(
                    model="lm", prompt=prompt, parameters=pb.GenerationParameters(max_new_tokens=24)
                ),
                metadata=AUTH,
            )
        )
        assert [t for m in grpc_msgs for t in m.token_ids] == expected
        grpc_text = "".join(m.text_delta for m in grpc_msgs)
        # logprobs=0 returns each sampled token: the ids through the gateway.
        r = client.completions.create(
            model="lm", prompt=prompt, max_tokens=24, temperature=0, logprobs=0
        )
        assert r.choices[0].text == grpc_text
        assert r.choices[0].logprobs is not None
        tokens = r.choices[0].logprobs.tokens or []
        assert tokens == [tok.decode([t]) for t in expected]
        streamed = list(
            client.completions.create(
                model="lm", prompt=prompt, max_tokens=24, temperature=0, stream=True
            )
        )
        assert "".join(c.choices[0].text for c in streamed) == grpc_text
        assert streamed[-1].choices[0].finish_reason == r.choices[0].finish_reason


def test_n_samples_and_seeds(gateway: Gateway) -> None:
    client = gateway.client()
    r = client.completions.create(
        model="lm", prompt="hello", max_tokens=10, temperature=1.0, seed=5, n=2
    )
    assert sorted(c.index for c in r.choices) == [0, 1]
    again = client.completions.create(
        model="lm", prompt="hello", max_tokens=10, temperature=1.0, seed=5, n=2
    )
    assert [c.text for c in r.choices] == [c.text for c in again.choices]
    alone = client.completions.create(
        model="lm", prompt="hello", max_tokens=10, temperature=1.0, seed=6
    )
    assert r.choices[1].text == alone.choices[0].text  # sample i uses seed + i
    chat = client.chat.completions.create(
        model="lm",
        messages=[{"role": "user", "content": "hi"}],
        max_tokens=10,
        temperature=1.0,
        seed=5,
        n=2,
    )
    assert [c.index for c in chat.choices] == [0, 1]
    chunks = list(
        client.chat.completions.create(
            model="lm",
            messages=[{"role": "user", "content": "hi"}],
            max_tokens=10,
            temperature=1.0,
            seed=5,
            n=2,
            stream=True,
        )
    )
    for choice in chat.choices:
        text = "".join(
            c.choices[0].delta.content or ""
            for c in chunks
            if c.choices and c.choices[0].index == choice.index
        )
        assert text == choice.message.content


def test_logprobs_equal_log_softmax_of_a_forward(gateway: Gateway, ref: tuple[Any, Any]) -> None:
    model, tok = ref
    client = gateway.client()
    messages = [{"role": "user", "content": "hello world"}]
    r = client.chat.completions.create(
        model="lm",
        messages=messages,  # type: ignore[arg-type]
        max_tokens=10,
        temperature=0,
        logprobs=True,
        top_logprobs=3,
    )
    prompt = chat_ids(ref, messages)
    new = generate(ref, prompt, 10)
    with torch.no_grad():
        logits = model(torch.tensor([prompt + new])).logits[0].float()
    logp = torch.log_softmax(logits[len(prompt) - 1 : len(prompt) - 1 + len(new)], dim=-1)
    content = r.choices[0].logprobs.content  # type: ignore[union-attr]
    assert content is not None and len(content) == len(new)
    for i, entry in enumerate(content):
        assert entry.token == tok.decode([new[i]])
        assert abs(entry.logprob - float(logp[i, new[i]])) < 1e-4
        top = torch.topk(logp[i], 3)
        assert [t.token for t in entry.top_logprobs] == [tok.decode([j]) for j in top.indices]
        for t, v in zip(entry.top_logprobs, top.values.tolist(), strict=True):
            assert abs(t.logprob - v) < 1e-4
    streamed = list(
        client.chat.completions.create(
            model="lm",
            messages=messages,  # type: ignore[arg-type]
            max_tokens=10,
            temperature=0,
            logprobs=True,
            top_logprobs=3,
            stream=True,
        )
    )
    values = [
        e.logprob
        for c in streamed
        if c.choices and c.choices[0].logprobs
        for e in c.choices[0].logprobs.content or []
    ]
    assert values == [e.logprob for e in content]


def test_response_format_json_schema(gateway: Gateway) -> None:
    client = gateway.client()
    more = ["What are we having for dinner?", "gRPC streams messages", "caf\u00e9", "a", "?", "ok"]
    for prompt in [*PROMPTS, *more]:  # 10 prompts, greedy and sampled: 20 answers
        for temperature in (0.0, 1.0):
            r = client.chat.completions.create(
                model="lm",
                messages=[{"role": "user", "content": prompt}],
                max_tokens=60,
                temperature=temperature,
                seed=3,
                response_format={
                    "type": "json_schema",
                    "json_schema": {"name": "answer", "schema": SCHEMA, "strict": True},
                },
            )
            assert r.choices[0].finish_reason == "stop", r.choices[0].message.content
            jsonschema.validate(json.loads(r.choices[0].message.content or ""), SCHEMA)


WEATHER = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "description": "the weather in a city",
        "parameters": {
            "type": "object",
            "properties": {"city": {"enum": ["Paris", "Oslo"]}, "celsius": {"type": "boolean"}},
            "required": ["city", "celsius"],
            "additionalProperties": False,
        },
    },
}


def test_forced_tool_call_parses_with_the_declared_arguments(gateway: Gateway) -> None:
    client = gateway.client()
    messages: list[Any] = [{"role": "user", "content": "weather in Paris?"}]
    for choice in ({"type": "function", "function": {"name": "get_weather"}}, "required"):
        r = client.chat.completions.create(
            model="lm",
            messages=messages,
            tools=[WEATHER],  # type: ignore[list-item]
            tool_choice=choice,  # type: ignore[arg-type]
            max_tokens=60,
            temperature=0,
        )
        assert r.choices[0].finish_reason == "tool_calls"
        (call,) = r.choices[0].message.tool_calls or []
        assert call.type == "function" and call.function.name == "get_weather"
        params = WEATHER["function"]["parameters"]  # type: ignore[index]
        jsonschema.validate(json.loads(call.function.arguments), params)
    chunks = list(
        client.chat.completions.create(
            model="lm",
            messages=messages,
            tools=[WEATHER],  # type: ignore[list-item]
            tool_choice="required",
            max_tokens=60,
            temperature=0,
            stream=True,
        )
    )
    _, calls, _ = reassemble(chunks)
    assert [c["name"] for c in calls] == ["get_weather"]
    assert chunks[-1].choices[0].finish_reason == "tool_calls"
    # The call and its result go back to the model as messages.
    follow = [
        *messages,
        r.choices[0].message.model_dump(exclude_none=True),
        {"role": "tool", "tool_call_id": call.id, "content": '{"temp": 12}'},
    ]
    again = client.chat.completions.create(
        model="lm",
        messages=follow,
        tools=[WEATHER],
        max_tokens=5,  # type: ignore[list-item]
    )
    assert again.choices[0].finish_reason in ("stop", "length", "tool_calls")


# "auto" parses what the model wrote; the regex (vLLM's guided_regex) makes
# the tiny model write content and a Hermes call, as a tool-using model would.
HERMES_REGEX = (
    r'Sure\. <tool_call>\{"name": "get_weather", "arguments": '
    r'\{"city": "(Paris|Oslo)", "celsius": (true|false)\}\}</tool_call>'
)


def reassemble(chunks: list[Any]) -> tuple[str, list[dict[str, str]], str | None]:
    """Content, tool calls (id, name, concatenated arguments) and the last finish reason."""
    content, calls, finish = "", {}, None
    for c in chunks:
        for choice in c.choices:
            assert choice.index == 0
            content += choice.delta.content or ""
            for tc in choice.delta.tool_calls or []:
                if tc.index not in calls:  # the header comes first: id, type, name
                    assert tc.id and tc.type == "function" and tc.function.name
                    assert tc.function.arguments == ""
                    calls[tc.index] = {"id": tc.id, "name": tc.function.name, "arguments": ""}
                else:
                    assert tc.id is None and tc.function.name is None
                calls[tc.index]["arguments"] += tc.function.arguments or ""
            if choice.finish_reason is not None:
                finish = choice.finish_reason
    assert sorted(calls) == list(range(len(calls)))
    return content, [calls[k] for k in sorted(calls)], finish


@pytest.mark.parametrize(
    ("choice", "extra"),
    [
        ("required", {}),
        ({"type": "function", "function": {"name": "get_weather"}}, {}),
        ("auto", {"guided_regex": HERMES_REGEX}),
    ],
    ids=["required", "named", "auto-hermes"],
)
def test_streamed_tool_call_equals_the_unary_one(
    gateway: Gateway, choice: Any, extra: dict[str, Any]
) -> None:
    client = gateway.client()
    kw: dict[str, Any] = {
        "model": "lm",
        "messages": [{"role": "user", "content": "weather in Paris?"}],
        "tools": [WEATHER],
        "tool_choice": choice,
        "max_tokens": 256,  # the constrained text may take one token a byte
        "temperature": 0,
        "extra_body": extra,
    }
    unary = client.chat.completions.create(**kw)
    assert unary.choices[0].finish_reason == "tool_calls"
    (want,) = unary.choices[0].message.tool_calls or []
    chunks = list(client.chat.completions.create(stream=True, **kw))
    # OpenAI's shape: a role chunk, the call's header, its arguments, then the finish.
    assert chunks[0].choices[0].delta.role == "assistant"
    content, calls, finish = reassemble(chunks)
    assert finish == "tool_calls"
    assert [c for c in chunks if c.choices][-1].choices[0].finish_reason == "tool_calls"
    assert [(c["name"], c["arguments"]) for c in calls] == [
        (want.function.name, want.function.arguments)
    ]
    assert content == (unary.choices[0].message.content or "")
    params = WEATHER["function"]["parameters"]  # type: ignore[index]
    jsonschema.validate(json.loads(calls[0]["arguments"]), params)
    if choice == "auto":
        assert content == "Sure."
    else:
        assert content == ""


def test_guided_regex_conflicts_with_response_format(gateway: Gateway) -> None:
    with pytest.raises(openai.BadRequestError) as e:
        gateway.client().chat.completions.create(
            model="lm",
            messages=[{"role": "user", "content": "hi"}],
            response_format={"type": "json_object"},
            extra_body={"guided_regex": "a+"},
        )
    assert "guided_regex" in str(e.value)


def test_embeddings_equal_the_embed_rpc(gateway: Gateway) -> None:
    client = gateway.client()
    texts = ["hello world", "the quick brown fox"]
    want = gateway.served.stub.Embed(
        pb.EmbedRequest(model="lm", texts=texts, normalize=True), metadata=AUTH
    )
    for fmt in ("float", "base64"):
        r = client.embeddings.create(model="lm", input=texts, encoding_format=fmt)  # type: ignore[arg-type]
        got = [d.embedding for d in r.data]
        if fmt == "base64":  # the client hands base64 back undecoded when asked for it
            import base64
            import struct

            got = [
                list(struct.unpack(f"<{len(want.embeddings[0].values)}f", base64.b64decode(g)))  # type: ignore[arg-type]
                for g in got
            ]
        for g, w in zip(got, want.embeddings, strict=True):
            assert torch.allclose(torch.tensor(g), torch.tensor(list(w.values)), atol=1e-6)
    default = client.embeddings.create(model="lm", input="hello world")
    assert torch.allclose(
        torch.tensor(default.data[0].embedding),
        torch.tensor(list(want.embeddings[0].values)),
        atol=1e-6,
    )
    assert default.usage.prompt_tokens > 0


def test_models_lists_loaded_models(gateway: Gateway) -> None:
    ids = {m.id for m in gateway.client().models.list()}
    assert {"lm", "cls"} <= ids


def test_adapters_are_listed_and_addressed_as_model_colon_adapter(
    gateway: Gateway, tiny_causal_lm: Path, tiny_lora_adapters: list[Path]
) -> None:
    s = gateway.served
    record = s.load_folder("lm-ad", tiny_causal_lm, "text-generation")
    try:
        s.thread.run(s.core.models.attach_adapter(record, "tuned", tiny_lora_adapters[0], ("a", 1)))
        listed = {m.id: m for m in gateway.client().models.list()}
        assert "lm-ad" in listed and "lm-ad:tuned" in listed
        assert listed["lm-ad:tuned"].model_extra["parent"] == "lm-ad"
        # "model:adapter" answers through the adapter: the same tokens as gRPC with adapter=.
        params = pb.GenerationParameters(max_new_tokens=8)
        want = s.stub.Generate(
            pb.GenerateRequest(
                model="lm-ad", adapter="tuned", prompt="hello world", parameters=params
            ),
            metadata=AUTH,
        )
        base = s.stub.Generate(
            pb.GenerateRequest(model="lm-ad", prompt="hello world", parameters=params),
            metadata=AUTH,
        )
        assert want.token_ids != base.token_ids  # the adapter changes the answer
        got = gateway.client().completions.create(
            model="lm-ad:tuned", prompt="hello world", max_tokens=8, temperature=0
        )
        assert got.choices[0].text == want.text
    finally:
        s.thread.run(s.core.models.unload("lm-ad"))


def test_errors_are_openai_exceptions_with_the_right_status(gateway: Gateway) -> None:
    client = gateway.client()
    user = [{"role": "user", "content": "hi"}]
    cases: list[tuple[type[Exception], dict[str, Any], str | None]] = [
        (openai.BadRequestError, {"n": 17}, "parameters.n"),
        (openai.BadRequestError, {"logprobs": True, "top_logprobs": 21}, "parameters.top_logprobs"),
        (openai.BadRequestError, {"logit_bias": {"999999": 5}}, "parameters.logit_bias"),
        (
            openai.BadRequestError,
            {
                "response_format": {
                    "type": "json_schema",
                    "json_schema": {"name": "x", "schema": {"type": "frob"}},
                }
            },
            "parameters.constraint.json_schema",
        ),
        (
            openai.BadRequestError,
            {"messages": [{"role": "robot", "content": "x"}]},
            "messages[0].role",
        ),
        (
            openai.BadRequestError,
            {"tools": [{"type": "function", "function": {"name": "f", "parameters": {"type": 5}}}]},
            "tools[0].parameters",
        ),
        (openai.BadRequestError, {"extra_body": {"best_of": 2}}, "best_of"),
        (
            openai.BadRequestError,
            {"extra_body": {"chat_template_kwargs": {"evil": 1}}},
            "chat_template_kwargs.evil",
        ),
        (openai.NotFoundError, {"model": "nope"}, None),
    ]
    for exc, kw, param in cases:
        args: dict[str, Any] = {"model": "lm", "messages": user, "max_tokens": 4, **kw}
        with pytest.raises(exc) as e:
            client.chat.completions.create(**args)
        body = e.value.body  # type: ignore[attr-defined]
        assert isinstance(body, dict) and body.get("message"), body
        if param is not None:
            assert body["param"] == param, body
            assert param in body["message"]
        assert queue_depth(gateway) == 0  # nothing was queued
    with pytest.raises(openai.AuthenticationError):
        gateway.client(api_key="wrong").chat.completions.create(
            model="lm",
            messages=user,
            max_tokens=4,  # type: ignore[arg-type]
        )
    with pytest.raises(openai.BadRequestError):  # before any chunk: a real HTTP error
        list(
            client.chat.completions.create(
                model="lm",
                messages=user,
                n=99,
                stream=True,  # type: ignore[arg-type]
            )
        )


def test_health_and_metrics(gateway: Gateway) -> None:
    with urllib.request.urlopen(f"{gateway.url}/health") as r:  # no token needed
        assert json.load(r)["inference"] is True
    gateway.client().models.list()
    with urllib.request.urlopen(f"{gateway.url}/metrics") as r:
        text = r.read().decode()
    assert "lmforge_gateway_requests_total" in text


def test_client_disconnect_frees_the_slot(gateway: Gateway) -> None:
    """A raw HTTP client reads a few chunks, the engine is paused, the socket closes."""
    host, port = gateway.url.removeprefix("http://").split(":")
    body = json.dumps(
        {
            "model": "lm",
            "prompt": "hello",
            "max_tokens": 256,
            "temperature": 0,
            "ignore_eos": True,
            "stream": True,
        }
    ).encode()
    sock = socket.create_connection((host, int(port)))
    sock.sendall(
        b"POST /v1/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        + f"Authorization: Bearer {AUTH[0][1].split()[1]}\r\n".encode()
        + f"Content-Length: {len(body)}\r\n\r\n".encode()
        + body
    )
    received = b""
    while received.count(b"data: ") < 3:
        received += sock.recv(65536)
    with engine_paused(gateway.served, "lm"):  # it cannot finish on its own meanwhile
        assert queue_depth(gateway) == 1
        sock.close()
        wait_for(lambda: queue_depth(gateway) == 0, timeout=10)
    engine = gateway.served.core.models.models["lm"].engine
    assert engine is not None
    wait_for(lambda: not engine._running, timeout=10)  # out of the batch at the next step


def post_raw(gw: Gateway, path: str, raw: bytes) -> tuple[int, dict[str, Any]]:
    req = urllib.request.Request(
        f"{gw.url}{path}",
        data=raw,
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {TOKEN}"},
    )
    try:
        with urllib.request.urlopen(req) as r:
            return r.status, json.load(r)
    except urllib.error.HTTPError as e:
        return e.code, json.load(e)


@pytest.mark.parametrize(
    ("raw", "param"),
    [
        (b'{"model": "lm", "prompt": "hi", "temperature": 1' + b"0" * 400 + b"}", "temperature"),
        (b'{"model": "lm", "prompt": "\\ud800"}', "body"),
        (b'{"model": "lm", "prompt": "hi", "stop_token_ids": [1099511627776]}', "stop_token_ids"),
        (b'{"model": "lm", "prompt": "hi", "logit_bias": {"1": 1e300}}', "logit_bias.1"),
        (b'{"model": "lm", "prompt": "hi", "n": 100000000000}', "n"),
        (b"[" * 100000 + b"]" * 100000, "body"),
        (b"not json", "body"),
        (b'{"model": "lm", "prompt": ["a", "b"]}', "prompt"),
        (
            b'{"model": "lm", "prompt": "hi", "response_format": {"type": "json_schema", '
            b'"json_schema": {"schema": ' + b'{"items": ' * 200 + b"{}" + b"}" * 200 + b"}}}",
            "parameters.constraint.json_schema",
        ),
    ],
)
def test_hostile_bodies_are_400_naming_the_field(gateway: Gateway, raw: bytes, param: str) -> None:
    status, body = post_raw(gateway, "/v1/completions", raw)
    assert status == 400, body
    assert body["error"]["param"] == param, body
    assert queue_depth(gateway) == 0
