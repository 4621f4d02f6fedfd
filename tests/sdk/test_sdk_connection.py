"""Connection policy on real gRPC servers: retries on UNAVAILABLE, bearer auth, TLS, env."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent import futures
from pathlib import Path
from typing import Any

import grpc
import pytest

from certs import self_signed
from lmforge import Client, errors
from lmforge.v1 import registry_pb2, registry_pb2_grpc


class FlakyRegistry(registry_pb2_grpc.RegistryServiceServicer):
    """A real gRPC server that answers UNAVAILABLE to the first ``failures`` calls."""

    def __init__(self, failures: int) -> None:
        self.failures = failures
        self.calls: dict[str, int] = {}
        self.lock = threading.Lock()

    def _count(self, name: str, context: grpc.ServicerContext) -> None:
        with self.lock:
            self.calls[name] = self.calls.get(name, 0) + 1
            n = self.calls[name]
        if n <= self.failures:
            context.abort(grpc.StatusCode.UNAVAILABLE, "warming up")

    def GetModel(self, request: Any, context: grpc.ServicerContext) -> Any:
        self._count("GetModel", context)
        return registry_pb2.GetModelResponse(model=registry_pb2.Model(name=request.name, task="x"))

    def CreateModel(self, request: Any, context: grpc.ServicerContext) -> Any:
        self._count("CreateModel", context)
        return registry_pb2.CreateModelResponse(model=request.model)


@pytest.fixture
def flaky() -> Iterator[tuple[str, FlakyRegistry]]:
    servicer = FlakyRegistry(failures=2)
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=2))
    registry_pb2_grpc.add_RegistryServiceServicer_to_server(servicer, server)
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    try:
        yield f"127.0.0.1:{port}", servicer
    finally:
        server.stop(0)


def test_idempotent_calls_retry_unavailable_others_do_not(flaky: Any) -> None:
    address, servicer = flaky
    with Client(registry=address, backoff=0.01) as c:
        assert c.get_model("m").name == "m"
        assert servicer.calls["GetModel"] == 3  # two failures, then success
        with pytest.raises(errors.Unavailable, match="warming up"):
            c.create_model("m", task="text-generation")
        assert servicer.calls["CreateModel"] == 1  # a create is never repeated blindly
    with Client(registry=address, retries=0) as c:
        servicer.calls.clear()
        with pytest.raises(errors.Unavailable):
            c.get_model("m")
        assert servicer.calls["GetModel"] == 1


def test_unreachable_service_names_itself() -> None:
    c = Client(registry="127.0.0.1:1", retries=1, backoff=0.01)
    with pytest.raises(errors.Unavailable, match=r"registry service at 127\.0\.0\.1:1"):
        c.list_models()
    c.close()


def test_addresses_and_token_come_from_the_environment_when_built(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("LMFORGE_REGISTRY_ADDRESS", "127.0.0.9:1")
    monkeypatch.setenv("LMFORGE_TRAINING_PORT", "6000")
    monkeypatch.setenv("LMFORGE_AUTH_TOKEN", "s3cret")
    c = Client(inference="127.0.0.1:7")
    assert (c.connection.registry, c.connection.inference) == ("127.0.0.9:1", "127.0.0.1:7")
    assert c.connection.training == "127.0.0.1:6000"
    assert c.connection.metadata == (("authorization", "Bearer s3cret"),)
    monkeypatch.delenv("LMFORGE_REGISTRY_ADDRESS")
    assert Client().connection.registry == "127.0.0.1:50051"
    with pytest.raises(errors.InvalidArgument, match="root_certificates"):
        Client(root_certificates="/no/such/ca.pem")


def test_client_side_validation_makes_no_call() -> None:
    # Nothing listens on port 1: a request that left the client would be UNAVAILABLE.
    with Client("127.0.0.1:1", "127.0.0.1:1", "127.0.0.1:1", retries=0) as c:
        with pytest.raises(errors.InvalidArgument, match=r"spec\.method"):
            c.submit_job(base_model="m", dataset="d", method="qlora-ish")
        with pytest.raises(errors.InvalidArgument, match=r"spec\.hyperparameters\.epochz"):
            c.submit_job(base_model="m", dataset="d", hyperparameters={"epochz": 1})
        with pytest.raises(errors.InvalidArgument, match=r"spec\.scaling\.num_workers"):
            c.submit_job(base_model="m", dataset="d", num_workers=0)
        with pytest.raises(errors.InvalidArgument, match=r"spec\.deepspeed"):
            c.submit_job(base_model="m", dataset="d", deepspeed="{not json")
        with pytest.raises(errors.InvalidArgument, match=r"learning_rate"):
            c.submit_job(base_model="m", dataset="d", hyperparameters={"learning_rate": 0})
        with pytest.raises(errors.InvalidArgument, match=r"parameters\.top_p"):
            c.generate("m", "hi", top_p=1.5)
        with pytest.raises(errors.InvalidArgument, match="texts"):
            c.classify("m", "one string")
        with pytest.raises(errors.InvalidArgument, match="quantization"):
            c.load_model("m", quantization="int3")


def test_token_and_tls_against_a_real_registry(registry_settings: Any, tmp_path: Path) -> None:
    pytest.importorskip("cryptography")
    from lmforge.services.registry.app import build_server
    from servers import ServerThread

    cert, key = self_signed(tmp_path)
    settings = registry_settings.model_copy(
        update={
            "auth_token": __import__("pydantic").SecretStr("t0ken"),
            "tls_cert_file": cert,
            "tls_key_file": key,
        }
    )
    with ServerThread(lambda: build_server(settings)) as server:
        with Client(registry=server.address, token="t0ken", root_certificates=cert) as c:
            c.create_model("secure-model", task="text-generation")
            assert [m.name for m in c.list_models()] == ["secure-model"]
        for token in ("wrong", ""):
            c = Client(registry=server.address, token=token, root_certificates=cert)
            with pytest.raises(errors.Unauthenticated):
                c.list_models()
            c.close()
