"""Every RPC of the three services has a method in the Node client (no node needed).

Walks the compiled proto descriptors, so a new RPC in protos/ fails here until
clients/node/index.js defines its method (named as the RPC in lowerCamelCase,
by hand or in the PLAIN_UNARY table) and index.d.ts declares it. The Node side
checks the same on the loaded client's prototype (clients/node/test/contract.test.js).
"""

from __future__ import annotations

import re
from pathlib import Path

from lmforge.v1 import inference_pb2, registry_pb2, training_pb2

NODE_DIR = Path(__file__).resolve().parents[2] / "clients" / "node"


def rpcs() -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for module in (registry_pb2, inference_pb2, training_pb2):
        for service in module.DESCRIPTOR.services_by_name.values():
            out.extend((service.name, m.name) for m in service.methods)
    return out


def method_name(rpc: str) -> str:
    return rpc[0].lower() + rpc[1:]


def test_the_descriptors_hold_the_three_services() -> None:
    services = {s for s, _ in rpcs()}
    assert services == {"RegistryService", "InferenceService", "TrainingService"}
    assert len(rpcs()) > 40


def test_every_rpc_has_a_node_method_and_declaration() -> None:
    js = (NODE_DIR / "index.js").read_text()
    dts = (NODE_DIR / "index.d.ts").read_text()
    table = js[js.index("const PLAIN_UNARY") :]
    table = table[: table.index("};")]
    missing, undeclared = [], []
    for service, rpc in rpcs():
        name = method_name(rpc)
        by_hand = re.search(rf"^  (async )?{name}\(", js, re.M)
        if not by_hand and f"'{rpc}'" not in table:
            missing.append(f"{service}.{rpc}")
        if not re.search(rf"^\s+{name}\(", dts, re.M):
            undeclared.append(f"{service}.{rpc}")
    assert missing == [], f"RPCs without a method in clients/node/index.js: {missing}"
    assert undeclared == [], f"RPCs without a declaration in clients/node/index.d.ts: {undeclared}"
