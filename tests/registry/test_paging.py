"""Paging of every List RPC of the registry, over real gRPC.

For each List RPC: every page size gives back exactly the created set, in the
documented order, without duplicates, when next_page_token is followed until
it is empty; page_size is capped at the server's MAX_PAGE_SIZE; a token that
is garbage or came from another List RPC, and a negative page_size, are
INVALID_ARGUMENT naming the field.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import grpc
import pytest
from registry_helpers import rpc_error

from lmforge.services.registry.validate import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from lmforge.v1 import registry_pb2

pb = registry_pb2
C = grpc.StatusCode


@dataclass
class Lister:
    """One List RPC: how to call it, which reply field pages, and an item's key."""

    name: str
    call: Callable[[Any, int, str], Any]  # (stub, page_size, page_token) -> reply
    items: str
    key: Callable[[Any], Any]


LISTERS = {
    "ListModels": Lister(
        "ListModels",
        lambda s, n, t: s.ListModels(pb.ListModelsRequest(page_size=n, page_token=t)),
        "models",
        lambda m: m.name,
    ),
    "ListModelVersions": Lister(
        "ListModelVersions",
        lambda s, n, t: s.ListModelVersions(
            pb.ListModelVersionsRequest(model="m", page_size=n, page_token=t)
        ),
        "versions",
        lambda v: v.version,
    ),
    "ListDatasets": Lister(
        "ListDatasets",
        lambda s, n, t: s.ListDatasets(pb.ListDatasetsRequest(page_size=n, page_token=t)),
        "datasets",
        lambda d: d.name,
    ),
    "ListDatasetVersions": Lister(
        "ListDatasetVersions",
        lambda s, n, t: s.ListDatasetVersions(
            pb.ListDatasetVersionsRequest(dataset="d", page_size=n, page_token=t)
        ),
        "versions",
        lambda v: v.version,
    ),
}

N = 7  # items of each kind: pages of 1..N+1 cover full, partial and single pages


def test_every_paged_registry_rpc_is_covered_here() -> None:
    """A List RPC added to the proto without a paging test here fails this."""
    service = registry_pb2.DESCRIPTOR.services_by_name["RegistryService"]
    paged = {m.name for m in service.methods if "next_page_token" in m.output_type.fields_by_name}
    assert paged == set(LISTERS)


def _populate(stub: Any, n: int = N) -> dict[str, list[Any]]:
    """n models, n versions of model "m", n datasets, n versions of dataset "d".

    Returns each List RPC's expected keys in its documented order (names
    ascending, versions newest first). The names are created out of order so
    that listing in creation order would fail.
    """
    names = [f"m{i:02d}" for i in range(n - 1)]
    stub.CreateModel(pb.CreateModelRequest(model=pb.Model(name="m", task="text-generation")))
    for name in reversed(names):
        stub.CreateModel(pb.CreateModelRequest(model=pb.Model(name=name, task="text-generation")))
    for _ in range(n):
        stub.CreateModelVersion(pb.CreateModelVersionRequest(model="m"))
    datasets = [f"d{i:02d}" for i in range(n - 1)]
    stub.CreateDataset(pb.CreateDatasetRequest(dataset=pb.Dataset(name="d")))
    for name in reversed(datasets):
        stub.CreateDataset(pb.CreateDatasetRequest(dataset=pb.Dataset(name=name)))
    for _ in range(n):
        stub.CreateDatasetVersion(
            pb.CreateDatasetVersionRequest(dataset="d", format=pb.DATASET_FORMAT_JSONL)
        )
    return {
        "ListModels": sorted(["m", *names]),
        "ListModelVersions": list(range(n, 0, -1)),
        "ListDatasets": sorted(["d", *datasets]),
        "ListDatasetVersions": list(range(n, 0, -1)),
    }


def follow(stub: Any, lister: Lister, size: int) -> tuple[list[Any], list[int]]:
    """All keys over all pages, and each page's length."""
    keys: list[Any] = []
    lengths: list[int] = []
    token = ""
    while True:
        reply = lister.call(stub, size, token)
        page = [lister.key(x) for x in getattr(reply, lister.items)]
        keys += page
        lengths.append(len(page))
        token = reply.next_page_token
        if not token:
            return keys, lengths
        assert len(lengths) <= N + 1, f"{lister.name}: pages never end"


def test_following_tokens_gives_the_created_set_in_order(registry_stub: Any) -> None:
    expected = _populate(registry_stub)
    for name, lister in LISTERS.items():
        want = expected[name]
        assert len(want) == N
        for size in range(1, N + 2):
            keys, lengths = follow(registry_stub, lister, size)
            assert keys == want, f"{name} page_size={size}"
            # Full pages, then the remainder; never an empty last page (the
            # server reads size + 1 rows to know whether more exist).
            full, rest = divmod(N, size)
            assert lengths == [size] * full + ([rest] if rest else []), (name, size, lengths)
        # page_size 0 is the default (50), which holds everything in one page.
        keys, lengths = follow(registry_stub, lister, 0)
        assert keys == want and lengths == [N], name


def test_a_new_item_between_pages_is_not_duplicated(registry_stub: Any) -> None:
    """Keyset tokens: an insert behind the cursor neither repeats nor shifts later items."""
    _populate(registry_stub)
    lister = LISTERS["ListModels"]
    first = lister.call(registry_stub, 3, "")
    assert [m.name for m in first.models] == ["m", "m00", "m01"]
    registry_stub.CreateModel(pb.CreateModelRequest(model=pb.Model(name="a", task="fill-mask")))
    rest: list[str] = []
    token = first.next_page_token
    while token:
        reply = lister.call(registry_stub, 3, token)
        rest += [m.name for m in reply.models]
        token = reply.next_page_token
    assert rest == ["m02", "m03", "m04", "m05"]


def test_page_size_is_capped_at_the_server_maximum(registry_stub: Any) -> None:
    assert (DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE) == (50, 1000)  # what the proto documents
    stub = registry_stub
    stub.CreateModel(pb.CreateModelRequest(model=pb.Model(name="m", task="text-generation")))
    for _ in range(MAX_PAGE_SIZE + 1):
        stub.CreateModelVersion(pb.CreateModelVersionRequest(model="m"))
    lister = LISTERS["ListModelVersions"]
    for asked in (MAX_PAGE_SIZE, MAX_PAGE_SIZE + 1, 2**31 - 1):
        first = lister.call(stub, asked, "")
        assert [v.version for v in first.versions] == list(range(MAX_PAGE_SIZE + 1, 1, -1))
        assert first.next_page_token
        last = lister.call(stub, asked, first.next_page_token)
        assert [v.version for v in last.versions] == [1] and last.next_page_token == ""
    default = lister.call(stub, 0, "")
    assert len(default.versions) == DEFAULT_PAGE_SIZE and default.next_page_token


@pytest.mark.parametrize("name", sorted(LISTERS))
def test_negative_page_size_is_invalid_argument(registry_stub: Any, name: str) -> None:
    _populate(registry_stub, 2)
    lister = LISTERS[name]
    for size in (-1, -(2**31)):
        rpc_error(C.INVALID_ARGUMENT, lister.call, registry_stub, size, "", field="page_size")


def test_garbage_and_foreign_page_tokens_are_invalid_argument(registry_stub: Any) -> None:
    _populate(registry_stub, 3)
    # A real token of each List RPC (each has more than one page at size 1).
    tokens = {n: lst.call(registry_stub, 1, "").next_page_token for n, lst in LISTERS.items()}
    assert all(tokens.values())
    garbage = ["garbage!", "%%%", "eyJub3QiOiAidGhlIGtleSJ9", "3", "A" * 5000]
    for name, lister in LISTERS.items():
        for token in garbage:
            rpc_error(C.INVALID_ARGUMENT, lister.call, registry_stub, 1, token, field="page_token")
        # A token of a List RPC keyed the other way (name vs version number).
        by_name = name in ("ListModels", "ListDatasets")
        for other, token in tokens.items():
            if (other in ("ListModels", "ListDatasets")) != by_name:
                rpc_error(
                    C.INVALID_ARGUMENT, lister.call, registry_stub, 1, token, field="page_token"
                )
