"""``lmforge.Client``: typed, keyword-argument methods over the three services.

Every method returns plain dataclasses from ``lmforge.types``; streams are
iterators you can ``cancel()``; every failure is an ``lmforge.errors``
exception (translated in one place, ``lmforge._rpc``). Calls that are safe to
repeat (reads, generation, classification) are retried with backoff when a
service is UNAVAILABLE.

    from lmforge import Client

    with Client() as c:                       # addresses from LMFORGE_* or defaults
        for m in c.list_models():
            print(m.name, m.task)
        for d in c.generate_stream(model="chat", prompt="Hello"):
            print(d.text, end="")
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from lmforge._calls import Progress as Progress
from lmforge._config import Connection
from lmforge._inference_calls import _InferenceCalls
from lmforge._registry_calls import _RegistryCalls
from lmforge._rpc import Rpc
from lmforge._training_calls import _TrainingCalls


class Client(_RegistryCalls, _InferenceCalls, _TrainingCalls):
    """A synchronous client of the registry, inference and training services.

    Addresses come from the arguments, else ``LMFORGE_REGISTRY_ADDRESS``,
    ``LMFORGE_INFERENCE_ADDRESS``, ``LMFORGE_TRAINING_ADDRESS``, else
    127.0.0.1:50051/50052/50053. ``token`` (else ``LMFORGE_AUTH_TOKEN``) is
    sent as ``authorization: Bearer``. ``tls=True`` or ``root_certificates``
    (PEM bytes or a file path; else ``LMFORGE_TLS_CA_FILE``) use TLS;
    ``client_cert``/``client_key`` (PEM bytes or files) present a client
    certificate for mutual TLS.
    Channels open on first use, so a client for one service never touches
    the others.
    """

    def __init__(
        self,
        registry: str | None = None,
        inference: str | None = None,
        training: str | None = None,
        *,
        token: str | None = None,
        tls: bool | None = None,
        root_certificates: bytes | str | Path | None = None,
        timeout: float | None = None,
        retries: int = 4,
        backoff: float = 0.1,
        client_cert: bytes | str | Path | None = None,
        client_key: bytes | str | Path | None = None,
    ) -> None:
        self.connection = Connection.build(
            registry=registry,
            inference=inference,
            training=training,
            token=token,
            tls=tls,
            root_certificates=root_certificates,
            timeout=timeout,
            retries=retries,
            backoff=backoff,
            client_cert=client_cert,
            client_key=client_key,
        )
        self._rpcs: dict[str, Rpc] = {}

    @classmethod
    def of(cls, client_or_addresses: Client | Mapping[str, str] | None = None) -> Client:
        """A client from a client (returned as is), a {service: address} dict, or the env."""
        if isinstance(client_or_addresses, Client):
            return client_or_addresses
        given = dict(client_or_addresses or {})
        return cls(given.get("registry"), given.get("inference"), given.get("training"))

    def close(self) -> None:
        for rpc in self._rpcs.values():
            rpc.channel.close()
        self._rpcs.clear()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
