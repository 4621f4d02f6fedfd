"""The shared server core: auth, TLS, error mapping, metrics, health, graceful stop.

A small servicer for a real lmforge contract (TrainingService) stands in for a
service here, so these tests exercise the core on its own; each method's
behaviour is chosen by the job id the client sends.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import threading
import urllib.request
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import grpc
import pytest
from google.rpc import error_details_pb2
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_status import rpc_status

from certs import self_signed
from lmforge import errors
from lmforge.services.core.seaweed import free_port
from lmforge.services.core.server import GrpcServer
from lmforge.services.core.settings import ServiceSettings
from lmforge.v1 import training_pb2, training_pb2_grpc
from servers import ServerThread

SERVICE = "lmforge.v1.TrainingService"
TOKEN = "a-long-enough-test-token"


class ProbeServicer(training_pb2_grpc.TrainingServiceServicer):
    def __init__(self) -> None:
        self.release = asyncio.Event()
        self.entered = threading.Event()

    async def GetJob(self, request: Any, context: Any) -> Any:
        if request.id == "missing":
            raise errors.NotFound("job 'missing' does not exist")
        if request.id == "bad":
            raise errors.InvalidArgument.field("id", "must be a UUID")
        if request.id == "bug":
            raise ZeroDivisionError("oops")
        if request.id == "slow":
            self.entered.set()
            await self.release.wait()
        return training_pb2.GetJobResponse(job=training_pb2.Job(id=request.id))

    async def WatchJob(self, request: Any, context: Any) -> AsyncIterator[Any]:
        for i in range(1, 1_000_000):
            yield training_pb2.WatchJobResponse(event=training_pb2.JobEvent(sequence=i))
            if i == 3:
                self.entered.set()
            await asyncio.sleep(0.01)


def _start(settings: ServiceSettings) -> tuple[ServerThread, ProbeServicer]:
    servicer = ProbeServicer()

    async def build() -> GrpcServer:
        server = GrpcServer(settings)
        server.add_service(
            SERVICE, training_pb2_grpc.add_TrainingServiceServicer_to_server, servicer
        )
        return server

    return ServerThread(build).start(), servicer


@pytest.fixture
def probe() -> Iterator[tuple[ServerThread, ProbeServicer]]:
    thread, servicer = _start(ServiceSettings(port=0, metrics_port=free_port()))
    yield thread, servicer
    thread.stop()


def stub(address: str) -> training_pb2_grpc.TrainingServiceStub:
    return training_pb2_grpc.TrainingServiceStub(grpc.insecure_channel(address))


def test_domain_errors_map_to_status_codes_with_field_violations(probe) -> None:  # type: ignore[no-untyped-def]
    thread, _ = probe
    s = stub(thread.address)
    assert s.GetJob(training_pb2.GetJobRequest(id="ok")).job.id == "ok"

    with pytest.raises(grpc.RpcError) as err:
        s.GetJob(training_pb2.GetJobRequest(id="missing"))
    assert err.value.code() == grpc.StatusCode.NOT_FOUND
    assert "does not exist" in err.value.details()

    with pytest.raises(grpc.RpcError) as err:
        s.GetJob(training_pb2.GetJobRequest(id="bad"))
    assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    status = rpc_status.from_call(err.value)
    bad = error_details_pb2.BadRequest()
    status.details[0].Unpack(bad)
    assert [(v.field, v.description) for v in bad.field_violations] == [("id", "must be a UUID")]
    # The SDK's translation keeps the violations.
    translated = errors.from_rpc_error(err.value)
    assert isinstance(translated, errors.InvalidArgument)
    assert translated.violations == [errors.FieldViolation("id", "must be a UUID")]

    with pytest.raises(grpc.RpcError) as err:
        s.GetJob(training_pb2.GetJobRequest(id="bug"))
    assert err.value.code() == grpc.StatusCode.INTERNAL
    assert "ZeroDivisionError" in err.value.details()


def test_unimplemented_methods_answer_unimplemented(probe) -> None:  # type: ignore[no-untyped-def]
    thread, _ = probe
    with pytest.raises(grpc.RpcError) as err:
        stub(thread.address).ListJobs(training_pb2.ListJobsRequest())
    assert err.value.code() == grpc.StatusCode.UNIMPLEMENTED


def test_metrics_count_calls_by_method_and_code(probe) -> None:  # type: ignore[no-untyped-def]
    thread, _ = probe
    s = stub(thread.address)
    s.GetJob(training_pb2.GetJobRequest(id="ok"))
    with pytest.raises(grpc.RpcError):
        s.GetJob(training_pb2.GetJobRequest(id="missing"))
    port = thread.server.metrics.port  # type: ignore[union-attr]
    body = urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics").read().decode()
    labels = 'method="GetJob",service="lmforge.v1.TrainingService"'
    ok = f'lmforge_rpc_requests_total{{code="OK",{labels}}}'
    nf = f'lmforge_rpc_requests_total{{code="NOT_FOUND",{labels}}}'
    assert ok in body and nf in body
    assert "lmforge_rpc_latency_seconds_bucket" in body


def test_health_and_reflection(probe) -> None:  # type: ignore[no-untyped-def]
    thread, _ = probe
    channel = grpc.insecure_channel(thread.address)
    reply = health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest())
    assert reply.status == health_pb2.HealthCheckResponse.SERVING
    from grpc_reflection.v1alpha import reflection_pb2, reflection_pb2_grpc

    refl = reflection_pb2_grpc.ServerReflectionStub(channel)
    responses = refl.ServerReflectionInfo(
        iter([reflection_pb2.ServerReflectionRequest(list_services="")])
    )
    names = {s.name for r in responses for s in r.list_services_response.service}
    assert SERVICE in names and "grpc.health.v1.Health" in names


def test_bearer_token_auth() -> None:
    thread, _ = _start(ServiceSettings(port=0, auth_token=TOKEN))
    try:
        s = stub(thread.address)
        with pytest.raises(grpc.RpcError) as err:
            s.GetJob(training_pb2.GetJobRequest(id="ok"))
        assert err.value.code() == grpc.StatusCode.UNAUTHENTICATED
        assert "authorization: Bearer" in err.value.details()
        with pytest.raises(grpc.RpcError) as err:
            s.GetJob(
                training_pb2.GetJobRequest(id="ok"), metadata=[("authorization", "Bearer nope")]
            )
        assert err.value.code() == grpc.StatusCode.UNAUTHENTICATED
        # Streaming calls are guarded too.
        with pytest.raises(grpc.RpcError) as err:
            next(iter(s.WatchJob(training_pb2.WatchJobRequest(id="x"))))
        assert err.value.code() == grpc.StatusCode.UNAUTHENTICATED
        good = [("authorization", f"Bearer {TOKEN}")]
        assert s.GetJob(training_pb2.GetJobRequest(id="ok"), metadata=good).job.id == "ok"
        # Health stays open for probes without credentials.
        health = health_pb2_grpc.HealthStub(grpc.insecure_channel(thread.address))
        assert health.Check(health_pb2.HealthCheckRequest()).status == 1
    finally:
        thread.stop()


def test_tls_round_trip(tmp_path: Path) -> None:
    cert, key = self_signed(tmp_path)
    thread, _ = _start(ServiceSettings(port=0, tls_cert_file=cert, tls_key_file=key))
    try:
        creds = grpc.ssl_channel_credentials(root_certificates=cert.read_bytes())
        s = training_pb2_grpc.TrainingServiceStub(grpc.secure_channel(thread.address, creds))
        assert s.GetJob(training_pb2.GetJobRequest(id="tls")).job.id == "tls"
        # A plaintext client cannot talk to the TLS port.
        with pytest.raises(grpc.RpcError) as err:
            stub(thread.address).GetJob(training_pb2.GetJobRequest(id="x"), timeout=3)
        assert err.value.code() == grpc.StatusCode.UNAVAILABLE
    finally:
        thread.stop()


def test_tls_needs_both_files(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="together"):
        ServiceSettings(tls_cert_file=tmp_path / "c.pem")


def test_graceful_stop_finishes_unary_calls_and_ends_streams() -> None:
    thread, servicer = _start(ServiceSettings(port=0))
    s = stub(thread.address)
    result: dict[str, Any] = {}

    def slow_call() -> None:
        result["reply"] = s.GetJob(training_pb2.GetJobRequest(id="slow"), timeout=30)

    caller = threading.Thread(target=slow_call)
    caller.start()
    assert servicer.entered.wait(10)
    servicer.entered.clear()
    stream = s.WatchJob(training_pb2.WatchJobRequest(id="x"), timeout=30)
    seen = [next(stream).event.sequence for _ in range(3)]
    assert seen == [1, 2, 3]

    stop = asyncio.run_coroutine_threadsafe(thread.server.stop(grace=5), thread.loop)  # type: ignore[union-attr]
    # New calls are refused once stopping has begun, while the old ones run on.
    health = health_pb2_grpc.HealthStub(grpc.insecure_channel(thread.address))
    drained = False
    deadline = dt.datetime.now() + dt.timedelta(seconds=5)
    while not drained and dt.datetime.now() < deadline:
        try:
            drained = health.Check(health_pb2.HealthCheckRequest(), timeout=1).status != 1
        except grpc.RpcError:
            drained = True
    assert drained, "health still SERVING after stop() began"
    thread.loop.call_soon_threadsafe(servicer.release.set)
    caller.join(10)
    assert result["reply"].job.id == "slow"  # the in-flight unary call completed
    # The stream ends with a status (CANCELLED at the end of the grace period), not a hang.
    with pytest.raises(grpc.RpcError) as err:
        for _ in stream:
            pass
    assert err.value.code() in (grpc.StatusCode.CANCELLED, grpc.StatusCode.UNAVAILABLE)
    stop.result(15)
    thread.loop.call_soon_threadsafe(thread.loop.stop)


def _reflection_names(channel: grpc.Channel, metadata: Any = None) -> set[str]:
    from grpc_reflection.v1alpha import reflection_pb2, reflection_pb2_grpc

    refl = reflection_pb2_grpc.ServerReflectionStub(channel)
    responses = refl.ServerReflectionInfo(
        iter([reflection_pb2.ServerReflectionRequest(list_services="")]),
        metadata=metadata,
        timeout=10,
    )
    return {s.name for r in responses for s in r.list_services_response.service}


def test_set_but_empty_or_short_token_refuses_to_start(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from lmforge.services.core.server import run_main

    async def never(settings: Any) -> GrpcServer:
        raise AssertionError("must not get as far as building a server")

    monkeypatch.setenv("LMFORGE_AUTH_TOKEN", "")
    with pytest.raises(SystemExit) as exit_:
        run_main(ServiceSettings, never, [])
    assert exit_.value.code == 2
    assert "LMFORGE_AUTH_TOKEN is set but empty" in capsys.readouterr().err
    for short in ("s3cret", " " * 20, "x" * 15):
        monkeypatch.setenv("LMFORGE_AUTH_TOKEN", short)
        with pytest.raises(ValueError, match="LMFORGE_AUTH_TOKEN"):
            ServiceSettings()
    monkeypatch.setenv("LMFORGE_AUTH_TOKEN", TOKEN)
    assert ServiceSettings().auth_token.get_secret_value() == TOKEN  # type: ignore[union-attr]
    monkeypatch.delenv("LMFORGE_AUTH_TOKEN")
    assert ServiceSettings().auth_token is None


def test_non_loopback_bind_needs_a_token_or_allow_unauthenticated(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from lmforge.services.core.server import run_main
    from lmforge.services.core.settings import parse_flags

    async def never(settings: Any) -> GrpcServer:
        raise AssertionError("must not get as far as building a server")

    for host in ("0.0.0.0", "::", "10.1.2.3", "example.org"):
        with pytest.raises(SystemExit):
            run_main(ServiceSettings, never, ["--host", host])
        assert f"refusing to bind {host} without an auth token" in capsys.readouterr().err
    for host in ("127.0.0.1", "127.0.0.5", "localhost", "::1"):
        assert ServiceSettings(host=host).host == host
    assert ServiceSettings(host="0.0.0.0", auth_token=TOKEN).auth_token is not None
    flags = parse_flags(ServiceSettings, ["--host", "0.0.0.0", "--allow-unauthenticated"])
    settings = ServiceSettings(**flags)
    assert settings.allow_unauthenticated and settings.host == "0.0.0.0"


def test_reflection_needs_the_token_health_does_not() -> None:
    thread, _ = _start(ServiceSettings(port=0, auth_token=TOKEN))
    try:
        channel = grpc.insecure_channel(thread.address)
        with pytest.raises(grpc.RpcError) as err:
            _reflection_names(channel)
        assert err.value.code() == grpc.StatusCode.UNAUTHENTICATED
        names = _reflection_names(channel, [("authorization", f"Bearer {TOKEN}")])
        assert SERVICE in names
        health = health_pb2_grpc.HealthStub(channel)
        reply = health.Check(health_pb2.HealthCheckRequest(service=SERVICE))
        assert reply.status == health_pb2.HealthCheckResponse.SERVING
    finally:
        thread.stop()


def test_health_answers_each_service_by_full_name(probe) -> None:  # type: ignore[no-untyped-def]
    thread, _ = probe
    health = health_pb2_grpc.HealthStub(grpc.insecure_channel(thread.address))
    for name in ("", SERVICE):
        reply = health.Check(health_pb2.HealthCheckRequest(service=name))
        assert reply.status == health_pb2.HealthCheckResponse.SERVING
    with pytest.raises(grpc.RpcError) as err:
        health.Check(health_pb2.HealthCheckRequest(service="lmforge.v1.NoSuchService"))
    assert err.value.code() == grpc.StatusCode.NOT_FOUND


def test_concurrent_rpc_limit_answers_resource_exhausted() -> None:
    thread, servicer = _start(ServiceSettings(port=0, max_concurrent_rpcs=1))
    try:
        s = stub(thread.address)
        slow = s.GetJob.future(training_pb2.GetJobRequest(id="slow"), timeout=30)
        assert servicer.entered.wait(10)  # the one allowed call is in flight, held
        with pytest.raises(grpc.RpcError) as err:
            s.GetJob(training_pb2.GetJobRequest(id="ok"), timeout=10)
        assert err.value.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
        assert "limit of 1 concurrent calls" in err.value.details()
        assert "max_concurrent_rpcs" in err.value.details()
        with pytest.raises(grpc.RpcError) as err:
            next(iter(s.WatchJob(training_pb2.WatchJobRequest(id="x"), timeout=10)))
        assert err.value.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
        # Health is not counted: probes still answer while the service is full.
        health = health_pb2_grpc.HealthStub(grpc.insecure_channel(thread.address))
        assert health.Check(health_pb2.HealthCheckRequest()).status == 1
        thread.loop.call_soon_threadsafe(servicer.release.set)
        assert slow.result(10).job.id == "slow"
        # The slot is free again once the call ended.
        assert s.GetJob(training_pb2.GetJobRequest(id="ok"), timeout=10).job.id == "ok"
    finally:
        thread.stop()
