"""Docs and deployment files agree with the settings code."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from lmforge.services.core.settings import env_names, markdown_table
from lmforge.services.gateway.settings import GatewaySettings
from lmforge.services.inference.settings import InferenceSettings
from lmforge.services.registry.settings import RegistrySettings
from lmforge.services.training.settings import TrainingSettings

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = {
    "registry": RegistrySettings,
    "inference": InferenceSettings,
    "training": TrainingSettings,
}


def readme_table() -> str:
    text = (ROOT / "README.md").read_text()
    match = re.search(r"<!-- config:start -->\n(.*?)<!-- config:end -->", text, re.S)
    assert match, "README.md lacks the <!-- config:start --> ... <!-- config:end --> section"
    return match.group(1)


def test_readme_configuration_table_is_generated_from_the_settings() -> None:
    # The gateway (HTTP) is in the table but not (yet) in compose, so it is not in SETTINGS.
    expected = markdown_table([*SETTINGS.values(), GatewaySettings])
    assert readme_table() == expected, "README config table is stale: run scripts/gen-config-table"


def test_compose_services_ports_and_environment_match_the_settings() -> None:
    compose = yaml.safe_load((ROOT / "compose" / "docker-compose.yml").read_text())
    services = compose["services"]
    assert {"minio", "ray-head", "registry", "inference", "training"} <= set(services)
    for name, cls in SETTINGS.items():
        svc = services[name]
        env = svc["environment"]
        known = env_names(cls)
        unknown = [k for k in env if k not in known]
        assert not unknown, f"{name}: compose sets variables the settings do not read: {unknown}"
        default_port = cls.model_fields["port"].default
        assert str(env[f"LMFORGE_{name.upper()}_PORT"]) == str(default_port)
        assert f"{default_port}:{default_port}" in svc["ports"]
        assert f"python -m lmforge.services.{name}" == svc["command"]
        assert "healthcheck" in svc and str(default_port) in " ".join(svc["healthcheck"]["test"])
    # Training reaches the Ray head through the standard RAY_ADDRESS variable.
    assert "RAY_ADDRESS" in env_names(TrainingSettings)
    assert services["training"]["environment"]["RAY_ADDRESS"].startswith("ray-head:")
