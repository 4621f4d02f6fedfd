"""Where the services are and how to reach them, from arguments or ``LMFORGE_*`` variables.

Read when a client is built (``Connection.build``), never at import, so a
program can set the environment before it creates a client.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from lmforge.errors import InvalidArgument

SERVICES = ("registry", "inference", "training")
DEFAULT_PORTS = {"registry": 50051, "inference": 50052, "training": 50053}


def default_address(service: str, env: Mapping[str, str]) -> str:
    """``LMFORGE_<SERVICE>_ADDRESS``, else 127.0.0.1 with ``LMFORGE_<SERVICE>_PORT`` or the default.

    The same rule ``lmforge up`` uses to start the services, so a client
    finds a platform started with the same environment.
    """
    key = f"LMFORGE_{service.upper()}_ADDRESS"
    if env.get(key):
        return env[key]
    port = env.get(f"LMFORGE_{service.upper()}_PORT") or str(DEFAULT_PORTS[service])
    return f"127.0.0.1:{port}"


@dataclass(frozen=True)
class Connection:
    """Addresses and channel options shared by the sync and async clients."""

    registry: str
    inference: str
    training: str
    token: str | None = None
    tls: bool = False
    root_certificates: bytes | None = None
    timeout: float | None = None
    retries: int = 4
    backoff: float = 0.1
    max_message_mb: int = 64

    @classmethod
    def build(
        cls,
        *,
        registry: str | None = None,
        inference: str | None = None,
        training: str | None = None,
        token: str | None = None,
        tls: bool | None = None,
        root_certificates: bytes | str | Path | None = None,
        timeout: float | None = None,
        retries: int = 4,
        backoff: float = 0.1,
        env: Mapping[str, str] | None = None,
    ) -> Connection:
        """Arguments win over ``LMFORGE_*`` variables, which win over the defaults.

        Variables: ``LMFORGE_{REGISTRY,INFERENCE,TRAINING}_ADDRESS``,
        ``LMFORGE_AUTH_TOKEN``, ``LMFORGE_TLS`` (1/true), ``LMFORGE_TLS_CA_FILE``
        (PEM roots to trust; implies TLS).
        """
        env = os.environ if env is None else env
        if token is None:
            token = env.get("LMFORGE_AUTH_TOKEN") or None
        ca = root_certificates
        if ca is None and env.get("LMFORGE_TLS_CA_FILE"):
            ca = Path(env["LMFORGE_TLS_CA_FILE"])
        ca_bytes: bytes | None
        if isinstance(ca, str | Path):
            try:
                ca_bytes = Path(ca).read_bytes()
            except OSError as e:
                raise InvalidArgument.field(
                    "root_certificates", f"cannot read the CA file {ca}: {e.strerror}"
                ) from None
        else:
            ca_bytes = ca
        if tls is None:
            tls = ca_bytes is not None or env.get("LMFORGE_TLS", "").lower() in ("1", "true", "yes")
        if retries < 0:
            raise InvalidArgument.field("retries", f"must be >= 0, got {retries}")
        if timeout is not None and timeout <= 0:
            raise InvalidArgument.field("timeout", f"must be > 0 seconds, got {timeout}")
        return cls(
            registry=registry or default_address("registry", env),
            inference=inference or default_address("inference", env),
            training=training or default_address("training", env),
            token=token,
            tls=tls,
            root_certificates=ca_bytes,
            timeout=timeout,
            retries=retries,
            backoff=backoff,
        )

    def address(self, service: str) -> str:
        return str(getattr(self, service))

    @property
    def channel_options(self) -> list[tuple[str, int]]:
        limit = self.max_message_mb * 1024 * 1024
        return [
            ("grpc.max_receive_message_length", limit),
            ("grpc.max_send_message_length", limit),
        ]

    @property
    def metadata(self) -> tuple[tuple[str, str], ...]:
        return (("authorization", f"Bearer {self.token}"),) if self.token else ()
