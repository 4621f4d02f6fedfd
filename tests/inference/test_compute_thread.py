"""Every torch call of the inference server runs on its one compute thread.

Running torch on a second thread of a process slows every later forward on
every thread (libgomp thread teams, see services/inference/compute.py), so a
forward anywhere else is a regression this test catches: a global forward
pre-hook records the thread of every module call, across load + warm-up,
Generate, Classify, Embed and RunPipeline, and loading itself is observed
through the function that builds the model.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import torch
from inference_helpers import Served, make_settings, start_served

from lmforge.services.inference import models
from lmforge.services.inference.compute import compute_thread
from lmforge.v1 import inference_pb2 as pb


@pytest.fixture
def thread_log(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, set[int]]]:
    seen: dict[str, set[int]] = {"forward": set(), "load": set()}

    def hook(module: Any, args: Any) -> None:
        seen["forward"].add(threading.get_ident())

    real_load = models.load_folder

    def observed_load(*args: Any, **kwargs: Any) -> Any:
        seen["load"].add(threading.get_ident())
        return real_load(*args, **kwargs)

    monkeypatch.setattr(models, "load_folder", observed_load)
    handle = torch.nn.modules.module.register_module_forward_pre_hook(hook)
    try:
        yield seen
    finally:
        handle.remove()


def test_all_torch_work_runs_on_the_compute_thread(
    thread_log: dict[str, set[int]],
    s3_server: Any,
    tmp_path: Path,
    tiny_causal_lm: Path,
    tiny_classifier: Path,
) -> None:
    s: Served = start_served(make_settings(s3_server, tmp_path))
    try:
        s.load_folder("lm", tiny_causal_lm, "text-generation")
        s.load_folder("cls", tiny_classifier, "text-classification")
        s.load_folder("fe", tiny_classifier, "feature-extraction")
        assert thread_log["load"] and thread_log["forward"]  # loading and warm-up were seen
        reply = s.stub.Generate(
            pb.GenerateRequest(
                model="lm", prompt="hello", parameters=pb.GenerationParameters(max_new_tokens=4)
            )
        )
        assert reply.usage.completion_tokens >= 1
        list(
            s.stub.GenerateStream(
                pb.GenerateStreamRequest(
                    model="lm",
                    prompt="hello world",
                    parameters=pb.GenerationParameters(max_new_tokens=4, temperature=1.0),
                )
            )
        )
        assert s.stub.Classify(pb.ClassifyRequest(model="cls", texts=["a", "b"])).results
        assert s.stub.Embed(pb.EmbedRequest(model="fe", texts=["hello"])).embeddings
        s.stub.RunPipeline(
            pb.RunPipelineRequest(model="fe", input=pb.PipelineInput(text="hello world"))
        )
        s.stub.UnloadModel(pb.UnloadModelRequest(name="fe"))
    finally:
        s.channel.close()
        s.thread.stop()
    ident = compute_thread().ident
    assert thread_log["load"] == {ident}
    assert thread_log["forward"] == {ident}, "torch ran on a thread other than the compute thread"
    assert threading.main_thread().ident not in thread_log["forward"]


class _RecordingTokenizer:
    """The model's own tokenizer, noting the thread of every encode."""

    def __init__(self, tokenizer: Any, seen: set[int]) -> None:
        self._tokenizer, self._seen = tokenizer, seen

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        self._seen.add(threading.get_ident())
        return self._tokenizer(*args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._tokenizer, name)


def test_prompts_are_tokenized_and_templated_off_the_event_loop(
    s3_server: Any, tmp_path: Path, tiny_causal_lm: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from lmforge.services.inference import core as core_module

    rendered: set[int] = set()
    real_render = core_module.render_chat

    def observed_render(*args: Any, **kwargs: Any) -> Any:
        rendered.add(threading.get_ident())
        return real_render(*args, **kwargs)

    monkeypatch.setattr(core_module, "render_chat", observed_render)
    s: Served = start_served(make_settings(s3_server, tmp_path))
    try:
        s.load_folder("lm", tiny_causal_lm, "text-generation")
        record = s.core.models.models["lm"]
        encoded: set[int] = set()
        expected = s.stub.Generate(
            pb.GenerateRequest(
                model="lm",
                prompt="hello there",
                parameters=pb.GenerationParameters(max_new_tokens=6),
            )
        ).text
        record.loaded.tokenizer = _RecordingTokenizer(record.tokenizer, encoded)
        reply = s.stub.Generate(
            pb.GenerateRequest(
                model="lm",
                prompt="hello there",
                parameters=pb.GenerationParameters(max_new_tokens=6),
            )
        )
        chat = s.stub.Chat(
            pb.ChatRequest(
                model="lm",
                messages=[pb.ChatMessage(role="user", content="hi")],
                parameters=pb.GenerationParameters(max_new_tokens=4),
            )
        )
        loop_thread = s.thread._thread.ident
        assert reply.text == expected  # the same answer through the recording tokenizer
        assert chat.usage.prompt_tokens > 0
        assert encoded and rendered  # both were observed
        assert loop_thread not in encoded | rendered
    finally:
        s.channel.close()
        s.thread.stop()
