"""TrainPlan: everything a Ray worker needs to run one job, as plain data.

The coordinator builds it from a validated spec and the registry's answers;
the workers receive it through ``train_loop_config``. It holds no handles to
the service (only the job's event channel), so the workers can run on any
node of a Ray cluster.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

# The checkpoint folder name of a job's final output (Ray Train storage). Here, not in
# worker.py: that module imports transformers and torch, which the service never needs.
OUTPUT_DIR_NAME = "output"
# report_to tensorboard: the event files' folder inside the output folder.
TENSORBOARD_DIR_NAME = "tensorboard"


@dataclass
class Hyper:
    """Resolved hyperparameters (defaults filled in)."""

    num_epochs: float = 1.0
    max_steps: int = -1
    learning_rate: float = 2e-4
    per_device_batch_size: int = 8
    gradient_accumulation_steps: int = 1
    max_length: int = 512
    warmup_ratio: float = 0.0
    weight_decay: float = 0.0
    seed: int = 42
    logging_steps: int = 1
    lr_scheduler_type: str = "linear"
    gradient_checkpointing: bool = False
    bf16: bool = False
    fp16: bool = False


@dataclass
class Artifact:
    """A registry version's files in the object store."""

    name: str
    version: int
    files: list[str]
    format: str = ""  # datasets: "jsonl", "csv" or "parquet"
    sha256: dict[str, str] = field(default_factory=dict)  # path -> the registry's hex digest
    prefix: str = ""  # the registry's storage_prefix: a file's key is prefix + path


@dataclass
class TrainPlan:
    job_id: str
    task: str  # data.CAUSAL_LM or data.SEQUENCE_CLASSIFICATION
    method: str  # "full" or "lora"
    model: Artifact
    dataset: Artifact
    columns: dict[str, str]
    hyper: Hyper
    storage: dict[str, Any]  # StorageSettings keyword arguments, never credentials
    work_dir: str
    checkpoint_uri: str = ""
    labels: list[str] = field(default_factory=list)
    lora: dict[str, Any] = field(default_factory=dict)
    adapter_output: str = "adapter"  # or "merged"
    validation_fraction: float = 0.0
    validation: Artifact | None = None  # a dataset evaluated instead of a held-out fraction
    deepspeed: dict[str, Any] | None = None
    checkpoint_steps: int = 0
    use_gpu: bool = False
    eval_steps: int = 0  # 0: evaluate at checkpoints (if any) and at the end
    metric_for_best_model: str = ""  # full eval metric name; "" keeps the last step
    greater_is_better: bool = False
    # Superduper LLMTrainer extras (JobSpec 20-23).
    sft_kwargs: dict[str, Any] = field(default_factory=dict)  # allowlisted SFTConfig settings
    setup_chat_format: bool = False
    save_total_limit: int = 0  # 0: keep every checkpoint
    register_checkpoints: bool = False
    report_to: list[str] = field(default_factory=list)  # HF integrations besides none
    objective: str = "supervised"  # or data.DPO: preference pairs through trl's DPOTrainer
    beta: float = 0.0  # DPO's beta (0 when not DPO)

    def hyperparameters_text(self) -> dict[str, str]:
        """The hyperparameters as strings, for the registry's lineage."""
        out = {k: str(v) for k, v in asdict(self.hyper).items()}
        out["method"] = self.method
        if self.validation is not None:
            out["validation_dataset"] = f"{self.validation.name}:{self.validation.version}"
        if self.method == "lora":
            out.update({f"lora_{k}": str(v) for k, v in self.lora.items()})
        if self.objective != "supervised":
            out["objective"] = self.objective
            out["beta"] = str(self.beta)
        if self.deepspeed:
            stage = self.deepspeed.get("zero_optimization", {}).get("stage", 0)
            out["deepspeed_zero_stage"] = str(stage)
        return out
