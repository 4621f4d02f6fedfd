"""Settings of the gateway (an HTTP server, so not the gRPC ServiceSettings)."""

from __future__ import annotations

from pathlib import Path

from pydantic import SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from lmforge.services.core.settings import check_token, env, is_loopback


class GatewaySettings(BaseSettings):
    """lmforge gateway: the OpenAI HTTP API (chat, completions, embeddings, models)."""

    model_config = SettingsConfigDict(populate_by_name=True, extra="ignore")

    host: str = env("GATEWAY_HOST", "127.0.0.1", "Interface the gateway binds.")
    port: int = env("GATEWAY_PORT", 8000, "Gateway HTTP port (0 picks a free one).", ge=0, lt=65536)
    inference_address: str = env(
        "INFERENCE_ADDRESS", "127.0.0.1:50052", "host:port of the inference service."
    )
    auth_token: SecretStr | None = env(
        "AUTH_TOKEN",
        None,
        "Bearer token every call must carry (health checks stay open).",
    )
    tls_cert_file: Path | None = env("TLS_CERT_FILE", None, "PEM certificate chain for TLS.")
    tls_key_file: Path | None = env("TLS_KEY_FILE", None, "PEM private key for TLS.")
    tls_ca_file: Path | None = env(
        "TLS_CA_FILE", None, "PEM CA that signed the inference service's certificate (TLS on)."
    )
    inference_tls: bool = env(
        "GATEWAY_INFERENCE_TLS",
        False,
        "Reach the inference service over TLS (system roots unless LMFORGE_TLS_CA_FILE).",
    )
    max_request_mb: int = env(
        "GATEWAY_MAX_REQUEST_MB", 16, "Largest HTTP request body accepted, in MiB.", gt=0
    )
    allow_unauthenticated: bool = env(
        "ALLOW_UNAUTHENTICATED",
        False,
        "Allow binding a non-loopback interface without an auth token.",
    )
    log_level: str = env("LOG_LEVEL", "INFO", "Python log level.")

    @field_validator("auth_token", mode="after")
    @classmethod
    def _real_token(cls, v: SecretStr | None) -> SecretStr | None:
        checked: SecretStr | None = check_token(v)
        return checked

    @model_validator(mode="after")
    def _checks(self) -> GatewaySettings:
        if (self.tls_cert_file is None) != (self.tls_key_file is None):
            raise ValueError("tls_cert_file and tls_key_file must be given together")
        # As the gRPC services: an open door must be asked for, never forgotten.
        if (
            self.auth_token is None
            and not is_loopback(self.host)
            and not self.allow_unauthenticated
        ):
            raise ValueError(
                f"refusing to bind {self.host} without an auth token: set LMFORGE_AUTH_TOKEN, "
                "bind 127.0.0.1, or pass --allow-unauthenticated"
            )
        return self
