"""Errors in the OpenAI shape, with the HTTP status mapped from the gRPC status in one place."""

from __future__ import annotations

import re
from typing import Any

import grpc
from fastapi.responses import JSONResponse

from lmforge.errors import from_rpc_error

# gRPC status -> (HTTP status, OpenAI error type). The one mapping of the gateway.
_HTTP: dict[grpc.StatusCode, tuple[int, str]] = {
    grpc.StatusCode.INVALID_ARGUMENT: (400, "invalid_request_error"),
    grpc.StatusCode.OUT_OF_RANGE: (400, "invalid_request_error"),
    grpc.StatusCode.FAILED_PRECONDITION: (400, "invalid_request_error"),
    grpc.StatusCode.UNAUTHENTICATED: (401, "authentication_error"),
    grpc.StatusCode.PERMISSION_DENIED: (403, "permission_error"),
    grpc.StatusCode.NOT_FOUND: (404, "not_found_error"),
    grpc.StatusCode.ALREADY_EXISTS: (409, "conflict_error"),
    grpc.StatusCode.ABORTED: (409, "conflict_error"),
    grpc.StatusCode.RESOURCE_EXHAUSTED: (429, "rate_limit_error"),
    grpc.StatusCode.CANCELLED: (499, "cancelled"),
    grpc.StatusCode.UNIMPLEMENTED: (501, "not_implemented"),
    grpc.StatusCode.UNAVAILABLE: (503, "service_unavailable"),
    grpc.StatusCode.DEADLINE_EXCEEDED: (504, "timeout"),
}
_INTERNAL = (500, "internal_error")
_FIELD_PREFIX = re.compile(r"^([A-Za-z_][\w.\[\]]*): ")


class GatewayError(Exception):
    """An error to answer in the OpenAI shape; ``code`` is the gRPC status it stands for."""

    def __init__(self, code: grpc.StatusCode, message: str, param: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.param = param

    @classmethod
    def bad(cls, param: str, message: str) -> GatewayError:
        """A request field the gateway refuses itself (HTTP 400)."""
        return cls(grpc.StatusCode.INVALID_ARGUMENT, f"{param}: {message}", param)

    @classmethod
    def from_rpc(cls, err: grpc.RpcError) -> GatewayError:
        exc = from_rpc_error(err)
        param = exc.violations[0].field if exc.violations else None
        if param is None and (m := _FIELD_PREFIX.match(exc.message)):
            param = m.group(1)  # lmforge messages about one field start with "field: "
        return cls(exc.code, exc.message, param)

    @property
    def _mapped(self) -> tuple[int, str, str]:
        """(HTTP status, OpenAI type, OpenAI code)."""
        if self.code == grpc.StatusCode.FAILED_PRECONDITION and self.param == "model":
            # Inference says a model is not loaded; OpenAI clients expect 404 for that.
            return 404, "not_found_error", "model_not_found"
        status, kind = _HTTP.get(self.code, _INTERNAL)
        return status, kind, self.code.name.lower()

    @property
    def http_status(self) -> int:
        return self._mapped[0]

    def body(self) -> dict[str, Any]:
        _, kind, code = self._mapped
        return {"error": {"message": self.message, "type": kind, "param": self.param, "code": code}}

    def response(self) -> JSONResponse:
        headers = {"WWW-Authenticate": "Bearer"} if self.http_status == 401 else None
        return JSONResponse(self.body(), status_code=self.http_status, headers=headers)
