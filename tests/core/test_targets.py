"""Service addresses naming several replicas become round-robin gRPC targets."""

from __future__ import annotations

import pytest

from lmforge._config import is_loopback_address
from lmforge.targets import channel_options, grpc_target, hosts

BALANCED = ("grpc.lb_policy_name", "round_robin")


@pytest.mark.parametrize(
    ("address", "target", "balanced"),
    [
        ("127.0.0.1:1", "127.0.0.1:1", False),
        ("127.0.0.1:1,127.0.0.1:2", "ipv4:127.0.0.1:1,127.0.0.1:2", True),
        (" 127.0.0.1:1 , 127.0.0.1:2 ", "ipv4:127.0.0.1:1,127.0.0.1:2", True),
        ("[::1]:1,[::1]:2", "ipv6:[::1]:1,[::1]:2", True),
        ("ipv4:127.0.0.1:1,127.0.0.1:2", "ipv4:127.0.0.1:1,127.0.0.1:2", True),
        ("dns:///inference.internal:50052", "dns:///inference.internal:50052", True),
    ],
)
def test_targets(address: str, target: str, balanced: bool) -> None:
    assert grpc_target(address) == target
    opts = channel_options(address, [("grpc.max_send_message_length", 1)])
    assert opts[0] == ("grpc.max_send_message_length", 1)
    assert (BALANCED in opts) is balanced


def test_a_given_policy_is_kept_and_every_host_counts_for_loopback() -> None:
    mine = [("grpc.lb_policy_name", "pick_first")]
    assert channel_options("127.0.0.1:1,127.0.0.1:2", mine) == mine
    assert hosts("127.0.0.1:1,10.0.0.2:2") == ["127.0.0.1:1", "10.0.0.2:2"]
    assert is_loopback_address("127.0.0.1:1,[::1]:2")
    assert not is_loopback_address("127.0.0.1:1,10.0.0.2:2")  # one remote host: not loopback
