"""The per-worker train function that Ray Train runs in each of a job's workers.

Each worker fetches the base model and the dataset straight from the object
store (never through the coordinator), builds trl's ``SFTTrainer`` (causal
LM), trl's ``DPOTrainer`` (preference pairs, in ``preference``) or the HF
``Trainer`` (sequence classification), full or LoRA, with the
job's DeepSpeed config, and trains. Rank 0 streams progress into the job's
channel actor; every rank reports checkpoints to Ray Train, which persists
them to the job's storage and hands the latest back after a worker failure.
"""

from __future__ import annotations

import contextlib
import json
import logging
import math
import os
import shutil
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from transformers import TrainerCallback

from . import job_events as ev
from .data import (
    CAUSAL_LM,
    DPO,
    DataError,
    classification_rows,
    preference_rows,
    read_rows,
    sft_rows,
)
from .plan import OUTPUT_DIR_NAME, TENSORBOARD_DIR_NAME, Artifact, Hyper, TrainPlan
from .preference import FINAL_FIGURES, build_dpo, step_figures

log = logging.getLogger(__name__)

STOP_POLL_SECONDS = 0.5  # how often rank 0 asks the channel whether to stop


class IntegrityError(DataError):
    """A downloaded input is not the bytes the registry recorded."""


def _fetch(store: Any, key: str, dest: Path, expected: str, what: str) -> None:
    """Download one input and check its sha256 against the registry's record."""
    got = store.download(key, dest).sha256
    if not expected:
        dest.unlink(missing_ok=True)
        raise IntegrityError(f"{what}: the registry recorded no sha256; refusing unchecked bytes")
    if got != expected:
        dest.unlink(missing_ok=True)
        raise IntegrityError(
            f"{what}: sha256 mismatch: downloaded {got}, the registry recorded {expected}; "
            "the stored object was changed after it was published"
        )


def _inside(root: Path, path: str) -> Path:
    dest = (root / path).resolve()
    if not dest.is_relative_to(root.resolve()):
        raise IntegrityError(f"file path {path!r} leaves the download folder")
    return dest


def fetch_inputs(plan: TrainPlan, root: Path) -> tuple[Path, list[Path], list[Path]]:
    """Download the base model folder, the dataset files and the validation dataset's
    (none without one), each verified by sha256, over one store connection."""
    from lmforge.services.core import layout
    from lmforge.services.core.settings import StorageSettings
    from lmforge.services.core.storage import open_store

    # Credentials come from this Ray node's environment (LMFORGE_S3_*), not the plan.
    store = open_store(StorageSettings(**plan.storage), check=False)
    try:
        model, dataset = plan.model, plan.dataset
        model_dir = root / "base"
        for path in model.files:
            _fetch(
                store,
                layout.file_key(model.prefix, path)
                if model.prefix
                else layout.model_file_key(model.name, model.version, path),
                _inside(model_dir, path),
                model.sha256.get(path, ""),
                f"model {model.name}:{model.version} file {path!r}",
            )
        data_paths = _fetch_dataset(store, dataset, root / "data")
        validation_paths = (
            _fetch_dataset(store, plan.validation, root / "validation")
            if plan.validation is not None
            else []
        )
    finally:
        store.close()
    return model_dir, data_paths, validation_paths


def _fetch_dataset(store: Any, dataset: Artifact, folder: Path) -> list[Path]:
    from lmforge.services.core import layout

    paths = []
    for path in sorted(dataset.files):
        dest = _inside(folder, path)
        _fetch(
            store,
            layout.file_key(dataset.prefix, path)
            if dataset.prefix
            else layout.dataset_file_key(dataset.name, dataset.version, path),
            dest,
            dataset.sha256.get(path, ""),
            f"dataset {dataset.name}:{dataset.version} file {path!r}",
        )
        paths.append(dest)
    return paths


class ProgressCallback(TrainerCallback):
    """Streams metrics to the channel (rank 0), checks the stop flag, reports checkpoints."""

    def __init__(self, plan: TrainPlan, channel: Any, rank: int, world: int) -> None:
        self.plan = plan
        self.channel = channel
        self.rank = rank
        self.world = world
        self.trainer: Any = None
        self.stopped = False
        self._last_poll = 0.0
        self._last_log_time = 0.0
        self._last_log_step = 0
        self._announced = False
        # The last loss the watch was shown: the version's train_loss is this figure.
        self.last_loss: float | None = None
        # DPO: the last step's rewards/margins etc. (StepMetrics.extra).
        self.last_extra: dict[str, float] = {}
        # Set for the final evaluation of a best-checkpoint run: its metrics are
        # the best step's, so its event names that step.
        self.eval_step: int | None = None

    def emit(self, event: ev.WorkerEvent) -> None:
        if self.rank == 0:
            self.channel.push.remote(ev.to_message(event))

    def on_train_begin(self, args, state, control, **kwargs):  # type: ignore[no-untyped-def]
        self._last_log_time = time.monotonic()
        self._last_log_step = state.global_step
        self.emit(ev.TotalSteps(int(state.max_steps)))

    def on_step_end(self, args, state, control, **kwargs):  # type: ignore[no-untyped-def]
        if not self._announced and self.trainer is not None:
            self._announced = True
            engine = type(self.trainer.model_wrapped).__name__
            deepspeed = bool(self.trainer.is_deepspeed_enabled)
            stage = int(self.trainer.model_wrapped.zero_optimization_stage()) if deepspeed else None
            self.emit(ev.Engine(engine, deepspeed, stage))
        if self._should_stop():
            self.stopped = True
            control.should_training_stop = True
            control.should_save = False
        return control

    def _should_stop(self) -> bool:
        """Rank 0 polls the channel; the answer is all-reduced so every rank stops together."""
        import ray
        import torch
        import torch.distributed as dist

        flag = 0
        now = time.monotonic()
        if self.rank == 0 and now - self._last_poll >= STOP_POLL_SECONDS:
            self._last_poll = now
            flag = int(ray.get(self.channel.should_stop.remote()))
        if self.world > 1 and dist.is_initialized():
            device = (
                torch.device("cuda", torch.cuda.current_device())
                if dist.get_backend() == "nccl"
                else torch.device("cpu")
            )
            t = torch.tensor([flag], device=device)
            dist.all_reduce(t, op=dist.ReduceOp.MAX)
            flag = int(t.item())
        return bool(flag)

    def on_log(self, args, state, control, logs=None, **kwargs):  # type: ignore[no-untyped-def]
        logs = logs or {}
        step = int(state.global_step)
        evals = eval_metrics(logs, metrics_kind(self.plan))
        if evals:
            step = self.eval_step if self.eval_step is not None else step
            self.emit(ev.Evaluation(step, evals))
        elif "loss" in logs:
            self.last_loss = float(logs["loss"])
            now = time.monotonic()
            steps = step - self._last_log_step
            samples = (
                steps * args.per_device_train_batch_size * args.gradient_accumulation_steps
            ) * self.world
            elapsed = now - self._last_log_time
            self._last_log_time, self._last_log_step = now, step
            if self.plan.objective == DPO:
                self.last_extra = step_figures(logs)
            self.emit(
                ev.StepMetrics(
                    step=step,
                    total_steps=int(state.max_steps),
                    epoch=float(logs.get("epoch", state.epoch or 0.0)),
                    loss=float(logs["loss"]),
                    learning_rate=float(logs.get("learning_rate", 0.0)),
                    grad_norm=float(logs.get("grad_norm", 0.0)),
                    samples_per_second=samples / elapsed if elapsed > 0 else 0.0,
                    extra=self.last_extra,
                )
            )

    def on_save(self, args, state, control, **kwargs):  # type: ignore[no-untyped-def]
        import ray.train

        step = int(state.global_step)
        name = f"checkpoint-{step}"
        local = Path(args.output_dir) / name
        # Every rank reports (Ray Train's report is collective); a rank that
        # wrote files (rank 0, or each rank's shards under DeepSpeed) hands
        # them over and Ray merges them into one checkpoint directory.
        checkpoint = ray.train.Checkpoint.from_directory(str(local)) if local.is_dir() else None
        ray.train.report({"step": step}, checkpoint=checkpoint, checkpoint_dir_name=name)
        self.emit(ev.Checkpoint(step, f"{self.plan.checkpoint_uri}/{name}"))


def metrics_kind(plan: TrainPlan) -> str:
    """Which eval metrics a job computes: its task's, or DPO's (spec.EVAL_METRICS)."""
    return DPO if plan.objective == DPO else plan.task


def eval_metrics(logs: dict[str, Any], task: str) -> dict[str, float]:
    """The eval_* numbers of a Trainer log, plus eval_perplexity for causal LM SFT.

    ``task`` is ``metrics_kind(plan)``: DPO's loss is no token cross-entropy,
    so a DPO job gets no perplexity.

    The Trainer's own timing figures (eval_runtime, eval_*_per_second) are
    left out: they are not metrics of the model.
    """
    out = {
        k: float(v)
        for k, v in logs.items()
        if k.startswith("eval_")
        and isinstance(v, (int, float))
        and k not in ("eval_runtime", "eval_samples_per_second", "eval_steps_per_second")
    }
    if task == CAUSAL_LM and "eval_loss" in out:
        # Perplexity is exp(mean token cross-entropy); capped so a diverged run
        # reports a large number instead of inf.
        out["eval_perplexity"] = math.exp(min(out["eval_loss"], 50.0))
    return out


def classification_metrics(logits: Any, label_ids: Any, num_labels: int) -> dict[str, float]:
    """Accuracy and macro-averaged F1, precision and recall over the labels.

    Plain numpy (scikit-learn is not a dependency): per label, precision is
    TP / predicted, recall TP / actual, 0 where the denominator is 0, as
    scikit-learn's zero_division=0; macro averages over every label.
    """
    import numpy as np

    pred = np.argmax(logits, axis=-1)
    truth = np.asarray(label_ids)
    precisions, recalls, f1s = [], [], []
    for c in range(num_labels):
        tp = float(np.sum((pred == c) & (truth == c)))
        predicted, actual = float(np.sum(pred == c)), float(np.sum(truth == c))
        p = tp / predicted if predicted else 0.0
        r = tp / actual if actual else 0.0
        precisions.append(p)
        recalls.append(r)
        f1s.append(2 * p * r / (p + r) if p + r else 0.0)
    return {
        "accuracy": float(np.mean(pred == truth)),
        "f1": float(np.mean(f1s)),
        "precision": float(np.mean(precisions)),
        "recall": float(np.mean(recalls)),
    }


def _lora_config(plan: TrainPlan, task_type: str) -> Any:
    from peft import LoraConfig

    lora = plan.lora
    modules = list(lora.get("target_modules") or ["all-linear"])
    return LoraConfig(
        task_type=task_type,
        r=int(lora.get("r", 8)),
        lora_alpha=int(lora.get("alpha", 16)),
        lora_dropout=float(lora.get("dropout", 0.05)),
        # peft wants the shorthand as a plain string, not a one-item list.
        target_modules="all-linear" if modules == ["all-linear"] else modules,
        bias=lora.get("bias") or "none",
    )


def compute_dtype(hyper: Hyper) -> str:
    """QLoRA's compute dtype: the mixed precision asked for, as Superduper's LLMTrainer."""
    return "bfloat16" if hyper.bf16 else "float16" if hyper.fp16 else "float32"


def _quantization(plan: TrainPlan) -> dict[str, Any]:
    """from_pretrained arguments for QLoRA (4 or 8 bit base weights; GPU only)."""
    bits = int(plan.lora.get("load_in_bits") or 0)
    if not bits:
        return {}
    import ray.train
    import torch
    from transformers import BitsAndBytesConfig

    dtype = getattr(torch, compute_dtype(plan.hyper))
    config = (
        BitsAndBytesConfig(
            load_in_4bit=True,
            bnb_4bit_quant_type="nf4",
            bnb_4bit_compute_dtype=dtype,
            bnb_4bit_use_double_quant=True,
        )
        if bits == 4
        else BitsAndBytesConfig(load_in_8bit=True)
    )
    local_rank = ray.train.get_context().get_local_rank()
    return {"quantization_config": config, "device_map": {"": local_rank}}


def _common_args(plan: TrainPlan, output_dir: Path, has_eval: bool) -> dict[str, Any]:
    h = plan.hyper
    best = bool(plan.metric_for_best_model) and has_eval
    every = plan.eval_steps or plan.checkpoint_steps
    evaluate = has_eval and every > 0
    # Keeping the best checkpoint needs one saved at every evaluation (the
    # Trainer requires save_steps to be a multiple of eval_steps).
    save_steps = plan.checkpoint_steps or (every if best else 0)
    save = save_steps > 0
    # eval_perplexity is exp(eval_loss): the same order, so the Trainer ranks by eval_loss.
    metric = (
        "eval_loss"
        if plan.metric_for_best_model == "eval_perplexity"
        else (plan.metric_for_best_model)
    )
    return {
        "output_dir": str(output_dir),
        "per_device_train_batch_size": h.per_device_batch_size,
        "per_device_eval_batch_size": h.per_device_batch_size,
        "gradient_accumulation_steps": h.gradient_accumulation_steps,
        "learning_rate": h.learning_rate,
        "num_train_epochs": h.num_epochs,
        "max_steps": h.max_steps if h.max_steps > 0 else -1,
        "warmup_steps": h.warmup_ratio,
        "weight_decay": h.weight_decay,
        "lr_scheduler_type": h.lr_scheduler_type,
        "seed": h.seed,
        "logging_strategy": "steps",
        "logging_steps": h.logging_steps,
        "save_strategy": "steps" if save else "no",
        "save_steps": save_steps if save else 500,
        "save_total_limit": plan.save_total_limit or None,
        "eval_strategy": "steps" if evaluate else "no",
        "eval_steps": every if evaluate else None,
        "load_best_model_at_end": best,
        "metric_for_best_model": metric if best else None,
        "greater_is_better": plan.greater_is_better if best else None,
        # trl defaults to bf16 and gradient checkpointing; both only when asked.
        "use_cpu": not plan.use_gpu,
        "bf16": h.bf16,
        "fp16": h.fp16,
        "gradient_checkpointing": h.gradient_checkpointing,
        # "tensorboard": transformers' TensorBoardCallback (its folder: see tensorboard_dir).
        "report_to": list(plan.report_to) or "none",
        "disable_tqdm": True,
        "dataloader_num_workers": 0,
        "ddp_find_unused_parameters": False,
        "deepspeed": plan.deepspeed,
    }


def _build_causal(
    plan: TrainPlan,
    model_dir: Path,
    rows: list[dict[str, Any]],
    out: Path,
    eval_rows: list[dict[str, Any]] | None = None,
) -> Any:
    import datasets
    from transformers import AutoModelForCausalLM, AutoTokenizer
    from trl import SFTConfig, SFTTrainer

    tokenizer = AutoTokenizer.from_pretrained(model_dir)
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    held_out = None if eval_rows is None else datasets.Dataset.from_list(eval_rows)
    train, evaluation = _split(datasets.Dataset.from_list(rows), plan, held_out)
    model = AutoModelForCausalLM.from_pretrained(model_dir, **_quantization(plan))
    if plan.setup_chat_format and tokenizer.chat_template is None:
        model, tokenizer = setup_chat_format(model, tokenizer)
    if plan.lora.get("load_in_bits"):
        from peft import prepare_model_for_kbit_training

        model = prepare_model_for_kbit_training(
            model, use_gradient_checkpointing=plan.hyper.gradient_checkpointing
        )
    args = SFTConfig(
        **_common_args(plan, out, evaluation is not None),
        max_length=plan.hyper.max_length,
        **plan.sft_kwargs,
    )
    return SFTTrainer(
        model=model,
        args=args,
        train_dataset=train,
        eval_dataset=evaluation,
        processing_class=tokenizer,
        peft_config=_lora_config(plan, "CAUSAL_LM") if plan.method == "lora" else None,
    ), tokenizer


CHATML_TEMPLATE = (
    "{% for message in messages %}"
    "{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}"
    "{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}"
)


def setup_chat_format(model: Any, tokenizer: Any) -> tuple[Any, Any]:
    """trl's former ``setup_chat_format`` (removed from trl 1.x, which Superduper called).

    Gives the tokenizer the ChatML template, adds <|im_start|> / <|im_end|> as
    special tokens (bos, eos and pad as trl did) and resizes the embeddings.
    """
    tokenizer.add_special_tokens(
        {
            "bos_token": "<|im_start|>",
            "eos_token": "<|im_end|>",
            "pad_token": "<|im_end|>",
            "additional_special_tokens": ["<|im_start|>", "<|im_end|>"],
        }
    )
    tokenizer.chat_template = CHATML_TEMPLATE
    model.resize_token_embeddings(len(tokenizer))
    for config in (model.config, getattr(model, "generation_config", None)):
        if config is not None:
            config.bos_token_id = tokenizer.bos_token_id
            config.eos_token_id = tokenizer.eos_token_id
            config.pad_token_id = tokenizer.pad_token_id
    return model, tokenizer


def trainer_arguments_report(args: Any) -> dict[str, Any]:
    """The effective TrainingArguments a job trains with, by their HF names (for its log)."""
    from lmforge.training_args import TRAINING_ARGUMENTS

    extra = ["warmup_steps", "max_length", "packing", "completion_only_loss", "dataset_text_field"]
    out: dict[str, Any] = {}
    for name in [*TRAINING_ARGUMENTS, *extra]:
        if not hasattr(args, name):
            continue
        value = getattr(args, name)
        if hasattr(value, "value"):  # enums such as SchedulerType
            value = value.value
        if isinstance(value, (bool, int, float, str)) or value is None:
            out[name] = value
    return out


def _build_classifier(
    plan: TrainPlan,
    model_dir: Path,
    rows: list[dict[str, Any]],
    out: Path,
    eval_rows: list[dict[str, Any]] | None = None,
) -> Any:
    import datasets
    from transformers import (
        AutoModelForSequenceClassification,
        AutoTokenizer,
        DataCollatorWithPadding,
        Trainer,
        TrainingArguments,
    )

    tokenizer = AutoTokenizer.from_pretrained(model_dir)
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    labels = plan.labels
    model = AutoModelForSequenceClassification.from_pretrained(
        model_dir,
        num_labels=len(labels),
        id2label=dict(enumerate(labels)),
        label2id={name: i for i, name in enumerate(labels)},
    )
    if model.config.pad_token_id is None:
        model.config.pad_token_id = tokenizer.pad_token_id
    if plan.method == "lora":
        from peft import get_peft_model

        # task_type SEQ_CLS makes peft train and save the new head in full
        # (modules_to_save), so the adapter reloads with the trained head.
        model = get_peft_model(model, _lora_config(plan, "SEQ_CLS"))

    def tokenize(batch: dict[str, list[Any]]) -> Any:
        return tokenizer(batch["text"], truncation=True, max_length=plan.hyper.max_length)

    def tokenized(part: list[dict[str, Any]]) -> Any:
        return datasets.Dataset.from_list(part).map(tokenize, batched=True, remove_columns=["text"])

    held_out = None if eval_rows is None else tokenized(eval_rows)
    train, evaluation = _split(tokenized(rows), plan, held_out)

    def metrics(pred: Any) -> dict[str, float]:
        logits, label_ids = pred
        return classification_metrics(logits, label_ids, len(labels))

    trainer = Trainer(
        model=model,
        args=TrainingArguments(**_common_args(plan, out, evaluation is not None)),
        train_dataset=train,
        eval_dataset=evaluation,
        processing_class=tokenizer,
        data_collator=DataCollatorWithPadding(tokenizer),
        compute_metrics=metrics,
    )
    return trainer, tokenizer


def _split(dataset: Any, plan: TrainPlan, validation: Any = None) -> tuple[Any, Any]:
    """(train, eval): all of ``dataset`` and the validation dataset's rows when the job
    has one, else ``validation_fraction`` of ``dataset`` held out (None: no eval)."""
    if validation is not None:
        return dataset, validation
    if plan.validation_fraction <= 0 or len(dataset) < 2:
        return dataset, None
    parts = dataset.train_test_split(test_size=plan.validation_fraction, seed=plan.hyper.seed)
    return parts["train"], parts["test"]


def _save_output(plan: TrainPlan, trainer: Any, tokenizer: Any, rank: int, out: Path) -> Path:
    """Write the result folder (full model, adapter, or merged model); rank 0's is used."""
    # Every rank calls save_model: under ZeRO-3 it gathers the sharded weights.
    trainer.save_model(str(out))
    if rank == 0:
        tokenizer.save_pretrained(str(out))
    if rank != 0 or plan.method != "lora" or plan.adapter_output != "merged":
        return out
    from peft import AutoPeftModelForCausalLM, AutoPeftModelForSequenceClassification

    cls = (
        AutoPeftModelForCausalLM
        if plan.task == CAUSAL_LM
        else AutoPeftModelForSequenceClassification
    )
    merged_dir = out.parent / (out.name + "-merged")
    cls.from_pretrained(str(out)).merge_and_unload().save_pretrained(str(merged_dir))
    tokenizer.save_pretrained(str(merged_dir))
    if (out / TENSORBOARD_DIR_NAME).is_dir():  # the event files travel with the output
        shutil.copytree(out / TENSORBOARD_DIR_NAME, merged_dir / TENSORBOARD_DIR_NAME)
    return merged_dir


@contextlib.contextmanager
def tensorboard_dir(path: Path) -> Iterator[None]:
    """Where transformers' TensorBoardCallback writes, while the trainer is built.

    transformers 5 has no ``logging_dir`` argument any more: the callback
    reads TENSORBOARD_LOGGING_DIR when the Trainer creates it (from
    ``report_to``), else writes under output_dir/runs/. The folder is inside
    the output folder, so the event files are stored and registered with it.
    """
    before = os.environ.get("TENSORBOARD_LOGGING_DIR")
    os.environ["TENSORBOARD_LOGGING_DIR"] = str(path)
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("TENSORBOARD_LOGGING_DIR", None)
        else:
            os.environ["TENSORBOARD_LOGGING_DIR"] = before


def train_loop(config: dict[str, Any]) -> None:
    """Ray Train's ``train_loop_per_worker``: {"plan": TrainPlan, "channel": actor handle}."""
    import ray.train
    import ray.util

    plan: TrainPlan = config["plan"]
    channel = config["channel"]
    ctx = ray.train.get_context()
    rank, world = ctx.get_world_rank(), ctx.get_world_size()
    # A fresh folder per attempt: a restarted worker never trips over a dead
    # one's half-written files.
    root = Path(plan.work_dir) / plan.job_id / f"rank{rank}-{uuid.uuid4().hex[:8]}"
    root.mkdir(parents=True, exist_ok=True)

    def emit(event: ev.WorkerEvent) -> None:
        if rank == 0:
            channel.push.remote(ev.to_message(event))

    # Ray has placed this worker: the coordinator's placement timeout no longer applies.
    channel.push.remote(ev.to_message(ev.Placed(rank)))
    # Every rank announces itself (operators, and fault-injection tests, need the pid).
    # The node too: a STRICT_SPREAD job shows its workers on different nodes.
    node = ray.get_runtime_context().get_node_id()
    channel.push.remote(
        ev.to_message(ev.Log.info(f"worker rank {rank} pid {os.getpid()} node {node}"))
    )
    group = ray.util.get_current_placement_group()
    if rank == 0 and group is not None:
        # The coordinator removes it after a hard stop: a force-killed driver
        # leaves its placement group behind, holding the CPUs.
        channel.push.remote(ev.to_message(ev.PlacementGroup(group.id.hex())))
    try:
        started = time.monotonic()
        model_dir, data_paths, validation_paths = fetch_inputs(plan, root)
        fetched = time.monotonic() - started

        def job_rows(records: Iterator[dict[str, Any]]) -> list[dict[str, Any]]:
            if plan.objective == DPO:
                return preference_rows(records, plan.columns)
            if plan.task == CAUSAL_LM:
                return sft_rows(records, plan.columns)
            return classification_rows(records, plan.columns, plan.labels)

        rows = job_rows(read_rows(data_paths, plan.dataset.format))
        eval_rows = None
        if plan.validation is not None:
            held = plan.validation
            try:
                eval_rows = job_rows(read_rows(validation_paths, held.format))
            except DataError as e:
                raise DataError(f"validation dataset {held.name}:{held.version}: {e}") from None
    except DataError as e:
        emit(ev.Error(str(e)))
        raise

    if plan.deepspeed and plan.deepspeed.get("zero_optimization", {}).get("stage") == 3:
        import deepspeed

        # ZeRO-3 must see the process group before the model is built.
        deepspeed.init_distributed(dist_backend="nccl" if plan.use_gpu else "gloo")

    out = root / "run"
    build = _build_causal if plan.task == CAUSAL_LM else _build_classifier
    if plan.objective == DPO:
        build = build_dpo
    started = time.monotonic()
    with tensorboard_dir(root / OUTPUT_DIR_NAME / TENSORBOARD_DIR_NAME):
        trainer, tokenizer = build(plan, model_dir, rows, out, eval_rows)
    held_out = f" (+{len(eval_rows)} validation)" if eval_rows is not None else ""
    emit(
        ev.Log.info(
            f"{len(rows)} rows{held_out}; inputs fetched in {fetched:.1f}s, "
            f"trainer built in {time.monotonic() - started:.1f}s"
        )
    )
    report = json.dumps(trainer_arguments_report(trainer.args), sort_keys=True)
    emit(ev.Log.info(f"training arguments {report}"))
    progress = ProgressCallback(plan, channel, rank, world)
    progress.trainer = trainer
    trainer.add_callback(progress)

    checkpoint = ray.train.get_checkpoint()
    if checkpoint is not None:
        with checkpoint.as_directory() as resume_dir:
            # The step HF's Trainer continues from is the one its state file records.
            state = Path(resume_dir) / "trainer_state.json"
            step = json.loads(state.read_text())["global_step"] if state.is_file() else 0
            message = f"resumed from step {step} ({checkpoint.path})"
            emit(ev.Log.info(message))
            result = trainer.train(resume_from_checkpoint=resume_dir)
    else:
        result = trainer.train()
    if progress.stopped:
        emit(ev.Log.info("stopped on request"))
        return

    metrics: dict[str, float] = {
        k: float(v) for k, v in result.metrics.items() if isinstance(v, (int, float))
    }
    # HF's train_loss is the mean over the whole run; the version carries the
    # last logged loss, the figure the watch ended with, and keeps the mean
    # under its own name.
    metrics["train_loss_mean"] = metrics.pop("train_loss", float("nan"))
    if progress.last_loss is not None:
        metrics["train_loss"] = progress.last_loss
    if plan.objective == DPO:
        for name in FINAL_FIGURES:
            if name in progress.last_extra:
                metrics[f"train_{name}"] = progress.last_extra[name]
    if trainer.eval_dataset is not None:
        # With load_best_model_at_end the trainer now holds the best
        # checkpoint's weights: these are that step's metrics.
        best_step = trainer.state.best_global_step if plan.metric_for_best_model else None
        eval_step = int(best_step) if best_step else int(result.global_step)
        progress.eval_step = eval_step
        metrics.update(eval_metrics(trainer.evaluate(), metrics_kind(plan)))
        progress.eval_step = None
        metrics["eval_step"] = float(eval_step)
    metrics["global_step"] = float(result.global_step)
    if trainer.is_deepspeed_enabled:
        metrics["deepspeed_zero_stage"] = float(trainer.model_wrapped.zero_optimization_stage())
    saved = _save_output(plan, trainer, tokenizer, rank, root / OUTPUT_DIR_NAME)
    ray.train.report(
        metrics,
        checkpoint=ray.train.Checkpoint.from_directory(str(saved)) if rank == 0 else None,
        checkpoint_dir_name=OUTPUT_DIR_NAME,
    )
