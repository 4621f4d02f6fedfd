"""gRPC targets naming several replicas of a service, balanced on the client.

Shared by the SDK and the services (a neutral module, like ``lmforge.errors``).
A service address may be one ``host:port``, a gRPC target with several
addresses (``ipv4:127.0.0.1:50061,127.0.0.1:50062``, ``ipv6:[::1]:1,[::1]:2``,
or ``dns:///name:port`` resolving to several), or a plain comma-separated list
``host:port,host:port`` (turned into an ``ipv4:``/``ipv6:`` target). Such
targets get gRPC's ``round_robin`` policy: each call goes to the next ready
replica, and a replica that goes away is skipped instead of failing calls.
"""

from __future__ import annotations

from typing import Any

_LIST_SCHEMES = ("ipv4:", "ipv6:", "dns:", "unix:")


def grpc_target(address: str) -> str:
    """The gRPC target for an address or comma-separated list of addresses."""
    address = address.strip()
    if "," in address and not address.startswith(_LIST_SCHEMES):
        parts = [p.strip() for p in address.split(",") if p.strip()]
        scheme = "ipv6:" if all(p.startswith("[") for p in parts) else "ipv4:"
        return scheme + ",".join(parts)
    return address


def is_balanced(address: str) -> bool:
    """True for a target that can name several replicas."""
    target = grpc_target(address)
    return "," in target or target.startswith("dns:")


def channel_options(address: str, options: list[tuple[str, Any]] | None = None) -> list[Any]:
    """``options`` plus round robin for a balanced target (a given policy is kept)."""
    out = list(options or [])
    if is_balanced(address) and not any(k == "grpc.lb_policy_name" for k, _ in out):
        out.append(("grpc.lb_policy_name", "round_robin"))
    return out


def hosts(address: str) -> list[str]:
    """The ``host:port`` entries of an address list (for checks such as "is it loopback")."""
    target = grpc_target(address)
    for scheme in ("ipv4:", "ipv6:"):
        if target.startswith(scheme):
            return [p for p in target[len(scheme) :].split(",") if p]
    return [target.removeprefix("dns:///").removeprefix("dns:")]
