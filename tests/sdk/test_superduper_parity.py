"""Superduper-style code, unchanged apart from the import line, against live services.

Each test is written as a Superduper user writes it (``from superduper_transformers
import LLM, TextClassificationPipeline`` becomes ``from lmforge import ...``) and its
answers are compared with transformers run in-process on the same weights.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
import torch
import transformers

from lmforge import LLM, TextClassification, TextClassificationPipeline, errors
from references import hf_greedy, load_causal

GREEDY = {"max_new_tokens": 8, "do_sample": False}


@pytest.fixture(scope="module")
def hf(tiny_causal_lm: Path) -> Any:
    return load_causal(tiny_causal_lm)


@pytest.fixture(scope="module")
def llm(platform: Any, tiny_causal_lm: Path) -> LLM:
    return LLM.from_pretrained(
        str(tiny_causal_lm), identifier="sd-llm", predict_kwargs=GREEDY, client=platform.client()
    )


def test_llm_predict_with_template_and_predict_kwargs(llm: LLM, platform: Any, hf: Any) -> None:
    model = LLM(
        model_name_or_path="sd-llm",
        prompt_template="Question: {input}\nAnswer:",
        predict_kwargs={"max_new_tokens": 8, "do_sample": False},
        client=platform.client(),
    )
    assert model.predict("What is 1+1?") == hf_greedy(hf, "Question: What is 1+1?\nAnswer:")
    # The predict_kwargs merge: a call's kwargs override the defaults, the rest stay.
    assert model.predict("hello", max_new_tokens=3) == hf_greedy(hf, "Question: hello\nAnswer:", 3)


def test_from_pretrained_superduper_signature_and_default_identifier(
    platform: Any, tiny_causal_lm: Path, hf: Any
) -> None:
    model = LLM.from_pretrained(
        str(tiny_causal_lm),
        prompt_template="Say: {input}",
        predict_kwargs={"max_new_tokens": 5, "do_sample": False},
        client=platform.client(),
    )
    # Superduper's default: the model path with '/' replaced by '-' (server name rule).
    expected = str(tiny_causal_lm).replace("/", "-").lower().strip("-")
    assert model.identifier == expected
    assert model.identifier in {m.name for m in platform.client().list_loaded_models()}
    assert model.predict("hi") == hf_greedy(hf, "Say: hi", 5)
    # prompt_template / prompt_func / predict_kwargs were not sent as model kwargs.
    assert model.model_kwargs == {}
    model.unload()


def test_template_without_input_gets_it_appended(llm: LLM, platform: Any, hf: Any) -> None:
    model = LLM("sd-llm", prompt_template="Translate to French: ", client=platform.client())
    assert model.predict("cheese", **GREEDY) == hf_greedy(hf, "Translate to French: cheese")


def test_context_is_joined_by_newlines(llm: LLM, platform: Any, hf: Any) -> None:
    model = LLM(
        "sd-llm",
        prompt_template="Context:\n{context}\nQ: {input}\nA:",
        predict_kwargs=GREEDY,
        client=platform.client(),
    )
    got = model.predict("Who?", context=["Alice is here.", "Bob left."])
    assert got == hf_greedy(hf, "Context:\nAlice is here.\nBob left.\nQ: Who?\nA:")


def test_prompt_func(platform: Any, hf: Any, llm: LLM) -> None:
    def prompt_func(x: str, context: list[str] | None = None) -> str:
        return f"[{' | '.join(context or [])}] {x.upper()}"

    model = LLM("sd-llm", prompt_func=prompt_func, predict_kwargs=GREEDY, client=platform.client())
    assert model.predict("hey", context=["a", "b"]) == hf_greedy(hf, "[a | b] HEY")


def test_hf_generate_names_and_greedy_unless_do_sample(llm: LLM, hf: Any) -> None:
    reference = hf_greedy(hf, "Once upon a time", 8)
    # do_sample=False is greedy whatever the temperature / top_p / top_k say (HF's rule).
    assert llm.predict("Once upon a time", temperature=1.5, top_p=0.5, top_k=3) == reference
    assert llm.predict("Once upon a time", repetition_penalty=1.0, num_beams=1) == reference
    # do_sample=True samples: with a seed it is repeatable, and the server saw sampling.
    a = llm.generate("Once upon a time", do_sample=True, temperature=5.0, seed=7)
    b = llm.generate("Once upon a time", do_sample=True, temperature=5.0, seed=7)
    assert a.token_ids == b.token_ids
    draws = {
        tuple(llm.generate("Once upon a time", do_sample=True, temperature=5.0, seed=s).token_ids)
        for s in range(6)
    }
    assert len(draws) > 1, "do_sample=True should sample"


def test_num_beams_is_refused_with_a_message_that_says_so(llm: LLM) -> None:
    with pytest.raises(errors.InvalidArgument, match=r"num_beams.*beam search is not served"):
        llm.predict("hello", num_beams=4)


def test_max_batch_size_bounds_predict_batches(llm: LLM, platform: Any, hf: Any) -> None:
    model = LLM("sd-llm", predict_kwargs=GREEDY, max_batch_size=2, client=platform.client())
    model.init()
    lock = threading.Lock()
    in_flight = peak = 0
    real_generate = model.client.generate

    def counting_generate(*args: Any, **kwargs: Any) -> Any:
        nonlocal in_flight, peak
        with lock:
            in_flight += 1
            peak = max(peak, in_flight)
        try:
            return real_generate(*args, **kwargs)
        finally:
            with lock:
                in_flight -= 1

    model.client.generate = counting_generate  # type: ignore[method-assign]
    prompts = [f"number {i}" for i in range(7)]
    assert model.predict_batches(prompts) == [hf_greedy(hf, p) for p in prompts]
    assert 1 <= peak <= 2


def test_add_adapter(
    llm: LLM, platform: Any, tiny_causal_lm: Path, hf: Any, tmp_path: Path
) -> None:
    import peft

    base = transformers.AutoModelForCausalLM.from_pretrained(tiny_causal_lm)
    config = peft.LoraConfig(r=4, target_modules=["q_proj", "v_proj"], init_lora_weights=False)
    torch.manual_seed(0)
    peft_model = peft.get_peft_model(base, config).eval()
    adapter_dir = tmp_path / "adapter"
    peft_model.save_pretrained(adapter_dir)

    model = LLM("sd-llm", predict_kwargs=GREEDY, client=platform.client())
    before = model.predict("The adapter says")
    model.add_adapter(str(adapter_dir), "sd-lora")
    after = model.predict("The adapter says")
    assert after == hf_greedy(hf, "The adapter says", model=peft_model)
    assert before == hf_greedy(hf, "The adapter says")
    assert after != before, "the adapter must change the answer, or this test proves nothing"
    assert "sd-lora" in {a.name for a in model.init().adapters}


def test_text_classification_pipeline_returns_the_pipelines_dicts(
    platform: Any, tiny_classifier: Path
) -> None:
    reference = transformers.pipeline("text-classification", model=str(tiny_classifier))
    texts = ["I love it", "this is awful"]
    clf = TextClassificationPipeline.from_pretrained(
        str(tiny_classifier), identifier="sd-clf", client=platform.client()
    )
    one = clf.predict(texts[0])
    want = reference(texts[0])[0]
    assert set(one) == {"label", "score"} and one["label"] == want["label"]
    assert one["score"] == pytest.approx(want["score"], abs=1e-4)
    many = clf.predict(texts)
    for got, exp in zip(many, reference(texts), strict=True):
        assert got["label"] == exp["label"]
        assert got["score"] == pytest.approx(exp["score"], abs=1e-4)
    top = clf.predict(texts[0], top_k=2)
    exp_top = reference(texts[0], top_k=2)
    assert [d["label"] for d in top] == [d["label"] for d in exp_top]
    # The lmforge class is kept, answering Classification objects.
    kept = TextClassification("sd-clf", client=platform.client()).predict(texts[0])
    assert kept.label == want["label"]
