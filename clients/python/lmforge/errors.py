"""One exception hierarchy for lmforge, shared by the services and the SDK.

The services' domain cores raise these; one interceptor on the server turns
them into gRPC status codes (``lmforge.services.core.errors``), and the SDK
turns status codes back into the same classes (``from_rpc_error``). So a
caller sees ``lmforge.errors.NotFound`` whether it called the domain core
in-process or a service over the network.
"""

from __future__ import annotations

from dataclasses import dataclass

import grpc


@dataclass(frozen=True)
class FieldViolation:
    """One bad field of a request: which field, and what is wrong with it."""

    field: str
    description: str


class LmforgeError(Exception):
    """Base class. ``code`` is the gRPC status the error maps to."""

    code: grpc.StatusCode = grpc.StatusCode.UNKNOWN

    def __init__(self, message: str, *, violations: list[FieldViolation] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.violations: list[FieldViolation] = list(violations or [])

    def __str__(self) -> str:
        return self.message


class InvalidArgument(LmforgeError):
    """The request is malformed; ``violations`` name the fields."""

    code = grpc.StatusCode.INVALID_ARGUMENT

    @classmethod
    def field(cls, field: str, description: str) -> InvalidArgument:
        """An error about one field, with the field named in the message."""
        return cls(f"{field}: {description}", violations=[FieldViolation(field, description)])


class NotFound(LmforgeError):
    """The named resource does not exist."""

    code = grpc.StatusCode.NOT_FOUND


class AlreadyExists(LmforgeError):
    """A resource with that name exists already."""

    code = grpc.StatusCode.ALREADY_EXISTS


class FailedPrecondition(LmforgeError):
    """The system is not in a state where the request can run."""

    code = grpc.StatusCode.FAILED_PRECONDITION


class Aborted(LmforgeError):
    """A concurrent change won (e.g. a lost compare-and-swap); retry after re-reading."""

    code = grpc.StatusCode.ABORTED


class OutOfRange(LmforgeError):
    """A position outside what exists (e.g. a watch resuming before the retained events)."""

    code = grpc.StatusCode.OUT_OF_RANGE


class ResourceExhausted(LmforgeError):
    """A queue or quota is full; retry later."""

    code = grpc.StatusCode.RESOURCE_EXHAUSTED


class Unavailable(LmforgeError):
    """A dependency (object store, registry, Ray) cannot be reached right now."""

    code = grpc.StatusCode.UNAVAILABLE


class Unauthenticated(LmforgeError):
    """No or wrong credentials."""

    code = grpc.StatusCode.UNAUTHENTICATED


class PermissionDenied(LmforgeError):
    """The caller may not do this."""

    code = grpc.StatusCode.PERMISSION_DENIED


class Cancelled(LmforgeError):
    """The operation was cancelled."""

    code = grpc.StatusCode.CANCELLED


class DeadlineExceeded(LmforgeError):
    """The deadline passed before the operation finished."""

    code = grpc.StatusCode.DEADLINE_EXCEEDED


class Unimplemented(LmforgeError):
    """The server does not implement this call."""

    code = grpc.StatusCode.UNIMPLEMENTED


class Internal(LmforgeError):
    """A bug on the server."""

    code = grpc.StatusCode.INTERNAL


_BY_CODE: dict[grpc.StatusCode, type[LmforgeError]] = {
    cls.code: cls
    for cls in (
        InvalidArgument,
        NotFound,
        AlreadyExists,
        FailedPrecondition,
        Aborted,
        OutOfRange,
        ResourceExhausted,
        Unavailable,
        Unauthenticated,
        PermissionDenied,
        Cancelled,
        DeadlineExceeded,
        Unimplemented,
        Internal,
    )
}


def error_class(code: grpc.StatusCode) -> type[LmforgeError]:
    """The exception class for a status code (LmforgeError for unmapped codes)."""
    return _BY_CODE.get(code, LmforgeError)


def from_rpc_error(err: grpc.RpcError) -> LmforgeError:
    """Translate a gRPC error into the matching lmforge exception.

    Field violations from ``google.rpc.BadRequest`` details are kept.
    """
    from google.rpc import error_details_pb2
    from grpc_status import rpc_status

    code = err.code() if hasattr(err, "code") else grpc.StatusCode.UNKNOWN
    details = err.details() if hasattr(err, "details") else str(err)
    violations: list[FieldViolation] = []
    try:
        status = rpc_status.from_call(err)  # type: ignore[arg-type]
    except Exception:  # a status without rich details, or not a call
        status = None
    if status is not None:
        for detail in status.details:
            if detail.Is(error_details_pb2.BadRequest.DESCRIPTOR):
                bad = error_details_pb2.BadRequest()
                detail.Unpack(bad)
                violations.extend(
                    FieldViolation(v.field, v.description) for v in bad.field_violations
                )
    exc = error_class(code)(details or code.name, violations=violations)
    exc.code = code
    return exc
