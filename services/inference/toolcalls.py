"""Tool calls in generated text: the parser per model, and the calls it finds.

Parsers (chosen per model by ``parser_for``):

- ``hermes``: calls written as ``<tool_call>{"name": ..., "arguments": {...}}</tool_call>``
  (Hermes, Qwen2.5/Qwen3, SmolLM3 and most ChatML-style templates). It is
  the default for every template: those that describe another format are not
  parsed yet and their text comes back as content.
- ``json`` (forced calls, tool_choice "required" or a named function): the
  grammar made the whole output one ``{"name": ..., "arguments": {...}}``.
"""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass
from typing import Any

_HERMES = re.compile(r"<tool_call>\s*(.*?)\s*(?:</tool_call>|$)", re.DOTALL)


@dataclass(frozen=True)
class ToolCall:
    id: str
    name: str
    arguments_json: str


def parser_for(tokenizer: Any) -> str:
    """The tool-call format of a model's chat template (see the module docstring)."""
    return "hermes"


def _call(obj: Any) -> ToolCall | None:
    if not isinstance(obj, dict) or not isinstance(obj.get("name"), str):
        return None
    arguments = obj.get("arguments", obj.get("parameters", {}))
    if isinstance(arguments, str):  # some models write the arguments as a JSON string
        try:
            arguments = json.loads(arguments)
        except ValueError:
            return None
    if not isinstance(arguments, dict):
        return None
    return ToolCall(f"call_{uuid.uuid4().hex[:24]}", obj["name"], json.dumps(arguments))


def parse_tool_calls(text: str, mode: str) -> tuple[str, list[ToolCall]]:
    """Split ``text`` into content and tool calls. ``mode``: auto, required or a function name.

    Text that does not parse as a call stays content (a model in "auto" may
    write anything); a forced call always parses unless it ran out of tokens.
    """
    if mode not in ("auto", ""):
        try:
            call = _call(json.loads(text))
        except ValueError:
            call = None
        return ("", [call]) if call is not None else (text, [])
    calls: list[ToolCall] = []
    for match in _HERMES.finditer(text):
        try:
            call = _call(json.loads(match.group(1)))
        except ValueError:
            call = None
        if call is not None:
            calls.append(call)
    if not calls:
        return text, []
    return content_besides_calls(text, mode), calls


def content_besides_calls(text: str, mode: str) -> str:
    """The content of ``text`` once its tool calls (found by ``parse_tool_calls``) are taken out.

    The gateway's stream holds the text of a row with tools until it ends and
    then sends this as content next to the calls, as the unary reply does.
    """
    if mode not in ("auto", ""):
        return ""  # a forced call is the whole output
    return _HERMES.sub("", text).strip()
