"""compose: nothing open by default, and Ray nodes get S3 access from their own environment."""

from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def _compose() -> dict:  # type: ignore[type-arg]
    return yaml.safe_load((ROOT / "compose" / "docker-compose.yml").read_text())  # type: ignore[no-any-return]


def test_the_auth_token_is_required_not_defaulted_to_empty() -> None:
    services = _compose()["services"]
    for name in ("registry", "inference", "training"):
        token = services[name]["environment"]["LMFORGE_AUTH_TOKEN"]
        assert token.startswith("${LMFORGE_AUTH_TOKEN:?"), (name, token)


def test_the_ray_cluster_publishes_nothing_and_its_nodes_have_s3_access() -> None:
    services = _compose()["services"]
    ray_nodes = {n: s for n, s in services.items() if n.startswith("ray-")}
    assert set(ray_nodes) == {"ray-head", "ray-worker"}
    assert "--address=ray-head:6379" in ray_nodes["ray-worker"]["command"]
    for name, svc in ray_nodes.items():
        assert not svc.get("ports"), f"{name} publishes {svc.get('ports')}"
        env = svc["environment"]
        for key in ("LMFORGE_S3_ENDPOINT", "LMFORGE_S3_ACCESS_KEY", "LMFORGE_S3_SECRET_KEY"):
            assert key in env, (name, key)
        assert "LMFORGE_AUTH_TOKEN" not in env  # Ray nodes do not need the service token
    # No service publishes the Ray dashboard's port.
    published = [p for s in services.values() for p in s.get("ports", [])]
    assert not [p for p in published if "8265" in str(p)]
