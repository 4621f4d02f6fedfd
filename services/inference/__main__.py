"""python -m lmforge.services.inference [--flags]: run the inference service."""

from __future__ import annotations

from lmforge.services.core.server import run_main

from .app import build_server
from .settings import InferenceSettings


def main(argv: list[str] | None = None) -> None:
    run_main(InferenceSettings, build_server, argv)


if __name__ == "__main__":
    main()
