"""Training workers read a version's files where the registry says they are (no Ray here).

The coordinator's plan carries each version's ``storage_prefix``, built through
the shared registry client; every key it yields exists in the real store.
"""

from __future__ import annotations

from typing import Any

from lmforge.services.core import layout
from lmforge.services.core.registry_client import RegistryClient, registry_connection
from lmforge.services.core.storage import open_store
from lmforge.services.training.settings import TrainingSettings
from lmforge.services.training.spec import validate
from lmforge.v1 import training_pb2


def test_training_plan_points_at_the_registry_keys(
    registry_server: Any, causal_base: str, chat_dataset: str
) -> None:
    settings = TrainingSettings(port=0, registry_address=registry_server.address)
    client = RegistryClient(registry_connection(settings))
    try:
        model = client.resolve_model(causal_base)
        dataset = client.resolve_dataset(chat_dataset)
        job = validate(
            training_pb2.JobSpec(base_model=causal_base, dataset=chat_dataset),
            client,
            lambda: 0.0,
        )
    finally:
        client.close()
    plan = job.plan
    assert plan.model.prefix == model.storage_prefix != ""
    assert plan.dataset.prefix == dataset.storage_prefix != ""
    assert "@" in plan.model.prefix.split("/")[1]  # the incarnation id is in the key
    store = open_store(registry_server.settings)
    try:
        for artifact in (plan.model, plan.dataset):
            assert artifact.files
            for path in artifact.files:
                assert store.exists(layout.file_key(artifact.prefix, path)), path
    finally:
        store.close()
