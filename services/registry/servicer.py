"""gRPC surface of the registry service: decode, call the domain core, encode.

The core blocks (SQL, the minio SDK), so each call runs it on a worker thread;
errors are ``lmforge.errors`` exceptions that the server's interceptor maps to
status codes.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

import grpc

from lmforge.errors import Cancelled, InvalidArgument
from lmforge.v1 import registry_pb2 as pb
from lmforge.v1 import registry_pb2_grpc

from . import convert as cv
from .core import Registry
from .events import check_filter, check_resume
from .streams import ChunkFeed, iterate_in_thread, run_in_thread

T = TypeVar("T")
Ctx = grpc.aio.ServicerContext[Any, Any]


class RegistryServicer(registry_pb2_grpc.RegistryServiceServicer):
    def __init__(
        self,
        core: Registry,
        workers: int = 16,
        upload_buffer_bytes: int = 64 * 1024 * 1024,
        events_poll_s: float = 0.5,
    ) -> None:
        self.core = core
        self.upload_buffer_bytes = upload_buffer_bytes
        self.events_poll_s = events_poll_s
        self._pool = ThreadPoolExecutor(workers, thread_name_prefix="registry")

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)

    async def _run(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._pool, functools.partial(fn, *args, **kwargs))

    # ------------------------------------------------------------------ models

    async def CreateModel(self, request: pb.CreateModelRequest, context: Ctx) -> Any:
        m = request.model
        rec = await self._run(
            self.core.create_model, m.name, m.task, list(m.labels), m.description, dict(m.tags)
        )
        return pb.CreateModelResponse(model=cv.model_out(rec))

    async def GetModel(self, request: pb.GetModelRequest, context: Ctx) -> Any:
        rec = await self._run(self.core.get_model, request.name)
        return pb.GetModelResponse(model=cv.model_out(rec))

    async def ListModels(self, request: pb.ListModelsRequest, context: Ctx) -> Any:
        page = await self._run(
            self.core.list_models,
            request.page_size,
            request.page_token,
            request.task,
            request.tag,
        )
        return pb.ListModelsResponse(
            models=[cv.model_out(m) for m in page.items], next_page_token=page.next_page_token
        )

    async def UpdateModel(self, request: pb.UpdateModelRequest, context: Ctx) -> Any:
        paths = set(request.update_mask.paths) or {"description", "tags", "labels"}
        unknown = paths - {"description", "tags", "labels"}
        if unknown:
            raise InvalidArgument.field(
                "update_mask",
                f"cannot update {sorted(unknown)}; updatable: description, tags, labels",
            )
        m = request.model
        rec = await self._run(
            self.core.update_model,
            m.name,
            description=m.description if "description" in paths else None,
            tags=dict(m.tags) if "tags" in paths else None,
            labels=list(m.labels) if "labels" in paths else None,
        )
        return pb.UpdateModelResponse(model=cv.model_out(rec))

    async def DeleteModel(self, request: pb.DeleteModelRequest, context: Ctx) -> Any:
        n = await self._run(self.core.delete_model, request.name, request.force)
        return pb.DeleteModelResponse(deleted_versions=n)

    # ---------------------------------------------------------------- versions

    async def CreateModelVersion(self, request: pb.CreateModelVersionRequest, context: Ctx) -> Any:
        lineage = request.lineage
        rec = await self._run(
            self.core.create_model_version,
            request.model,
            format=cv.model_format_in(request.format),
            files=[cv.file_in(f) for f in request.files],
            base=cv.model_ref_in(lineage.base) if lineage.HasField("base") else None,
            parent=cv.model_ref_in(lineage.parent) if lineage.HasField("parent") else None,
            source_job_id=lineage.source_job_id,
            dataset=cv.dataset_ref_in(lineage.dataset) if lineage.HasField("dataset") else None,
            hyperparameters=dict(lineage.hyperparameters),
            metrics=dict(request.metrics),
            tags=dict(request.tags),
            description=request.description,
        )
        return pb.CreateModelVersionResponse(version=cv.model_version_out(rec))

    async def FinalizeModelVersion(
        self, request: pb.FinalizeModelVersionRequest, context: Ctx
    ) -> Any:
        rec = await run_in_thread(self.core.finalize_model_version, request.model, request.version)
        return pb.FinalizeModelVersionResponse(version=cv.model_version_out(rec))

    async def AbortModelVersion(self, request: pb.AbortModelVersionRequest, context: Ctx) -> Any:
        rec = await self._run(
            self.core.abort_model_version, request.model, request.version, request.reason
        )
        return pb.AbortModelVersionResponse(version=cv.model_version_out(rec))

    async def GetModelVersion(self, request: pb.GetModelVersionRequest, context: Ctx) -> Any:
        rec = await self._run(self.core.get_model_version, request.model, request.version)
        return pb.GetModelVersionResponse(version=cv.model_version_out(rec))

    async def ListModelVersions(self, request: pb.ListModelVersionsRequest, context: Ctx) -> Any:
        page = await self._run(
            self.core.list_model_versions,
            request.model,
            request.page_size,
            request.page_token,
            cv.state_in(request.state),
        )
        return pb.ListModelVersionsResponse(
            versions=[cv.model_version_out(v) for v in page.items],
            next_page_token=page.next_page_token,
        )

    async def DeleteModelVersion(self, request: pb.DeleteModelVersionRequest, context: Ctx) -> Any:
        n = await self._run(
            self.core.delete_model_version, request.model, request.version, request.force
        )
        return pb.DeleteModelVersionResponse(deleted_objects=n)

    # ----------------------------------------------------------------- aliases

    async def SetAlias(self, request: pb.SetAliasRequest, context: Ctx) -> Any:
        expected = request.expected_version if request.HasField("expected_version") else None
        model, previous = await self._run(
            self.core.set_alias, request.model, request.alias, request.version, expected
        )
        return pb.SetAliasResponse(model=cv.model_out(model), previous_version=previous)

    async def DeleteAlias(self, request: pb.DeleteAliasRequest, context: Ctx) -> Any:
        expected = request.expected_version if request.HasField("expected_version") else None
        previous = await self._run(self.core.delete_alias, request.model, request.alias, expected)
        return pb.DeleteAliasResponse(previous_version=previous)

    async def PromoteVersion(self, request: pb.PromoteVersionRequest, context: Ctx) -> Any:
        expected = request.expected_version if request.HasField("expected_version") else None
        r = await self._run(
            self.core.promote_version,
            request.model,
            request.version,
            request.alias,
            request.metric,
            request.greater_is_better,
            expected,
        )
        return pb.PromoteVersionResponse(
            decision=cv.promotion_out(r.figures), reason=r.reason, sequence=r.sequence
        )

    async def ReportDeployment(self, request: pb.ReportDeploymentRequest, context: Ctx) -> Any:
        if request.outcome not in (pb.DEPLOYMENT_OUTCOME_SWAPPED, pb.DEPLOYMENT_OUTCOME_FAILED):
            raise InvalidArgument.field("outcome", "must be SWAPPED or FAILED")
        seq = await self._run(
            self.core.report_deployment,
            request.model,
            request.alias,
            request.version,
            request.outcome == pb.DEPLOYMENT_OUTCOME_SWAPPED,
            request.server,
            request.reason,
        )
        return pb.ReportDeploymentResponse(sequence=seq)

    async def ResolveModel(self, request: pb.ResolveModelRequest, context: Ctx) -> Any:
        r = await self._run(self.core.resolve_model, request.reference)
        out = pb.ResolveModelResponse(
            model=cv.model_out(r.model), version=cv.model_version_out(r.version)
        )
        if r.base_model is not None and r.base_version is not None:
            out.base_model.CopyFrom(cv.model_out(r.base_model))
            out.base_version.CopyFrom(cv.model_version_out(r.base_version))
        return out

    # ------------------------------------------------------------------- files

    async def UploadFile(
        self, request_iterator: AsyncIterator[pb.UploadFileRequest], context: Ctx
    ) -> Any:
        stream = request_iterator.__aiter__()
        try:
            first = await stream.__anext__()
        except StopAsyncIteration:
            raise InvalidArgument.field(
                "header", "the stream is empty; send a header first"
            ) from None
        if first.WhichOneof("payload") != "header":
            raise InvalidArgument.field("header", "the first message must carry the header")
        target = cv.target_in(first.header.target, "header.target")
        entry = cv.file_in(first.header.file)
        feed = ChunkFeed(self.upload_buffer_bytes)

        def consume() -> Any:
            try:
                return self.core.upload(target, entry, feed, "header")
            finally:
                feed.finished()

        upload = asyncio.ensure_future(run_in_thread(consume))
        try:
            async for msg in stream:
                if msg.WhichOneof("payload") != "chunk":
                    feed.fail(
                        InvalidArgument.field("chunk", "only the first message may be a header")
                    )
                    break
                if len(msg.chunk) > feed.max_bytes:
                    feed.fail(
                        InvalidArgument.field(
                            "chunk",
                            f"{len(msg.chunk)} bytes in one message is more than this registry "
                            f"buffers per upload ({feed.max_bytes} bytes; upload_buffer_mb, "
                            "LMFORGE_REGISTRY_UPLOAD_BUFFER_MB): send smaller chunks",
                        )
                    )
                    break
                if not await feed.put(msg.chunk):
                    break  # the upload already failed; its error is the answer
            else:
                feed.close()
        except BaseException:
            # The client went away: stop the store write so nothing is completed.
            feed.fail(Cancelled("the client cancelled the upload"))
            upload.add_done_callback(lambda t: t.cancelled() or t.exception())
            raise
        stored = await upload
        return pb.UploadFileResponse(file=cv.file_out(stored))

    async def DownloadFile(
        self, request: pb.DownloadFileRequest, context: Ctx
    ) -> AsyncIterator[pb.DownloadFileResponse]:
        target = cv.target_in(request.target)
        entry, chunks = await self._run(self.core.download, target, request.path, request.offset)
        first = True
        async for chunk in iterate_in_thread(chunks):
            if first:
                yield pb.DownloadFileResponse(file=cv.file_out(entry), chunk=chunk)
                first = False
            else:
                yield pb.DownloadFileResponse(chunk=chunk)
        if first:  # an empty file (or offset at its end): still say what it is
            yield pb.DownloadFileResponse(file=cv.file_out(entry))

    async def GetUploadUrl(self, request: pb.GetUploadUrlRequest, context: Ctx) -> Any:
        url, expires = await self._run(
            self.core.upload_url,
            cv.target_in(request.target),
            cv.file_in(request.file),
            request.expires_in_seconds,
        )
        return pb.GetUploadUrlResponse(url=url, expire_time=cv.ts(expires))

    async def GetDownloadUrl(self, request: pb.GetDownloadUrlRequest, context: Ctx) -> Any:
        url, expires, entry = await self._run(
            self.core.download_url,
            cv.target_in(request.target),
            request.path,
            request.expires_in_seconds,
        )
        return pb.GetDownloadUrlResponse(
            url=url, expire_time=cv.ts(expires), file=cv.file_out(entry)
        )

    # ---------------------------------------------------------------- datasets

    async def CreateDataset(self, request: pb.CreateDatasetRequest, context: Ctx) -> Any:
        d = request.dataset
        rec = await self._run(self.core.create_dataset, d.name, d.description, dict(d.tags))
        return pb.CreateDatasetResponse(dataset=cv.dataset_out(rec))

    async def GetDataset(self, request: pb.GetDatasetRequest, context: Ctx) -> Any:
        rec = await self._run(self.core.get_dataset, request.name)
        return pb.GetDatasetResponse(dataset=cv.dataset_out(rec))

    async def ListDatasets(self, request: pb.ListDatasetsRequest, context: Ctx) -> Any:
        page = await self._run(self.core.list_datasets, request.page_size, request.page_token)
        return pb.ListDatasetsResponse(
            datasets=[cv.dataset_out(d) for d in page.items], next_page_token=page.next_page_token
        )

    async def DeleteDataset(self, request: pb.DeleteDatasetRequest, context: Ctx) -> Any:
        n = await self._run(self.core.delete_dataset, request.name, request.force)
        return pb.DeleteDatasetResponse(deleted_versions=n)

    async def CreateDatasetVersion(
        self, request: pb.CreateDatasetVersionRequest, context: Ctx
    ) -> Any:
        rec = await self._run(
            self.core.create_dataset_version,
            request.dataset,
            format=cv.dataset_format_in(request.format),
            files=[cv.file_in(f) for f in request.files],
            tags=dict(request.tags),
            description=request.description,
        )
        return pb.CreateDatasetVersionResponse(version=cv.dataset_version_out(rec))

    async def FinalizeDatasetVersion(
        self, request: pb.FinalizeDatasetVersionRequest, context: Ctx
    ) -> Any:
        rec = await run_in_thread(
            self.core.finalize_dataset_version, request.dataset, request.version
        )
        return pb.FinalizeDatasetVersionResponse(version=cv.dataset_version_out(rec))

    async def AbortDatasetVersion(
        self, request: pb.AbortDatasetVersionRequest, context: Ctx
    ) -> Any:
        rec = await self._run(
            self.core.abort_dataset_version, request.dataset, request.version, request.reason
        )
        return pb.AbortDatasetVersionResponse(version=cv.dataset_version_out(rec))

    async def GetDatasetVersion(self, request: pb.GetDatasetVersionRequest, context: Ctx) -> Any:
        rec = await self._run(self.core.get_dataset_version, request.dataset, request.version)
        return pb.GetDatasetVersionResponse(version=cv.dataset_version_out(rec))

    async def ListDatasetVersions(
        self, request: pb.ListDatasetVersionsRequest, context: Ctx
    ) -> Any:
        page = await self._run(
            self.core.list_dataset_versions,
            request.dataset,
            request.page_size,
            request.page_token,
            cv.state_in(request.state),
        )
        return pb.ListDatasetVersionsResponse(
            versions=[cv.dataset_version_out(v) for v in page.items],
            next_page_token=page.next_page_token,
        )

    async def DeleteDatasetVersion(
        self, request: pb.DeleteDatasetVersionRequest, context: Ctx
    ) -> Any:
        n = await self._run(self.core.delete_dataset_version, request.dataset, request.version)
        return pb.DeleteDatasetVersionResponse(deleted_objects=n)

    async def ResolveDataset(self, request: pb.ResolveDatasetRequest, context: Ctx) -> Any:
        dataset, version = await self._run(self.core.resolve_dataset, request.reference)
        return pb.ResolveDatasetResponse(
            dataset=cv.dataset_out(dataset), version=cv.dataset_version_out(version)
        )

    # ------------------------------------------------------------------ events

    async def WatchEvents(
        self, request: pb.WatchEventsRequest, context: Ctx
    ) -> AsyncIterator[pb.WatchEventsResponse]:
        kinds = check_filter(request.model, cv.event_kinds_in(request.kinds))
        top, pruned = await self._run(self.core.events_head)
        after = top
        if request.HasField("after_sequence"):
            after = request.after_sequence
            check_resume(after, top, pruned)
        loop = asyncio.get_running_loop()
        wake = asyncio.Event()

        def woken() -> None:  # called on the committing thread: wake us without a poll
            loop.call_soon_threadsafe(wake.set)

        remove = self.core.notifier.add(woken)
        try:
            yield pb.WatchEventsResponse(started=pb.WatchStarted(head_sequence=top))
            while True:
                wake.clear()
                found, after = await self._run(self.core.read_events, after, request.model, kinds)
                for e in found:
                    yield pb.WatchEventsResponse(event=cv.event_out(e))
                if not found:
                    # Other registry processes do not wake us: poll for theirs.
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(wake.wait(), self.events_poll_s)
        finally:
            remove()
