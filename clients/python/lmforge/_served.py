"""What ``LLM``, ``TextClassification`` and ``Pipeline`` share: a model served by lmforge.

An object names a registry reference (or a local folder to register first)
and an ``identifier``, the name the inference server serves it under. It is
loaded on first use (``init()``), reusing a copy the server already holds
when that copy is the same version, so many processes can share one loaded
model. ``fit`` turns data into a dataset version and a training job.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, ClassVar, TypeVar

from lmforge import types as t
from lmforge._requests import HYPERPARAMETERS
from lmforge.client import Client
from lmforge.errors import InvalidArgument, NotFound
from lmforge.training_args import apply as apply_training_args
from lmforge.v1 import training_pb2

S = TypeVar("S", bound="ServedModel")

_NAME_CHARS = re.compile(r"[^a-z0-9._-]+")


def _name_from(reference: str) -> str:
    """The model name of a reference: ``"chat:3"`` / ``"chat@prod"`` -> ``"chat"``."""
    return re.split(r"[:@]", reference, maxsplit=1)[0]


def _is_local(value: str | Path) -> bool:
    return Path(value).expanduser().exists()


class ServedModel:
    """Base of the familiar API classes. ``client`` defaults to ``Client()`` (env addresses)."""

    task: ClassVar[str] = ""
    training_task: ClassVar[str] = ""

    def __init__(
        self,
        model_name_or_path: str | Path,
        identifier: str | None = None,
        adapter_id: str | None = None,
        model_kwargs: Mapping[str, Any] | None = None,
        tokenizer_kwargs: Mapping[str, Any] | None = None,
        *,
        client: Client | Mapping[str, str] | None = None,
        task: str | None = None,
        dtype: str = "",
        device: str = "",
        device_map: str = "",
        quantization: str | None = None,
    ) -> None:
        if not str(model_name_or_path):
            raise InvalidArgument.field("model_name_or_path", "must not be empty")
        self.client = Client.of(client)
        self.model_name_or_path = str(model_name_or_path)
        self.local_path: Path | None = None
        if _is_local(model_name_or_path):
            self.local_path = Path(model_name_or_path).expanduser().resolve()
            default_name = _NAME_CHARS.sub("-", self.local_path.stem.lower()).strip("-.") or "model"
            self.reference = ""
        else:
            default_name = _name_from(self.model_name_or_path)
            self.reference = self.model_name_or_path
        self.identifier = identifier or default_name
        self.adapter_id = adapter_id or None
        self.model_kwargs = dict(model_kwargs or {})
        self.tokenizer_kwargs = dict(tokenizer_kwargs or {})
        self.serve_task = task or ""
        self.load_kwargs: dict[str, Any] = {
            "dtype": dtype,
            "device": device,
            "device_map": device_map,
            "quantization": quantization,
        }
        self.loaded: t.LoadedModel | None = None

    def __repr__(self) -> str:
        adapter = f", adapter_id={self.adapter_id!r}" if self.adapter_id else ""
        return (
            f"{type(self).__name__}({self.reference or self.model_name_or_path!r}, "
            f"identifier={self.identifier!r}{adapter})"
        )

    # ----------------------------------------------------------------- loading

    @classmethod
    def from_pretrained(
        cls: type[S],
        path_or_ref: str | Path,
        identifier: str = "",
        *,
        load_in_8bit: bool = False,
        load_in_4bit: bool = False,
        device_map: str | None = None,
        client: Client | Mapping[str, str] | None = None,
        adapter_id: str | None = None,
        tokenizer_kwargs: Mapping[str, Any] | None = None,
        **model_kwargs: Any,
    ) -> S:
        """Register a local HF folder or GGUF file under ``identifier`` and load it; a
        registry reference (``"name"``, ``"name:3"``, ``"name@prod"``) is loaded directly."""
        quantization = "int8" if load_in_8bit else "int4" if load_in_4bit else None
        obj = cls(
            path_or_ref,
            identifier=identifier or None,
            adapter_id=adapter_id,
            model_kwargs=model_kwargs,
            tokenizer_kwargs=tokenizer_kwargs,
            client=client,
            device_map=device_map or "",
            quantization=quantization,
        )
        obj.init()
        return obj

    def push(self) -> t.ModelVersion:
        """Register the local folder as a new version of model ``identifier``."""
        if self.local_path is None:
            raise InvalidArgument.field(
                "model_name_or_path", f"{self.model_name_or_path!r} is not a local path"
            )
        version = self.client.push_model(self.local_path, self.identifier, task=self.task or None)
        self.reference = version.ref
        return version

    def init(self) -> t.LoadedModel:
        """Make sure the model (and adapter) is loaded on the inference server."""
        if self.loaded is not None:
            return self.loaded
        if not self.reference:
            self.push()
        resolved = self.client.resolve(self.reference)
        if resolved.version.is_adapter and resolved.base_version is not None:
            # An adapter reference (e.g. "chat:2", or "chat" whose latest version is a
            # LoRA result) means: serve its base, and answer through the adapter.
            if self.adapter_id is None:
                self.adapter_id = resolved.version.ref
            self.reference = resolved.base_version.ref
            resolved = self.client.resolve(self.reference)
        wanted = resolved.version.ref
        current = next(
            (m for m in self.client.list_loaded_models() if m.name == self.identifier), None
        )
        if current is not None and (current.version != wanted or current.state == "FAILED"):
            self.client.unload_model(self.identifier)
            current = None
        if current is None or current.state != "READY":
            current = self.client.load_model(
                self.reference,
                name=self.identifier,
                model_kwargs=self.model_kwargs,
                tokenizer_kwargs=self.tokenizer_kwargs,
                task=self.serve_task,
                **self.load_kwargs,
            )
        if self.adapter_id and self.adapter_id not in {a.name for a in current.adapters}:
            current = self.client.load_adapter(
                self.identifier, self.adapter_id, name=self.adapter_id
            )
        self.loaded = current
        return current

    def unload(self) -> None:
        """Free the server's copy of the model."""
        with contextlib.suppress(NotFound):
            self.client.unload_model(self.identifier)
        self.loaded = None

    # ---------------------------------------------------------------- training

    def _dataset_ref(self, dataset: Any, dataset_name: str | None) -> t.DatasetVersion:
        if isinstance(dataset, t.DatasetVersion):
            return dataset
        if isinstance(dataset, str) and not _is_local(dataset):
            return self.client.resolve_dataset(dataset)
        name = dataset_name or f"{self.identifier}-data"
        return self.client.push_dataset(name, dataset)

    def _columns(self, columns: list[str]) -> dict[str, str]:
        raise NotImplementedError

    def _fit(
        self,
        dataset: Any,
        *,
        method: str,
        num_workers: int,
        use_gpu: bool,
        deepspeed: str | Mapping[str, Any] | None,
        columns: Mapping[str, str] | None,
        dataset_name: str | None,
        output_model: str | None,
        adapter_output: str,
        validation_fraction: float,
        validation_dataset: Any,
        lora: Mapping[str, Any] | None,
        spec_extra: Mapping[str, Any],
        hyperparameters: Mapping[str, Any],
        placement_strategy: str | None = None,
        report_to: str | Sequence[str] | None = None,
    ) -> Any:
        from lmforge._requests import METHODS, check_validation, choice, placement, reporting
        from lmforge.training_job import TrainingJob

        # Refuse what the SDK can know before any upload happens.
        number = choice("spec.method", method, METHODS)
        strategy = placement(placement_strategy)
        reports = reporting(report_to)
        check_validation(validation_fraction, validation_dataset)
        # Keywords are the spec's hyperparameter names or the HF TrainingArguments /
        # Superduper LLMTrainer names (lmforge.training_args), checked here before
        # any upload.
        hyper = {k: v for k, v in hyperparameters.items() if k in HYPERPARAMETERS}
        trainer_args = {k: v for k, v in hyperparameters.items() if k not in HYPERPARAMETERS}
        apply_training_args(training_pb2.JobSpec(), trainer_args)
        if not self.reference:
            self.push()
        base = self.client.resolve(self.reference).version
        if base.is_adapter:
            raise InvalidArgument.field(
                "base_model", f"{base.ref} is an adapter: fit its base model instead"
            )
        data = self._dataset_ref(dataset, dataset_name)
        held_out = None
        if validation_dataset is not None:
            held_out = self._dataset_ref(
                validation_dataset, f"{dataset_name or self.identifier}-validation"
            )
        if columns:
            mapping = dict(columns)
        elif number in (METHODS["dpo"], METHODS["dpo_full"]):
            # The service finds prompt / chosen / rejected and names the one missing.
            mapping = {}
        else:
            mapping = self._columns(data.columns)
        job = self.client.submit_job(
            base_model=base.ref,
            dataset=data.ref,
            method=method,
            task=self.training_task,
            columns=mapping,
            lora=lora,
            validation_fraction=validation_fraction,
            validation_dataset=held_out.ref if held_out is not None else "",
            hyperparameters=hyper,
            training_args=trainer_args,
            num_workers=num_workers,
            use_gpu=use_gpu,
            deepspeed=deepspeed,
            output_model=output_model or "",
            adapter_output=adapter_output,
            **({"placement_strategy": strategy} if strategy else {}),
            **({"report_to": reports} if reports else {}),
            **spec_extra,
        )
        return TrainingJob(self.client, job, self._result_factory())

    def _result_factory(self) -> Any:
        """Build the trained model object of the same class from a job's output reference."""
        cls = type(self)
        me = self

        def make(output: str) -> ServedModel:
            resolved = me.client.resolve(output)
            if resolved.version.is_adapter and resolved.base_version is not None:
                return cls(
                    resolved.base_version.ref,
                    identifier=me.identifier,
                    adapter_id=output,
                    model_kwargs=me.model_kwargs,
                    tokenizer_kwargs=me.tokenizer_kwargs,
                    client=me.client,
                )
            return cls(
                output,
                identifier=resolved.model.name,
                model_kwargs=me.model_kwargs,
                tokenizer_kwargs=me.tokenizer_kwargs,
                client=me.client,
            )

        return make
