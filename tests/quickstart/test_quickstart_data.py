"""The quickstart's data helpers: reproducible rows, and offsets that continue a batch."""

from __future__ import annotations

import subprocess
import sys

from lmforge.quickstart import chat_rows, sentiment_rows


def test_sentiment_offset_continues_the_same_order() -> None:
    whole = sentiment_rows("train", limit=12)
    assert sentiment_rows("train", limit=8, offset=4) == whole[4:12]
    assert {r["label"] for r in whole} == {"negative", "positive"}
    # No held-out tweet is ever in the training split.
    test_texts = {r["text"] for r in sentiment_rows("test", limit=400)}
    assert not test_texts & {r["text"] for r in sentiment_rows("train", limit=400)}


def test_chat_offset_continues_the_same_order() -> None:
    assert chat_rows(5, offset=2) == chat_rows(7)[2:7]


def test_help_shows_defaults_and_offset() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "lmforge.quickstart", "tweets", "--help"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "--offset" in out
    assert "(default: 2000)" in out
