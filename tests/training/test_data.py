"""Dataset rows -> trainer rows: every problem names the row and the reason."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lmforge.services.training.data import (
    DataError,
    classification_rows,
    read_rows,
    sft_rows,
)


def _jsonl(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "data.jsonl"
    path.write_text("\n".join(lines) + "\n")
    return path


def test_jsonl_rows_map_to_each_sft_layout(tmp_path: Path) -> None:
    rows = [
        {"t": "plain", "q": "2+2?", "a": "4", "chat": [{"role": "user", "content": "hi"}]},
    ]
    path = _jsonl(tmp_path, [json.dumps(r) for r in rows])
    assert sft_rows(read_rows([path], "jsonl"), {"text": "t"}) == [{"text": "plain"}]
    assert sft_rows(read_rows([path], "jsonl"), {"prompt": "q", "completion": "a"}) == [
        {"prompt": "2+2?", "completion": "4"}
    ]
    assert sft_rows(read_rows([path], "jsonl"), {"messages": "chat"}) == [
        {"messages": [{"role": "user", "content": "hi"}]}
    ]


def test_broken_json_line_names_the_row(tmp_path: Path) -> None:
    path = _jsonl(tmp_path, ['{"text": "a"}', "", '{"text": "b"}', '{"text": '])
    with pytest.raises(DataError, match=r"dataset row 3: not valid JSON"):
        list(read_rows([path], "jsonl"))  # blank lines do not count as rows


@pytest.mark.parametrize(
    ("row", "columns", "message"),
    [
        ({"other": "x"}, {"text": "text"}, "column 'text' is missing"),
        ({"text": 3}, {"text": "text"}, "column 'text' must be a string, got int"),
        ({"m": "not json"}, {"messages": "m"}, "column 'm' is not JSON"),
        ({"m": [{"role": "user"}]}, {"messages": "m"}, r"m\[0\] must be an object"),
        ({"m": []}, {"messages": "m"}, "must be a non-empty list"),
    ],
)
def test_bad_sft_row_is_named(row, columns, message) -> None:  # type: ignore[no-untyped-def]
    records = iter([{"text": "ok", "m": [{"role": "user", "content": "x"}]}, row])
    with pytest.raises(DataError, match=rf"dataset row 2: .*{message}"):
        sft_rows(records, columns)


def test_csv_messages_cell_holds_json_and_labels_map_by_name_or_index(tmp_path: Path) -> None:
    path = tmp_path / "d.csv"
    path.write_text('text,label\n"good film",positive\nbad,0\nmeh,1\n')
    rows = classification_rows(
        read_rows([path], "csv"), {"text": "text", "label": "label"}, ["negative", "positive"]
    )
    assert rows == [
        {"text": "good film", "label": 1},
        {"text": "bad", "label": 0},
        {"text": "meh", "label": 1},
    ]


def test_unknown_label_is_named(tmp_path: Path) -> None:
    records = iter([{"text": "a", "label": "positive"}, {"text": "b", "label": "angry"}])
    with pytest.raises(DataError, match=r"dataset row 2: label 'angry' is not one of"):
        classification_rows(records, {"text": "text", "label": "label"}, ["negative", "positive"])
    with pytest.raises(DataError, match=r"dataset row 1: label 5"):
        classification_rows(
            iter([{"text": "a", "label": 5}]), {"text": "text", "label": "label"}, ["n", "p"]
        )


def test_parquet_rows(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = tmp_path / "d.parquet"
    pq.write_table(pa.table({"text": ["x", "y"]}), path)
    assert sft_rows(read_rows([path], "parquet"), {"text": "text"}) == [
        {"text": "x"},
        {"text": "y"},
    ]


def test_empty_dataset_is_an_error(tmp_path: Path) -> None:
    path = _jsonl(tmp_path, [""])
    with pytest.raises(DataError, match="no rows"):
        sft_rows(read_rows([path], "jsonl"), {"text": "text"})
