"""The generated stubs match the protos, and the contracts pass buf lint."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GENERATED = ROOT / "clients" / "python" / "lmforge" / "v1"


def generate(out: Path) -> None:
    """The one documented command (README: 'Regenerating the stubs')."""
    protos = sorted(str(p) for p in (ROOT / "protos" / "lmforge" / "v1").glob("*.proto"))
    subprocess.run(
        [
            sys.executable,
            "-m",
            "grpc_tools.protoc",
            f"-I{ROOT / 'protos'}",
            f"--python_out={out}",
            f"--grpc_python_out={out}",
            f"--mypy_out={out}",
            f"--mypy_grpc_out={out}",
            *protos,
        ],
        check=True,
        capture_output=True,
        # protoc finds the mypy plugins (protoc-gen-mypy*) on PATH, next to this Python.
        env={
            **os.environ,
            "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        },
    )


def test_generated_stubs_match_the_protos(tmp_path: Path) -> None:
    generate(tmp_path)
    fresh = {p.name: p.read_bytes() for p in (tmp_path / "lmforge" / "v1").iterdir()}
    committed = {
        p.name: p.read_bytes()
        for p in GENERATED.iterdir()
        if p.name != "__init__.py" and p.is_file()
    }
    assert sorted(fresh) == sorted(committed), "stub files differ: run scripts/gen-protos"
    stale = [name for name in fresh if fresh[name] != committed[name]]
    assert not stale, f"stubs out of date with protos/: {stale}; run scripts/gen-protos"


def test_every_service_is_in_the_generated_package() -> None:
    from lmforge.v1 import inference_pb2, registry_pb2, training_pb2

    assert registry_pb2.DESCRIPTOR.services_by_name["RegistryService"]
    assert inference_pb2.DESCRIPTOR.services_by_name["InferenceService"]
    assert training_pb2.DESCRIPTOR.services_by_name["TrainingService"]
    assert registry_pb2.DESCRIPTOR.package == "lmforge.v1"


def test_buf_lint_passes() -> None:
    buf = ROOT / "tools" / "node_modules" / ".bin" / "buf"
    if not buf.exists():
        if shutil.which("buf") is None:
            pytest.skip("buf is not installed (npm ci --prefix tools)")
        buf = Path(shutil.which("buf"))  # type: ignore[arg-type]
    result = subprocess.run([str(buf), "lint"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
