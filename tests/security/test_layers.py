"""The services never import the SDK's private modules (``lmforge._*``).

They share only the neutral layer with the SDK: ``lmforge.errors``, the
``lmforge.v1`` stubs and ``lmforge.registry_transfer``.
"""

from __future__ import annotations

import ast
from pathlib import Path

SERVICES = Path(__file__).resolve().parents[2] / "services"


def _private_imports(source: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name.startswith("lmforge._")]
        elif isinstance(node, ast.ImportFrom) and node.module:
            if node.module.startswith("lmforge._"):
                found.append(node.module)
            elif node.module == "lmforge":
                found += [f"lmforge.{a.name}" for a in node.names if a.name.startswith("_")]
    return found


def test_services_import_no_sdk_private_module() -> None:
    files = sorted(SERVICES.rglob("*.py"))
    assert len(files) > 20
    bad = {str(p.relative_to(SERVICES)): _private_imports(p.read_text()) for p in files}
    assert {k: v for k, v in bad.items() if v} == {}
    # The check itself sees both spellings.
    assert _private_imports("from lmforge._rpc import X\nfrom lmforge import _upload") == [
        "lmforge._rpc",
        "lmforge._upload",
    ]
