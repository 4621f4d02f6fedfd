"""Incremental detokenization with stop sequences: token ids in, safe text deltas out.

Byte-level tokenizers emit tokens that end in the middle of a UTF-8
character; decoding such a prefix ends in U+FFFD. Text is only released up to
the last complete character, and never the tail that could still turn into a
stop sequence, so the deltas concatenate to exactly the final text and a
client never sees half a character or half a stop sequence.
"""

from __future__ import annotations

from typing import Any

REPLACEMENT = "\ufffd"


class TextStream:
    """The text of one generation, grown one token at a time."""

    def __init__(self, tokenizer: Any, stop: tuple[str, ...] = ()) -> None:
        self._tokenizer = tokenizer
        self._stop = tuple(s for s in stop if s)
        self.ids: list[int] = []
        self.text = ""  # decoded so far (may end in U+FFFD)
        self.emitted = 0  # characters of text already released
        self.stopped_at: int | None = None  # index in text where a stop sequence begins

    def add(self, token_id: int) -> str:
        """Add a generated token; returns the text now safe to release (maybe "")."""
        self.ids.append(token_id)
        self.text = self._tokenizer.decode(self.ids, skip_special_tokens=True)
        if self._stop:
            # Released text never holds the start of a stop sequence (see
            # _partial_stop), so one can only begin at or after ``emitted``.
            hits = [i for s in self._stop if (i := self.text.find(s, self.emitted)) >= 0]
            if hits:
                self.stopped_at = min(hits)
                return self._release(self.stopped_at)
        safe = len(self.text)
        while safe > self.emitted and self.text[safe - 1] == REPLACEMENT:
            safe -= 1
        safe -= self._partial_stop(safe)
        return self._release(safe)

    def finish(self) -> str:
        """Release everything that is left (the generation is over)."""
        end = self.stopped_at if self.stopped_at is not None else len(self.text)
        return self._release(end)

    @property
    def final_text(self) -> str:
        return self.text[: self.stopped_at] if self.stopped_at is not None else self.text

    def _partial_stop(self, end: int) -> int:
        """Length of the longest tail of text[:end] that begins some stop sequence."""
        longest = 0
        for s in self._stop:
            for n in range(min(len(s) - 1, end - self.emitted), longest, -1):
                if self.text[end - n : end] == s[:n]:
                    longest = n
                    break
        return longest

    def _release(self, end: int) -> str:
        if end <= self.emitted:
            return ""
        out = self.text[self.emitted : end]
        self.emitted = end
        return out
