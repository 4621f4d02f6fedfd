"""Inference is safe to expose: what a request carries is allowlisted or bounded (issue 9).

Each test here failed on the code before the allowlists: RunPipeline forwarded
its parameters to ``pipe(**parameters)`` (and so to ``model.generate``, which
imports ``custom_generate/generate.py`` from a folder), handed text to image
pipelines (which fetch URLs and open paths), passed ``model_kwargs`` such as
``gguf_file`` straight to ``from_pretrained``, and answered NaN, template
errors and bugs with INTERNAL carrying ``str(exc)``.
"""

from __future__ import annotations

import http.server
import io
import logging
import math
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import grpc
import pytest
from google.protobuf import json_format, struct_pb2
from inference_helpers import Served, make_settings, start_served
from PIL import Image

from lmforge.v1 import inference_pb2 as pb
from media_models import (
    build_tiny_audio_classifier,
    build_tiny_speech_recognizer,
    build_tiny_vit,
    png_bytes,
    wav_bytes,
)

# -- fixtures -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def tiny_vit(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_vit(tmp_path_factory.mktemp("tiny-vit"))


@pytest.fixture(scope="module")
def tiny_audio(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_audio_classifier(tmp_path_factory.mktemp("tiny-audio"))


@pytest.fixture(scope="module")
def lm_with_code(tiny_causal_lm: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny LM's files plus a custom_generate/generate.py that would write a marker.

    This is what a client can push as a model version: LoadModel writes these
    files into the server's cache, a local folder the server can be pointed at.
    """
    root = tmp_path_factory.mktemp("lm-with-code")
    folder = root / "model"
    shutil.copytree(tiny_causal_lm, folder)
    (folder / "custom_generate").mkdir()
    marker = root / "MARKER"
    (folder / "custom_generate" / "generate.py").write_text(
        "from pathlib import Path\n\n\n"
        "def generate(model, *args, **kwargs):\n"
        f"    Path({str(marker)!r}).write_text('ran')\n"
        "    raise RuntimeError('probe')\n"
    )
    return folder


@pytest.fixture(scope="module")
def strict_template_lm(tiny_causal_lm: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny LM with a chat template that raises unless user/assistant alternate."""
    from transformers import AutoTokenizer

    folder = tmp_path_factory.mktemp("strict-template") / "model"
    shutil.copytree(tiny_causal_lm, folder)
    tok = AutoTokenizer.from_pretrained(folder)
    tok.chat_template = (
        "{% for m in messages %}"
        "{% if (m['role'] == 'user') != (loop.index0 % 2 == 0) %}"
        "{{ raise_exception('Conversation roles must alternate user/assistant/user/assistant') }}"
        "{% endif %}{{ m['role'] + ': ' + m['content'] + '\n' }}{% endfor %}"
        "{% if add_generation_prompt %}assistant: {% endif %}"
    )
    tok.save_pretrained(folder)
    return folder


@pytest.fixture(scope="module")
def safe(
    s3_server: Any,
    tmp_path_factory: pytest.TempPathFactory,
    lm_with_code: Path,
    tiny_classifier: Path,
    tiny_vit: Path,
    tiny_audio: Path,
    strict_template_lm: Path,
) -> Iterator[Served]:
    settings = make_settings(
        s3_server,
        tmp_path_factory.mktemp("safe"),
        max_prompt_bytes=4096,
        max_adapters_per_model=1,
        max_loaded_models=6,
        max_new_tokens_limit=32,
        default_max_new_tokens=8,
        max_num_beams=2,
        max_image_pixels=1000 * 1000,
        max_audio_seconds=5.0,
    )
    s = start_served(settings)
    try:
        s.load_folder("lm", lm_with_code, "text-generation")
        s.load_folder("cls", tiny_classifier, "text-classification")
        s.load_folder("vit", tiny_vit, "image-classification")
        s.load_folder("audio", tiny_audio, "audio-classification")
        s.load_folder("strict", strict_template_lm, "text-generation")
        yield s
    finally:
        s.channel.close()
        s.thread.stop()


def struct(**values: Any) -> struct_pb2.Struct:
    s = struct_pb2.Struct()
    s.update(values)
    return s


def refused(call: Any, request: Any) -> tuple[grpc.StatusCode, str]:
    with pytest.raises(grpc.RpcError) as e:
        call(request)
    return e.value.code(), e.value.details() or ""


def pipeline_request(model: str, params: dict[str, Any] | None = None, **inp: Any) -> Any:
    return pb.RunPipelineRequest(
        model=model, input=pb.PipelineInput(**inp), parameters=struct(**(params or {}))
    )


# -- 1. code execution through RunPipeline parameters -----------------------------------------


def test_custom_generate_folder_never_runs(safe: Served, lm_with_code: Path) -> None:
    marker = lm_with_code.parent / "MARKER"
    params = {"custom_generate": str(lm_with_code), "trust_remote_code": True}
    code, msg = refused(safe.stub.RunPipeline, pipeline_request("lm", params, text="hello"))
    assert code == grpc.StatusCode.INVALID_ARGUMENT
    assert "parameters.custom_generate" in msg
    assert not marker.exists()


@pytest.mark.parametrize(
    "key,value",
    [
        ("trust_remote_code", True),
        ("assistant_model", "lm"),
        ("streamer", "x"),
        ("generation_config", {"max_new_tokens": 5}),
        ("max_length", 100000),
        ("prefix", "/etc/passwd"),
        ("cache_implementation", "paged"),
    ],
)
def test_unlisted_pipeline_parameters_refused(safe: Served, key: str, value: Any) -> None:
    code, msg = refused(safe.stub.RunPipeline, pipeline_request("lm", {key: value}, text="hello"))
    assert code == grpc.StatusCode.INVALID_ARGUMENT
    assert f"parameters.{key}" in msg


@pytest.mark.parametrize(
    "key,value",
    [("max_new_tokens", 33), ("max_new_tokens", 0), ("num_beams", 3), ("temperature", -1.0)],
)
def test_run_pipeline_generation_bounds(safe: Served, key: str, value: Any) -> None:
    code, msg = refused(safe.stub.RunPipeline, pipeline_request("lm", {key: value}, text="hello"))
    assert code == grpc.StatusCode.INVALID_ARGUMENT and f"parameters.{key}" in msg


def test_run_pipeline_generation_equals_in_process(safe: Served, lm_with_code: Path) -> None:
    from transformers import pipeline

    reply = safe.stub.RunPipeline(
        pipeline_request("lm", {"max_new_tokens": 5, "return_full_text": False}, text="hello")
    )
    got = json_format.MessageToDict(reply.output)
    want = pipeline("text-generation", model=str(lm_with_code))(
        "hello", max_new_tokens=5, return_full_text=False, do_sample=False
    )
    assert got == want
    # Without max_new_tokens the server's default (8 here) bounds it, not the pipeline's 256.
    reply = safe.stub.RunPipeline(pipeline_request("lm", {"return_full_text": False}, text="hi"))
    got = json_format.MessageToDict(reply.output)
    ref = pipeline("text-generation", model=str(lm_with_code))
    assert got == ref("hi", max_new_tokens=8, return_full_text=False, do_sample=False)
    assert got != ref("hi", max_new_tokens=9, return_full_text=False, do_sample=False)


# -- 2. no server-side fetches; media only as bytes ------------------------------------------


@pytest.fixture
def counting_http(tmp_path: Path) -> Iterator[tuple[str, list[str]]]:
    """A local HTTP server that serves a real PNG and counts requests."""
    hits: list[str] = []
    body = png_bytes(32, 32)

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", hits
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def test_image_task_never_fetches_a_url(
    safe: Served, counting_http: tuple[str, list[str]], tmp_path: Path
) -> None:
    base, hits = counting_http
    url = f"{base}/x.png"
    path = tmp_path / "x.png"
    path.write_bytes(png_bytes(32, 32))
    for inp in (
        {"text": url},
        {"text": str(path)},
        {"texts": pb.TextList(texts=[url, str(path)])},
        {"json": struct_pb2.Value(string_value=url)},
    ):
        code, msg = refused(safe.stub.RunPipeline, pipeline_request("vit", **inp))
        assert code == grpc.StatusCode.INVALID_ARGUMENT, inp
        assert "input." in msg and "media" in msg
    code, msg = refused(
        safe.stub.RunPipeline,
        pipeline_request("vit", media=pb.Media(data=url.encode(), media_type="text/uri-list")),
    )
    assert code == grpc.StatusCode.INVALID_ARGUMENT and "input.media.media_type" in msg
    assert hits == []


def test_image_bytes_equal_in_process_pipeline(safe: Served, tiny_vit: Path) -> None:
    from transformers import pipeline

    data = png_bytes(48, 40, seed=1)
    reply = safe.stub.RunPipeline(
        pipeline_request("vit", {"top_k": 3}, media=pb.Media(data=data, media_type="image/png"))
    )
    assert reply.task == "image-classification"
    got = json_format.MessageToDict(reply.output)
    want = pipeline("image-classification", model=str(tiny_vit))(
        Image.open(io.BytesIO(data)).convert("RGB"), top_k=3
    )
    assert [g["label"] for g in got] == [w["label"] for w in want]
    for g, w in zip(got, want, strict=True):
        assert g["score"] == pytest.approx(w["score"], abs=1e-5)


def test_bad_images_are_invalid_argument(safe: Served) -> None:
    # A decompression bomb: 25 million pixels in a few kilobytes of PNG.
    bomb = io.BytesIO()
    Image.new("L", (5000, 5000)).save(bomb, format="PNG")
    assert len(bomb.getvalue()) < 100_000
    good = png_bytes(32, 32)
    for data, media_type in (
        (bomb.getvalue(), "image/png"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "image/png"),  # truncated
        (good[: len(good) // 2], "image/png"),
        (good, "image/jpeg"),  # mislabelled
        (b"not an image", "image/webp"),
    ):
        code, msg = refused(
            safe.stub.RunPipeline,
            pipeline_request("vit", media=pb.Media(data=data, media_type=media_type)),
        )
        assert code == grpc.StatusCode.INVALID_ARGUMENT, (media_type, msg)
        assert "input.media.data" in msg


def test_audio_bytes_equal_in_process_pipeline(safe: Served, tiny_audio: Path) -> None:
    from transformers import pipeline

    data, samples = wav_bytes(1.0)
    reply = safe.stub.RunPipeline(
        pipeline_request("audio", media=pb.Media(data=data, media_type="audio/wav"))
    )
    assert reply.task == "audio-classification"
    got = json_format.MessageToDict(reply.output)
    want = pipeline("audio-classification", model=str(tiny_audio))(
        {"raw": samples, "sampling_rate": 16000}
    )
    assert [g["label"] for g in got] == [w["label"] for w in want]
    for g, w in zip(got, want, strict=True):
        assert g["score"] == pytest.approx(w["score"], abs=1e-4)
    # Another sampling rate is resampled on the server (no torchaudio, no ffmpeg).
    data8k, _ = wav_bytes(1.0, rate=8000)
    reply = safe.stub.RunPipeline(
        pipeline_request("audio", media=pb.Media(data=data8k, media_type="audio/wav"))
    )
    assert {g["label"] for g in json_format.MessageToDict(reply.output)} == {"noise", "speech"}


def test_bad_audio_is_invalid_argument(safe: Served) -> None:
    long, _ = wav_bytes(6.0, rate=8000)  # over max_audio_seconds=5
    for data in (long, b"RIFF\x00\x00\x00\x00WAVEjunk", b"\x00" * 100):
        code, msg = refused(
            safe.stub.RunPipeline,
            pipeline_request("audio", media=pb.Media(data=data, media_type="audio/wav")),
        )
        assert code == grpc.StatusCode.INVALID_ARGUMENT and "input.media.data" in msg
    code, msg = refused(safe.stub.RunPipeline, pipeline_request("audio", text="/etc/passwd"))
    assert code == grpc.StatusCode.INVALID_ARGUMENT and "input.text" in msg


def test_unknown_or_unserved_task_refused(safe: Served) -> None:
    for task in ("no-such-task", "../../etc", "video-classification", "any-to-any"):
        req = pb.RunPipelineRequest(model="cls", task=task, input=pb.PipelineInput(text="x"))
        code, msg = refused(safe.stub.RunPipeline, req)
        assert code == grpc.StatusCode.INVALID_ARGUMENT and "task" in msg


# -- 3. load options: no path-bearing pass-through kwargs ---------------------------------------


@pytest.mark.parametrize(
    "field,key,value",
    [
        ("model_kwargs", "gguf_file", "/etc/passwd"),
        ("model_kwargs", "subfolder", "../.."),
        ("model_kwargs", "offload_folder", "/tmp/x"),
        ("model_kwargs", "cache_dir", "/tmp"),
        ("model_kwargs", "trust_remote_code", True),
        ("model_kwargs", "device_map", {"": "disk"}),
        ("model_kwargs", "revision", "main"),
        ("tokenizer_kwargs", "vocab_file", "/etc/passwd"),
        ("tokenizer_kwargs", "gguf_file", "/etc/passwd"),
        ("tokenizer_kwargs", "chat_template", "{{ 7*7 }}"),
    ],
)
def test_path_bearing_load_kwargs_refused(safe: Served, field: str, key: str, value: Any) -> None:
    # The registry of this server is unreachable: refusing before asking it shows
    # the options are checked before anything is fetched, let alone opened.
    options = pb.LoadOptions(**{field: struct(**{key: value})})
    code, msg = refused(
        safe.stub.LoadModel, pb.LoadModelRequest(reference="any", name="x", options=options)
    )
    assert code == grpc.StatusCode.INVALID_ARGUMENT
    assert f"options.{field}.{key}" in msg


def test_device_map_to_disk_refused(safe: Served) -> None:
    for value in ("disk", "/tmp/offload", '{"": "disk"}'):
        options = pb.LoadOptions(device_map=value)
        code, msg = refused(
            safe.stub.LoadModel, pb.LoadModelRequest(reference="any", name="x", options=options)
        )
        assert code == grpc.StatusCode.INVALID_ARGUMENT and "options.device_map" in msg


def test_gguf_file_is_never_opened(
    safe: Served, tiny_classifier: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Loading from a folder with gguf_file=/etc/passwd: refused, and no open() of it."""
    import builtins

    from lmforge.errors import InvalidArgument
    from lmforge.services.inference.loading import LoadOptions

    opened: list[str] = []
    real_open = builtins.open

    def spy(file: Any, *a: Any, **kw: Any) -> Any:
        opened.append(str(file))
        return real_open(file, *a, **kw)

    monkeypatch.setattr(builtins, "open", spy)
    with pytest.raises(InvalidArgument) as e:
        safe.load_folder(
            "gguf", tiny_classifier, options=LoadOptions(model_kwargs={"gguf_file": "/etc/passwd"})
        )
    assert "options.model_kwargs.gguf_file" in str(e.value)
    assert "/etc/passwd" not in opened
    assert "gguf" not in safe.core.models.models


def test_listed_load_kwargs_still_work(safe: Served, tiny_classifier: Path) -> None:
    from lmforge.services.inference.loading import LoadOptions

    opts = LoadOptions(
        model_kwargs={"attn_implementation": "eager"}, tokenizer_kwargs={"padding_side": "left"}
    )
    record = safe.load_folder("cls2", tiny_classifier, "text-classification", options=opts)
    try:
        assert record.tokenizer.padding_side == "left"
    finally:
        safe.thread.run(safe.core.models.unload("cls2"))


# -- 10. inputs that ended in INTERNAL ---------------------------------------------------------


def test_non_finite_numbers_name_their_field(safe: Served) -> None:
    for bad in (math.nan, math.inf, -math.inf):
        code, msg = refused(
            safe.stub.RunPipeline, pipeline_request("cls", {"top_k": bad}, text="x")
        )
        assert code == grpc.StatusCode.INVALID_ARGUMENT and "parameters.top_k" in msg
        value = struct_pb2.Value()
        value.struct_value.update({"text": "a", "text_pair": "b"})
        value.struct_value.fields["extra"].list_value.values.add().number_value = bad
        code, msg = refused(safe.stub.RunPipeline, pipeline_request("cls", json=value))
        assert code == grpc.StatusCode.INVALID_ARGUMENT and "input.json.extra[0]" in msg
        options = pb.LoadOptions(model_kwargs=struct(num_labels=bad))
        code, msg = refused(
            safe.stub.LoadModel, pb.LoadModelRequest(reference="x", name="x", options=options)
        )
        assert code == grpc.StatusCode.INVALID_ARGUMENT
        assert "options.model_kwargs.num_labels" in msg


def test_chat_template_refusal_is_invalid_argument(safe: Served) -> None:
    messages = [pb.ChatMessage(role="user", content="hi"), pb.ChatMessage(role="user", content="x")]
    code, msg = refused(safe.stub.Chat, pb.ChatRequest(model="strict", messages=messages))
    assert code == grpc.StatusCode.INVALID_ARGUMENT
    assert "messages" in msg and "roles must alternate" in msg
    # The same through RunPipeline's chat input.
    value = struct_pb2.Value()
    json_format.ParseDict(
        [{"role": "user", "content": "a"}, {"role": "user", "content": "b"}], value
    )
    code, msg = refused(safe.stub.RunPipeline, pipeline_request("strict", json=value))
    assert code == grpc.StatusCode.INVALID_ARGUMENT and "roles must alternate" in msg
    # An alternating conversation is fine.
    reply = safe.stub.Chat(
        pb.ChatRequest(
            model="strict",
            messages=messages[:1],
            parameters=pb.GenerationParameters(max_new_tokens=2),
        )
    )
    assert reply.usage.completion_tokens >= 1


def test_internal_error_says_only_id_and_class(
    safe: Served, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    secret = "SELECT password FROM users WHERE path='/srv/secret/db'"

    async def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError(secret)

    monkeypatch.setattr(safe.core, "embed", broken)
    with caplog.at_level(logging.ERROR, logger="lmforge.services.core.errors"):
        code, msg = refused(safe.stub.Embed, pb.EmbedRequest(model="cls", texts=["x"]))
    assert code == grpc.StatusCode.INTERNAL
    assert secret not in msg and "/srv" not in msg
    words = msg.split()
    assert words[:2] == ["internal", "error"] and words[3] == "(RuntimeError)", msg
    incident = words[2]
    logged = [r for r in caplog.records if incident in r.getMessage()]
    assert len(logged) == 1
    assert secret in logged[0].getMessage() and logged[0].exc_info is not None


def test_dependency_errors_are_unavailable_without_the_drivers_text(
    safe: Served, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    import sqlalchemy.exc

    driver_text = "connection to server at 10.1.2.3, port 5432 failed: password for 'admin'"

    async def db_down(*args: Any, **kwargs: Any) -> Any:
        raise sqlalchemy.exc.OperationalError("SELECT * FROM secrets", {}, Exception(driver_text))

    monkeypatch.setattr(safe.core, "embed", db_down)
    with caplog.at_level(logging.WARNING, logger="lmforge.services.core.errors"):
        code, msg = refused(safe.stub.Embed, pb.EmbedRequest(model="cls", texts=["x"]))
    assert code == grpc.StatusCode.UNAVAILABLE
    assert "10.1.2.3" not in msg and "SELECT" not in msg and "admin" not in msg
    incident = msg.split("incident ")[1].split()[0]
    logged = [r.getMessage() for r in caplog.records if incident in r.getMessage()]
    assert len(logged) == 1 and driver_text in logged[0]


# -- 11. limits ----------------------------------------------------------------------------------


def test_prompt_byte_limit(safe: Served) -> None:
    big = "x" * 5000  # over max_prompt_bytes=4096
    code, msg = refused(safe.stub.Generate, pb.GenerateRequest(model="lm", prompt=big))
    assert code == grpc.StatusCode.INVALID_ARGUMENT and "prompt" in msg
    code, msg = refused(
        safe.stub.Chat,
        pb.ChatRequest(model="lm", messages=[pb.ChatMessage(role="user", content=big)]),
    )
    assert code == grpc.StatusCode.INVALID_ARGUMENT and "messages" in msg
    code, msg = refused(safe.stub.RunPipeline, pipeline_request("cls", text=big))
    assert code == grpc.StatusCode.INVALID_ARGUMENT and "input.text" in msg


def test_max_loaded_models(safe: Served, tiny_classifier: Path) -> None:
    models = safe.core.models
    extra = []
    try:
        while len(models.models) < 6:
            name = f"fill{len(extra)}"
            safe.load_folder(name, tiny_classifier, "text-classification")
            extra.append(name)
        with pytest.raises(Exception) as e:
            safe.load_folder("one-too-many", tiny_classifier, "text-classification")
        assert type(e.value).__name__ == "ResourceExhausted"
        assert "LMFORGE_INFERENCE_MAX_LOADED_MODELS=6" in str(e.value)
        assert "one-too-many" not in models.models
    finally:
        for name in extra:
            safe.thread.run(models.unload(name))


def test_max_adapters_per_model(
    safe: Served, tiny_causal_lm: Path, tiny_lora_adapters: list[Path]
) -> None:
    from lmforge.errors import ResourceExhausted

    safe.load_folder("base", tiny_causal_lm, "text-generation")
    record = safe.core.models.models["base"]
    try:
        models = safe.core.models
        safe.thread.run(models.attach_adapter(record, "a1", tiny_lora_adapters[0], ("a", 1)))
        with pytest.raises(ResourceExhausted) as e:
            safe.thread.run(models.attach_adapter(record, "a2", tiny_lora_adapters[1], ("a", 2)))
        assert "LMFORGE_INFERENCE_MAX_ADAPTERS_PER_MODEL=1" in str(e.value)
        assert list(record.adapters) == ["a1"]
    finally:
        safe.thread.run(safe.core.models.unload("base"))


def test_cache_evicts_least_recently_used_unloaded_versions(tmp_path: Path) -> None:
    import os

    from lmforge.errors import ResourceExhausted
    from lmforge.services.core.layout import model_file_key
    from lmforge.services.core.storage import LocalStore
    from lmforge.services.inference.cache import CachedFile, ModelCache, file_sha256

    store = LocalStore(tmp_path / "store")

    def version(model: str, v: int, size: int) -> list[CachedFile]:
        data = os.urandom(size)
        src = tmp_path / f"{model}-{v}"
        src.write_bytes(data)
        store.put(model_file_key(model, v, "w.bin"), data)
        return [CachedFile("w.bin", file_sha256(src), size)]

    loaded: set[tuple[str, int]] = set()
    cache = ModelCache(tmp_path / "cache", store, max_bytes=3000, in_use=lambda: set(loaded))
    v1, v2, v3 = version("m", 1, 1000), version("m", 2, 1000), version("m", 3, 1000)
    cache.materialize("m", 1, v1)
    loaded.add(("m", 1))
    cache.materialize("m", 2, v2)  # not loaded (say it was unloaded)
    cache.materialize("m", 3, v3)
    assert cache.total_bytes() == 3000
    os.utime(cache.version_dir("m", 3), (1, 1))  # m:3 is now the least recently used
    v4 = version("m", 4, 1000)
    cache.materialize("m", 4, v4)
    assert not cache.version_dir("m", 3).exists()  # oldest not loaded: evicted
    assert cache.version_dir("m", 1).exists() and cache.version_dir("m", 2).exists()
    assert not cache.blob_path(v3[0].sha256).exists()
    assert cache.total_bytes() == 3000
    loaded.update({("m", 2), ("m", 4)})
    with pytest.raises(ResourceExhausted) as e:
        cache.materialize("m", 5, version("m", 5, 1000))
    assert "LMFORGE_INFERENCE_CACHE_MAX_BYTES" in str(e.value)
    assert not cache.version_dir("m", 5).exists() and cache.total_bytes() == 3000


def test_readme_and_proto_list_every_allowlisted_key() -> None:
    """The documented contract (README section, proto comment) names every allowed key."""
    from lmforge.services.inference.allowlists import (
        ALIASES,
        MODEL_KWARGS,
        TASKS,
        TOKENIZER_KWARGS,
        Limits,
        generation_parameters,
    )

    root = Path(__file__).resolve().parents[2]
    readme = (root / "README.md").read_text()
    section = readme[readme.index("## Inference: what a request may carry") :]
    section = section[: section.index("\n## ", 1)]
    proto = (root / "protos/lmforge/v1/inference.proto").read_text()
    run_pipeline = proto[proto.index("message RunPipelineRequest") :]
    run_pipeline = run_pipeline[: run_pipeline.index("}")]
    keys = {k for spec in TASKS.values() for k in spec.parameters}
    keys |= set(generation_parameters(Limits(1, 1, 1, 1)))
    for key in keys:
        assert f"`{key}`" in section, key
        assert key in run_pipeline, key
    for task in [*TASKS, *ALIASES]:
        assert f"`{task}`" in section and task in run_pipeline, task
    for key in [*MODEL_KWARGS, *TOKENIZER_KWARGS]:
        assert f"`{key}`" in section and key in proto, key


def test_tiny_sampling_divisors_refused(safe: Served) -> None:
    """Found by the fuzzer: logits / 1e-45 overflow to inf and sampling failed (INTERNAL)."""
    for field in ("temperature", "repetition_penalty"):
        params = pb.GenerationParameters(max_new_tokens=2, **{field: 1e-45})
        code, msg = refused(
            safe.stub.Generate, pb.GenerateRequest(model="lm", prompt="hi", parameters=params)
        )
        assert code == grpc.StatusCode.INVALID_ARGUMENT and f"parameters.{field}" in msg


def test_speech_recognition_from_bytes(safe: Served, tmp_path: Path) -> None:
    from transformers import pipeline

    folder = build_tiny_speech_recognizer(tmp_path / "asr")
    safe.load_folder("asr", folder, "automatic-speech-recognition")
    try:
        data, samples = wav_bytes(1.0)
        want = pipeline("automatic-speech-recognition", model=str(folder))(
            {"raw": samples, "sampling_rate": 16000}
        )
        reply = safe.stub.RunPipeline(
            pipeline_request("asr", media=pb.Media(data=data, media_type="audio/wav"))
        )
        assert reply.task == "automatic-speech-recognition"
        assert json_format.MessageToDict(reply.output) == want
        reply = safe.stub.RunPipeline(
            pipeline_request(
                "asr",
                {"return_timestamps": "char"},
                media=pb.Media(data=data, media_type="audio/wav"),
            )
        )
        assert "chunks" in json_format.MessageToDict(reply.output)
    finally:
        safe.thread.run(safe.core.models.unload("asr"))
