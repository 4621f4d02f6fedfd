"""Typed settings, built from keyword arguments (flags) and ``LMFORGE_*`` variables.

Each service has one settings class (``RegistrySettings`` and so on, in its own
package) that extends ``ServiceSettings``. Settings are read when the object is
built, in ``main()``, never at import time. Keyword arguments win over the
environment, which wins over the defaults.

Shared settings (storage, auth, TLS) have one environment name for all
services, e.g. ``LMFORGE_AUTH_TOKEN``; per-service ones carry the service
name, e.g. ``LMFORGE_REGISTRY_PORT``.
"""

from __future__ import annotations

import ipaddress
from pathlib import Path
from typing import Any

from pydantic import AliasChoices, Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


def env(name: str, default: Any = None, description: str = "", **kw: Any) -> Any:
    """A settings field read from the variable ``LMFORGE_<name>``."""
    return Field(
        default,
        validation_alias=AliasChoices(f"LMFORGE_{name}"),
        description=description,
        **kw,
    )


class RegistryClientSettings(BaseSettings):
    """How a service reaches the registry (inference and training); the token is auth_token."""

    model_config = SettingsConfigDict(populate_by_name=True, extra="ignore")

    registry_address: str = env(
        "REGISTRY_ADDRESS", "127.0.0.1:50051", "host:port of the registry service."
    )
    registry_tls: bool = env(
        "REGISTRY_TLS",
        False,
        "Reach the registry over TLS (implied by any of the other REGISTRY_* TLS settings).",
    )
    registry_ca_file: Path | None = env(
        "REGISTRY_CA_FILE",
        None,
        "PEM CA bundle that verifies the registry's certificate (unset: the system roots).",
    )
    registry_client_cert_file: Path | None = env(
        "REGISTRY_CLIENT_CERT_FILE",
        None,
        "PEM client certificate presented to the registry (mutual TLS).",
    )
    registry_client_key_file: Path | None = env(
        "REGISTRY_CLIENT_KEY_FILE", None, "PEM private key of the registry client certificate."
    )

    @model_validator(mode="after")
    def _client_pair(self) -> RegistryClientSettings:
        if (self.registry_client_cert_file is None) != (self.registry_client_key_file is None):
            raise ValueError(
                "registry_client_cert_file and registry_client_key_file must be given together"
            )
        return self

    @property
    def registry_uses_tls(self) -> bool:
        return (
            self.registry_tls
            or self.registry_ca_file is not None
            or self.registry_client_cert_file is not None
        )


class StorageSettings(BaseSettings):
    """Where artifacts live. Shared by every service that touches the store."""

    model_config = SettingsConfigDict(populate_by_name=True, extra="ignore")

    storage_url: str = env(
        "STORAGE_URL",
        "s3://lmforge",
        "Artifact store: s3://BUCKET[/PREFIX] or file:///ABSOLUTE/PATH.",
    )
    s3_endpoint: str | None = env(
        "S3_ENDPOINT", None, "S3 endpoint host:port (MinIO, SeaweedFS, AWS...)."
    )
    s3_access_key: str | None = env("S3_ACCESS_KEY", None, "S3 access key.")
    s3_secret_key: SecretStr | None = env("S3_SECRET_KEY", None, "S3 secret key.")
    s3_secure: bool = env("S3_SECURE", False, "Use HTTPS to reach the S3 endpoint.")
    s3_region: str | None = env("S3_REGION", None, "S3 region, if the server needs one.")


# Shorter bearer tokens are guessable; 16 characters is what `openssl rand -hex 8` prints.
MIN_TOKEN_LENGTH = 16


def is_loopback(host: str) -> bool:
    """True for an interface only this machine can reach (127.0.0.0/8, ::1, localhost)."""
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a host name or "0.0.0.0"-like wildcard: reachable from outside


def check_token(value: SecretStr | None, name: str = "LMFORGE_AUTH_TOKEN") -> SecretStr | None:
    """A set token must be a real one: "" must never mean "the token is empty"."""
    if value is None:
        return None
    token = value.get_secret_value()
    if not token.strip():
        raise ValueError(
            f"{name} is set but empty; unset it to run without auth, "
            f"or give a token of at least {MIN_TOKEN_LENGTH} characters"
        )
    if len(token) < MIN_TOKEN_LENGTH or token != token.strip():
        raise ValueError(
            f"{name} is too short ({len(token)} characters) or has surrounding spaces; "
            f"use at least {MIN_TOKEN_LENGTH} characters (e.g. `openssl rand -hex 16`)"
        )
    return value


class ServiceSettings(StorageSettings):
    """What every gRPC server has: address, limits, auth, TLS, metrics."""

    # Each service overrides these three with its own variable names.
    host: str = env("HOST", "127.0.0.1", "Interface to bind.")
    port: int = env("PORT", 0, "gRPC port (0 picks a free one).", ge=0, lt=65536)
    metrics_port: int | None = env(
        "METRICS_PORT", None, "Prometheus metrics HTTP port (unset: no metrics server)."
    )
    auth_token: SecretStr | None = env(
        "AUTH_TOKEN",
        None,
        "Bearer token every call must carry (health checks stay open).",
    )
    tls_cert_file: Path | None = env("TLS_CERT_FILE", None, "PEM certificate chain for TLS.")
    tls_key_file: Path | None = env("TLS_KEY_FILE", None, "PEM private key for TLS.")
    tls_client_ca_file: Path | None = env(
        "TLS_CLIENT_CA_FILE",
        None,
        "PEM CA bundle: when set (with TLS), every client must present a certificate "
        "signed by it (mutual TLS).",
    )
    allow_unauthenticated: bool = env(
        "ALLOW_UNAUTHENTICATED",
        False,
        "Allow binding a non-loopback interface without an auth token.",
    )
    max_concurrent_rpcs: int = env(
        "MAX_CONCURRENT_RPCS",
        512,
        "Calls (streams included) one service runs at once; more get RESOURCE_EXHAUSTED.",
        gt=0,
    )
    max_message_mb: int = env(
        "MAX_MESSAGE_MB", 64, "Largest gRPC message accepted or sent, in MiB.", gt=0
    )
    grace_seconds: float = env(
        "GRACE_SECONDS", 10.0, "On SIGTERM, how long in-flight calls may finish.", ge=0
    )
    log_level: str = env("LOG_LEVEL", "INFO", "Python log level.")

    @field_validator("auth_token", mode="after")
    @classmethod
    def _token(cls, v: SecretStr | None) -> SecretStr | None:
        return check_token(v)

    @model_validator(mode="after")
    def _tls_pair(self) -> ServiceSettings:
        if (self.tls_cert_file is None) != (self.tls_key_file is None):
            raise ValueError("tls_cert_file and tls_key_file must be given together")
        if self.tls_client_ca_file is not None and self.tls_cert_file is None:
            raise ValueError("tls_client_ca_file (mutual TLS) needs tls_cert_file and tls_key_file")
        return self

    @model_validator(mode="after")
    def _no_open_door(self) -> ServiceSettings:
        # Anyone who can reach a non-loopback interface could call every RPC:
        # that has to be asked for, never the result of a forgotten variable.
        open_door = self.auth_token is None and not is_loopback(self.host)
        if open_door and not self.allow_unauthenticated:
            raise ValueError(
                f"refusing to bind {self.host} without an auth token: set LMFORGE_AUTH_TOKEN, "
                "bind 127.0.0.1, or pass --allow-unauthenticated "
                "(LMFORGE_ALLOW_UNAUTHENTICATED=true) to serve without auth on purpose"
            )
        return self

    @property
    def max_message_bytes(self) -> int:
        return self.max_message_mb * 1024 * 1024


def describe(settings_cls: type[BaseSettings]) -> list[tuple[str, str, str, str]]:
    """(field, environment variable, default, description) rows, for docs and CLI help."""
    rows = []
    for name, field in settings_cls.model_fields.items():
        alias = field.validation_alias
        var = str(alias.choices[0]) if isinstance(alias, AliasChoices) else ""
        default = field.default
        if isinstance(default, SecretStr):
            default = "***"
        rows.append((name, var, "" if default is None else str(default), field.description or ""))
    return rows


def parse_flags(settings_cls: type[BaseSettings], argv: list[str] | None) -> dict[str, Any]:
    """Command-line flags for every field (``--port 50051``, ``--auth-token ...``).

    Only flags actually given are returned, so the environment and the
    defaults still apply to the rest when the settings object is built.
    """
    import argparse

    parser = argparse.ArgumentParser(
        description=settings_cls.__doc__,
        epilog="Every flag can also be set through the environment variable shown.",
    )
    for name, var, default, description in describe(settings_cls):
        # A yes/no setting is also a bare switch: `--allow-unauthenticated`.
        switch = settings_cls.model_fields[name].annotation is bool
        parser.add_argument(
            "--" + name.replace("_", "-"),
            dest=name,
            default=argparse.SUPPRESS,
            nargs="?" if switch else None,
            const="true" if switch else None,
            help=f"{description} [env {var}; default {default or 'unset'}]",
        )
    return vars(parser.parse_args(argv))


def env_names(settings_cls: type[BaseSettings]) -> set[str]:
    """Every environment variable a settings class reads."""
    names: set[str] = set()
    for field in settings_cls.model_fields.values():
        alias = field.validation_alias
        if isinstance(alias, AliasChoices):
            names.update(str(c) for c in alias.choices)
    return names


def markdown_table(classes: list[type[BaseSettings]]) -> str:
    """The README's configuration table, one row per variable (shared ones once)."""
    lines = ["| variable | flag | default | meaning | used by |", "|---|---|---|---|---|"]
    seen: dict[str, int] = {}
    rows: list[list[str]] = []
    for cls in classes:
        service = cls.__name__.removesuffix("Settings").lower()
        for name, var, default, description in describe(cls):
            if var in seen:
                rows[seen[var]][4] += f", {service}"
                continue
            seen[var] = len(rows)
            flag = "--" + name.replace("_", "-")
            rows.append(
                [f"`{var}`", f"`{flag}`", f"`{default}`" if default else "", description, service]
            )
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines) + "\n"
