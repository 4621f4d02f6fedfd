"""``ray start --address=127.0.0.1:PORT`` for a second node that stays on loopback.

Ray's CLI has two modes and neither fits a multi-node cluster on 127.0.0.1:
with ``RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER=0`` it refuses to start a node that
joins a head ("Multi-node Ray clusters are not supported"); with ``=1`` it
rewrites every loopback address, the head's and its own
``--node-ip-address``, to the machine's external IP, which this project
never binds. So this runs Ray's own ``ray start`` with those two rewrites
turned off: the node joins the head on 127.0.0.1 and registers as
127.0.0.1. Nothing else of Ray is changed. Used by ``LocalRayHead(join=...)``
(multi-node tests, extra local nodes); a real cluster's nodes use plain
``ray start``.

    python -m lmforge.services.training.ray_loopback_node start --address=... [ray start flags]
"""

from __future__ import annotations

import sys


def main() -> None:
    import ray._private.ray_constants as ray_constants
    import ray._private.services as services

    def keep(host: str) -> str:
        return host

    def loopback(address: str | None = None) -> str:
        return "127.0.0.1"

    ray_constants.ENABLE_RAY_CLUSTER = True  # joining a head is allowed...
    services.resolve_ip_for_localhost = keep  # ...without leaving loopback
    services.get_node_ip_address = loopback

    from ray.scripts.scripts import main as ray_main

    sys.argv = ["ray", *sys.argv[1:]]
    ray_main()


if __name__ == "__main__":
    main()
