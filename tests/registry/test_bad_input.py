"""Every refusal: the right status code, a message naming the field, and nothing written."""

from __future__ import annotations

import http.client
import urllib.parse
from collections.abc import Iterator

import grpc
import pytest
from registry_helpers import keys_under, rpc_error, sha, store_of, violation_fields

from lmforge import registry_transfer
from lmforge.v1 import common_pb2, registry_pb2

pb = registry_pb2
C = grpc.StatusCode


def _model(stub, name: str = "m", task: str = "text-generation", labels=()) -> None:  # type: ignore[no-untyped-def]
    stub.CreateModel(pb.CreateModelRequest(model=pb.Model(name=name, task=task, labels=labels)))


def _version(stub, model: str = "m", **kw) -> int:  # type: ignore[no-untyped-def]
    return stub.CreateModelVersion(pb.CreateModelVersionRequest(model=model, **kw)).version.version


def _upload_requests(
    target: pb.ArtifactTarget, path: str, size: int, digest: str, data: bytes
) -> Iterator[pb.UploadFileRequest]:
    yield pb.UploadFileRequest(
        header=pb.UploadFileHeader(
            target=target, file=common_pb2.FileEntry(path=path, size_bytes=size, sha256=digest)
        )
    )
    for i in range(0, len(data), 1000):
        yield pb.UploadFileRequest(chunk=data[i : i + 1000])


def test_model_names_tasks_and_labels_are_checked(registry_stub) -> None:
    stub = registry_stub
    create = stub.CreateModel
    for name in ("Bad Name", "-leading", "a/b", "", "x" * 129):
        err = rpc_error(
            C.INVALID_ARGUMENT,
            create,
            pb.CreateModelRequest(model=pb.Model(name=name, task="text-generation")),
            field="model.name",
        )
        assert violation_fields(err) == ["model.name"]
    rpc_error(
        C.INVALID_ARGUMENT,
        create,
        pb.CreateModelRequest(model=pb.Model(name="ok", task="text-summoning")),
        field="model.task",
    )
    rpc_error(
        C.INVALID_ARGUMENT,
        create,
        pb.CreateModelRequest(model=pb.Model(name="ok", task="text-generation", labels=["a"])),
        field="model.labels",
    )
    rpc_error(
        C.INVALID_ARGUMENT,
        create,
        pb.CreateModelRequest(
            model=pb.Model(name="ok", task="text-classification", labels=["a", "a"])
        ),
        field="model.labels",
    )
    assert list(stub.ListModels(pb.ListModelsRequest()).models) == []

    # An alias of a pipeline task is stored under its canonical name.
    stub.CreateModel(pb.CreateModelRequest(model=pb.Model(name="ok", task="sentiment-analysis")))
    assert stub.GetModel(pb.GetModelRequest(name="ok")).model.task == "text-classification"
    rpc_error(
        C.ALREADY_EXISTS,
        create,
        pb.CreateModelRequest(model=pb.Model(name="ok", task="text-generation")),
        field="ok",
    )
    rpc_error(C.NOT_FOUND, stub.GetModel, pb.GetModelRequest(name="nope"), field="nope")
    rpc_error(
        C.INVALID_ARGUMENT,
        stub.ListModels,
        pb.ListModelsRequest(page_token="garbage!"),
        field="page_token",
    )
    rpc_error(
        C.INVALID_ARGUMENT,
        stub.UpdateModel,
        pb.UpdateModelRequest(
            model=pb.Model(name="ok"),
            update_mask={"paths": ["task"]},  # type: ignore[arg-type]
        ),
        field="update_mask",
    )


@pytest.mark.parametrize(
    ("entry", "field"),
    [
        (common_pb2.FileEntry(path="../escape", size_bytes=1, sha256="0" * 64), "files[0].path"),
        (common_pb2.FileEntry(path="/etc/passwd", size_bytes=1, sha256="0" * 64), "files[0].path"),
        (common_pb2.FileEntry(path="a/./b", size_bytes=1, sha256="0" * 64), "files[0].path"),
        (common_pb2.FileEntry(path="ok", size_bytes=-5, sha256="0" * 64), "files[0].size_bytes"),
        (common_pb2.FileEntry(path="ok", size_bytes=1, sha256="xyz"), "files[0].sha256"),
        (common_pb2.FileEntry(path="ok", size_bytes=1, sha256="A" * 64), "files[0].sha256"),
    ],
)
def test_bad_file_entries_create_no_version(registry_stub, entry, field) -> None:  # type: ignore[no-untyped-def]
    _model(registry_stub)
    err = rpc_error(
        C.INVALID_ARGUMENT,
        registry_stub.CreateModelVersion,
        pb.CreateModelVersionRequest(model="m", files=[entry]),
        field=field,
    )
    assert violation_fields(err) == [field]
    # Nothing written: no version, and the number 1 is still free.
    assert registry_stub.GetModel(pb.GetModelRequest(name="m")).model.latest_version == 0
    assert _version(registry_stub) == 1


def test_bad_uploads_leave_nothing(registry_server, registry_stub) -> None:
    stub = registry_stub
    store = store_of(registry_server)
    _model(stub)
    v = _version(stub)
    target = registry_transfer.model_target("m", v)
    data = b"x" * 5000

    # Wrong hash: refused after streaming, and the object is removed again.
    err = rpc_error(
        C.INVALID_ARGUMENT,
        stub.UploadFile,
        _upload_requests(target, "w.bin", len(data), sha(b"other"), data),
        field="header.file.sha256",
    )
    assert "discarded" in err.details()
    # Too few and too many bytes.
    rpc_error(
        C.INVALID_ARGUMENT,
        stub.UploadFile,
        _upload_requests(target, "w.bin", len(data) + 1, sha(data), data),
        field="header.file.size_bytes",
    )
    rpc_error(
        C.INVALID_ARGUMENT,
        stub.UploadFile,
        _upload_requests(target, "w.bin", len(data) - 1, sha(data), data),
        field="header.file.size_bytes",
    )
    # Paths that escape, bad headers, unknown targets.
    rpc_error(
        C.INVALID_ARGUMENT,
        stub.UploadFile,
        _upload_requests(target, "../../x", len(data), sha(data), data),
        field="header.file.path",
    )
    rpc_error(
        C.INVALID_ARGUMENT,
        stub.UploadFile,
        _upload_requests(target, "a", -1, sha(data), data),
        field="header.file.size_bytes",
    )
    rpc_error(
        C.INVALID_ARGUMENT,
        stub.UploadFile,
        iter([pb.UploadFileRequest(chunk=b"no header")]),
        field="header",
    )
    rpc_error(
        C.INVALID_ARGUMENT,
        stub.UploadFile,
        _upload_requests(pb.ArtifactTarget(), "a", len(data), sha(data), data),
        field="header.target",
    )
    rpc_error(
        C.NOT_FOUND,
        stub.UploadFile,
        _upload_requests(registry_transfer.model_target("m", 99), "a", len(data), sha(data), data),
        field="99",
    )
    assert keys_under(store, "") == []
    got = stub.GetModelVersion(pb.GetModelVersionRequest(model="m", version=v)).version
    assert list(got.files) == [] and got.state == pb.VERSION_STATE_PENDING

    # A good upload works, then the version is READY and refuses more files.
    stub.UploadFile(_upload_requests(target, "w.bin", len(data), sha(data), data))
    stub.FinalizeModelVersion(pb.FinalizeModelVersionRequest(model="m", version=v))
    err = rpc_error(
        C.FAILED_PRECONDITION,
        stub.UploadFile,
        _upload_requests(target, "w.bin", 3, sha(b"new"), b"new"),
        field="READY",
    )
    prefix = stub.GetModelVersion(pb.GetModelVersionRequest(model="m", version=v)).version
    key = prefix.storage_prefix + "w.bin"
    assert keys_under(store, "") == [key]
    assert b"".join(store.get(key)) == data


def test_finalize_refuses_missing_and_mismatched_files(registry_server, registry_stub) -> None:
    stub = registry_stub
    _model(stub)
    good, bad = b"good bytes", b"bad bytes"
    v = _version(
        stub,
        files=[
            common_pb2.FileEntry(path="config.json", size_bytes=len(good), sha256=sha(good)),
            common_pb2.FileEntry(path="weights.bin", size_bytes=len(good), sha256=sha(good)),
            common_pb2.FileEntry(path="extra.txt", size_bytes=len(bad), sha256=sha(good)),
        ],
    )
    target = registry_transfer.model_target("m", v)
    stub.UploadFile(_upload_requests(target, "config.json", len(good), sha(good), good))
    # Bytes that differ from the declaration reach the store through a presigned PUT.
    url = stub.GetUploadUrl(
        pb.GetUploadUrlRequest(
            target=target,
            file=common_pb2.FileEntry(path="extra.txt", size_bytes=len(bad), sha256=sha(good)),
        )
    ).url
    _put(url, bad)
    err = rpc_error(
        C.FAILED_PRECONDITION,
        stub.FinalizeModelVersion,
        pb.FinalizeModelVersionRequest(model="m", version=v),
    )
    assert "files[weights.bin] is missing" in err.details()
    assert "files[extra.txt] has SHA-256" in err.details()
    assert sorted(violation_fields(err)) == ["files[extra.txt]", "files[weights.bin]"]
    got = stub.GetModelVersion(pb.GetModelVersionRequest(model="m", version=v)).version
    assert got.state == pb.VERSION_STATE_PENDING  # nothing changed: fix the files and retry
    # Nothing was published or removed: the staged bytes stay in staging.
    root = got.storage_prefix.removesuffix("files/")
    assert keys_under(store_of(registry_server), root) == [
        f"{root}files/config.json",
        f"{root}staging/extra.txt",
    ]
    rpc_error(C.NOT_FOUND, stub.ResolveModel, pb.ResolveModelRequest(reference="m"), field="READY")
    # A version with no files at all cannot be finalized either.
    empty = _version(stub)
    rpc_error(
        C.FAILED_PRECONDITION,
        stub.FinalizeModelVersion,
        pb.FinalizeModelVersionRequest(model="m", version=empty),
        field="files",
    )


def _put(url: str, data: bytes) -> int:
    parts = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    conn.request("PUT", parts.path + "?" + parts.query, body=data)
    status = conn.getresponse().status
    conn.close()
    return status


def test_adapter_base_rules(registry_stub, tmp_path) -> None:  # type: ignore[no-untyped-def]
    stub = registry_stub
    _model(stub, "base")
    _model(stub, "embedder", task="feature-extraction")
    _model(stub, "clf", task="text-classification", labels=["neg", "pos"])
    _model(stub, "lora")
    folder = tmp_path / "w"
    folder.mkdir()
    (folder / "config.json").write_text("{}")
    for name, task in (("base", "text-generation"), ("embedder", "feature-extraction")):
        registry_transfer.push_model_folder(stub, name, folder, task=task, create_model=False)
    pending = _version(stub, "base")
    adapter = pb.MODEL_FORMAT_PEFT_ADAPTER

    def create(base: str, version: int, fmt: int = adapter) -> pb.CreateModelVersionRequest:
        return pb.CreateModelVersionRequest(
            model="lora",
            format=fmt,
            lineage=pb.Lineage(base=common_pb2.ModelVersionKey(model=base, version=version)),
        )

    rpc_error(
        C.INVALID_ARGUMENT,
        stub.CreateModelVersion,
        pb.CreateModelVersionRequest(model="lora", format=adapter),
        field="lineage.base",
    )
    rpc_error(C.INVALID_ARGUMENT, stub.CreateModelVersion, create("embedder", 1), field="task")
    rpc_error(C.FAILED_PRECONDITION, stub.CreateModelVersion, create("base", pending))
    rpc_error(C.NOT_FOUND, stub.CreateModelVersion, create("base", 42), field="lineage.base")
    rpc_error(C.NOT_FOUND, stub.CreateModelVersion, create("ghost", 1), field="lineage.base")
    # A classifier adapter cannot sit on a causal LM's model entry (task mismatch).
    _model(stub, "clf-lora", task="text-classification")
    rpc_error(
        C.INVALID_ARGUMENT,
        stub.CreateModelVersion,
        pb.CreateModelVersionRequest(
            model="clf-lora",
            format=adapter,
            lineage=pb.Lineage(base=common_pb2.ModelVersionKey(model="base", version=1)),
        ),
        field="task",
    )
    # A full model version cannot claim a base.
    rpc_error(
        C.INVALID_ARGUMENT,
        stub.CreateModelVersion,
        create("base", 1, pb.MODEL_FORMAT_HF_FOLDER),
        field="lineage.base",
    )
    assert stub.GetModel(pb.GetModelRequest(name="lora")).model.latest_version == 0
    # A PEFT version needs adapter_config.json before it can become READY.
    v = stub.CreateModelVersion(create("base", 1)).version.version
    target = registry_transfer.model_target("lora", v)
    registry_transfer.upload_file(stub, target, folder / "config.json", "weights.bin")
    rpc_error(
        C.FAILED_PRECONDITION,
        stub.FinalizeModelVersion,
        pb.FinalizeModelVersionRequest(model="lora", version=v),
        field="adapter_config.json",
    )


def test_references_aliases_and_deletes(registry_stub, tmp_path) -> None:  # type: ignore[no-untyped-def]
    stub = registry_stub
    folder = tmp_path / "w"
    folder.mkdir()
    (folder / "config.json").write_text("{}")
    registry_transfer.push_model_folder(stub, "m", folder, task="text-generation")
    pending = _version(stub)
    for ref in ("", "m:abc", "m:0", "M", "m@Bad Alias"):
        rpc_error(
            C.INVALID_ARGUMENT,
            stub.ResolveModel,
            pb.ResolveModelRequest(reference=ref),
            field="reference",
        )
    rpc_error(C.NOT_FOUND, stub.ResolveModel, pb.ResolveModelRequest(reference="m:7"), field="7")
    rpc_error(
        C.NOT_FOUND, stub.ResolveModel, pb.ResolveModelRequest(reference="m@prod"), field="prod"
    )
    rpc_error(
        C.FAILED_PRECONDITION,
        stub.ResolveModel,
        pb.ResolveModelRequest(reference=f"m:{pending}"),
        field="PENDING",
    )
    rpc_error(
        C.FAILED_PRECONDITION,
        stub.SetAlias,
        pb.SetAliasRequest(model="m", alias="prod", version=pending),
        field="READY",
    )
    rpc_error(
        C.INVALID_ARGUMENT,
        stub.SetAlias,
        pb.SetAliasRequest(model="m", alias="Prod!", version=1),
        field="alias",
    )
    rpc_error(
        C.NOT_FOUND,
        stub.SetAlias,
        pb.SetAliasRequest(model="m", alias="prod", version=9),
        field="9",
    )
    rpc_error(
        C.NOT_FOUND, stub.DeleteAlias, pb.DeleteAliasRequest(model="m", alias="prod"), field="prod"
    )
    assert dict(stub.GetModel(pb.GetModelRequest(name="m")).model.aliases) == {}
    err = rpc_error(C.FAILED_PRECONDITION, stub.DeleteModel, pb.DeleteModelRequest(name="m"))
    assert "force" in err.details()
    assert stub.GetModel(pb.GetModelRequest(name="m")).model.latest_version == 2


def test_dataset_bad_input(registry_stub, tmp_path) -> None:  # type: ignore[no-untyped-def]
    stub = registry_stub
    rpc_error(
        C.INVALID_ARGUMENT,
        stub.CreateDataset,
        pb.CreateDatasetRequest(dataset=pb.Dataset(name="Bad/Name")),
        field="dataset.name",
    )
    rpc_error(
        C.NOT_FOUND,
        stub.CreateDatasetVersion,
        pb.CreateDatasetVersionRequest(dataset="nope"),
        field="nope",
    )
    stub.CreateDataset(pb.CreateDatasetRequest(dataset=pb.Dataset(name="d")))
    rpc_error(
        C.INVALID_ARGUMENT,
        stub.CreateDatasetVersion,
        pb.CreateDatasetVersionRequest(
            dataset="d",
            files=[common_pb2.FileEntry(path="rows.txt", size_bytes=1, sha256="0" * 64)],
        ),
        field="files[0].path",
    )
    # A file that claims to be Parquet but is not: finalize refuses, version stays PENDING.
    fake = tmp_path / "rows.parquet"
    fake.write_text("not,parquet\n1,2\n")
    with pytest.raises(grpc.RpcError) as e:
        registry_transfer.push_dataset_file(stub, "d", fake)
    assert e.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    assert "rows.parquet" in e.value.details() and "PARQUET" in e.value.details()
    # The helper aborted the failed push: the version is FAILED, its bytes gone.
    failed = stub.GetDatasetVersion(pb.GetDatasetVersionRequest(dataset="d", version=1)).version
    assert failed.state == pb.VERSION_STATE_FAILED
    rpc_error(
        C.INVALID_ARGUMENT,
        stub.ResolveDataset,
        pb.ResolveDatasetRequest(reference="d@prod"),
        field="reference",
    )
    rpc_error(
        C.NOT_FOUND, stub.ResolveDataset, pb.ResolveDatasetRequest(reference="d"), field="READY"
    )


def _token(after: object) -> str:
    import base64
    import json

    return base64.urlsafe_b64encode(json.dumps({"after": after}).encode()).decode()


def test_hostile_page_tokens_are_invalid_argument(registry_stub) -> None:  # type: ignore[no-untyped-def]
    stub = registry_stub
    _model(stub)
    for after in (10**30, -1, True, 1.5, "x", None, [1]):
        rpc_error(
            C.INVALID_ARGUMENT,
            stub.ListModelVersions,
            pb.ListModelVersionsRequest(model="m", page_token=_token(after)),
            field="page_token",
        )
    for after in (10**30, True, "x" * 5000):
        rpc_error(
            C.INVALID_ARGUMENT,
            stub.ListModels,
            pb.ListModelsRequest(page_token=_token(after)),
            field="page_token",
        )
    rpc_error(
        C.INVALID_ARGUMENT,
        stub.ListModels,
        pb.ListModelsRequest(page_token="A" * 100_000),
        field="page_token",
    )
    assert stub.ListModelVersions(pb.ListModelVersionsRequest(model="m")).versions == []


def test_declared_size_over_the_s3_limit_is_invalid_argument(registry_stub) -> None:  # type: ignore[no-untyped-def]
    stub = registry_stub
    _model(stub)
    huge = 5 * 1024**4 + 1
    err = rpc_error(
        C.INVALID_ARGUMENT,
        stub.CreateModelVersion,
        pb.CreateModelVersionRequest(
            model="m",
            files=[common_pb2.FileEntry(path="w.bin", size_bytes=huge, sha256=sha(b""))],
        ),
        field="files[0].size_bytes",
    )
    assert violation_fields(err) == ["files[0].size_bytes"]
    v = _version(stub)
    target = registry_transfer.model_target("m", v)
    entry = common_pb2.FileEntry(path="w.bin", size_bytes=huge, sha256=sha(b""))
    rpc_error(
        C.INVALID_ARGUMENT,
        stub.GetUploadUrl,
        pb.GetUploadUrlRequest(target=target, file=entry),
        field="file.size_bytes",
    )
    rpc_error(
        C.INVALID_ARGUMENT,
        stub.UploadFile,
        iter([pb.UploadFileRequest(header=pb.UploadFileHeader(target=target, file=entry))]),
        field="header.file.size_bytes",
    )
    got = stub.GetModelVersion(pb.GetModelVersionRequest(model="m", version=v)).version
    assert list(got.files) == []


def test_a_file_and_a_folder_of_the_same_name_are_invalid_argument(registry_stub) -> None:  # type: ignore[no-untyped-def]
    stub = registry_stub
    _model(stub)
    d = b"x"
    rpc_error(
        C.INVALID_ARGUMENT,
        stub.CreateModelVersion,
        pb.CreateModelVersionRequest(
            model="m",
            files=[
                common_pb2.FileEntry(path="a", size_bytes=1, sha256=sha(d)),
                common_pb2.FileEntry(path="a/b", size_bytes=1, sha256=sha(d)),
            ],
        ),
        field="files[0].path",
    )
    v = _version(stub)
    target = registry_transfer.model_target("m", v)
    stub.UploadFile(_upload_requests(target, "a", 1, sha(d), d))
    rpc_error(
        C.INVALID_ARGUMENT,
        stub.UploadFile,
        _upload_requests(target, "a/b", 1, sha(d), d),
        field="header.file.path",
    )
    rpc_error(
        C.INVALID_ARGUMENT,
        stub.GetUploadUrl,
        pb.GetUploadUrlRequest(
            target=target, file=common_pb2.FileEntry(path="a/b/c", size_bytes=1, sha256=sha(d))
        ),
        field="file.path",
    )
    got = stub.GetModelVersion(pb.GetModelVersionRequest(model="m", version=v)).version
    assert [f.path for f in got.files] == ["a"]


@pytest.fixture
def small_registry(registry_settings):  # type: ignore[no-untyped-def]
    from lmforge.services.registry.app import build_server
    from servers import ServerThread

    settings = registry_settings.model_copy(update={"max_file_bytes": 4000, "upload_buffer_mb": 1})
    with ServerThread(lambda: build_server(settings)) as server:
        channel = grpc.insecure_channel(
            server.address, options=[("grpc.max_send_message_length", 8 * 1024 * 1024)]
        )
        yield pb_grpc().RegistryServiceStub(channel)
        channel.close()


def pb_grpc():  # type: ignore[no-untyped-def]
    from lmforge.v1 import registry_pb2_grpc

    return registry_pb2_grpc


def test_configured_upload_limits(small_registry) -> None:  # type: ignore[no-untyped-def]
    stub = small_registry
    _model(stub)
    v = _version(stub)
    target = registry_transfer.model_target("m", v)
    big = b"b" * 4001
    err = rpc_error(
        C.INVALID_ARGUMENT,
        stub.UploadFile,
        _upload_requests(target, "big.bin", len(big), sha(big), big),
        field="header.file.size_bytes",
    )
    assert "4000 bytes" in err.details() and "max_file_bytes" in err.details()
    # One message larger than the per-upload buffer (1 MiB) is refused, naming it.
    data = b"c" * 3000
    header = pb.UploadFileRequest(
        header=pb.UploadFileHeader(
            target=target,
            file=common_pb2.FileEntry(path="c.bin", size_bytes=3000, sha256=sha(data)),
        )
    )
    rpc_error(
        C.INVALID_ARGUMENT,
        stub.UploadFile,
        iter([header, pb.UploadFileRequest(chunk=b"z" * (2 * 1024 * 1024))]),
        field="upload_buffer_mb",
    )
    # Within the limits the same upload works.
    stub.UploadFile(_upload_requests(target, "c.bin", len(data), sha(data), data))
    got = stub.GetModelVersion(pb.GetModelVersionRequest(model="m", version=v)).version
    assert [f.path for f in got.files] == ["c.bin"]
