"""Preference tuning (DPO) inside a Ray worker: trl's DPOTrainer and its figures.

Kept apart from ``worker`` so the supervised path reads as before; it reuses
the worker's trainer arguments (logging, checkpoints, DeepSpeed, CPU/GPU) so a
DPO job runs through the same machinery as an SFT job. With LoRA the
reference model is the base itself (peft disables the adapter for the
reference pass); with every weight trained, trl loads a frozen copy.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .plan import TrainPlan

# trl's per-step DPO logs that StepMetrics.extra carries (each a mean over the
# logged steps). The reward of an answer is beta * (policy - reference) log-prob.
STEP_FIGURES = (
    "rewards/chosen",
    "rewards/rejected",
    "rewards/margins",
    "rewards/accuracies",
    "logps/chosen",
    "logps/rejected",
)
# Of those, what the registered version keeps (as train_<name>, like train_loss).
FINAL_FIGURES = ("rewards/margins", "rewards/accuracies")


def step_figures(logs: dict[str, Any]) -> dict[str, float]:
    return {k: float(logs[k]) for k in STEP_FIGURES if isinstance(logs.get(k), (int, float))}


def build_dpo(
    plan: TrainPlan,
    model_dir: Path,
    rows: list[dict[str, Any]],
    out: Path,
    eval_rows: list[dict[str, Any]] | None = None,
) -> Any:
    """(DPOTrainer, tokenizer) for the job, full or LoRA."""
    import datasets
    from transformers import AutoModelForCausalLM, AutoTokenizer
    from trl import DPOConfig, DPOTrainer

    from . import worker

    tokenizer = AutoTokenizer.from_pretrained(model_dir)
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    held_out = None if eval_rows is None else datasets.Dataset.from_list(eval_rows)
    train, evaluation = worker._split(datasets.Dataset.from_list(rows), plan, held_out)
    model = AutoModelForCausalLM.from_pretrained(model_dir, **worker._quantization(plan))
    if plan.lora.get("load_in_bits"):
        from peft import prepare_model_for_kbit_training

        model = prepare_model_for_kbit_training(model, use_gradient_checkpointing=False)
    args = DPOConfig(
        **worker._common_args(plan, out, evaluation is not None),
        max_length=plan.hyper.max_length,
        beta=plan.beta,
    )
    trainer = DPOTrainer(
        model=model,
        args=args,
        train_dataset=train,
        eval_dataset=evaluation,
        processing_class=tokenizer,
        peft_config=worker._lora_config(plan, "CAUSAL_LM") if plan.method == "lora" else None,
    )
    return trainer, tokenizer
