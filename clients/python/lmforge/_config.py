"""Where the services are and how to reach them, from arguments or ``LMFORGE_*`` variables.

Read when a client is built (``Connection.build``), never at import, so a
program can set the environment before it creates a client.
"""

from __future__ import annotations

import ipaddress
import os
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
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
    # Secrets stay out of repr(): a logged client must not leak them.
    token: str | None = field(default=None, repr=False)
    tls: bool = False
    root_certificates: bytes | None = field(default=None, repr=False)
    timeout: float | None = None
    retries: int = 4
    backoff: float = 0.1
    max_message_mb: int = 64
    client_cert: bytes | None = field(default=None, repr=False)
    client_key: bytes | None = field(default=None, repr=False)

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
        client_cert: bytes | str | Path | None = None,
        client_key: bytes | str | Path | None = None,
    ) -> Connection:
        """Arguments win over ``LMFORGE_*`` variables, which win over the defaults.

        Variables: ``LMFORGE_{REGISTRY,INFERENCE,TRAINING}_ADDRESS``,
        ``LMFORGE_AUTH_TOKEN``, ``LMFORGE_TLS`` (1/true), ``LMFORGE_TLS_CA_FILE``
        (PEM roots to trust; implies TLS), ``LMFORGE_TLS_CLIENT_CERT_FILE`` and
        ``LMFORGE_TLS_CLIENT_KEY_FILE`` (a client certificate for mutual TLS;
        implies TLS).
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
        cert_bytes = _pem("client_cert", client_cert, env.get("LMFORGE_TLS_CLIENT_CERT_FILE"))
        key_bytes = _pem("client_key", client_key, env.get("LMFORGE_TLS_CLIENT_KEY_FILE"))
        if (cert_bytes is None) != (key_bytes is None):
            raise InvalidArgument.field(
                "client_cert", "client_cert and client_key must be given together"
            )
        if tls is None:
            tls = (
                ca_bytes is not None
                or cert_bytes is not None
                or env.get("LMFORGE_TLS", "").lower() in ("1", "true", "yes")
            )
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
            client_cert=cert_bytes,
            client_key=key_bytes,
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


def _pem(name: str, given: bytes | str | Path | None, env_file: str | None) -> bytes | None:
    source: bytes | str | Path | None = given if given is not None else (env_file or None)
    if source is None or isinstance(source, bytes):
        return source
    try:
        return Path(source).read_bytes()
    except OSError as e:
        raise InvalidArgument.field(name, f"cannot read {source}: {e.strerror}") from None


def is_loopback_address(address: str) -> bool:
    """True when ``host:port`` (every one of a list) names this machine only."""
    from lmforge.targets import hosts

    return all(_loopback_host(a) for a in hosts(address))


def _loopback_host(address: str) -> bool:
    host = address.rsplit(":", 1)[0].strip("[]").lower()
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def warn_if_token_in_clear(conn: Connection, service: str) -> None:
    """A bearer token sent without TLS to another machine can be read on the way."""
    address = conn.address(service)
    if conn.token and not conn.tls and not is_loopback_address(address):
        warnings.warn(
            f"the auth token is sent to the {service} at {address} without TLS; anyone on the "
            "network path can read it (pass tls=True / root_certificates, or LMFORGE_TLS=1)",
            UserWarning,
            stacklevel=3,
        )
