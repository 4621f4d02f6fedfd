"""python -m lmforge.services.registry [--flags]: run the registry service."""

from __future__ import annotations

from lmforge.services.core.server import run_main

from .app import build_server
from .settings import RegistrySettings


def main(argv: list[str] | None = None) -> None:
    run_main(RegistrySettings, build_server, argv)


if __name__ == "__main__":
    main()
