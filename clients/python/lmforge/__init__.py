"""lmforge: serve and fine-tune Hugging Face transformers models over gRPC.

The SDK: ``Client`` / ``AsyncClient`` (every RPC of the three services as a
typed method), and the familiar API ``LLM``, ``TextClassification``,
``Pipeline`` with ``fit`` returning a ``TrainingJob``. Data for training comes
from rows, DataFrames, files or ``SQL(query, url)``. The generated protobuf
messages and stubs live in ``lmforge.v1``; the exception hierarchy in
``lmforge.errors``.

Names are imported lazily, so ``import lmforge.errors`` (done by the
services) does not pull in the whole SDK.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lmforge.errors import LmforgeError

__version__ = "0.1.0"

_LAZY = {
    "Client": "lmforge.client",
    "AsyncClient": "lmforge.aio",
    "LLM": "lmforge.llm",
    "TextClassification": "lmforge.classification",
    "TextClassificationPipeline": "lmforge.classification",
    "Pipeline": "lmforge.pipeline",
    "TrainingJob": "lmforge.training_job",
    "TrainingFailed": "lmforge.training_job",
    "SQL": "lmforge.datasets",
}

__all__ = [
    "LLM",
    "SQL",
    "AsyncClient",
    "Client",
    "LmforgeError",
    "Pipeline",
    "TextClassification",
    "TextClassificationPipeline",
    "TrainingFailed",
    "TrainingJob",
    "__version__",
]

if TYPE_CHECKING:
    from lmforge.aio import AsyncClient
    from lmforge.classification import TextClassification, TextClassificationPipeline
    from lmforge.client import Client
    from lmforge.datasets import SQL
    from lmforge.llm import LLM
    from lmforge.pipeline import Pipeline
    from lmforge.training_job import TrainingFailed, TrainingJob


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'lmforge' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
