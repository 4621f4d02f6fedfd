"""``TextClassification``: a sequence classifier served by lmforge.

clf = TextClassification("sentiment@prod")
clf.predict("I love it").label            # "positive"
clf.predict(["great", "awful"])           # one Classification per text
job = clf.fit(rows, method="lora", num_epochs=1)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, overload

from lmforge import types as t
from lmforge._served import ServedModel
from lmforge.errors import InvalidArgument
from lmforge.training_job import TrainingJob


class TextClassification(ServedModel):
    """``predict(text)`` -> ``Classification`` (``label``, ``score``, ``scores``);
    ``predict([texts])`` -> a list of them; ``fit(...)`` -> ``TrainingJob``."""

    task = "text-classification"
    training_task = "sequence_classification"

    @overload
    def predict(self, text: str, *, top_k: int = 0) -> t.Classification: ...  # type: ignore[overload-overlap]
    @overload
    def predict(self, text: Sequence[str], *, top_k: int = 0) -> list[t.Classification]: ...

    def predict(
        self, text: str | Sequence[str], *, top_k: int = 0
    ) -> t.Classification | list[t.Classification]:
        self.init()
        texts = [text] if isinstance(text, str) else list(text)
        results = self.client.classify(self.identifier, texts, adapter=self.adapter_id, top_k=top_k)
        return results[0] if isinstance(text, str) else results

    def predict_batches(
        self, texts: Sequence[str], batch_size: int = 256
    ) -> list[t.Classification]:
        """Many texts in calls of ``batch_size`` (the server merges concurrent calls too)."""
        out: list[t.Classification] = []
        for i in range(0, len(texts), batch_size):
            out.extend(self.predict(list(texts[i : i + batch_size])))
        return out

    def fit(
        self,
        dataset: Any,
        method: str = "lora",
        num_workers: int = 1,
        use_gpu: bool = False,
        deepspeed: str | Mapping[str, Any] | None = None,
        *,
        columns: Mapping[str, str] | None = None,
        dataset_name: str | None = None,
        output_model: str | None = None,
        adapter_output: str = "adapter",
        validation_fraction: float = 0.0,
        validation_dataset: Any = None,
        lora: Mapping[str, Any] | None = None,
        spec: Mapping[str, Any] | None = None,
        placement_strategy: str | None = None,
        report_to: str | Sequence[str] | None = None,
        **hyperparameters: Any,
    ) -> TrainingJob:
        """Fine-tune on rows with a ``text`` and a ``label`` column (or map them with
        ``columns``); labels are names or class indices. ``validation_dataset`` (data
        as ``dataset`` takes, with the same columns) is evaluated instead of a held-out
        ``validation_fraction``: the version's eval_* metrics are on its rows."""
        return self._fit(  # type: ignore[no-any-return]
            dataset,
            method=method,
            num_workers=num_workers,
            use_gpu=use_gpu,
            deepspeed=deepspeed,
            columns=columns,
            dataset_name=dataset_name,
            output_model=output_model,
            adapter_output=adapter_output,
            validation_fraction=validation_fraction,
            validation_dataset=validation_dataset,
            lora=lora,
            spec_extra=spec or {},
            placement_strategy=placement_strategy,
            report_to=report_to,
            hyperparameters=hyperparameters,
        )

    def _columns(self, columns: list[str]) -> dict[str, str]:
        have = set(columns)
        if {"text", "label"} <= have:
            return {"text": "text", "label": "label"}
        raise InvalidArgument.field(
            "columns",
            f"a classifier trains on 'text' and 'label' columns; the data has {sorted(have)}: "
            "map them with columns={'text': ..., 'label': ...}",
        )


class TextClassificationPipeline(TextClassification):
    """Superduper's name, answering as the transformers pipeline does:
    ``predict("text")`` -> ``{"label": ..., "score": ...}``; a list of texts -> a list
    of such dicts; with ``top_k=k`` each text gets a list of its k best dicts."""

    def predict(self, text: str | Sequence[str], *, top_k: int = 0) -> Any:
        results = super().predict([text] if isinstance(text, str) else list(text), top_k=top_k)
        dicts = [_as_dicts(r, top_k) for r in results]
        return dicts[0] if isinstance(text, str) else dicts

    def predict_batches(self, texts: Sequence[str], batch_size: int = 256) -> list[Any]:
        out: list[Any] = []
        for i in range(0, len(texts), batch_size):
            out.extend(self.predict(list(texts[i : i + batch_size])))
        return out


def _as_dicts(result: t.Classification, top_k: int) -> Any:
    if result.error:
        raise InvalidArgument.field("texts", result.error)
    if top_k:
        return [{"label": s.label, "score": s.score} for s in result.scores[:top_k]]
    return {"label": result.label, "score": result.score}
