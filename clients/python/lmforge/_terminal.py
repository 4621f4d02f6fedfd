"""Whether text the SDK streamed left the terminal mid-line, so progress starts below it.

A live progress line (``TrainingJob.wait(progress=True)``, the CLI's transfer
bars) redraws itself with ``\\r\\x1b[2K``, which erases the whole line the
cursor is on. After ``print(piece, end="")`` over a streamed answer that
line still holds the answer's end, so the first redraw wiped it. Every
streamed text delta passes ``streamed`` (``lmforge._convert.delta``), and a
progress display calls ``fresh_line`` before it draws.
"""

from __future__ import annotations

import sys
import threading
from typing import TextIO

_lock = threading.Lock()
_mid_line = False


def streamed(text: str) -> None:
    """Record a streamed piece of text (what a caller is about to print)."""
    global _mid_line
    if text:
        with _lock:
            _mid_line = not text.endswith("\n")


def fresh_line(file: TextIO | None = None) -> None:
    """End the streamed line (one newline) if streamed text left it open."""
    global _mid_line
    with _lock:
        if not _mid_line:
            return
        _mid_line = False
    out = file or sys.stdout
    out.write("\n")
    out.flush()
