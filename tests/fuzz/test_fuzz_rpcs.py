"""Hostile messages to every RPC, built from the protobuf descriptors: never INTERNAL or UNKNOWN.

For each method of the inference, registry and training services, the
request message is filled from its descriptor with hostile values: NaN and
±Inf, huge and negative numbers, "../" paths, NUL bytes, 10k-character
strings, URLs, oversized repeated fields, unknown enum values, Structs
carrying ``custom_generate`` and friends, deep nesting. Valid names ("lm",
"cls" ...) are mixed in so that requests get past the first lookup and reach
the deeper checks. A bug shows as INTERNAL (or UNKNOWN when an exception
escapes the error mapping); any other status is an answer. After the run
each server must still report SERVING and answer a normal request.

The batch per method is bounded and seeded (``FUZZ_SEED``), so a failure is
reproducible and the whole file runs in well under a minute.
"""

from __future__ import annotations

import math
import os
import random
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import grpc
import pytest
from google.protobuf import descriptor, json_format, message, struct_pb2
from google.protobuf.descriptor import FieldDescriptor as F
from grpc_health.v1 import health_pb2, health_pb2_grpc

from inference.inference_helpers import Served, make_settings, start_served
from lmforge.v1 import (
    inference_pb2,
    registry_pb2,
    registry_pb2_grpc,
    training_pb2,
    training_pb2_grpc,
)
from media_models import build_tiny_audio_classifier, build_tiny_vit, png_bytes, wav_bytes

SEED = int(os.environ.get("FUZZ_SEED", "1234"))
RANDOM_MESSAGES = 24  # per method, besides one hostile value per top-level field
CALL_TIMEOUT = 20.0
# Live streams never end on their own (a watch of the registry's events): a
# request they accept is cut by this short deadline, counted as
# DEADLINE_EXCEEDED (not a failure); a refusal still arrives at once.
LIVE_STREAM_TIMEOUT = {"WatchEvents": 0.3}
BAD = (grpc.StatusCode.INTERNAL, grpc.StatusCode.UNKNOWN)

HOSTILE_STRINGS = [
    "",
    " ",
    "../../../../etc/passwd",
    "/etc/passwd",
    "a\x00b",
    "x" * 10_000,
    "http://127.0.0.1:9/x.png",
    "file:///etc/passwd",
    "\u540d\u524d\U0001f642",
    "-1",
    "99999999999999999999999999",
    "name:-1",
    "name:99999999999999999999",
    "name@",
    "@",
    "a/b",
    "..",
    "%2e%2e%2f",
    "'; DROP TABLE models; --",
    "{{ 7 * 7 }}",
    "CON",
]
INT32 = [0, 1, -1, 2**31 - 1, -(2**31)]
INT64 = [*INT32, 2**63 - 1, -(2**63)]
UINT32 = [0, 1, 2**32 - 1]
UINT64 = [*UINT32, 2**64 - 1]
FLOATS = [math.nan, math.inf, -math.inf, 1e38, -1e38, -0.0, 0.5, 1e-45]
DOUBLES = [*FLOATS, 1e308, -1e308]
BYTES = [b"", b"\x00" * 16, os.urandom(2048), b"\x89PNG\r\n\x1a\n" + b"\x00" * 32]


def hostile_structs() -> list[struct_pb2.Struct]:
    out = []
    for values in (
        {"k": math.nan},
        {"top_k": math.inf, "max_new_tokens": -5},
        {"custom_generate": "/tmp", "trust_remote_code": True},
        {"assistant_model": "lm", "streamer": "x", "generation_config": {"a": 1}},
        {"gguf_file": "/etc/passwd", "subfolder": "../..", "cache_dir": "/tmp"},
        {"max_new_tokens": 1e300, "num_beams": 10_000, "batch_size": -1},
        {"": "", "x" * 1000: "y" * 10_000},
        {"candidate_labels": ["a"] * 5000},
    ):
        s = struct_pb2.Struct()
        for k, v in values.items():
            if isinstance(v, float) and not math.isfinite(v):
                s.fields[k].number_value = v
            else:
                s.update({k: v})
        out.append(s)
    # Deep, but within protobuf's own decoding limit of 100 levels (a Struct level
    # is 3 message levels); deeper messages never reach lmforge code.
    deep = struct_pb2.Struct()
    node = deep
    for _ in range(30):
        node = node.fields["d"].struct_value
    out.append(deep)
    return out


def hostile_values() -> list[struct_pb2.Value]:
    out = []
    for v in (math.nan, -math.inf):
        x = struct_pb2.Value()
        x.number_value = v
        out.append(x)
    x = struct_pb2.Value()
    x.string_value = "http://127.0.0.1:9/x.png"
    out.append(x)
    x = struct_pb2.Value()
    x.list_value.values.add().number_value = math.nan
    out.append(x)
    for s in hostile_structs()[2:5]:
        x = struct_pb2.Value()
        x.struct_value.CopyFrom(s)
        out.append(x)
    chat = struct_pb2.Value()
    for role in ("user", "user", "tool", "x" * 300):
        m = chat.list_value.values.add().struct_value
        m.update({"role": role, "content": "hi"})
    out.append(chat)
    return out


class Fuzzer:
    """Builds hostile requests for one service from its descriptors."""

    def __init__(self, rng: random.Random, names: dict[str, list[str]]) -> None:
        self.rng = rng
        self.names = names  # field name -> valid values mixed in (e.g. "model" -> ["lm"])
        self.structs = hostile_structs()
        self.values = hostile_values()

    def scalar(self, field: descriptor.FieldDescriptor) -> list[Any]:
        t = field.type
        if t == F.TYPE_STRING:
            valid = self.names.get(field.name, [])
            return valid * 4 + HOSTILE_STRINGS if valid else HOSTILE_STRINGS
        if t == F.TYPE_BYTES:
            return BYTES
        if t == F.TYPE_BOOL:
            return [True, False]
        if t == F.TYPE_ENUM:
            return [v.number for v in field.enum_type.values] + [999, -1, 2**31 - 1]
        if t in (F.TYPE_FLOAT,):
            return FLOATS
        if t == F.TYPE_DOUBLE:
            return DOUBLES
        if t in (F.TYPE_INT32, F.TYPE_SINT32, F.TYPE_SFIXED32):
            return INT32
        if t in (F.TYPE_INT64, F.TYPE_SINT64, F.TYPE_SFIXED64):
            return INT64
        if t in (F.TYPE_UINT32, F.TYPE_FIXED32):
            return UINT32
        if t in (F.TYPE_UINT64, F.TYPE_FIXED64):
            return UINT64
        raise AssertionError(f"unhandled field type {t}")

    def fill(self, msg: message.Message, depth: int = 0, density: float = 0.6) -> None:
        """Set a random subset of ``msg``'s fields to hostile values."""
        desc = msg.DESCRIPTOR
        if desc.full_name == "google.protobuf.Struct":
            msg.CopyFrom(self.rng.choice(self.structs))
            return
        if desc.full_name == "google.protobuf.Value":
            msg.CopyFrom(self.rng.choice(self.values))
            return
        chosen_oneof: dict[str, str] = {
            o.name: self.rng.choice(o.fields).name for o in desc.oneofs if o.fields
        }
        for field in desc.fields:
            o = field.containing_oneof
            if o is not None and chosen_oneof.get(o.name) != field.name:
                continue
            must = bool(self.names.get(field.name)) and self.rng.random() < 0.8
            if not must and self.rng.random() > density:
                continue
            self.set_field(msg, field, depth)

    def set_field(
        self, msg: message.Message, field: descriptor.FieldDescriptor, depth: int
    ) -> None:
        is_message = field.type == F.TYPE_MESSAGE
        is_map = is_message and field.message_type.GetOptions().map_entry
        if is_map:
            key_f = field.message_type.fields_by_name["key"]
            val_f = field.message_type.fields_by_name["value"]
            target = getattr(msg, field.name)
            for _ in range(self.rng.choice([1, 3, 200])):
                key = self.rng.choice(self.scalar(key_f))
                if val_f.type == F.TYPE_MESSAGE:
                    self.fill(target[key], depth + 1)
                else:
                    value = self.rng.choice(self.scalar(val_f))
                    _try_set(lambda k=key, v=value: target.__setitem__(k, v))
            return
        if field.is_repeated:
            target = getattr(msg, field.name)
            n = self.rng.choice([0, 1, 3, 2000 if is_message else 5000])
            if is_message:
                if depth >= 4:
                    n = min(n, 1)
                for _ in range(n):
                    self.fill(target.add(), depth + 1, density=0.3 if n > 3 else 0.6)
            else:
                pool = [v for v in self.scalar(field) if not (isinstance(v, str) and len(v) > 100)]
                value = self.rng.choice(pool)
                _try_set(lambda: target.extend([value] * n))
            return
        if is_message:
            if depth < 4:
                self.fill(getattr(msg, field.name), depth + 1)
            return
        value = self.rng.choice(self.scalar(field))
        _try_set(lambda: setattr(msg, field.name, value))

    def requests(self, request_class: type[message.Message]) -> Iterator[message.Message]:
        """The empty message, one hostile value per top-level field, then random ones."""
        yield request_class()
        for field in request_class.DESCRIPTOR.fields:
            if field.type == F.TYPE_MESSAGE or field.is_repeated:
                for _ in range(3):
                    m = request_class()
                    self.set_field(m, field, 0)
                    yield m
            else:
                for value in self.scalar(field):
                    m = request_class()
                    self._base(m)
                    if _try_set(lambda m=m, v=value, f=field: setattr(m, f.name, v)):
                        yield m
        for _ in range(RANDOM_MESSAGES):
            m = request_class()
            self.fill(m)
            yield m

    def mutants(self, template: message.Message, per_field: int = 3) -> Iterator[message.Message]:
        """The valid template, then copies with one (possibly nested) field made hostile."""
        yield template
        for path in _paths(template.DESCRIPTOR):
            for _ in range(per_field):
                m = type(template)()
                m.CopyFrom(template)
                parent = m
                for name in path[:-1]:
                    parent = getattr(parent, name)
                field = parent.DESCRIPTOR.fields_by_name[path[-1]]
                parent.ClearField(field.name)  # a oneof member set here clears its siblings
                self.set_field(parent, field, len(path))
                yield m

    def _base(self, m: message.Message) -> None:
        # Valid names for the other fields, so one hostile field is what gets checked.
        for field in m.DESCRIPTOR.fields:
            valid = self.names.get(field.name)
            if valid and field.type == F.TYPE_STRING and not field.is_repeated:
                setattr(m, field.name, valid[0])


def _paths(desc: descriptor.Descriptor, depth: int = 0) -> list[tuple[str, ...]]:
    """Field paths of a message type, nested messages included (not through Struct/Value)."""
    out: list[tuple[str, ...]] = []
    for field in desc.fields:
        out.append((field.name,))
        sub = field.message_type
        if (
            sub is not None
            and depth < 2
            and not field.is_repeated
            and not sub.full_name.startswith("google.protobuf.")
        ):
            out.extend((field.name, *p) for p in _paths(sub, depth + 1))
    return out


def _try_set(action: Callable[[], Any]) -> bool:
    try:
        action()
    except (ValueError, TypeError, OverflowError):
        return False  # the client library itself refuses it: nothing to send
    return True


def fuzz_service(
    channel: grpc.Channel,
    service: descriptor.ServiceDescriptor,
    stub: Any,
    names: dict[str, list[str]],
    skip: set[str] = frozenset(),  # type: ignore[assignment]
    method_names: dict[str, dict[str, list[str]]] | None = None,
    templates: dict[str, list[Any]] | None = None,
) -> tuple[int, list[str]]:
    """Send the hostile batch to every method; return (calls made, failures)."""
    from google.protobuf import text_format

    failures: list[str] = []
    calls = 0
    codes: Counter[str] = Counter()  # printed: shows how deep the batch got (OK vs refusals)
    for method in service.methods:
        if method.name in skip:
            continue
        names_here = {**names, **(method_names or {}).get(method.name, {})}
        rng = random.Random(f"{SEED}-{service.full_name}-{method.name}")
        fuzzer = Fuzzer(rng, names_here)
        request_class = _message_class(method.input_type)
        call = getattr(stub, method.name)
        batch = list(fuzzer.requests(request_class))
        for t in (templates or {}).get(method.name, []):
            template = text_format.Parse(t, request_class()) if isinstance(t, str) else t
            batch.extend(fuzzer.mutants(template))
        for req in batch:
            calls += 1
            try:
                if method.client_streaming:
                    more = [req, *(_filled(fuzzer, request_class) for _ in range(2))]
                    call(iter(more), timeout=CALL_TIMEOUT)
                elif method.server_streaming:
                    for _ in call(req, timeout=LIVE_STREAM_TIMEOUT.get(method.name, CALL_TIMEOUT)):
                        pass
                else:
                    call(req, timeout=CALL_TIMEOUT)
                codes[f"{method.name} OK"] += 1
            except grpc.RpcError as e:
                codes[f"{method.name} {e.code().name}"] += 1
                if e.code() in BAD:
                    try:
                        shown = text_format.MessageToString(req, as_one_line=True)[:600]
                    except Exception as show_error:  # e.g. nesting too deep to print
                        shown = f"<unprintable: {show_error}>"
                    failures.append(f"{method.name} -> {e.code().name}: {e.details()} | {shown}")
    print(service.name, dict(sorted(codes.items())))
    return calls, failures


def _filled(fuzzer: Fuzzer, cls: type[message.Message]) -> message.Message:
    m = cls()
    fuzzer.fill(m)
    return m


def _message_class(desc: descriptor.Descriptor) -> type[message.Message]:
    from google.protobuf import message_factory

    return message_factory.GetMessageClass(desc)


def assert_serving(channel: grpc.Channel, *services: str) -> None:
    health = health_pb2_grpc.HealthStub(channel)
    for name in ("", *services):
        reply = health.Check(health_pb2.HealthCheckRequest(service=name), timeout=10)
        assert reply.status == health_pb2.HealthCheckResponse.SERVING, name


# -- inference ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def fuzz_inference(
    s3_server: Any,
    tmp_path_factory: pytest.TempPathFactory,
    tiny_causal_lm: Path,
    tiny_classifier: Path,
    tiny_masked_lm: Path,
    tiny_lora_adapters: list[Path],
) -> Iterator[Served]:
    settings = make_settings(
        s3_server,
        tmp_path_factory.mktemp("fuzz-inference"),
        max_new_tokens_limit=16,
        default_max_new_tokens=4,
        max_loaded_models=8,
    )
    s = start_served(settings)
    try:
        s.load_folder("lm", tiny_causal_lm, "text-generation")
        s.load_folder("cls", tiny_classifier, "text-classification")
        s.load_folder("mlm", tiny_masked_lm, "fill-mask")
        s.load_folder(
            "vit", build_tiny_vit(tmp_path_factory.mktemp("fuzz-vit")), "image-classification"
        )
        audio = build_tiny_audio_classifier(tmp_path_factory.mktemp("fuzz-audio"))
        s.load_folder("audio", audio, "audio-classification")
        record = s.core.models.models["lm"]
        s.thread.run(s.core.models.attach_adapter(record, "a1", tiny_lora_adapters[0], ("a", 1)))
        yield s
    finally:
        s.channel.close()
        s.thread.stop()


INFERENCE_NAMES = {
    "model": ["lm", "cls", "mlm", "vit", "audio"],
    "adapter": ["a1"],
    "task": [
        "text-generation",
        "text-classification",
        "fill-mask",
        "image-classification",
        "audio-classification",
        "feature-extraction",
        "zero-shot-classification",
        "token-classification",
    ],
    "media_type": ["image/png", "audio/wav", "image/jpeg"],
    "role": ["user", "assistant", "system"],
}


GEN = 'model: "lm" prompt: "hello" parameters { max_new_tokens: 3 seed: 1 }'
CHAT = 'model: "lm" messages { role: "user" content: "hi" } parameters { max_new_tokens: 3 }'


def inference_templates() -> dict[str, list[Any]]:
    """Valid requests; the fuzzer makes one field of each hostile at a time."""
    image = inference_pb2.RunPipelineRequest(
        model="vit",
        input=inference_pb2.PipelineInput(
            media=inference_pb2.Media(data=png_bytes(32, 32), media_type="image/png")
        ),
    )
    image.parameters.update({"top_k": 2})
    sound = inference_pb2.RunPipelineRequest(
        model="audio",
        input=inference_pb2.PipelineInput(
            media=inference_pb2.Media(data=wav_bytes(0.5)[0], media_type="audio/wav")
        ),
    )
    chat = inference_pb2.RunPipelineRequest(model="lm")
    json_format.ParseDict([{"role": "user", "content": "hi"}], chat.input.json)
    chat.parameters.update({"max_new_tokens": 2})
    return {
        "Generate": [GEN, GEN + ' adapter: "a1"'],
        "GenerateStream": [GEN, GEN + ' adapter: "a1"'],
        "Chat": [CHAT],
        "ChatStream": [CHAT + ' adapter: "a1"'],
        "Classify": ['model: "cls" texts: "hello" texts: "world" top_k: 1'],
        "Embed": ['model: "cls" texts: "hello" pooling: POOLING_CLS normalize: true'],
        "RunPipeline": [
            image,
            sound,
            'model: "cls" input { text: "hello" } parameters { fields { key: "top_k" '
            "value { number_value: 1 } } }",
            'model: "mlm" input { texts { texts: "the [MASK] fox" } }',
            'model: "lm" input { text: "hi" } parameters { fields { key: "max_new_tokens" '
            "value { number_value: 2 } } }",
            chat,
        ],
        "LoadModel": ['reference: "m:1" name: "new" options { dtype: "float32" }'],
        "LoadAdapter": ['model: "lm" reference: "ad:1" name: "a9"'],
    }


def test_fuzz_inference(fuzz_inference: Served) -> None:
    s = fuzz_inference
    service = inference_pb2.DESCRIPTOR.services_by_name["InferenceService"]
    calls, failures = fuzz_service(
        s.channel,
        service,
        s.stub,
        INFERENCE_NAMES,
        # Unloading with valid names would empty the server under test; these get
        # hostile names only (their valid use is covered by the lifecycle tests).
        method_names={
            "UnloadModel": {"name": []},
            "UnloadAdapter": {"name": [], "model": ["lm"]},
            "LoadModel": {"reference": ["lm", "m:1"]},
        },
        templates=inference_templates(),
    )
    assert not failures, f"{len(failures)} of {calls} calls failed:\n" + "\n".join(failures[:30])
    assert calls > 300
    # Still up, every model still loaded and serving, and a normal request works.
    assert_serving(s.channel, "lmforge.model/lm", "lmforge.model/cls", "lmforge.model/vit")
    reply = s.stub.Generate(
        inference_pb2.GenerateRequest(
            model="lm",
            prompt="hello",
            parameters=inference_pb2.GenerationParameters(max_new_tokens=3),
        )
    )
    assert reply.usage.completion_tokens >= 1
    img = inference_pb2.Media(data=png_bytes(32, 32), media_type="image/png")
    out = s.stub.RunPipeline(
        inference_pb2.RunPipelineRequest(model="vit", input=inference_pb2.PipelineInput(media=img))
    )
    assert out.task == "image-classification"


# -- registry -----------------------------------------------------------------------------------


REGISTRY_NAMES = {
    "name": ["m"],
    "model": ["m"],
    "dataset": ["d"],
    "reference": ["m", "m:1", "m@prod"],
    "alias": ["prod"],
    "task": ["text-generation"],
    "path": ["config.json", "a/b.txt"],
    "sha256": ["0" * 64],
}


def test_fuzz_registry(registry_server: Any, registry_channel: grpc.Channel) -> None:
    stub = registry_pb2_grpc.RegistryServiceStub(registry_channel)
    # Something to find, so requests get past "no such model".
    stub.CreateModel(
        registry_pb2.CreateModelRequest(model=registry_pb2.Model(name="m", task="text-generation"))
    )
    stub.CreateDataset(registry_pb2.CreateDatasetRequest(dataset=registry_pb2.Dataset(name="d")))
    service = registry_pb2.DESCRIPTOR.services_by_name["RegistryService"]
    calls, failures = fuzz_service(
        registry_channel,
        service,
        stub,
        REGISTRY_NAMES,
        # Deleting with the valid names would remove what the others need to find.
        method_names={"DeleteModel": {"name": []}, "DeleteDataset": {"name": []}},
    )
    assert not failures, f"{len(failures)} of {calls} calls failed:\n" + "\n".join(failures[:30])
    assert calls > 300
    assert_serving(registry_channel)
    assert stub.GetModel(registry_pb2.GetModelRequest(name="m")).model.name == "m"


# -- training -------------------------------------------------------------------------------------


@pytest.fixture
def training_without_ray(
    s3_settings: dict[str, str], registry_server: Any, tmp_path: Path
) -> Iterator[Any]:
    """A training server whose Ray address leads nowhere, so no Ray is ever started.

    SubmitJob validates the spec and resolves its base model and dataset
    before anything touches Ray; the registry here holds no READY version, so
    no hostile spec gets that far (and none may start a local Ray on this
    shared machine).
    """
    from lmforge.services.training.app import build_server
    from lmforge.services.training.settings import TrainingSettings
    from servers import ServerThread

    settings = TrainingSettings(
        host="127.0.0.1",
        port=0,
        registry_address=registry_server.address,
        database_url=f"sqlite:///{tmp_path / 'training.db'}",
        work_dir=tmp_path / "training-work",
        ray_address="127.0.0.1:1",
        **s3_settings,
    )
    server = ServerThread(lambda: build_server(settings))
    try:
        server.start()
    except Exception as e:  # pragma: no cover - depends on how training reaches Ray
        pytest.skip(f"the training server does not start without a reachable Ray: {e}")
    try:
        yield server
    finally:
        server.stop()


TRAINING_NAMES = {
    "base_model": ["m", "m:1"],
    "dataset": ["d", "d:1"],
    "job_id": ["job-1"],
    "id": ["job-1"],
}


def test_fuzz_training(training_without_ray: Any) -> None:
    channel = grpc.insecure_channel(training_without_ray.address)
    try:
        stub = training_pb2_grpc.TrainingServiceStub(channel)
        service = training_pb2.DESCRIPTOR.services_by_name["TrainingService"]
        calls, failures = fuzz_service(channel, service, stub, TRAINING_NAMES)
        assert not failures, f"{len(failures)} of {calls} calls failed:\n" + "\n".join(
            failures[:30]
        )
        assert calls > 100
        assert_serving(channel)
        stub.ListJobs(training_pb2.ListJobsRequest())
    finally:
        channel.close()
