"""google.protobuf Struct / Value -> plain Python, refusing what JSON cannot hold.

``json_format.MessageToDict`` raises a bare ValueError on NaN or ±Infinity (a
bug-looking INTERNAL to the caller) and turns every number into a float. Here
a non-finite number is INVALID_ARGUMENT naming the exact field
(``parameters.top_k``, ``input.json[2].x``), integral floats become ints (the
libraries behind these fields want ``top_k=3``, not ``3.0``), and nesting and
size are bounded so a hostile message cannot make the walk itself expensive.
"""

from __future__ import annotations

import math
from typing import Any

from google.protobuf import struct_pb2

from lmforge.errors import InvalidArgument

MAX_DEPTH = 20
MAX_ITEMS = 100_000  # values in one Struct, all levels together


def struct_to_dict(struct: struct_pb2.Struct, field: str) -> dict[str, Any]:
    """A Struct as a dict; INVALID_ARGUMENT naming ``field.<key>`` for what JSON cannot hold."""
    budget = [MAX_ITEMS]
    return {k: _value(v, f"{field}.{k}", 1, budget) for k, v in struct.fields.items()}


def value_to_python(value: struct_pb2.Value, field: str) -> Any:
    """A Value as plain Python (None, bool, int, float, str, list, dict)."""
    return _value(value, field, 0, [MAX_ITEMS])


def _value(v: struct_pb2.Value, field: str, depth: int, budget: list[int]) -> Any:
    budget[0] -= 1
    if budget[0] < 0:
        raise InvalidArgument.field(field, f"more than {MAX_ITEMS} values in one message")
    if depth > MAX_DEPTH:
        raise InvalidArgument.field(field, f"nested deeper than {MAX_DEPTH} levels")
    kind = v.WhichOneof("kind")
    if kind == "number_value":
        x = v.number_value
        if not math.isfinite(x):
            raise InvalidArgument.field(field, f"{x} is not a finite number")
        return int(x) if x.is_integer() and abs(x) < 2**53 else x
    if kind == "string_value":
        return v.string_value
    if kind == "bool_value":
        return v.bool_value
    if kind == "struct_value":
        return {
            k: _value(item, f"{field}.{k}", depth + 1, budget)
            for k, item in v.struct_value.fields.items()
        }
    if kind == "list_value":
        return [
            _value(item, f"{field}[{i}]", depth + 1, budget)
            for i, item in enumerate(v.list_value.values)
        ]
    return None  # null_value, or a Value with nothing set
