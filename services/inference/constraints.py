"""Structured output: JSON schemas, regexes, choices and tool calls compiled to grammars.

The grammar library is llguidance (Microsoft's guidance engine, Rust): it
builds its token trie straight from a Hugging Face fast tokenizer, computes
the allowed-token mask of one sequence in well under a millisecond on CPU
(see the bench, tests/bench/gateway.py), and installs alone. xgrammar was the
other candidate; its wheel pulls triton and apache-tvm-ffi, which this
CPU-only service has no use for.

Everything is compiled and validated here, against the model's own
tokenizer, before a request is queued: a schema, regex or tool definition the
library cannot compile is INVALID_ARGUMENT naming the field, never a failure
inside the batch.

JSON is generated compact (no free whitespace between tokens): with flexible
whitespace a weak model can emit spaces until it runs out of tokens.
"""

from __future__ import annotations

import json
import re
import weakref
from typing import Any

import jsonschema

from lmforge.errors import InvalidArgument

from .sampling import Constraint

MAX_CONSTRAINT_CHARS = 64 * 1024
MAX_CHOICES = 256
MAX_SCHEMA_DEPTH = 64
_JSON_OPTIONS: dict[str, Any] = {"whitespace_flexible": False}
_TOOL_NAME = re.compile(r"^[A-Za-z0-9_-]{1,64}$")

_tokenizers: weakref.WeakKeyDictionary[Any, Any] = weakref.WeakKeyDictionary()


def ll_tokenizer(hf_tokenizer: Any) -> Any:
    """llguidance's view of a model tokenizer (built once per loaded tokenizer)."""
    cached = _tokenizers.get(hf_tokenizer)
    if cached is None:
        import llguidance.hf

        cached = llguidance.hf.from_tokenizer(hf_tokenizer)
        _tokenizers[hf_tokenizer] = cached
    return cached


def _check_size(field: str, text: str) -> None:
    if len(text) > MAX_CONSTRAINT_CHARS:
        raise InvalidArgument.field(
            field, f"is {len(text)} characters; the limit is {MAX_CONSTRAINT_CHARS}"
        )


def parse_schema(field: str, text: str) -> dict[str, Any]:
    """A JSON Schema given as JSON text, checked against the JSON Schema metaschema."""
    _check_size(field, text)
    try:
        schema = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise InvalidArgument.field(field, f"is not valid JSON: {exc}") from None
    check_schema(field, schema)
    return schema  # type: ignore[no-any-return]


def _depth(value: Any, limit: int) -> int:
    """Nesting depth of a JSON value, counting no further than ``limit`` + 1."""
    stack = [(value, 1)]
    deepest = 0
    while stack:
        v, d = stack.pop()
        deepest = max(deepest, d)
        if deepest > limit:
            return deepest
        if isinstance(v, dict):
            stack.extend((x, d + 1) for x in v.values())
        elif isinstance(v, list):
            stack.extend((x, d + 1) for x in v)
    return deepest


def check_schema(field: str, schema: Any) -> None:
    if not isinstance(schema, dict):
        raise InvalidArgument.field(field, "must be a JSON object (a JSON Schema)")
    if _depth(schema, MAX_SCHEMA_DEPTH) > MAX_SCHEMA_DEPTH:
        # The validator and the grammar compiler recurse over the schema.
        raise InvalidArgument.field(field, f"is nested deeper than {MAX_SCHEMA_DEPTH} levels")
    try:
        jsonschema.validators.validator_for(schema).check_schema(schema)
    except jsonschema.SchemaError as exc:
        raise InvalidArgument.field(field, f"is not a valid JSON Schema: {exc.message}") from None


def _compile(field: str, grammar: str, hf_tokenizer: Any, kind: str) -> Constraint:
    import llguidance

    tok = ll_tokenizer(hf_tokenizer)
    error = llguidance.LLMatcher.validate_grammar(grammar, tok)
    if error:
        first = error.strip().splitlines()[0] if error.strip() else error
        raise InvalidArgument.field(field, f"cannot be compiled to a grammar: {first}")
    return Constraint(grammar=grammar, tokenizer=tok, kind=kind)


def json_schema_constraint(field: str, schema: dict[str, Any], hf_tokenizer: Any) -> Constraint:
    import llguidance

    grammar = llguidance.LLMatcher.grammar_from_json_schema(
        schema,
        overrides=_JSON_OPTIONS,  # type: ignore[arg-type]  # a TypedDict; ours is a plain dict
    )
    return _compile(field, grammar, hf_tokenizer, "json_schema")


def compile_constraint(kind: str, value: Any, hf_tokenizer: Any) -> Constraint:
    """``kind`` is json_schema (JSON text), json_object, regex or choice (a list of strings)."""
    import llguidance

    if kind == "json_schema":
        field = "parameters.constraint.json_schema"
        return json_schema_constraint(field, parse_schema(field, value), hf_tokenizer)
    if kind == "json_object":
        c = json_schema_constraint(
            "parameters.constraint.json_object", {"type": "object"}, hf_tokenizer
        )
        return Constraint(c.grammar, c.tokenizer, "json_object")
    if kind == "regex":
        field = "parameters.constraint.regex"
        _check_size(field, value)
        if not value:
            raise InvalidArgument.field(field, "must not be empty")
        return _compile(field, llguidance.LLMatcher.grammar_from_regex(value), hf_tokenizer, kind)
    if kind == "choice":
        field = "parameters.constraint.choice.choices"
        choices = list(value)
        if not choices or len(choices) > MAX_CHOICES or any(not c for c in choices):
            raise InvalidArgument.field(
                field, f"give 1..{MAX_CHOICES} non-empty strings to choose from"
            )
        _check_size(field, "".join(choices))
        regex = "|".join(f"({re.escape(c)})" for c in choices)
        # re.escape escapes for Python's re; llguidance's Rust regex accepts the same escapes.
        return _compile(field, llguidance.LLMatcher.grammar_from_regex(regex), hf_tokenizer, kind)
    raise InvalidArgument.field("parameters.constraint", f"unknown constraint kind {kind!r}")


# -- tools -------------------------------------------------------------------------------


def check_tool(index: int, name: str, parameters_json: str) -> dict[str, Any]:
    """A tool's parameter schema, validated (an empty one means "no parameters")."""
    if not _TOOL_NAME.match(name):
        raise InvalidArgument.field(
            f"tools[{index}].name", f"{name!r}: use 1-64 letters, digits, '_' or '-'"
        )
    if not parameters_json:
        return {"type": "object", "properties": {}}
    return parse_schema(f"tools[{index}].parameters", parameters_json)


def tool_call_schema(tools: list[tuple[str, dict[str, Any]]]) -> dict[str, Any]:
    """The JSON a forced call must be: {"name": <one of the tools>, "arguments": {...}}."""
    options = [
        {
            "type": "object",
            "properties": {"name": {"const": name}, "arguments": params},
            "required": ["name", "arguments"],
            "additionalProperties": False,
        }
        for name, params in tools
    ]
    return options[0] if len(options) == 1 else {"anyOf": options}


def tool_call_constraint(tools: list[tuple[str, dict[str, Any]]], hf_tokenizer: Any) -> Constraint:
    c = json_schema_constraint("tools", tool_call_schema(tools), hf_tokenizer)
    return Constraint(c.grammar, c.tokenizer, "tool_call")
