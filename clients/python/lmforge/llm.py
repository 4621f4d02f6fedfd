"""``LLM``: a text-generation model served by lmforge, with the familiar in-Python API.

from lmforge import LLM

llm = LLM.from_pretrained("./my-model-folder", identifier="llm")
llm.predict("What are we having for dinner?")
for piece in llm.stream("Tell me a story"):
    print(piece, end="")
job = llm.fit(rows, method="lora", max_steps=20)
tuned = job.wait(progress=True) and job.result()   # an LLM with the new adapter
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from lmforge import types as t
from lmforge._served import ServedModel
from lmforge.client import Client
from lmforge.errors import InvalidArgument
from lmforge.training_job import TrainingJob

# Hugging Face ``generate`` names that have no counterpart on the server, with why.
_HF_REFUSED = {
    "num_beams": "beam search is not served by lmforge: use num_beams=1 (greedy) or do_sample=True",
    "num_beam_groups": "beam search is not served by lmforge",
    "penalty_alpha": "contrastive search is not served by lmforge",
}
# Hugging Face ``generate`` names the server knows under another name.
_HF_RENAMED = {"num_return_sequences": "n"}
# Sampling-only knobs: dropped when do_sample=False, as HF ignores them then.
_SAMPLING_ONLY = ("temperature", "top_p", "top_k", "min_p", "seed")
_IDENTIFIER_CHARS = re.compile(r"[^a-z0-9._-]+")


def superduper_identifier(model_name_or_path: str, adapter_id: str | None = None) -> str:
    """Superduper's default identifier: the adapter id, else the model path, with '/'
    replaced by '-' (then lowercased and trimmed to the server's name rule)."""
    raw = (adapter_id or model_name_or_path).replace("/", "-")
    return _IDENTIFIER_CHARS.sub("-", raw.lower()).strip("-._")[-128:].lstrip("-._") or "llm"


def hf_generate_kwargs(kwargs: Mapping[str, Any]) -> dict[str, Any]:
    """Map Hugging Face ``generate`` names onto the server's generation parameters.

    ``do_sample=False`` is greedy whatever the temperature (HF's rule);
    ``do_sample=True`` samples with HF's defaults (temperature 1, top_k 50)
    unless given. Without ``do_sample`` the server's own rule holds
    (temperature 0 = greedy, > 0 samples). ``num_beams > 1`` is refused.
    """
    out = dict(kwargs)
    for name, why in _HF_REFUSED.items():
        value = out.pop(name, None)
        if name == "num_beams" and value in (None, 0, 1):
            continue
        if name == "num_beam_groups" and value in (None, 0, 1):
            continue
        if name == "penalty_alpha" and not value:
            continue
        raise InvalidArgument.field(f"predict_kwargs.{name}", f"{value!r}: {why}")
    for hf, ours in _HF_RENAMED.items():
        if hf in out:
            out[ours] = out.pop(hf)
    if "do_sample" in out:
        do_sample = out.pop("do_sample")
        if do_sample:
            if not out.get("temperature"):
                out["temperature"] = 1.0
            out.setdefault("top_k", 50)
        else:
            for name in _SAMPLING_ONLY:
                out.pop(name, None)
            out["temperature"] = 0.0
    return out


class LLM(ServedModel):
    """A causal language model: ``predict``, ``predict_batches``, ``stream``, ``chat``, ``fit``.

    ``model_name_or_path``: a registry reference (``"name"``, ``"name:3"``,
    ``"name@prod"``) or a local HF folder / GGUF file (registered under
    ``identifier`` on first use). ``adapter_id``: a registry adapter version
    to answer through. ``prompt_template`` wraps every prompt (``{input}``,
    appended when missing, as Superduper does; ``{context}`` from
    ``predict(..., context=[...])``), unless ``prompt_func(input[, context=])``
    builds it. ``predict_kwargs`` are default generation parameters (the
    server's names, or Hugging Face ``generate`` names: ``do_sample``,
    ``max_new_tokens``, ``num_return_sequences`` ...; see ``hf_generate_kwargs``).
    ``max_batch_size`` bounds how many prompts ``predict_batches`` has in flight.
    """

    task = "text-generation"
    training_task = "causal_lm"

    def __init__(
        self,
        model_name_or_path: str | Path,
        identifier: str | None = None,
        adapter_id: str | None = None,
        model_kwargs: Mapping[str, Any] | None = None,
        tokenizer_kwargs: Mapping[str, Any] | None = None,
        prompt_template: str = "{input}",
        *,
        prompt_func: Callable[..., str] | None = None,
        predict_kwargs: Mapping[str, Any] | None = None,
        max_batch_size: int = 4,
        client: Client | Mapping[str, str] | None = None,
        **load: Any,
    ) -> None:
        if not identifier and adapter_id:
            identifier = superduper_identifier(str(model_name_or_path), adapter_id)
        super().__init__(
            model_name_or_path,
            identifier,
            adapter_id,
            model_kwargs,
            tokenizer_kwargs,
            client=client,
            **load,
        )
        if max_batch_size < 1:
            raise InvalidArgument.field("max_batch_size", f"{max_batch_size} must be >= 1")
        # As Superduper: a template without {input} gets the input appended.
        if "{input}" not in prompt_template:
            prompt_template += "{input}"
        self.prompt_template = prompt_template
        self.prompt_func = prompt_func
        self.predict_kwargs = dict(predict_kwargs or {})
        self.max_batch_size = max_batch_size

    @classmethod
    def from_pretrained(  # type: ignore[override]
        cls,
        model_name_or_path: str | Path,
        identifier: str = "",
        prompt_template: str = "{input}",
        prompt_func: Callable[..., str] | None = None,
        predict_kwargs: Mapping[str, Any] | None = None,
        **kwargs: Any,
    ) -> LLM:
        """Superduper's signature: register/load ``model_name_or_path`` and return the LLM.

        ``identifier`` defaults to the adapter id or the model path with '/'
        replaced by '-'. Other keyword arguments: ``adapter_id``, ``client``,
        ``tokenizer_kwargs``, ``load_in_8bit``/``load_in_4bit``, ``device_map``,
        ``max_batch_size``; the rest are model kwargs for ``from_pretrained``.
        """
        adapter_id = kwargs.pop("adapter_id", None)
        identifier = identifier or superduper_identifier(str(model_name_or_path), adapter_id)
        load_in_8bit = kwargs.pop("load_in_8bit", False)
        load_in_4bit = kwargs.pop("load_in_4bit", False)
        obj = cls(
            model_name_or_path,
            identifier=identifier,
            adapter_id=adapter_id,
            tokenizer_kwargs=kwargs.pop("tokenizer_kwargs", None),
            prompt_template=prompt_template,
            prompt_func=prompt_func,
            predict_kwargs=predict_kwargs,
            max_batch_size=kwargs.pop("max_batch_size", 4),
            client=kwargs.pop("client", None),
            device_map=kwargs.pop("device_map", None) or "",
            quantization="int8" if load_in_8bit else "int4" if load_in_4bit else None,
            model_kwargs=kwargs,
        )
        obj.init()
        return obj

    def add_adapter(self, model_id: str | Path, adapter_name: str) -> None:
        """Superduper's ``add_adapter``: attach a PEFT adapter (a local adapter folder,
        pushed as model ``adapter_name``, or a registry reference) and answer through it."""
        self.init()
        reference = str(model_id)
        if Path(model_id).expanduser().exists():
            base = self.client.resolve(self.reference).version.ref
            reference = self.client.push_model(
                Path(model_id), adapter_name, task=self.task, base=base
            ).ref
        self.loaded = self.client.load_adapter(self.identifier, reference, name=adapter_name)
        self.adapter_id = adapter_name

    def _prompt(self, text: str, context: Sequence[str] | str | None = None) -> str:
        joined = context if isinstance(context, str) or context is None else "\n".join(context)
        if self.prompt_func is not None:
            if "context" in inspect.signature(self.prompt_func).parameters:
                return self.prompt_func(text, context=context)
            return self.prompt_func(text)
        return self.prompt_template.replace("{context}", joined or "").replace("{input}", text)

    def _params(self, kwargs: Mapping[str, Any]) -> dict[str, Any]:
        return hf_generate_kwargs({**self.predict_kwargs, **kwargs})

    def generate(
        self, prompt: str, context: Sequence[str] | str | None = None, **kwargs: Any
    ) -> t.Generation:
        """The full ``Generation`` (text, token ids, finish reason, usage)."""
        self.init()
        return self.client.generate(
            self.identifier,
            self._prompt(prompt, context),
            adapter=self.adapter_id,
            **self._params(kwargs),
        )

    def predict(
        self, prompt: str, context: Sequence[str] | str | None = None, **kwargs: Any
    ) -> Any:
        """The generated text for one prompt (``context`` fills ``{context}``, a list
        joined by newlines). ``kwargs`` override ``predict_kwargs``; HF ``generate``
        names (``do_sample``, ``max_new_tokens``, ...) are accepted.

        With ``logprobs=k`` (or True) the whole ``Generation`` instead, whose
        ``logprobs`` hold each token's log-probability and k alternatives.
        """
        generation = self.generate(prompt, context, **kwargs)
        if kwargs.get("logprobs") not in (None, False):
            return generation
        return generation.text

    def predict_batches(self, prompts: Sequence[str], **kwargs: Any) -> list[str]:
        """Texts for many prompts, at most ``max_batch_size`` in flight at once (the
        server batches concurrent requests together)."""
        if isinstance(prompts, str):
            raise InvalidArgument.field("prompts", "must be a list of prompts, not one string")
        self.init()
        if not prompts:
            return []
        with ThreadPoolExecutor(max_workers=min(self.max_batch_size, len(prompts))) as pool:
            return list(pool.map(lambda p: self.predict(p, **kwargs), prompts))

    def stream(self, prompt: str, **kwargs: Any) -> Iterator[str]:
        """Text deltas as they are decoded; leaving the loop early cancels the request."""
        self.init()
        stream = self.client.generate_stream(
            self.identifier, self._prompt(prompt), adapter=self.adapter_id, **self._params(kwargs)
        )
        with stream:
            for delta in stream:
                if delta.text:
                    yield delta.text

    def chat(
        self,
        messages: str | Sequence[t.ChatMessage | Mapping[str, str]],
        stream: bool = False,
        **kwargs: Any,
    ) -> Any:
        """The assistant's answer to a conversation (role/content dicts or ChatMessages);
        with ``stream=True`` an iterator of text deltas instead.

        With ``tools=[...]`` (OpenAI-style function definitions, optionally
        ``tool_choice``) or ``logprobs``, the whole ``ChatReply`` instead, whose
        ``tool_calls`` hold the parsed calls.
        """
        self.init()
        if stream:
            return self._chat_stream(messages, kwargs)
        reply = self.client.chat(
            self.identifier, messages, adapter=self.adapter_id, **self._params(kwargs)
        )
        if kwargs.get("tools") or kwargs.get("logprobs") not in (None, False):
            return reply
        return reply.text

    def _chat_stream(
        self, messages: str | Sequence[t.ChatMessage | Mapping[str, str]], kwargs: Mapping[str, Any]
    ) -> Iterator[str]:
        s = self.client.chat_stream(
            self.identifier, messages, adapter=self.adapter_id, **self._params(kwargs)
        )
        with s:
            for delta in s:
                if delta.text:
                    yield delta.text

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
        """Fine-tune on ``dataset`` through the training service; returns at once.

        ``dataset``: rows (list of dicts), a DataFrame, a JSONL/CSV/Parquet
        path, ``lmforge.SQL(query, url)``, or a registry dataset reference.
        Columns are found by name (``messages``, or ``prompt`` + ``completion``,
        or ``text``; ``prompt`` + ``chosen`` + ``rejected`` for ``method="dpo"``
        or ``"dpo_full"``) unless ``columns`` maps them. ``hyperparameters``:
        the spec's names (num_epochs, max_steps, per_device_batch_size, ...;
        DPO: ``beta``) or the HF TrainingArguments / Superduper LLMTrainer ones
        (num_train_epochs, per_device_train_batch_size, bits, max_seq_length,
        lora_r, training_kwargs, ...: ``lmforge.training_args``).
        ``placement_strategy``: how Ray places the workers (PACK, the default,
        SPREAD, STRICT_PACK or STRICT_SPREAD; ``lmforge.training_args.PLACEMENT_STRATEGIES``).
        ``report_to``: ``["tensorboard"]`` writes TensorBoard event files into
        the output's ``tensorboard/`` folder (``lmforge.training_args.REPORT_TO``).
        ``validation_dataset`` (data as ``dataset`` takes, with the same columns) is
        evaluated instead of a held-out ``validation_fraction``: the version's eval_*
        metrics are on its rows.
        ``job.result()`` is an ``LLM`` serving the trained adapter (or model).
        """
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
        if "messages" in have:
            return {"messages": "messages"}
        if {"prompt", "completion"} <= have:
            return {"prompt": "prompt", "completion": "completion"}
        if "text" in have:
            return {"text": "text"}
        raise InvalidArgument.field(
            "columns",
            f"cannot tell which columns to train on from {sorted(have)}: name them with "
            "columns={'text': ...} (or prompt/completion, or messages)",
        )
