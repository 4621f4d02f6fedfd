"""ListJobs paging over real gRPC: sizes, tokens followed to the end, the cap, bad input.

The jobs are written into the service's own job database (the service reads
it on every ListJobs), so no Ray cluster is needed to have many jobs.
"""

from __future__ import annotations

from typing import Any

import grpc
import pytest

from lmforge.services.training import jobs
from lmforge.services.training.jobs import JobStore
from lmforge.v1 import registry_pb2, training_pb2

N = 7
MAX_PAGE_SIZE = 1000  # what training.proto documents for ListJobs


def _jobs(training_server: Any, n: int) -> list[str]:
    """n jobs in the service's database; their ids newest first (ListJobs' order)."""
    store = JobStore.open(training_server.settings.database_url)
    try:
        spec = training_pb2.JobSpec(base_model="m", dataset="d").SerializeToString()
        ids = [store.create(spec, {"plan": i}, ("m", 1), ("d", 1))[0].id for i in range(n)]
        # One FAILED job, so the state filter has something to keep out.
        store.transition(ids[1], (jobs.QUEUED,), jobs.FAILED, "for the filter")
    finally:
        store.close()
    return ids[::-1]


def _follow(stub: Any, size: int, state: int = 0) -> tuple[list[str], list[int]]:
    ids: list[str] = []
    lengths: list[int] = []
    token = ""
    while True:
        req = training_pb2.ListJobsRequest(page_size=size, page_token=token, state=state)  # type: ignore[arg-type]
        reply = stub.ListJobs(req)
        ids += [j.id for j in reply.jobs]
        lengths.append(len(reply.jobs))
        token = reply.next_page_token
        if not token:
            return ids, lengths
        assert len(lengths) <= N + 1, "pages never end"


def test_following_tokens_gives_every_job_newest_first(
    training_server: Any, training_stub: Any
) -> None:
    want = _jobs(training_server, N)
    for size in range(1, N + 2):
        ids, lengths = _follow(training_stub, size)
        assert ids == want, size
        full, rest = divmod(N, size)
        assert lengths == [size] * full + ([rest] if rest else []), (size, lengths)
    assert _follow(training_stub, 0) == (want, [N])  # 0: the default page (50)
    queued = [i for i in want if i != want[-2]]
    assert _follow(training_stub, 2, training_pb2.JOB_STATE_QUEUED)[0] == queued
    assert _follow(training_stub, 2, training_pb2.JOB_STATE_FAILED)[0] == [want[-2]]


def test_page_size_is_capped(training_server: Any, training_stub: Any) -> None:
    want = _jobs(training_server, MAX_PAGE_SIZE + 1)
    for asked in (MAX_PAGE_SIZE + 1, 2**31 - 1):
        first = training_stub.ListJobs(training_pb2.ListJobsRequest(page_size=asked))
        assert [j.id for j in first.jobs] == want[:MAX_PAGE_SIZE] and first.next_page_token
        rest = training_stub.ListJobs(
            training_pb2.ListJobsRequest(page_size=asked, page_token=first.next_page_token)
        )
        assert [j.id for j in rest.jobs] == want[MAX_PAGE_SIZE:] and not rest.next_page_token
    default = training_stub.ListJobs(training_pb2.ListJobsRequest())
    assert [j.id for j in default.jobs] == want[:50]


def _refused(stub: Any, field: str, **kw: Any) -> None:
    with pytest.raises(grpc.RpcError) as info:
        stub.ListJobs(training_pb2.ListJobsRequest(**kw))
    assert info.value.code() == grpc.StatusCode.INVALID_ARGUMENT, info.value.details()
    assert field in info.value.details(), info.value.details()


def test_negative_page_size_and_bad_tokens_are_invalid_argument(
    training_server: Any, training_stub: Any, registry_stub: Any
) -> None:
    _jobs(training_server, 3)
    for size in (-1, -(2**31)):
        _refused(training_stub, "page_size", page_size=size)
    _refused(training_stub, "state", state=99)  # a JobState this server lacks: not "all jobs"
    registry_stub.CreateModel(
        registry_pb2.CreateModelRequest(model=registry_pb2.Model(name="a", task="fill-mask"))
    )
    registry_stub.CreateModel(
        registry_pb2.CreateModelRequest(model=registry_pb2.Model(name="b", task="fill-mask"))
    )
    foreign = registry_stub.ListModels(registry_pb2.ListModelsRequest(page_size=1)).next_page_token
    assert foreign
    for token in ("garbage", "-1", "0", str(2**63), "1.5", foreign):
        _refused(training_stub, "page_token", page_token=token)
