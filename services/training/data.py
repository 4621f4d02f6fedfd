"""Training rows: read a dataset file and map its columns to what the trainers take.

Runs inside the Ray workers. Every problem names the row (1-based, in file
order) and what is wrong with it, so a job that fails on bad data says where.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

CAUSAL_LM = "causal_lm"
SEQUENCE_CLASSIFICATION = "sequence_classification"
DPO = "dpo"  # TrainPlan.objective of preference tuning (causal LMs only)


class DataError(ValueError):
    """A dataset row cannot be used; the message names the row and the reason."""


def read_rows(paths: list[Path], fmt: str) -> Iterator[dict[str, Any]]:
    """Rows of the files, in order. ``fmt`` is "jsonl", "csv" or "parquet"."""
    row = 0
    for path in paths:
        if fmt == "jsonl":
            with path.open("rb") as f:
                for line in f:
                    if not line.strip():
                        continue
                    row += 1
                    try:
                        value = json.loads(line)
                    except (json.JSONDecodeError, UnicodeDecodeError) as e:
                        raise DataError(f"dataset row {row}: not valid JSON ({e})") from None
                    if not isinstance(value, dict):
                        raise DataError(
                            f"dataset row {row}: expected a JSON object, got {type(value).__name__}"
                        )
                    yield value
        elif fmt == "csv":
            with path.open(newline="", encoding="utf-8") as f:
                try:
                    for record in csv.DictReader(f):
                        row += 1
                        if None in record:
                            raise DataError(f"dataset row {row}: more fields than the header")
                        yield dict(record)
                except (csv.Error, UnicodeDecodeError) as e:
                    raise DataError(f"dataset row {row + 1}: cannot parse CSV ({e})") from None
        elif fmt == "parquet":
            import pyarrow.parquet as pq

            for record in pq.read_table(path).to_pylist():
                row += 1
                yield record
        else:
            raise DataError(f"unsupported dataset format {fmt!r}")


def _text(row: int, record: dict[str, Any], column: str) -> str:
    if column not in record:
        raise DataError(f"dataset row {row}: column {column!r} is missing")
    value = record[column]
    if not isinstance(value, str):
        raise DataError(
            f"dataset row {row}: column {column!r} must be a string, got {type(value).__name__}"
        )
    return value


def _messages(row: int, record: dict[str, Any], column: str) -> list[dict[str, str]]:
    if column not in record:
        raise DataError(f"dataset row {row}: column {column!r} is missing")
    value = record[column]
    if isinstance(value, str):  # CSV cells hold JSON text
        try:
            value = json.loads(value)
        except json.JSONDecodeError as e:
            raise DataError(f"dataset row {row}: column {column!r} is not JSON ({e})") from None
    if not isinstance(value, list) or not value:
        raise DataError(f"dataset row {row}: column {column!r} must be a non-empty list")
    out = []
    for i, m in enumerate(value):
        if not (
            isinstance(m, dict)
            and isinstance(m.get("role"), str)
            and isinstance(m.get("content"), str)
        ):
            raise DataError(
                f"dataset row {row}: {column}[{i}] must be an object with string "
                "'role' and 'content'"
            )
        out.append({"role": m["role"], "content": m["content"]})
    return out


def sft_rows(records: Iterator[dict[str, Any]], columns: dict[str, str]) -> list[dict[str, Any]]:
    """Rows for trl's SFTTrainer: {"text"}, {"prompt", "completion"} or {"messages"}."""
    out: list[dict[str, Any]] = []
    for row, record in enumerate(records, start=1):
        if columns.get("messages"):
            out.append({"messages": _messages(row, record, columns["messages"])})
        elif columns.get("prompt"):
            out.append(
                {
                    "prompt": _text(row, record, columns["prompt"]),
                    "completion": _text(row, record, columns["completion"]),
                }
            )
        else:
            out.append({"text": _text(row, record, columns["text"])})
    if not out:
        raise DataError("the dataset has no rows")
    return out


def classification_rows(
    records: Iterator[dict[str, Any]], columns: dict[str, str], labels: list[str]
) -> list[dict[str, Any]]:
    """Rows for the HF Trainer: {"text", "label": class index}.

    A label may be a label name (one of ``labels``) or a class index.
    """
    index = {name: i for i, name in enumerate(labels)}
    out: list[dict[str, Any]] = []
    for row, record in enumerate(records, start=1):
        text = _text(row, record, columns["text"])
        if columns["label"] not in record:
            raise DataError(f"dataset row {row}: column {columns['label']!r} is missing")
        raw = record[columns["label"]]
        label: int | None = None
        if isinstance(raw, bool):
            label = None
        elif isinstance(raw, int):
            label = raw
        elif isinstance(raw, str):
            label = index.get(raw)
            if label is None and raw.strip().lstrip("-").isdigit():
                label = int(raw)
        if label is None or not 0 <= label < len(labels):
            raise DataError(
                f"dataset row {row}: label {raw!r} is not one of {labels} "
                f"or a class index below {len(labels)}"
            )
        out.append({"text": text, "label": label})
    if not out:
        raise DataError("the dataset has no rows")
    return out


def preference_rows(
    records: Iterator[dict[str, Any]], columns: dict[str, str]
) -> list[dict[str, Any]]:
    """Rows for trl's DPOTrainer: {"prompt", "chosen", "rejected"}, all strings.

    The answers are continuations of the prompt (trl tokenizes prompt + answer
    and trains on the answer's tokens), so a leading space belongs in them.
    """
    out: list[dict[str, Any]] = []
    for row, record in enumerate(records, start=1):
        out.append(
            {key: _text(row, record, columns[key]) for key in ("prompt", "chosen", "rejected")}
        )
    if not out:
        raise DataError("the dataset has no rows")
    return out
