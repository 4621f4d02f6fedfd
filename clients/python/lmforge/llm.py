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

from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from lmforge import types as t
from lmforge._served import ServedModel
from lmforge.client import Client
from lmforge.errors import InvalidArgument
from lmforge.training_job import TrainingJob


class LLM(ServedModel):
    """A causal language model: ``predict``, ``predict_batches``, ``stream``, ``chat``, ``fit``.

    ``model_name_or_path``: a registry reference (``"name"``, ``"name:3"``,
    ``"name@prod"``) or a local HF folder / GGUF file (registered under
    ``identifier`` on first use). ``adapter_id``: a registry adapter version
    to answer through. ``prompt_template`` wraps every prompt
    (``"{input}"`` placeholder). ``predict_kwargs`` are default generation
    parameters (max_new_tokens, temperature, top_p, top_k, stop, seed ...).
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
        predict_kwargs: Mapping[str, Any] | None = None,
        client: Client | Mapping[str, str] | None = None,
        **load: Any,
    ) -> None:
        super().__init__(
            model_name_or_path,
            identifier,
            adapter_id,
            model_kwargs,
            tokenizer_kwargs,
            client=client,
            **load,
        )
        if "{input}" not in prompt_template:
            raise InvalidArgument.field("prompt_template", "must contain the {input} placeholder")
        self.prompt_template = prompt_template
        self.predict_kwargs = dict(predict_kwargs or {})

    def _prompt(self, text: str) -> str:
        return self.prompt_template.replace("{input}", text)

    def _params(self, kwargs: Mapping[str, Any]) -> dict[str, Any]:
        return {**self.predict_kwargs, **kwargs}

    def generate(self, prompt: str, **kwargs: Any) -> t.Generation:
        """The full ``Generation`` (text, token ids, finish reason, usage)."""
        self.init()
        return self.client.generate(
            self.identifier, self._prompt(prompt), adapter=self.adapter_id, **self._params(kwargs)
        )

    def predict(self, prompt: str, **kwargs: Any) -> Any:
        """The generated text for one prompt.

        With ``logprobs=k`` (or True) the whole ``Generation`` instead, whose
        ``logprobs`` hold each token's log-probability and k alternatives.
        """
        generation = self.generate(prompt, **kwargs)
        if kwargs.get("logprobs") not in (None, False):
            return generation
        return generation.text

    def predict_batches(self, prompts: Sequence[str], **kwargs: Any) -> list[str]:
        """Texts for many prompts, sent concurrently so the server batches them together."""
        if isinstance(prompts, str):
            raise InvalidArgument.field("prompts", "must be a list of prompts, not one string")
        self.init()
        if not prompts:
            return []
        with ThreadPoolExecutor(max_workers=min(16, len(prompts))) as pool:
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
        lora: Mapping[str, Any] | None = None,
        spec: Mapping[str, Any] | None = None,
        **hyperparameters: Any,
    ) -> TrainingJob:
        """Fine-tune on ``dataset`` through the training service; returns at once.

        ``dataset``: rows (list of dicts), a DataFrame, a JSONL/CSV/Parquet
        path, ``lmforge.SQL(query, url)``, or a registry dataset reference.
        Columns are found by name (``messages``, or ``prompt`` + ``completion``,
        or ``text``) unless ``columns`` maps them. ``hyperparameters``:
        num_epochs, max_steps, learning_rate, per_device_batch_size, ...
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
            lora=lora,
            spec_extra=spec or {},
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
