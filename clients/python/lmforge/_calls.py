"""What the per-service parts of ``lmforge.Client`` share: stubs, paging, one channel per service.

``Client`` is composed of ``_RegistryCalls`` (``lmforge._registry_calls``),
``_InferenceCalls`` (``lmforge._inference_calls``) and ``_TrainingCalls``
(``lmforge._training_calls``); each reaches its service through the
``_registry`` / ``_inference`` / ``_training`` properties defined here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from lmforge._config import Connection
from lmforge._rpc import Rpc, open_channel
from lmforge.v1 import inference_pb2_grpc, registry_pb2_grpc, training_pb2_grpc

Progress = Callable[[int, int], None]
"""Called as ``progress(bytes_done, bytes_total)`` while files move."""

STUBS = {
    "registry": registry_pb2_grpc.RegistryServiceStub,
    "inference": inference_pb2_grpc.InferenceServiceStub,
    "training": training_pb2_grpc.TrainingServiceStub,
}


def pages(fetch: Callable[[str], Any], items: str, limit: int | None) -> Iterator[Any]:
    """Every item over all pages (or the first ``limit``)."""
    token = ""
    seen = 0
    while True:
        reply = fetch(token)
        for item in getattr(reply, items):
            yield item
            seen += 1
            if limit is not None and seen >= limit:
                return
        token = reply.next_page_token
        if not token:
            return


class ServiceCalls:
    """The channels of a client: one ``Rpc`` per service, opened on first use."""

    connection: Connection
    _rpcs: dict[str, Rpc]

    def _rpc(self, service: str) -> Rpc:
        rpc = self._rpcs.get(service)
        if rpc is None:
            channel = open_channel(self.connection, service)
            rpc = Rpc(self.connection, channel, STUBS[service](channel), service)
            self._rpcs[service] = rpc
        return rpc

    @property
    def _registry(self) -> Rpc:
        return self._rpc("registry")

    @property
    def _inference(self) -> Rpc:
        return self._rpc("inference")

    @property
    def _training(self) -> Rpc:
        return self._rpc("training")
