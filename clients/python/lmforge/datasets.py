"""Training data from where it lives into one file the registry accepts.

Accepted: a list of dicts, a pandas DataFrame, a JSONL / CSV / Parquet file,
or ``SQL(query, url)`` -- rows read from any database SQLAlchemy reaches, so
a model can be trained on data held in a database without an export step.
Rows become JSONL (nested values such as chat ``messages`` survive); files
already in a registry format are pushed as they are.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lmforge.errors import InvalidArgument
from lmforge.registry_transfer import DATASET_SUFFIXES

FILE_FORMATS = DATASET_SUFFIXES


@dataclass(frozen=True)
class SQL:
    """Rows of a SQL query on a SQLAlchemy URL, e.g. ``SQL("select text, label from tweets",
    "sqlite:///data.db")``. ``params`` are bound parameters (``:name`` in the query)."""

    query: str
    url: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def rows(self) -> list[dict[str, Any]]:
        try:
            import sqlalchemy as sa
        except ImportError:  # the SDK's own dependencies do not include it
            raise InvalidArgument.field(
                "data", "reading SQL needs SQLAlchemy: pip install 'lmforge[server]'"
            ) from None
        try:
            engine = sa.create_engine(self.url)
        except (sa.exc.ArgumentError, sa.exc.NoSuchModuleError) as e:
            raise InvalidArgument.field("url", f"not a usable SQLAlchemy URL: {e}") from None
        try:
            with engine.connect() as conn:
                result = conn.execute(sa.text(self.query), dict(self.params))
                return [dict(r._mapping) for r in result]
        except sa.exc.SQLAlchemyError as e:
            reason = str(getattr(e, "orig", None) or e).splitlines()[0]
            raise InvalidArgument.field("query", f"the query failed: {reason}") from None
        finally:
            engine.dispose()


def _jsonable(value: Any) -> Any:
    """Values pandas or a database hand back (numpy scalars, timestamps) as JSON values."""
    if hasattr(value, "item") and callable(value.item):  # numpy scalar
        return value.item()
    if hasattr(value, "tolist") and callable(value.tolist):  # numpy array
        return value.tolist()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return value


def write_jsonl(rows: Iterable[Mapping[str, Any]], path: Path) -> int:
    """Write rows as JSON lines; returns the row count. Each row must be a mapping."""
    n = 0
    with path.open("w", encoding="utf-8") as f:
        for i, row in enumerate(rows):
            if not isinstance(row, Mapping):
                raise InvalidArgument.field(
                    f"data[{i}]", f"must be a dict of column -> value, got {type(row).__name__}"
                )
            f.write(json.dumps({str(k): _jsonable(v) for k, v in row.items()}, default=str))
            f.write("\n")
            n += 1
    if n == 0:
        raise InvalidArgument.field("data", "has no rows")
    return n


def to_file(data: Any, workdir: Path) -> Path:
    """A file in a registry format holding ``data`` (written into ``workdir`` if needed)."""
    if isinstance(data, str | Path):
        path = Path(data)
        fmt = FILE_FORMATS.get(path.suffix.lower())
        if fmt is None:
            raise InvalidArgument.field(
                "data", f"{path.name}: unknown file type; use .jsonl, .csv or .parquet"
            )
        if not path.is_file():
            raise InvalidArgument.field("data", f"{path} is not a file")
        if path.suffix.lower() == ".json":  # a JSON array of rows -> JSONL
            try:
                rows = json.loads(path.read_text(encoding="utf-8"))
            except json.JSONDecodeError as e:
                raise InvalidArgument.field("data", f"{path.name} is not valid JSON: {e}") from None
            if not isinstance(rows, list):
                raise InvalidArgument.field("data", f"{path.name} must hold a list of rows")
            out = workdir / (path.stem + ".jsonl")
            write_jsonl(rows, out)
            return out
        return path
    out = workdir / "data.jsonl"
    if isinstance(data, SQL):
        write_jsonl(data.rows(), out)
        return out
    if _is_dataframe(data):
        write_jsonl(data.to_dict(orient="records"), out)
        return out
    if isinstance(data, Sequence) and not isinstance(data, bytes):
        write_jsonl(data, out)
        return out
    raise InvalidArgument.field(
        "data",
        f"cannot use a {type(data).__name__}: give a list of dicts, a pandas DataFrame, "
        "a .jsonl/.csv/.parquet path, or lmforge.SQL(query, url)",
    )


def _is_dataframe(data: Any) -> bool:
    return type(data).__name__ == "DataFrame" and hasattr(data, "to_dict")


def columns_of(data: Any) -> list[str] | None:
    """Column names when they are cheap to know before upload (rows, DataFrames)."""
    if _is_dataframe(data):
        return [str(c) for c in data.columns]
    if isinstance(data, Sequence) and data and isinstance(data[0], Mapping):
        return [str(k) for k in data[0]]
    return None
