"""OpenAI request bodies -> InferenceService requests, and replies -> OpenAI bodies.

Every field of a request body is looked up in an allowlist: a field the
gateway does not support is refused with a 400 naming it, never dropped.
Values are type-checked here; ranges and everything that needs the model
(vocabulary, schemas, templates) are checked by the inference service, whose
INVALID_ARGUMENT comes back as a 400 naming the field.

Defaults follow the OpenAI API, not lmforge's gRPC defaults: temperature 1
and top_p 1 when not given (the gRPC default is greedy), max_tokens 16 on
/v1/completions; chat without max_tokens uses the server's default.

Extensions accepted as vLLM does: top_k, min_p, repetition_penalty,
min_tokens, stop_token_ids, ignore_eos, chat_template_kwargs.
"""

from __future__ import annotations

import json
from typing import Any

from google.protobuf import struct_pb2

from lmforge.v1 import inference_pb2 as pb

from .errors import GatewayError

_SAMPLING = {
    "temperature",
    "top_p",
    "n",
    "stop",
    "seed",
    "presence_penalty",
    "frequency_penalty",
    "logit_bias",
    "user",
    "stream",
    "stream_options",
    # vLLM extensions
    "top_k",
    "min_p",
    "repetition_penalty",
    "min_tokens",
    "stop_token_ids",
    "ignore_eos",
    "guided_regex",
}
CHAT_FIELDS = _SAMPLING | {
    "model",
    "messages",
    "max_tokens",
    "max_completion_tokens",
    "logprobs",
    "top_logprobs",
    "response_format",
    "tools",
    "tool_choice",
    "chat_template_kwargs",
}
COMPLETION_FIELDS = _SAMPLING | {"model", "prompt", "max_tokens", "logprobs", "response_format"}
EMBEDDING_FIELDS = {"model", "input", "encoding_format", "user"}
ROLES = {"system", "user", "assistant", "tool", "developer"}

FINISH = {
    pb.FINISH_REASON_LENGTH: "length",
    pb.FINISH_REASON_STOP_SEQUENCE: "stop",
    pb.FINISH_REASON_END_OF_SEQUENCE: "stop",
    pb.FINISH_REASON_TOOL_CALLS: "tool_calls",
    pb.FINISH_REASON_CANCELLED: "stop",
}


def check_fields(body: Any, allowed: set[str]) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise GatewayError.bad("body", "must be a JSON object")
    unknown = sorted(set(body) - allowed)
    if unknown:
        raise GatewayError.bad(unknown[0], "is not supported by this server")
    return body


def _get(body: dict[str, Any], key: str, kinds: tuple[type, ...], default: Any = None) -> Any:
    value = body.get(key)
    if value is None:
        return default
    if isinstance(value, bool) and bool not in kinds:
        raise GatewayError.bad(key, f"must be {' or '.join(k.__name__ for k in kinds)}")
    if not isinstance(value, kinds):
        raise GatewayError.bad(key, f"must be {' or '.join(k.__name__ for k in kinds)}")
    return value


def _float(body: dict[str, Any], key: str, default: float) -> float:
    """A number as a float; one too large for a float is refused (not an OverflowError)."""
    value = _get(body, key, (int, float), default)
    try:
        return float(value)
    except OverflowError:
        raise GatewayError.bad(key, f"{value} is out of range") from None


def split_model(name: Any) -> tuple[str, str]:
    """``model`` or ``model:adapter`` (how /v1/models lists adapters)."""
    if not isinstance(name, str) or not name:
        raise GatewayError.bad("model", "give the name of a loaded model")
    model, _, adapter = name.partition(":")
    return model, adapter


def _stop(body: dict[str, Any]) -> list[str]:
    stop = body.get("stop")
    if stop is None:
        return []
    if isinstance(stop, str):
        return [stop]
    if isinstance(stop, list) and all(isinstance(s, str) for s in stop):
        return stop
    raise GatewayError.bad("stop", "must be a string or a list of strings")


def _int_list(body: dict[str, Any], key: str) -> list[int]:
    value = body.get(key) or []
    if not isinstance(value, list) or not all(
        isinstance(v, int) and not isinstance(v, bool) and -(2**31) <= v < 2**31 for v in value
    ):
        raise GatewayError.bad(key, "must be a list of 32-bit integers")
    return value


def _logit_bias(body: dict[str, Any]) -> dict[int, float]:
    value = body.get("logit_bias") or {}
    if not isinstance(value, dict):
        raise GatewayError.bad("logit_bias", "must map token ids to biases")
    out: dict[int, float] = {}
    for key, bias in value.items():
        try:
            token = int(key)
        except (TypeError, ValueError):
            raise GatewayError.bad("logit_bias", f"{key!r} is not a token id") from None
        if not -(2**31) <= token < 2**31:
            raise GatewayError.bad("logit_bias", f"{key!r} is not a token id")
        if isinstance(bias, bool) or not isinstance(bias, int | float) or abs(bias) > 1e9:
            raise GatewayError.bad(f"logit_bias.{key}", "must be a number in [-100, 100]")
        out[token] = float(bias)
    return out


def _i32(body: dict[str, Any], key: str, default: int = 0) -> int:
    value = _get(body, key, (int,), default)
    if not -(2**31) <= value < 2**31:
        raise GatewayError.bad(key, f"{value} is out of range")
    return int(value)


def parameters(body: dict[str, Any], *, max_tokens_default: int = 0) -> pb.GenerationParameters:
    """The sampling parameters shared by chat and completions."""
    max_tokens = body.get("max_completion_tokens", body.get("max_tokens"))
    key = "max_completion_tokens" if "max_completion_tokens" in body else "max_tokens"
    if max_tokens is None:
        max_tokens = max_tokens_default
    elif isinstance(max_tokens, bool) or not isinstance(max_tokens, int) or max_tokens < 1:
        raise GatewayError.bad(key, "must be a positive integer")
    if max_tokens >= 2**31:
        raise GatewayError.bad(key, f"{max_tokens} is out of range")
    p = pb.GenerationParameters(
        max_new_tokens=max_tokens,
        temperature=_float(body, "temperature", 1.0),
        top_p=_float(body, "top_p", 1.0),
        top_k=max(_i32(body, "top_k", 0), 0),  # -1 (vLLM's "no limit") is 0 here
        repetition_penalty=_float(body, "repetition_penalty", 1.0),
        stop=_stop(body),
        presence_penalty=_float(body, "presence_penalty", 0.0),
        frequency_penalty=_float(body, "frequency_penalty", 0.0),
        min_p=_float(body, "min_p", 0.0),
        min_new_tokens=_i32(body, "min_tokens", 0),
        stop_token_ids=_int_list(body, "stop_token_ids"),
        ignore_eos=bool(_get(body, "ignore_eos", (bool,), False)),
        logit_bias=_logit_bias(body),
        n=_i32(body, "n", 1),
    )
    if _i32(body, "top_k", 0) < -1:
        raise GatewayError.bad("top_k", "must be >= -1 (-1 or 0: no limit)")
    seed = _get(body, "seed", (int,))
    if seed is not None:
        if not -(2**63) <= seed < 2**64:
            raise GatewayError.bad("seed", f"{seed} is out of range")
        p.seed = seed % (2**64)
    _get(body, "user", (str,))
    response_format(body, p)
    regex = _get(body, "guided_regex", (str,))
    if regex is not None:  # vLLM's extension: the whole output matches this regex
        if p.HasField("constraint"):
            raise GatewayError.bad("guided_regex", "cannot be combined with response_format")
        p.constraint.regex = regex
    return p


def response_format(body: dict[str, Any], p: pb.GenerationParameters) -> None:
    rf = body.get("response_format")
    if rf is None:
        return
    if not isinstance(rf, dict) or not isinstance(rf.get("type"), str):
        raise GatewayError.bad("response_format", "must be an object with a type")
    kind = rf["type"]
    if kind == "text":
        return
    if kind == "json_object":
        p.constraint.json_object = True
        return
    if kind == "json_schema":
        spec = rf.get("json_schema")
        if not isinstance(spec, dict) or not isinstance(spec.get("schema", {}), dict):
            raise GatewayError.bad(
                "response_format.json_schema", "must be an object with a schema object"
            )
        p.constraint.json_schema = json.dumps(spec.get("schema", {}))
        return
    raise GatewayError.bad(
        "response_format.type", f"{kind!r}: use text, json_object or json_schema"
    )


def stream_options(body: dict[str, Any]) -> tuple[bool, bool]:
    """(stream, include_usage)."""
    stream = bool(_get(body, "stream", (bool,), False))
    opts = body.get("stream_options")
    if opts is None:
        return stream, False
    if not isinstance(opts, dict) or set(opts) - {"include_usage"}:
        raise GatewayError.bad("stream_options", "only include_usage is supported")
    if not stream:
        raise GatewayError.bad("stream_options", "is only allowed with stream true")
    return stream, bool(opts.get("include_usage", False))


# -- chat ---------------------------------------------------------------------------


def _content(i: int, content: Any) -> str:
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        parts = []
        for j, part in enumerate(content):
            if not isinstance(part, dict) or part.get("type") != "text":
                raise GatewayError.bad(
                    f"messages[{i}].content[{j}].type", "only text parts are supported"
                )
            if not isinstance(part.get("text"), str):
                raise GatewayError.bad(f"messages[{i}].content[{j}].text", "must be a string")
            parts.append(part["text"])
        return "".join(parts)
    raise GatewayError.bad(f"messages[{i}].content", "must be a string or a list of text parts")


def _message(i: int, m: Any) -> pb.ChatMessage:
    if not isinstance(m, dict):
        raise GatewayError.bad(f"messages[{i}]", "must be an object")
    unknown = sorted(set(m) - {"role", "content", "name", "tool_calls", "tool_call_id"})
    if unknown:
        raise GatewayError.bad(f"messages[{i}].{unknown[0]}", "is not supported by this server")
    role = m.get("role")
    if role not in ROLES:
        raise GatewayError.bad(
            f"messages[{i}].role", f"{role!r}: use system, user, assistant or tool"
        )
    msg = pb.ChatMessage(
        role="system" if role == "developer" else role, content=_content(i, m.get("content"))
    )
    if isinstance(m.get("name"), str):
        msg.name = m["name"]
    if m.get("tool_call_id") is not None:
        if not isinstance(m["tool_call_id"], str):
            raise GatewayError.bad(f"messages[{i}].tool_call_id", "must be a string")
        msg.tool_call_id = m["tool_call_id"]
    for j, call in enumerate(m.get("tool_calls") or []):
        fn = call.get("function") if isinstance(call, dict) else None
        if not isinstance(fn, dict) or not isinstance(fn.get("name"), str):
            raise GatewayError.bad(
                f"messages[{i}].tool_calls[{j}].function", "must be an object with a name"
            )
        arguments = fn.get("arguments", "{}")
        if not isinstance(arguments, str):
            arguments = json.dumps(arguments)
        msg.tool_calls.append(
            pb.ToolCall(id=str(call.get("id", "")), name=fn["name"], arguments_json=arguments)
        )
    return msg


def _tools(body: dict[str, Any]) -> list[pb.Tool]:
    tools = body.get("tools") or []
    if not isinstance(tools, list):
        raise GatewayError.bad("tools", "must be a list")
    out = []
    for i, tool in enumerate(tools):
        if not isinstance(tool, dict) or tool.get("type", "function") != "function":
            raise GatewayError.bad(f"tools[{i}].type", "only function tools are supported")
        fn = tool.get("function")
        if not isinstance(fn, dict) or not isinstance(fn.get("name"), str):
            raise GatewayError.bad(f"tools[{i}].function", "must be an object with a name")
        params = fn.get("parameters")
        if params is not None and not isinstance(params, dict):
            raise GatewayError.bad(f"tools[{i}].function.parameters", "must be a JSON Schema")
        description = fn.get("description") or ""
        if not isinstance(description, str):
            raise GatewayError.bad(f"tools[{i}].function.description", "must be a string")
        out.append(
            pb.Tool(
                name=fn["name"],
                description=description,
                parameters_json=json.dumps(params) if params is not None else "",
            )
        )
    return out


def _tool_choice(body: dict[str, Any]) -> pb.ToolChoice:
    choice = body.get("tool_choice")
    if choice is None:
        return pb.ToolChoice()
    if isinstance(choice, str):
        if choice not in ("none", "auto", "required"):
            raise GatewayError.bad("tool_choice", f"{choice!r}: use none, auto or required")
        return pb.ToolChoice(mode=choice)
    fn = choice.get("function") if isinstance(choice, dict) else None
    if not isinstance(fn, dict) or not isinstance(fn.get("name"), str):
        raise GatewayError.bad(
            "tool_choice", "must be a mode or {type: function, function: {name}}"
        )
    return pb.ToolChoice(function=fn["name"])


def chat_request(body: dict[str, Any]) -> tuple[pb.ChatStreamRequest, bool, bool, bool, int]:
    """(request, stream, include_usage, tools active, top_logprobs or -1 when no logprobs)."""
    check_fields(body, CHAT_FIELDS)
    model, adapter = split_model(body.get("model"))
    messages = body.get("messages")
    if not isinstance(messages, list) or not messages:
        raise GatewayError.bad("messages", "must be a non-empty list")
    p = parameters(body)
    logprobs = bool(_get(body, "logprobs", (bool,), False))
    top = _i32(body, "top_logprobs", 0)
    if body.get("top_logprobs") is not None and not logprobs:
        raise GatewayError.bad("top_logprobs", "needs logprobs true")
    p.logprobs, p.top_logprobs = logprobs, top
    kwargs = body.get("chat_template_kwargs")
    template_kwargs = struct_pb2.Struct()
    if kwargs is not None:
        if not isinstance(kwargs, dict):
            raise GatewayError.bad("chat_template_kwargs", "must be an object")
        template_kwargs.update(kwargs)
    tools = _tools(body)
    choice = _tool_choice(body)
    req = pb.ChatStreamRequest(
        model=model,
        adapter=adapter,
        messages=[_message(i, m) for i, m in enumerate(messages)],
        parameters=p,
        tools=tools,
        tool_choice=choice,
        chat_template_kwargs=template_kwargs,
    )
    stream, usage = stream_options(body)
    tools_active = bool(tools) and choice.mode != "none"
    return req, stream, usage, tools_active, top if logprobs else -1


def completion_request(body: dict[str, Any]) -> tuple[pb.GenerateStreamRequest, bool, bool, int]:
    """(request, stream, include_usage, logprobs k or -1)."""
    check_fields(body, COMPLETION_FIELDS)
    model, adapter = split_model(body.get("model"))
    prompt = body.get("prompt")
    if isinstance(prompt, list) and len(prompt) == 1 and isinstance(prompt[0], str):
        prompt = prompt[0]
    if not isinstance(prompt, str):
        raise GatewayError.bad("prompt", "must be one string (batches of prompts: one call each)")
    p = parameters(body, max_tokens_default=16)
    k = body.get("logprobs")
    if k is not None:
        if isinstance(k, bool) or not isinstance(k, int) or k < 0:
            raise GatewayError.bad("logprobs", "must be an integer >= 0")
        p.logprobs, p.top_logprobs = True, min(k, 2**31 - 1)
    stream, usage = stream_options(body)
    req = pb.GenerateStreamRequest(model=model, adapter=adapter, prompt=prompt, parameters=p)
    return req, stream, usage, -1 if k is None else int(k)


def embedding_input(body: dict[str, Any]) -> tuple[str, list[str], str]:
    check_fields(body, EMBEDDING_FIELDS)
    model, adapter = split_model(body.get("model"))
    if adapter:
        raise GatewayError.bad("model", "embeddings do not take an adapter")
    texts = body.get("input")
    if isinstance(texts, str):
        texts = [texts]
    if not isinstance(texts, list) or not texts or not all(isinstance(t, str) for t in texts):
        raise GatewayError.bad("input", "must be a string or a non-empty list of strings")
    fmt = body.get("encoding_format") or "float"
    if fmt not in ("float", "base64"):
        raise GatewayError.bad("encoding_format", f"{fmt!r}: use float or base64")
    _get(body, "user", (str,))
    return model, texts, fmt


# -- replies ------------------------------------------------------------------------


def chat_logprobs(entries: Any) -> list[dict[str, Any]]:
    return [
        {
            "token": e.token,
            "logprob": e.logprob,
            "bytes": list(e.token_bytes),
            "top_logprobs": [
                {"token": t.token, "logprob": t.logprob, "bytes": list(t.token_bytes)}
                for t in e.top_logprobs
            ],
        }
        for e in entries
    ]


def completion_logprobs(entries: Any, offset: int = 0) -> dict[str, Any]:
    tokens, values, tops, offsets = [], [], [], []
    for e in entries:
        tokens.append(e.token)
        values.append(e.logprob)
        tops.append({t.token: t.logprob for t in e.top_logprobs})
        offsets.append(offset)
        offset += len(e.token)
    return {
        "tokens": tokens,
        "token_logprobs": values,
        "top_logprobs": tops,
        "text_offset": offsets,
    }


def tool_calls_json(calls: Any) -> list[dict[str, Any]]:
    return [
        {
            "id": c.id,
            "type": "function",
            "function": {"name": c.name, "arguments": c.arguments_json},
        }
        for c in calls
    ]


def usage_json(prompt: int, completion: int) -> dict[str, int]:
    return {
        "prompt_tokens": prompt,
        "completion_tokens": completion,
        "total_tokens": prompt + completion,
    }
