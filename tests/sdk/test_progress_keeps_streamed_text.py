"""A progress line never erases a streamed answer printed just before it.

The terminal is a small VT interpreter (carriage return, erase line, cursor
up/down) fed with exactly the bytes rich writes, so what the screen would
show is checked, not the bytes. The streamed text goes through the SDK's
real stream conversion (``_convert.delta``). Without the fresh line the same
screen loses the answer: the control case shows the check can fail.
"""

from __future__ import annotations

import io
import re

from rich.console import Console
from rich.live import Live

from lmforge import _convert, _terminal
from lmforge.training_job import progress_display, stop_progress
from lmforge.v1 import inference_pb2 as pb

ANSWER = "We are having pasta tonight"


def screen(data: str) -> list[str]:
    rows: list[list[str]] = [[]]
    row = col = 0
    i = 0
    while i < len(data):
        ch = data[i]
        if ch == "\x1b":
            m = re.match(r"\x1b\[([0-9;?]*)([A-Za-z])", data[i:])
            assert m, repr(data[i : i + 8])
            arg, cmd = m.group(1), m.group(2)
            n = int(arg) if arg.isdigit() else 1
            if cmd == "K":
                rows[row] = [] if arg == "2" else rows[row][:col]
            elif cmd == "A":
                row = max(0, row - n)
            elif cmd == "B":
                row += n
                while len(rows) <= row:
                    rows.append([])
            elif cmd == "G":
                col = n - 1
            i += len(m.group(0))
            continue
        if ch == "\r":
            col = 0
        elif ch == "\n":
            row += 1
            col = 0
            while len(rows) <= row:
                rows.append([])
        else:
            line = rows[row]
            while len(line) < col:
                line.append(" ")
            if col < len(line):
                line[col] = ch
            else:
                line.append(ch)
            col += 1
        i += 1
    return ["".join(r).rstrip() for r in rows]


def _stream_answer(out: io.StringIO) -> None:
    for piece in ("We are ", "having ", "pasta tonight"):
        delta = _convert.delta(pb.GenerateStreamResponse(text_delta=piece))
        out.write(delta.text)  # print(piece, end="")


def _run_progress(live: Live) -> None:
    for step in range(3):
        live.update(f"step {step}/3  loss 1.{step}")
        live.refresh()
    live.stop()


def test_progress_starts_below_the_streamed_answer() -> None:
    out = io.StringIO()
    # A real terminal's TERM: with TERM=dumb (CI's) rich draws no live redraws at all.
    console = Console(
        file=out, force_terminal=True, width=60, color_system=None, _environ={"TERM": "xterm"}
    )
    _stream_answer(out)
    _run_progress(progress_display("step 0/3", console=console))
    shown = screen(out.getvalue())
    assert ANSWER in shown, shown
    assert shown[shown.index(ANSWER) + 1].startswith("step 2/3"), shown
    # A second display right after needs no extra newline.
    before = out.getvalue()
    _terminal.fresh_line(out)
    assert out.getvalue() == before


def test_control_without_the_fresh_line_the_answer_is_erased() -> None:
    out = io.StringIO()
    # A real terminal's TERM: with TERM=dumb (CI's) rich draws no live redraws at all.
    console = Console(
        file=out, force_terminal=True, width=60, color_system=None, _environ={"TERM": "xterm"}
    )
    _stream_answer(out)
    _terminal.streamed("\n")  # pretend the line was ended: no fresh line is written
    live = Live("step 0/3", console=console, transient=False, auto_refresh=False)
    live.start()
    _run_progress(live)
    assert not any(ANSWER in line for line in screen(out.getvalue()))


def _pipe_console(out: io.StringIO) -> Console:
    """stdout redirected to a file or a pipe: rich draws only the final line, at stop."""
    return Console(file=out, force_terminal=False, width=60, color_system=None)


def test_progress_to_a_pipe_ends_its_last_line() -> None:
    out = io.StringIO()
    live = progress_display("step 0/3", console=_pipe_console(out))
    live.update("succeeded step 3/3  loss 0.5")
    stop_progress(live)
    out.write("[Classification(...)]\n")  # print(...) right after wait(progress=True)
    assert out.getvalue() == "succeeded step 3/3  loss 0.5\n[Classification(...)]\n"


def test_control_rich_alone_leaves_the_pipe_mid_line() -> None:
    out = io.StringIO()
    live = progress_display("step 0/3", console=_pipe_console(out))
    live.update("succeeded step 3/3  loss 0.5")
    live.stop()
    out.write("next\n")
    assert out.getvalue() == "succeeded step 3/3  loss 0.5next\n"
