"""In-process transformers references for what the servers answer, on the same weights.

Tests compare the SDK's and the servers' outputs with these, never only by type or
membership: greedy text token for token, classifier probabilities, pooled embeddings.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import torch
import transformers


def load_causal(path: Path) -> tuple[Any, Any]:
    """(tokenizer, model) as the ``hf`` fixtures hold them."""
    tok = transformers.AutoTokenizer.from_pretrained(path)
    model = transformers.AutoModelForCausalLM.from_pretrained(path).eval()
    return tok, model


def hf_greedy(hf: Any, prompt: str, max_new_tokens: int = 8, model: Any = None) -> str:
    """What transformers' own greedy generate answers, decoded as the server decodes."""
    tok, base = hf
    ids = tok(prompt, return_tensors="pt").input_ids
    return _greedy_decode(tok, model or base, ids, max_new_tokens)


def load_peft_causal(base: Path, adapter: Path) -> tuple[Any, Any]:
    """(tokenizer, PeftModel): the base's model with the LoRA adapter in ``adapter`` over it.

    The base is loaded from ``base``, not from the adapter's base_model_name_or_path
    (the training worker's scratch folder).
    """
    from peft import PeftModel

    tok, model = load_causal(base)
    return tok, PeftModel.from_pretrained(model, adapter).eval()


def hf_chat(hf: Any, messages: list[dict[str, str]], max_new_tokens: int = 8) -> str:
    """Greedy reply to ``messages`` through the tokenizer's chat template, as Chat builds it."""
    tok, model = hf
    return _greedy_decode(tok, model, chat_prompt_ids(tok, messages), max_new_tokens)


def hf_chat_ids(hf: Any, messages: list[dict[str, str]], max_new_tokens: int = 8) -> list[int]:
    """The token ids of ``hf_chat``'s greedy reply, up to and without the first EOS."""
    tok, model = hf
    ids = chat_prompt_ids(tok, messages)
    new = greedy_ids(model, ids, max_new_tokens, pad_token_id=tok.eos_token_id)
    return new[: new.index(tok.eos_token_id)] if tok.eos_token_id in new else new


def chat_prompt_ids(tok: Any, messages: list[dict[str, str]]) -> torch.Tensor:
    text = tok.apply_chat_template(messages, tokenize=False, add_generation_prompt=True)
    return tok(text, add_special_tokens=False, return_tensors="pt").input_ids


def greedy_ids(model: Any, ids: torch.Tensor, max_new_tokens: int, **kw: Any) -> list[int]:
    """The new token ids of transformers' greedy ``generate`` on one prompt (EOS kept)."""
    with torch.no_grad():
        out = model.generate(
            ids,
            attention_mask=torch.ones_like(ids),
            max_new_tokens=max_new_tokens,
            do_sample=False,
            **kw,
        )
    return [int(t) for t in out[0, ids.shape[1] :].tolist()]


def _greedy_decode(tok: Any, model: Any, ids: torch.Tensor, max_new_tokens: int) -> str:
    new = greedy_ids(model, ids, max_new_tokens, pad_token_id=tok.eos_token_id)
    if tok.eos_token_id in new:
        new = new[: new.index(tok.eos_token_id)]
    return str(tok.decode(new, skip_special_tokens=True))


def hf_classify(
    path: Path, texts: list[str], adapter: Path | None = None
) -> list[dict[str, float]]:
    """Softmax over the labels for each text, label name -> probability.

    With ``adapter`` (a PEFT folder) the model is ``path``'s with that adapter over it.
    """
    tok = transformers.AutoTokenizer.from_pretrained(path)
    model = transformers.AutoModelForSequenceClassification.from_pretrained(path).eval()
    if adapter is not None:
        from peft import PeftModel

        model = PeftModel.from_pretrained(model, adapter).eval()
    enc = tok(texts, padding=True, return_tensors="pt")
    with torch.no_grad():
        probs = torch.softmax(model(**enc).logits.float(), dim=-1)
    labels = model.config.id2label
    return [{labels[j]: float(p) for j, p in enumerate(row)} for row in probs.tolist()]


def hf_embed(path: Path, texts: list[str], normalize: bool) -> torch.Tensor:
    """Mean of the last hidden layer over the attention mask, optionally L2-normalised."""
    tok = transformers.AutoTokenizer.from_pretrained(path)
    model = transformers.AutoModel.from_pretrained(path).eval()
    enc = tok(texts, padding=True, truncation=True, return_tensors="pt")
    with torch.no_grad():
        hidden = model(**enc).last_hidden_state.float()
    weights = enc["attention_mask"].unsqueeze(-1).float()
    pooled = (hidden * weights).sum(dim=1) / weights.sum(dim=1)
    return torch.nn.functional.normalize(pooled, p=2, dim=1) if normalize else pooled
