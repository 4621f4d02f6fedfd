"""TextStream: incremental detokenization with a real byte-level tokenizer."""

from __future__ import annotations

from pathlib import Path

import pytest
from transformers import AutoTokenizer

from lmforge.services.inference.textstream import TextStream


@pytest.fixture(scope="module")
def tok(tiny_causal_lm: Path):  # type: ignore[no-untyped-def]
    return AutoTokenizer.from_pretrained(tiny_causal_lm)


def feed(stream: TextStream, ids: list[int]) -> list[str]:
    deltas = [stream.add(i) for i in ids]
    deltas.append(stream.finish())
    return deltas


def test_multibyte_characters_are_never_split(tok) -> None:  # type: ignore[no-untyped-def]
    text = "\U0001f389 \u4e2d\u6587 \u00f1 \u65e5\u672c\u8a9e"  # not merged by the BPE
    ids = tok(text).input_ids
    # Some token prefixes really end mid-character.
    assert any(tok.decode(ids[: i + 1]).endswith("\ufffd") for i in range(len(ids)))
    deltas = feed(TextStream(tok), ids)
    assert "".join(deltas) == text
    assert all("\ufffd" not in d for d in deltas)
    assert "" in deltas  # tokens were held back until their character was complete


def test_stop_sequence_is_cut_and_never_partly_shown(tok) -> None:  # type: ignore[no-untyped-def]
    text = "hello world, how are you today?"
    stream = TextStream(tok, stop=("how are", "zzz"))
    deltas = []
    for i in tok(text).input_ids:
        deltas.append(stream.add(i))
        if stream.stopped_at is not None:
            break
    assert stream.stopped_at is not None
    assert "".join(deltas) == "hello world, "
    assert stream.final_text == "hello world, "
    assert all("how" not in d for d in deltas)


def test_held_back_stop_prefix_is_released_when_it_does_not_match(tok) -> None:  # type: ignore[no-untyped-def]
    text = "the quick brown fox"
    stream = TextStream(tok, stop=("quick red",))
    deltas = feed(stream, tok(text).input_ids)
    assert "".join(deltas) == text
    assert stream.stopped_at is None
