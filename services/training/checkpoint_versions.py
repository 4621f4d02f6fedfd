"""register_checkpoints: each saved checkpoint of a job as its own version of the output model.

The way Superduper's ``LLMCallback`` records checkpoints: after the run, the
checkpoints still in the job's storage (Ray Train keeps the newest
``save_total_limit`` of them, so pruning happens there) are registered
oldest first, each tagged ``checkpoint_step=<step>`` and carrying the loss
logged at that step. Only the model files are registered, never the
trainer's resume state (optimizer, scheduler, RNG).
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Any

from lmforge.services.core import layout
from lmforge.services.core.registry_client import OutputVersion

# The trainer's resume state inside an HF checkpoint folder: not part of a model.
RESUME_STATE = re.compile(
    r"^(optimizer\.pt|scheduler\.pt|scaler\.pt|rng_state.*\.pth|trainer_state\.json|"
    r"training_args\.bin)$"
)
_CHECKPOINT_DIR = re.compile(r"^checkpoint-(\d+)/(.+)$")


def checkpoint_files(artifacts: Any, job_id: str) -> dict[int, list[tuple[str, str]]]:
    """step -> [(object key, path inside the checkpoint)] of the job's stored checkpoints."""
    prefix = layout.checkpoint_prefix(job_id)
    found: dict[int, list[tuple[str, str]]] = {}
    for obj in artifacts.list(prefix):
        m = _CHECKPOINT_DIR.match(obj.key[len(prefix) :])
        if m is None:
            continue
        rel = m.group(2)
        name = rel.rsplit("/", 1)[-1]
        if RESUME_STATE.match(name) or name.startswith("."):
            continue
        found.setdefault(int(m.group(1)), []).append((obj.key, rel))
    return dict(sorted(found.items()))


def register_checkpoints(
    artifacts: Any,
    registry: Any,
    job_id: str,
    out: OutputVersion,
    losses: dict[int, float],
    scratch: Path,
) -> list[tuple[int, int]]:
    """Register each stored checkpoint; [(step, version)], oldest step first."""
    done = []
    for step, files in checkpoint_files(artifacts, job_id).items():
        with tempfile.TemporaryDirectory(dir=scratch) as tmp:
            for key, rel in files:
                artifacts.download(key, Path(tmp) / rel)
            metrics = {"global_step": float(step)}
            if step in losses:
                metrics["train_loss"] = losses[step]
            _, version = registry.register(
                Path(tmp),
                replace(
                    out,
                    metrics=metrics,
                    tags={**out.tags, "checkpoint_step": str(step)},
                    description=f"checkpoint at step {step} of job {job_id}",
                ),
            )
        done.append((step, version))
    return done
