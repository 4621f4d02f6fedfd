"""Layers point one way: nothing under services/ reaches into the SDK's insides.

Every module under services/ is parsed with ``ast`` (not imported, so an
import inside a function or behind TYPE_CHECKING is seen too) and may not:

- import a private SDK module: ``lmforge._x``, ``from lmforge import _x``,
  ``lmforge._x.y``, or a private name ``from lmforge.x import _y``;
- import the SDK's user-facing layers ``lmforge.cli`` or ``lmforge.client``
  (the services share only the neutral modules: errors, v1, channels, enums,
  limits, targets, registry_transfer, ...);
- do either by ``importlib.import_module("...")`` / ``__import__("...")``
  or by attribute (``lmforge._rpc``) after ``import lmforge``.
"""

from __future__ import annotations

import ast
from pathlib import Path

SERVICES = Path(__file__).resolve().parents[2] / "services"
FORBIDDEN_LAYERS = ("lmforge.cli", "lmforge.client")


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")  # __version__ is public


def _bad_module(name: str) -> bool:
    parts = name.split(".")
    if parts[0] != "lmforge" or len(parts) < 2:
        return False
    if parts[1] in ("services", "v1"):  # the services themselves; the generated stubs
        return False
    if _private(parts[1]):
        return True
    return any(name == m or name.startswith(m + ".") for m in FORBIDDEN_LAYERS)


def violations(source: str, filename: str = "<src>") -> list[str]:
    """``line: what`` for every forbidden import in ``source``."""
    out: list[str] = []
    tree = ast.parse(source, filename)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if _bad_module(alias.name):
                    out.append(f"{node.lineno}: import {alias.name}")
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            mod = node.module
            for alias in node.names:
                if _bad_module(mod) or (mod == "lmforge" and _bad_module(f"{mod}.{alias.name}")):
                    out.append(f"{node.lineno}: from {mod} import {alias.name}")
                elif (
                    mod.startswith("lmforge.")
                    and not mod.startswith(("lmforge.services", "lmforge.v1"))
                    and _private(alias.name)
                ):
                    out.append(f"{node.lineno}: from {mod} import {alias.name} (private)")
        elif isinstance(node, ast.Call) and node.args:
            fn = node.func
            called = fn.attr if isinstance(fn, ast.Attribute) else getattr(fn, "id", "")
            arg = node.args[0]
            if (
                called in ("import_module", "__import__")
                and isinstance(arg, ast.Constant)
                and isinstance(arg.value, str)
                and _bad_module(arg.value)
            ):
                out.append(f"{node.lineno}: {called}({arg.value!r})")
        elif (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id == "lmforge"
            and _bad_module(f"lmforge.{node.attr}")
        ):
            out.append(f"{node.lineno}: lmforge.{node.attr}")
    return out


def test_no_service_module_imports_sdk_internals_or_the_cli() -> None:
    files = sorted(SERVICES.rglob("*.py"))
    assert len(files) > 60, "services/ not found where expected"
    found = {str(p.relative_to(SERVICES)): violations(p.read_text(), str(p)) for p in files}
    assert {k: v for k, v in found.items() if v} == {}


def test_the_scan_sees_every_form() -> None:
    bad = {
        "import lmforge._rpc": "import lmforge._rpc",
        "import lmforge._rpc as r": "import lmforge._rpc",
        "from lmforge import _upload": "from lmforge import _upload",
        "from lmforge._rpc import _AuthInterceptor": "from lmforge._rpc import",
        "from lmforge.registry_transfer import _chunks": "(private)",
        "from lmforge.cli.output import out": "from lmforge.cli.output",
        "from lmforge import cli": "from lmforge import cli",
        "from lmforge.client import Client": "from lmforge.client",
        "import lmforge.client": "import lmforge.client",
        "def f():\n    from lmforge import _transfer": "from lmforge import _transfer",
        "import importlib\nimportlib.import_module('lmforge._rpc_aio')": "import_module(",
        "__import__('lmforge.cli')": "__import__(",
        "import lmforge\nlmforge._served": "lmforge._served",
    }
    for source, what in bad.items():
        found = violations(source)
        assert len(found) == 1 and what in found[0], (source, found)
    fine = [
        "import lmforge",
        "from lmforge import enums, errors, channels, limits",
        "from lmforge.v1 import registry_pb2",
        "from lmforge.services.core import registry_client",
        "from lmforge.services.registry._x import y",
        "from lmforge.registry_transfer import push_model_folder",
        "from lmforge.clients import x",  # not lmforge.client
        "from . import _private",
        "import lmforge\nlmforge.__version__",
    ]
    for source in fine:
        assert violations(source) == [], source
