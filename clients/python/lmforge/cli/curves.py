"""The loss and eval curves of a training job, drawn in the terminal (plotext).

``train show --plot`` and ``train watch --plot`` read the job's events (the
same WatchJob stream the watch follows) and draw: the training loss at every
logging step, and each eval metric at every evaluation, against the step.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from lmforge.types import JobEvent


@dataclass
class Curves:
    """Points per series, in step order: {"loss": [(step, value), ...], "eval_loss": ...}."""

    series: dict[str, list[tuple[int, float]]] = field(default_factory=dict)

    def add(self, event: JobEvent) -> None:
        if event.kind == "metrics" and event.metrics is not None:
            self._point("loss", event.metrics.step, event.metrics.loss)
        elif event.kind == "evaluation":
            for name, value in event.values.items():
                self._point(name, event.step, value)

    def _point(self, name: str, step: int, value: float) -> None:
        points = self.series.setdefault(name, [])
        if points and points[-1][0] == step:  # a resumed run logs a step again: keep the last
            points[-1] = (step, value)
        else:
            points.append((step, value))


def collect(events: Iterable[JobEvent]) -> Curves:
    curves = Curves()
    for e in events:
        curves.add(e)
    return curves


def draw(curves: Curves, width: int = 80, height: int = 20, color: bool = True) -> str:
    """The curves as text; losses and other metrics on one chart, one line per series.

    Accuracy-like metrics (0..1) share an axis with losses (also small) well
    enough at terminal resolution; perplexity is left out of the chart (it
    dwarfs the rest) and printed in the legend line instead.
    """
    import plotext as plt

    drawn = {k: v for k, v in curves.series.items() if v and not k.endswith("perplexity")}
    if not drawn:
        return "no loss or eval metrics were reported yet"
    plt.clear_figure()
    plt.plotsize(width, height)
    plt.theme("clear")
    markers = {"loss": "braille"}
    for name, points in drawn.items():
        steps = [s for s, _ in points]
        values = [v for _, v in points]
        plt.plot(steps, values, label=name, marker=markers.get(name, "x"))
    plt.xlabel("step")
    text: str = plt.build()
    if not color:
        text = plt.uncolorize(text)
    last = ", ".join(
        f"{k} {v[-1][1]:.4g} at step {v[-1][0]}" for k, v in sorted(curves.series.items()) if v
    )
    return f"{text}\n{last}"
