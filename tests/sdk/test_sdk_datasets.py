"""Datasets from rows, DataFrames, files and a SQL query on a real SQLite file, pushed live."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import sqlalchemy as sa

from lmforge import SQL, errors

ROWS = [
    {"text": "I love this", "label": "positive"},
    {"text": "I hate this", "label": "negative"},
    {"text": "what a day", "label": "positive"},
]


def test_rows_dataframe_and_files_become_versions(client: Any, tmp_path: Path) -> None:
    v1 = client.push_dataset("sdk-rows", ROWS, description="three rows")
    assert (v1.ref, v1.state, v1.row_count) == ("sdk-rows:1", "READY", 3)
    assert sorted(v1.columns) == ["label", "text"]
    v2 = client.push_dataset("sdk-rows", pd.DataFrame(ROWS * 2))
    assert (v2.version, v2.row_count) == (2, 6)
    csv = tmp_path / "tweets.csv"
    pd.DataFrame(ROWS).to_csv(csv, index=False)
    v3 = client.push_dataset("sdk-rows", csv)
    assert (v3.format, v3.row_count) == ("CSV", 3)
    parquet = tmp_path / "tweets.parquet"
    pd.DataFrame(ROWS).to_parquet(parquet)
    assert client.push_dataset("sdk-rows", parquet).format == "PARQUET"
    # Nested values (chat messages) survive the trip as JSON lines.
    chats = [
        {"messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "yo"}]}
    ]
    vc = client.push_dataset("sdk-chats", chats)
    assert vc.columns == ["messages"] and vc.row_count == 1
    assert [v.version for v in client.list_dataset_versions("sdk-rows")] == [4, 3, 2, 1]
    assert client.resolve_dataset("sdk-rows:2").row_count == 6
    assert {"sdk-rows", "sdk-chats"} <= {d.name for d in client.list_datasets()}


def test_sql_query_on_a_sqlite_database(client: Any, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'shop.db'}"
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text("create table reviews (id integer, body text, stars integer)"))
        conn.execute(
            sa.text("insert into reviews values (:id, :body, :stars)"),
            [{"id": i, "body": f"review {i}", "stars": i % 5 + 1} for i in range(40)],
        )
    engine.dispose()
    query = SQL(
        "select body as text, case when stars >= 3 then 'positive' else 'negative' end as label "
        "from reviews where id < :n",
        url,
        params={"n": 25},
    )
    v = client.push_dataset("sdk-sql", query)
    assert v.row_count == 25 and sorted(v.columns) == ["label", "text"]
    # The rows in the registry are exactly the query's rows.
    dest = tmp_path / "back"
    from lmforge.registry_transfer import dataset_target, download_file

    download_file(
        client._registry.stub, dataset_target("sdk-sql", v.version), v.files[0].path, dest
    )
    rows = [json.loads(line) for line in dest.read_text().splitlines()]
    assert rows[0] == {"text": "review 0", "label": "negative"}
    assert rows[24] == {"text": "review 24", "label": "positive"}


def test_bad_data_is_refused_before_anything_is_created(client: Any, tmp_path: Path) -> None:
    with pytest.raises(errors.InvalidArgument) as e:
        client.push_dataset(
            "sdk-bad", SQL("select nope from missing", f"sqlite:///{tmp_path}/x.db")
        )
    assert e.value.violations[0].field == "query" and "missing" in str(e.value)
    with pytest.raises(errors.InvalidArgument, match="url"):
        client.push_dataset("sdk-bad", SQL("select 1", "notadb://x"))
    with pytest.raises(errors.InvalidArgument, match="unknown file type"):
        client.push_dataset("sdk-bad", tmp_path / "rows.xlsx")
    with pytest.raises(errors.InvalidArgument, match=r"data\[1\]"):
        client.push_dataset("sdk-bad", [{"a": 1}, "not a row"])
    with pytest.raises(errors.InvalidArgument, match="no rows"):
        client.push_dataset("sdk-bad", [])
    with pytest.raises(errors.NotFound):
        client.get_dataset("sdk-bad")
