"""The grown generation contract on the tiny Llama: logprobs, n, penalties, constraints, tools.

Values are compared with an in-process forward of the same model; structured
outputs are parsed and validated against their schema.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import grpc
import jsonschema
import pytest
import torch
from google.protobuf import struct_pb2
from inference_helpers import Served, engine_paused, wait_for
from transformers import AutoModelForCausalLM, AutoTokenizer

from lmforge.services.inference import metrics
from lmforge.services.inference.sampling import RowSampler, SamplingParams
from lmforge.services.inference.toolcalls import parse_tool_calls
from lmforge.v1 import inference_pb2 as pb

PROMPTS = [
    "hello world",
    "the quick brown fox jumps",
    "I love this movie, it is",
    "0 1 2 3 4",
    "gRPC streams messages",
    "What are we having for dinner?",
]
SCHEMA = {
    "type": "object",
    "properties": {
        "ok": {"type": "boolean"},
        "color": {"enum": ["red", "green", "blue"]},
        "name": {"type": "string", "maxLength": 6},
        "count": {"type": "integer", "minimum": 0, "maximum": 99},
    },
    "required": ["ok", "color", "name", "count"],
    "additionalProperties": False,
}


@pytest.fixture(scope="module")
def ref(tiny_causal_lm: Path) -> tuple[Any, Any]:
    tok = AutoTokenizer.from_pretrained(tiny_causal_lm)
    model = AutoModelForCausalLM.from_pretrained(tiny_causal_lm).eval()
    return model, tok


def log_softmax_rows(ref: tuple[Any, Any], prompt_ids: list[int], new: list[int]) -> torch.Tensor:
    """Log-probabilities of the positions that produced ``new``, from one in-process forward."""
    model, _ = ref
    ids = torch.tensor([prompt_ids + new])
    with torch.no_grad():
        logits = model(ids).logits[0].float()
    rows = logits[len(prompt_ids) - 1 : len(prompt_ids) - 1 + len(new)]
    return torch.log_softmax(rows, dim=-1)


def gen(served: Served, prompt: str, **params: Any) -> pb.GenerateResponse:
    return served.stub.Generate(
        pb.GenerateRequest(model="lm", prompt=prompt, parameters=pb.GenerationParameters(**params))
    )


def test_logprobs_equal_log_softmax_of_a_forward(served: Served, ref: tuple[Any, Any]) -> None:
    tok = ref[1]
    for prompt in PROMPTS[:3]:
        r = gen(served, prompt, max_new_tokens=12, logprobs=True, top_logprobs=5)
        assert len(r.logprobs) == len(r.token_ids) == 12
        expected = log_softmax_rows(ref, tok(prompt).input_ids, list(r.token_ids))
        for i, lp in enumerate(r.logprobs):
            assert lp.token_id == r.token_ids[i]
            assert abs(lp.logprob - float(expected[i, lp.token_id])) < 1e-4
            top = torch.topk(expected[i], 5)
            assert [t.token_id for t in lp.top_logprobs] == top.indices.tolist()
            for t, v in zip(lp.top_logprobs, top.values.tolist(), strict=True):
                assert abs(t.logprob - v) < 1e-4
                assert t.token == tok.decode([t.token_id])
        # Greedy with logprobs is still greedy: the same tokens as without.
        assert list(gen(served, prompt, max_new_tokens=12).token_ids) == list(r.token_ids)
    # The stream carries the same values, per delta.
    msgs = list(
        served.stub.GenerateStream(
            pb.GenerateStreamRequest(
                model="lm",
                prompt=PROMPTS[0],
                parameters=pb.GenerationParameters(max_new_tokens=12, logprobs=True),
            )
        )
    )
    streamed = [lp for m in msgs for lp in m.logprobs]
    unary = gen(served, PROMPTS[0], max_new_tokens=12, logprobs=True)
    assert [(x.token_id, x.logprob) for x in streamed] == [
        (x.token_id, x.logprob) for x in unary.logprobs
    ]


def test_json_schema_output_parses_and_validates(served: Served) -> None:
    constraint = pb.OutputConstraint(json_schema=json.dumps(SCHEMA))
    for prompt in PROMPTS:
        for params in ({}, {"temperature": 1.0, "seed": 7}):
            r = gen(served, prompt, max_new_tokens=60, constraint=constraint, **params)
            assert r.finish_reason in (
                pb.FINISH_REASON_STOP_SEQUENCE,
                pb.FINISH_REASON_END_OF_SEQUENCE,
            ), r.text
            jsonschema.validate(json.loads(r.text), SCHEMA)


def test_regex_choice_and_json_object(served: Served) -> None:
    r = gen(served, "hello", max_new_tokens=20, constraint=pb.OutputConstraint(regex=r"[0-9]{3}"))
    assert re.fullmatch(r"[0-9]{3}", r.text), r.text
    choices = ["positive", "negative", "neutral"]
    for prompt in PROMPTS[:3]:
        r = gen(
            served,
            prompt,
            max_new_tokens=20,
            constraint=pb.OutputConstraint(choice=pb.ChoiceList(choices=choices)),
        )
        assert r.text in choices
    r = gen(served, "hello", max_new_tokens=80, constraint=pb.OutputConstraint(json_object=True))
    if r.finish_reason != pb.FINISH_REASON_LENGTH:
        assert isinstance(json.loads(r.text), dict)
    else:
        assert r.text.startswith("{")


def test_unsatisfiable_within_max_tokens_ends_with_length(served: Served) -> None:
    r = gen(served, "hello", max_new_tokens=5, constraint=pb.OutputConstraint(regex="a{300}"))
    assert r.finish_reason == pb.FINISH_REASON_LENGTH
    assert set(r.text) <= {"a"} and len(r.token_ids) == 5


def test_constrained_and_unconstrained_rows_share_a_batch(
    served: Served, ref: tuple[Any, Any]
) -> None:
    model, tok = ref
    constraint = pb.OutputConstraint(json_schema=json.dumps(SCHEMA))
    before = _batch_sizes_at_least(2)
    with engine_paused(served, "lm"):  # all four are running before any decode step
        futures = [
            served.stub.Generate.future(
                pb.GenerateRequest(
                    model="lm",
                    prompt=p,
                    parameters=pb.GenerationParameters(
                        max_new_tokens=80 if i % 2 else 40,
                        constraint=constraint if i % 2 else None,
                    ),
                )
            )
            for i, p in enumerate(PROMPTS[:4])
        ]
        wait_for(
            lambda: served.stub.GetServerInfo(pb.GetServerInfoRequest()).queue_depth == 4,
            timeout=10,
        )
    for i, (prompt, f) in enumerate(zip(PROMPTS[:4], futures, strict=True)):
        r = f.result(timeout=60)
        if i % 2:
            jsonschema.validate(json.loads(r.text), SCHEMA)
        else:
            ids = tok(prompt, return_tensors="pt").input_ids
            with torch.no_grad():
                out = model.generate(
                    ids, attention_mask=torch.ones_like(ids), max_new_tokens=40, do_sample=False
                )
            assert list(r.token_ids) == out[0, ids.shape[1] :].tolist()
    assert _batch_sizes_at_least(2) > before  # decode steps really held several rows


def _batch_sizes_at_least(k: int) -> float:
    """Decode steps observed with >= k rows (from the batch-size histogram)."""
    total = 0.0
    for family in metrics.DECODE_BATCH_SIZE.collect():
        for sample in family.samples:
            if sample.name.endswith("_count"):
                total += sample.value
            if sample.name.endswith("_bucket") and float(sample.labels["le"]) < k:
                total -= sample.value
    return total


def test_n_samples_with_derived_seeds(served: Served) -> None:
    r = gen(served, "hello", max_new_tokens=10, temperature=1.0, seed=11, n=3)
    assert [s.index for s in r.samples] == [0, 1, 2]
    for s in r.samples:
        alone = gen(served, "hello", max_new_tokens=10, temperature=1.0, seed=11 + s.index)
        assert list(s.token_ids) == list(alone.token_ids)
    assert list(r.token_ids) == list(r.samples[0].token_ids)
    assert r.usage.completion_tokens == sum(len(s.token_ids) for s in r.samples)
    msgs = list(
        served.stub.GenerateStream(
            pb.GenerateStreamRequest(
                model="lm",
                prompt="hello",
                parameters=pb.GenerationParameters(
                    max_new_tokens=10, temperature=1.0, seed=11, n=3
                ),
            )
        )
    )
    for s in r.samples:
        mine = [m for m in msgs if m.index == s.index]
        assert [t for m in mine for t in m.token_ids] == list(s.token_ids)
        assert mine[-1].finish_reason == s.finish_reason


def test_logit_bias_penalties_and_stop_tokens(served: Served, ref: tuple[Any, Any]) -> None:
    tok = ref[1]
    target = tok.convert_tokens_to_ids("fox") if "fox" in tok.get_vocab() else 300
    r = gen(served, "hello", max_new_tokens=4, logit_bias={target: 100.0})
    assert list(r.token_ids) == [target] * 4
    # Penalties strong enough to break the repetition do: never the same token twice.
    r = gen(
        served,
        "hello",
        max_new_tokens=6,
        logit_bias={target: 3.0},
        presence_penalty=2.0,
        frequency_penalty=2.0,
    )
    plain = gen(served, "hello", max_new_tokens=6, logit_bias={target: 3.0})
    assert len(set(plain.token_ids)) < 6 or len(set(r.token_ids)) == 6
    first = list(gen(served, "hello", max_new_tokens=8).token_ids)
    r = gen(served, "hello", max_new_tokens=8, stop_token_ids=[first[2]])
    assert list(r.token_ids) == first[: first.index(first[2]) + 1]
    assert r.finish_reason == pb.FINISH_REASON_END_OF_SEQUENCE
    r = gen(served, "hello", max_new_tokens=8, stop_token_ids=[first[0]], min_new_tokens=3)
    assert len(r.token_ids) >= 3
    eos = tok.eos_token_id
    r = gen(served, "hello", max_new_tokens=6, logit_bias={eos: 100.0}, ignore_eos=True)
    assert list(r.token_ids) == [eos] * 6 and r.finish_reason == pb.FINISH_REASON_LENGTH


def test_row_sampler_penalties_are_openai_semantics() -> None:
    params = SamplingParams(
        presence_penalty=0.5,
        frequency_penalty=0.25,
        logit_bias=((7, 1.5),),
        eos_token_ids=(2,),
        min_new_tokens=2,
    )
    sampler = RowSampler(params, prompt_ids=[9, 9, 9])  # the prompt does not count
    logits = torch.linspace(-1, 1, 16)
    for t in (3, 3, 5):
        sampler.accept(t)
    got = sampler._process(logits)
    want = logits.clone()
    want[7] += 1.5
    want[3] -= 0.5 + 2 * 0.25
    want[5] -= 0.5 + 0.25
    assert torch.allclose(got, want)  # three tokens in: EOS is allowed again
    fresh = RowSampler(params, prompt_ids=[])
    assert fresh._process(logits)[2] == float("-inf")  # min_new_tokens holds EOS back


def chat(served: Served, messages: list[pb.ChatMessage], **kw: Any) -> pb.ChatResponse:
    params = kw.pop("parameters", pb.GenerationParameters(max_new_tokens=80))
    return served.stub.Chat(pb.ChatRequest(model="lm", messages=messages, parameters=params, **kw))


WEATHER = pb.Tool(
    name="get_weather",
    description="the weather in a city",
    parameters_json=json.dumps(
        {
            "type": "object",
            "properties": {"city": {"enum": ["Paris", "Oslo"]}, "days": {"type": "boolean"}},
            "required": ["city", "days"],
            "additionalProperties": False,
        }
    ),
)


def test_forced_tool_call_parses_with_the_declared_arguments(served: Served) -> None:
    msgs = [pb.ChatMessage(role="user", content="weather in Paris?")]
    for choice in (pb.ToolChoice(function="get_weather"), pb.ToolChoice(mode="required")):
        r = chat(served, msgs, tools=[WEATHER], tool_choice=choice)
        assert r.finish_reason == pb.FINISH_REASON_TOOL_CALLS, r.message.content
        (call,) = r.message.tool_calls
        assert call.name == "get_weather" and call.id.startswith("call_")
        jsonschema.validate(json.loads(call.arguments_json), json.loads(WEATHER.parameters_json))
    # The call and its result go back as messages.
    follow = [
        *msgs,
        pb.ChatMessage(role="assistant", content="", tool_calls=[call]),
        pb.ChatMessage(role="tool", content='{"temp": 12}', tool_call_id=call.id),
    ]
    r = chat(served, follow, tools=[WEATHER])
    assert r.finish_reason != pb.FINISH_REASON_UNSPECIFIED


def test_auto_tool_calls_are_parsed_from_hermes_tags() -> None:
    call = '{"name": "get_weather", "arguments": {"city": "Oslo"}}'
    text = f"Let me check. <tool_call>{call}</tool_call>"
    content, calls = parse_tool_calls(text, "auto")
    assert content == "Let me check."
    assert [(c.name, json.loads(c.arguments_json)) for c in calls] == [
        ("get_weather", {"city": "Oslo"})
    ]
    assert parse_tool_calls("no call here", "auto") == ("no call here", [])


def test_chat_template_kwargs_allowlisted(served: Served) -> None:
    msgs = [pb.ChatMessage(role="user", content="hi")]
    ok = struct_pb2.Struct()
    ok.update({"enable_thinking": False})
    assert chat(served, msgs, chat_template_kwargs=ok).usage.completion_tokens > 0
    bad = struct_pb2.Struct()
    bad.update({"add_generation_prompt": False})
    with pytest.raises(grpc.RpcError) as e:
        chat(served, msgs, chat_template_kwargs=bad)
    assert e.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "chat_template_kwargs.add_generation_prompt" in (e.value.details() or "")


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"constraint": pb.OutputConstraint(json_schema="{not json")}, "constraint.json_schema"),
        (
            {"constraint": pb.OutputConstraint(json_schema='{"type": "frob"}')},
            "constraint.json_schema",
        ),
        ({"constraint": pb.OutputConstraint(regex="[a-")}, "constraint.regex"),
        ({"constraint": pb.OutputConstraint(choice=pb.ChoiceList())}, "constraint.choice"),
        ({"n": 17}, "parameters.n"),
        ({"logprobs": True, "top_logprobs": 21}, "parameters.top_logprobs"),
        ({"logit_bias": {10**6: 1.0}}, "parameters.logit_bias"),
        ({"logit_bias": {1: 1000.0}}, "parameters.logit_bias"),
        ({"stop_token_ids": [10**6]}, "parameters.stop_token_ids"),
        ({"presence_penalty": 3.0}, "parameters.presence_penalty"),
        ({"min_p": 1.5}, "parameters.min_p"),
        ({"min_new_tokens": 100, "max_new_tokens": 10}, "parameters.min_new_tokens"),
    ],
)
def test_bad_generation_input_is_invalid_argument(
    served: Served, params: dict[str, Any], field: str
) -> None:
    with pytest.raises(grpc.RpcError) as e:
        gen(served, "hello", **params)
    assert e.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert field in (e.value.details() or "")
    assert served.stub.GetServerInfo(pb.GetServerInfoRequest()).queue_depth == 0


@pytest.mark.parametrize(
    ("kw", "field"),
    [
        ({"messages": [pb.ChatMessage(role="robot", content="x")]}, "messages[0].role"),
        ({"tools": [pb.Tool(name="f", parameters_json="{bad")]}, "tools[0].parameters"),
        (
            {"tools": [pb.Tool(name="f", parameters_json='{"type": 5}')]},
            "tools[0].parameters",
        ),
        ({"tools": [pb.Tool(name="no spaces")]}, "tools[0].name"),
        ({"tools": [WEATHER], "tool_choice": pb.ToolChoice(function="nope")}, "tool_choice"),
        ({"tool_choice": pb.ToolChoice(mode="sometimes")}, "tool_choice.mode"),
    ],
)
def test_bad_chat_input_is_invalid_argument(served: Served, kw: dict[str, Any], field: str) -> None:
    messages = kw.pop("messages", [pb.ChatMessage(role="user", content="hi")])
    with pytest.raises(grpc.RpcError) as e:
        chat(served, messages, **kw)
    assert e.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert field in (e.value.details() or "")
