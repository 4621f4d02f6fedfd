"""Proto enums <-> the strings users and the wire's JSON see, derived from the descriptors.

Every ``lmforge.v1`` enum names its values ``<ENUM_NAME>_<VALUE>`` (buf's
ENUM_VALUE_PREFIX rule), so the strings follow from the generated enum
itself: a value added to a proto is known here without a table to update.
Public and free of SDK internals, so the services may share it too.

    name_of(registry_pb2.VersionState, 2)        -> "READY"
    value_of(registry_pb2.VersionState, "ready") -> 2
    name_in(registry_pb2.VersionState, 9, "state")  -> InvalidArgument naming "state"
    table(registry_pb2.ModelFormat)              -> {"hf_folder": 1, "peft_adapter": 2, ...}
"""

from __future__ import annotations

import re
from typing import Any

from lmforge.errors import InvalidArgument


def prefix(enum: Any) -> str:
    """``VersionState`` -> ``"VERSION_STATE_"`` (the prefix of its value names)."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", enum.DESCRIPTOR.name).upper() + "_"


def name_of(enum: Any, value: int) -> str:
    """The value's name without the enum prefix (``READY``); an unknown number as text."""
    try:
        name = str(enum.Name(value))
    except ValueError:
        return str(value)
    return name.removeprefix(prefix(enum))


def name_in(enum: Any, value: int, field: str) -> str:
    """A request's number as its name (``READY``), ``""`` for ``*_UNSPECIFIED``.

    For the services reading requests: a number the enum lacks (a newer
    client, or a hand-built message) is ``InvalidArgument`` naming ``field``.
    """
    try:
        name = str(enum.Name(value))
    except ValueError:
        raise InvalidArgument.field(
            field, f"{value} is not a {enum.DESCRIPTOR.name} value"
        ) from None
    p = prefix(enum)
    return "" if name == p + "UNSPECIFIED" else name.removeprefix(p)


def table(enum: Any) -> dict[str, int]:
    """Lower-case names -> numbers, every value but ``*_UNSPECIFIED``."""
    p = prefix(enum)
    return {
        name.removeprefix(p).lower(): int(number)
        for name, number in enum.items()
        if name != p + "UNSPECIFIED"
    }


def value_of(enum: Any, name: str, field: str = "") -> int:
    """The number for ``name`` (any case), else ``InvalidArgument`` naming ``field``."""
    options = table(enum)
    number = options.get(name.lower()) if isinstance(name, str) else None
    if number is None:
        names = ", ".join(repr(k) for k in options)
        raise InvalidArgument.field(
            field or enum.DESCRIPTOR.name, f"unknown value {name!r}; use one of {names}"
        )
    return number
