"""Row count and column names of dataset files (JSONL, CSV, Parquet), via pyarrow.

Recorded at finalize so that the training service can check a column mapping
before it starts a job.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from lmforge.errors import FailedPrecondition, InvalidArgument

_EXTENSIONS = {
    ".jsonl": "JSONL",
    ".ndjson": "JSONL",
    ".json": "JSONL",
    ".csv": "CSV",
    ".parquet": "PARQUET",
    ".pq": "PARQUET",
}


@dataclass(frozen=True)
class TableShape:
    rows: int
    columns: list[str]


def format_of(path: str, field: str = "format") -> str:
    """The dataset format a file name implies."""
    suffix = Path(path).suffix.lower()
    try:
        return _EXTENSIONS[suffix]
    except KeyError:
        raise InvalidArgument.field(
            field,
            f"cannot infer the format of {path!r} from its extension; name the format "
            "(JSONL, CSV or PARQUET) or use .jsonl, .csv or .parquet",
        ) from None


def inspect_file(local: Path, fmt: str, name: str) -> TableShape:
    """Parse one local file. A file that does not parse is FAILED_PRECONDITION."""
    try:
        if fmt == "PARQUET":
            import pyarrow.parquet as pq

            meta = pq.read_metadata(local)
            return TableShape(meta.num_rows, list(meta.schema.to_arrow_schema().names))
        if fmt == "CSV":
            import pyarrow.csv as pcsv

            table = pcsv.read_csv(local)
            return TableShape(table.num_rows, list(table.column_names))
        if fmt == "JSONL":
            return _inspect_jsonl(local)
    except FailedPrecondition:
        raise
    except Exception as e:  # pyarrow raises ArrowInvalid and friends
        raise FailedPrecondition(f"file {name!r} is not valid {fmt}: {e}") from e
    raise InvalidArgument.field("format", f"unknown dataset format {fmt!r}")


def _inspect_jsonl(local: Path) -> TableShape:
    import pyarrow as pa
    import pyarrow.json as pjson

    try:
        table = pjson.read_json(local)
        return TableShape(table.num_rows, list(table.column_names))
    except pa.ArrowInvalid:
        # Rows whose fields change type (a number here, a string there) defeat
        # Arrow's schema inference but are still valid JSONL: count them with
        # the json module, keeping the keys in first-seen order.
        pass
    rows = 0
    columns: dict[str, None] = {}
    with local.open("rb") as f:
        for lineno, line in enumerate(f, 1):
            if not line.strip():
                continue
            row = json.loads(line)
            if not isinstance(row, dict):
                raise FailedPrecondition(f"line {lineno} is not a JSON object")
            columns.update(dict.fromkeys(row))
            rows += 1
    return TableShape(rows, list(columns))
