"""Enum <-> string tables live in one place (``lmforge.enums``), derived from the protos.

The SDK's choice tables must be the derived ones, and no SDK module may
spell out a table of enum constants by hand again (an AST scan).
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import pytest

from lmforge import _convert, _requests, enums, errors
from lmforge.v1 import common_pb2, inference_pb2, registry_pb2, training_pb2

SDK = Path(_requests.__file__).parent
SERVICES = SDK.parents[2] / "services"
CORE = SERVICES / "core"
# The services' protobuf converters, which read and write the same enums.
CONVERTERS = [
    SERVICES / "registry" / "convert.py",
    SERVICES / "inference" / "servicer.py",
    SERVICES / "training" / "servicer.py",
    SERVICES / "gateway" / "openai_api.py",
]


def all_enums() -> list[Any]:
    out = []
    for module in (common_pb2, inference_pb2, registry_pb2, training_pb2):
        for name in module.DESCRIPTOR.enum_types_by_name:
            out.append(getattr(module, name))
    return out


@pytest.mark.parametrize("enum", all_enums(), ids=lambda e: e.DESCRIPTOR.name)
def test_every_enum_round_trips_through_its_names(enum: Any) -> None:
    p = enums.prefix(enum)
    names = list(enum.keys())
    assert all(name.startswith(p) for name in names), f"{p} is not the prefix"
    t = enums.table(enum)
    assert len(t) == len(names) - (p + "UNSPECIFIED" in names)
    for name, number in t.items():
        assert enums.name_of(enum, number) == name.upper()
        assert enums.value_of(enum, name.upper()) == number
    assert enums.name_of(enum, 999) == "999"
    with pytest.raises(errors.InvalidArgument, match="unknown value 'nope'"):
        enums.value_of(enum, "nope", "field")
    # What the services read from requests: names, "" for unset, unknown refused.
    for name, number in t.items():
        assert enums.name_in(enum, number, "f") == name.upper()
    if p + "UNSPECIFIED" in names:
        assert enums.name_in(enum, enum.Value(p + "UNSPECIFIED"), "f") == ""
    with pytest.raises(errors.InvalidArgument) as info:
        enums.name_in(enum, 999, "options.field")
    assert info.value.violations[0].field == "options.field"


def test_the_sdk_choice_tables_are_the_derived_ones() -> None:
    assert enums.table(registry_pb2.ModelFormat) == _requests.MODEL_FORMATS
    assert enums.table(registry_pb2.VersionState) == _requests.VERSION_STATES
    assert enums.table(training_pb2.JobState) == _requests.JOB_STATES
    assert enums.table(training_pb2.TrainingMethod) == _requests.METHODS
    assert enums.table(training_pb2.AdapterOutput) == _requests.ADAPTER_OUTPUTS
    assert enums.table(inference_pb2.Pooling) == _requests.POOLING
    assert enums.table(training_pb2.TrainingTask).items() <= _requests.TASKS.items()
    # Conversions back name every value the protos define.
    for number in registry_pb2.VersionState.values():
        assert _convert.version_state(number) == enums.name_of(registry_pb2.VersionState, number)
    for number in inference_pb2.FinishReason.values():
        assert (
            _convert.finish_reason(number)
            == enums.name_of(inference_pb2.FinishReason, number).lower()
        )


def _hand_tables(source: str) -> list[int]:
    """Lines of dict literals mapping to two or more ``*_pb2.CONSTANT`` values, no ``**``."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Dict) and None not in node.keys:
            constants = [
                v
                for v in node.values
                if isinstance(v, ast.Attribute)
                and v.attr.isupper()
                and isinstance(v.value, ast.Name)
                and v.value.id.endswith("pb2")
            ]
            if len(constants) >= 2:
                lines.append(node.lineno)
    return lines


def test_no_sdk_module_rebuilds_an_enum_table_by_hand() -> None:
    files = [*SDK.glob("*.py"), *SDK.glob("cli/*.py"), *CORE.glob("*.py"), *CONVERTERS]
    assert len(files) > 20
    found = {str(p): _hand_tables(p.read_text()) for p in files}
    assert {k: v for k, v in found.items() if v} == {}
    # The scan sees a table written out.
    assert _hand_tables("X = {'a': grpc.A_ONE, **registry_pb2.T}") == []
    assert _hand_tables("X = {'a': registry_pb2.A_ONE, 'b': registry_pb2.A_TWO}") == [1]
