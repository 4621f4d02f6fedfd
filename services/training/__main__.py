"""python -m lmforge.services.training [--flags]: run the training service."""

from __future__ import annotations

from lmforge.services.core.server import run_main

from .app import build_server
from .settings import TrainingSettings


def main(argv: list[str] | None = None) -> None:
    run_main(TrainingSettings, build_server, argv)


if __name__ == "__main__":
    main()
