"""``Pipeline``: any transformers pipeline task the inference server runs.

p = Pipeline("minilm", task="feature-extraction")
p.embed(["a sentence", "another"])          # list of vectors
Pipeline("ner-model", task="token-classification").predict("Ada lives in London")
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from lmforge._served import ServedModel
from lmforge.client import Client
from lmforge.errors import InvalidArgument


class Pipeline(ServedModel):
    """``predict(input, **parameters)`` runs the server's pipeline for ``task`` (default: the
    registry model's task); ``embed(texts)`` returns one vector per text."""

    def __init__(
        self,
        model_name_or_path: str | Path,
        task: str | None = None,
        identifier: str | None = None,
        model_kwargs: Mapping[str, Any] | None = None,
        tokenizer_kwargs: Mapping[str, Any] | None = None,
        *,
        client: Client | Mapping[str, str] | None = None,
        **load: Any,
    ) -> None:
        super().__init__(
            model_name_or_path,
            identifier,
            None,
            model_kwargs,
            tokenizer_kwargs,
            client=client,
            task=task,
            **load,
        )

    @property
    def task(self) -> str:  # type: ignore[override]
        return self.serve_task

    def predict(self, input: Any, *, media_type: str = "", **parameters: Any) -> Any:
        """The pipeline's output (lists and dicts) for one text, many texts, bytes or JSON."""
        self.init()
        return self.client.run_pipeline(
            self.identifier, input, task=self.serve_task, media_type=media_type, **parameters
        ).output

    def embed(
        self, texts: str | Sequence[str], *, pooling: str = "mean", normalize: bool = False
    ) -> Any:
        """One vector per text (a single vector for a single text)."""
        if not texts:
            raise InvalidArgument.field("texts", "must not be empty")
        self.init()
        many = [texts] if isinstance(texts, str) else list(texts)
        vectors = self.client.embed(
            self.identifier, many, pooling=pooling, normalize=normalize
        ).vectors
        return vectors[0] if isinstance(texts, str) else vectors
