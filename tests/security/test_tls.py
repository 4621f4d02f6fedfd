"""TLS and a token everywhere: a TLS-only registry, inference loading from it, mutual TLS.

Real servers on 127.0.0.1, the real SeaweedFS, the tiny LM, the real SDK
client; the services reach the registry only through the shared registry
client (lmforge.services.core.registry_client).
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc
from pydantic import SecretStr

from certs import client_signed_by, self_signed
from lmforge import Client, errors
from lmforge.services.core.registry_client import registry_connection
from lmforge.services.inference.app import build_server as build_inference
from lmforge.services.inference.settings import InferenceSettings
from lmforge.services.registry.app import build_server as build_registry
from lmforge.v1 import inference_pb2 as pb
from lmforge.v1 import inference_pb2_grpc
from servers import ServerThread

TOKEN = "tls-test-token-0123456789"
AUTH = [("authorization", f"Bearer {TOKEN}")]


def _inference_settings(s3_server: Any, registry: Any, tmp: Path, **kw: Any) -> InferenceSettings:
    return InferenceSettings(
        port=0,
        storage_url=registry.settings.storage_url,
        s3_endpoint=s3_server.endpoint,
        s3_access_key=s3_server.access_key,
        s3_secret_key=s3_server.secret_key,
        cache_dir=str(tmp / f"cache-{uuid.uuid4().hex[:6]}"),
        registry_address=registry.address,
        auth_token=SecretStr(TOKEN),
        **kw,
    )


def _secure_inference(thread: ServerThread, ca: Path, **kw: Any) -> Any:
    creds = grpc.ssl_channel_credentials(root_certificates=ca.read_bytes(), **kw)
    channel = grpc.secure_channel(thread.address, creds)
    return channel, inference_pb2_grpc.InferenceServiceStub(channel)


def _start_registry(registry_settings: Any, **update: Any) -> ServerThread:
    settings = registry_settings.model_copy(update=update)
    thread = ServerThread(lambda: build_registry(settings))
    thread.settings = settings  # type: ignore[attr-defined]
    return thread.start()


def test_inference_loads_from_a_tls_only_registry_with_a_token(
    s3_server: Any, registry_settings: Any, tiny_causal_lm: Path, tmp_path: Path
) -> None:
    cert, key = self_signed(tmp_path)
    tls = {"tls_cert_file": cert, "tls_key_file": key}
    registry = _start_registry(registry_settings, auth_token=SecretStr(TOKEN), **tls)
    inference = plain = None
    try:
        with Client(registry=registry.address, token=TOKEN, root_certificates=cert) as c:
            c.push_model(tiny_causal_lm, "tiny-lm", task="text-generation")
        # Inference serves TLS itself and reaches the registry over TLS, verified by the CA file.
        inference = ServerThread(
            lambda: build_inference(
                _inference_settings(s3_server, registry, tmp_path, registry_ca_file=cert, **tls)
            )
        ).start()
        channel, stub = _secure_inference(inference, cert)
        loaded = stub.LoadModel(
            pb.LoadModelRequest(reference="tiny-lm:1", name="lm"), metadata=AUTH
        )
        assert loaded.model.state == pb.MODEL_STATE_READY
        assert (loaded.model.version.model, loaded.model.version.version) == ("tiny-lm", 1)
        reply = stub.Generate(
            pb.GenerateRequest(
                model="lm", prompt="hi", parameters=pb.GenerationParameters(max_new_tokens=3)
            ),
            metadata=AUTH,
        )
        assert reply.usage.completion_tokens == 3
        with pytest.raises(grpc.RpcError) as err:  # the token is still needed over TLS
            stub.ListLoadedModels(pb.ListLoadedModelsRequest())
        assert err.value.code() == grpc.StatusCode.UNAUTHENTICATED
        # Health stays open (no token) and answers each service by its full name.
        serving = health_pb2.HealthCheckResponse.SERVING
        health = health_pb2_grpc.HealthStub(channel)
        for name in ("", "lmforge.v1.InferenceService"):
            assert health.Check(health_pb2.HealthCheckRequest(service=name)).status == serving
        creds = grpc.ssl_channel_credentials(root_certificates=cert.read_bytes())
        with grpc.secure_channel(registry.address, creds) as reg_channel:
            reg_health = health_pb2_grpc.HealthStub(reg_channel)
            request = health_pb2.HealthCheckRequest(service="lmforge.v1.RegistryService")
            assert reg_health.Check(request).status == serving
        channel.close()
        # The registry serves TLS only: a plaintext registry client cannot load anything.
        plain = ServerThread(
            lambda: build_inference(_inference_settings(s3_server, registry, tmp_path))
        ).start()
        plain_stub = inference_pb2_grpc.InferenceServiceStub(grpc.insecure_channel(plain.address))
        with pytest.raises(grpc.RpcError) as err:
            plain_stub.LoadModel(
                pb.LoadModelRequest(reference="tiny-lm:1", name="lm"), metadata=AUTH, timeout=60
            )
        assert err.value.code() == grpc.StatusCode.UNAVAILABLE
    finally:
        for t in (plain, inference, registry):
            if t is not None:
                t.stop()


def test_mutual_tls_refuses_clients_without_a_certificate(
    s3_server: Any, registry_settings: Any, tiny_causal_lm: Path, tmp_path: Path
) -> None:
    ca, ca_key = self_signed(tmp_path)
    client_cert, client_key = client_signed_by(tmp_path, ca, ca_key)
    registry = _start_registry(
        registry_settings,
        auth_token=SecretStr(TOKEN),
        tls_cert_file=ca,
        tls_key_file=ca_key,
        tls_client_ca_file=ca,
    )
    inference = None
    try:
        # No client certificate: the handshake fails, no call gets through.
        bare = Client(registry=registry.address, token=TOKEN, root_certificates=ca, retries=0)
        with bare as c, pytest.raises(errors.Unavailable):
            c.list_models()
        with Client(
            registry=registry.address,
            token=TOKEN,
            root_certificates=ca,
            client_cert=client_cert,
            client_key=client_key,
        ) as c:
            c.push_model(tiny_causal_lm, "tiny-lm", task="text-generation")
            assert [m.name for m in c.list_models()] == ["tiny-lm"]
            assert "tls-test-token" not in repr(c.connection)
        # A service with the client certificate settings gets through; one without does not.
        with_cert = _inference_settings(
            s3_server,
            registry,
            tmp_path,
            registry_ca_file=ca,
            registry_client_cert_file=client_cert,
            registry_client_key_file=client_key,
        )
        inference = ServerThread(lambda: build_inference(with_cert)).start()
        stub = inference_pb2_grpc.InferenceServiceStub(grpc.insecure_channel(inference.address))
        loaded = stub.LoadModel(
            pb.LoadModelRequest(reference="tiny-lm:1", name="lm"), metadata=AUTH
        )
        assert loaded.model.state == pb.MODEL_STATE_READY
        # Training builds its registry client from the same shared code (no Ray here).
        from lmforge.services.core.registry_client import RegistryClient
        from lmforge.services.training.settings import TrainingSettings

        training = TrainingSettings(
            port=0,
            registry_address=registry.address,
            auth_token=SecretStr(TOKEN),
            registry_ca_file=ca,
            registry_client_cert_file=client_cert,
            registry_client_key_file=client_key,
        )
        client = RegistryClient(registry_connection(training))
        try:
            assert client.resolve_model("tiny-lm").version == 1
        finally:
            client.close()
        without = TrainingSettings(
            port=0,
            registry_address=registry.address,
            auth_token=SecretStr(TOKEN),
            registry_ca_file=ca,
        )
        client = RegistryClient(registry_connection(without), timeout=10)
        try:
            with pytest.raises(errors.Unavailable):
                client.resolve_model("tiny-lm")
        finally:
            client.close()
    finally:
        for t in (inference, registry):
            if t is not None:
                t.stop()


def test_service_registry_channel_without_tls_settings_stays_plaintext_and_warns(
    caplog: pytest.LogCaptureFixture,
) -> None:
    from lmforge.services.training.settings import TrainingSettings

    local = registry_connection(TrainingSettings(auth_token=SecretStr(TOKEN)))
    assert not local.tls and TOKEN not in repr(local)
    with caplog.at_level("WARNING"):
        remote = registry_connection(
            TrainingSettings(registry_address="10.9.8.7:50051", auth_token=SecretStr(TOKEN))
        )
    assert not remote.tls
    assert "in plaintext" in caplog.text
