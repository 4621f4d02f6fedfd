"""The one place where exceptions become gRPC status codes.

Domain cores raise ``lmforge.errors`` exceptions. ``to_status`` turns one into
a ``grpc.Status`` with ``google.rpc.BadRequest`` field violations when it has
them. Anything that is not an ``LmforgeError`` is a bug and becomes INTERNAL
(logged with its traceback), except the few library errors that have a clear
meaning to a caller, which ``classify`` names here rather than in each core.

An INTERNAL reply never carries ``str(exc)``: for a database error that holds
SQL text and parameters, for a file error a local path. The caller gets
"internal error <id> (<exception class>)"; the detail and traceback go to the
log under the same id, so an operator can find them from a user's report.
"""

from __future__ import annotations

import contextlib
import logging
import uuid

import grpc
from google.protobuf import any_pb2
from google.rpc import code_pb2, error_details_pb2, status_pb2
from grpc_status import rpc_status

from lmforge import errors

log = logging.getLogger(__name__)


def classify(exc: BaseException) -> errors.LmforgeError:
    """Return the lmforge error an exception stands for (Internal for bugs)."""
    if isinstance(exc, errors.LmforgeError):
        return exc
    # The generated servicer base classes raise this for RPCs a service has
    # not implemented yet: that is UNIMPLEMENTED, not a bug.
    if isinstance(exc, NotImplementedError):
        return errors.Unimplemented(f"not implemented by this server yet: {exc or 'this method'}")
    # Lost connections to the object store, the database or Ray: the caller can
    # retry once the dependency is back, so UNAVAILABLE, never INTERNAL.
    if isinstance(exc, ConnectionError | TimeoutError):
        return _unavailable("a dependency is unreachable", exc)
    try:
        import urllib3.exceptions

        if isinstance(exc, urllib3.exceptions.HTTPError):
            return _unavailable("the object store is unreachable", exc)
    except ImportError:  # pragma: no cover - urllib3 comes with minio
        pass
    try:
        import sqlalchemy.exc

        if isinstance(exc, sqlalchemy.exc.OperationalError):
            return _unavailable("the metadata database is unavailable", exc)
    except ImportError:  # pragma: no cover
        pass
    return _internal(exc)


def _unavailable(what: str, exc: BaseException) -> errors.Unavailable:
    # The driver's text names hosts, ports and sometimes SQL: it goes to the log
    # under an id the reply carries, never to the client.
    incident = uuid.uuid4().hex[:12]
    log.warning("%s (incident %s): %s: %s", what, incident, type(exc).__name__, exc)
    return errors.Unavailable(f"{what}; retry later (incident {incident} in the server log)")


def _internal(exc: BaseException) -> errors.Internal:
    # classify may be called more than once for one exception (status code,
    # then the reply): the same id and one log record each time.
    known = getattr(exc, "_lmforge_internal", None)
    if isinstance(known, errors.Internal):
        return known
    incident = uuid.uuid4().hex[:12]
    log.error("internal error %s: %s: %s", incident, type(exc).__name__, exc, exc_info=exc)
    err = errors.Internal(f"internal error {incident} ({type(exc).__name__})")
    with contextlib.suppress(AttributeError):  # exceptions with __slots__
        exc._lmforge_internal = err  # type: ignore[attr-defined]
    return err


def to_status(exc: errors.LmforgeError) -> grpc.Status:
    """Build the rich gRPC status for a domain error."""
    details: list[any_pb2.Any] = []
    if exc.violations:
        bad = error_details_pb2.BadRequest(
            field_violations=[
                error_details_pb2.BadRequest.FieldViolation(
                    field=v.field, description=v.description
                )
                for v in exc.violations
            ]
        )
        packed = any_pb2.Any()
        packed.Pack(bad)
        details.append(packed)
    status = status_pb2.Status(
        code=getattr(code_pb2, exc.code.name), message=exc.message, details=details
    )
    return rpc_status.to_status(status)
