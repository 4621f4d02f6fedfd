"""Keyset paging over metadata rows: scan past a page token, cut a page, list versions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from lmforge.errors import InvalidArgument

from . import db, queries
from .entities import Page
from .queries import KindSpec
from .validate import decode_token, encode_token, page_size


def scan(
    s: Session,
    stmt: Select[Any],
    key: Any,
    after: Any,
    size: int,
    keep: Callable[[Any], bool] | None,
    *,
    ascending: bool,
) -> list[Any]:
    """Up to size + 1 rows after ``after`` that pass ``keep`` (the +1 says: more exist)."""
    out: list[Any] = []
    batch = max(size + 1, 100)
    while len(out) <= size:
        q = stmt
        if after is not None:
            q = q.where(key > after if ascending else key < after)
        fetched = list(s.scalars(q.limit(batch)))
        out += [r for r in fetched if keep is None or keep(r)]
        if len(fetched) < batch:
            break
        after = getattr(fetched[-1], key.key)
    return out[: size + 1]


def page_of(items: list[Any], size: int, key: Callable[[Any], Any]) -> Page[Any]:
    if len(items) > size:
        return Page(items[:size], encode_token(key(items[size - 1])))
    return Page(items)


def list_versions(
    s: Session, spec: KindSpec, name: str, size: int, token: str, state: str
) -> list[Any]:
    size = page_size(size)
    after = decode_token(token, int)
    if state and state not in (db.PENDING, db.READY, db.FAILED):
        raise InvalidArgument.field("state", f"{state!r} is not a version state")
    owner = queries.owner(s, spec, name)
    stmt = (
        select(spec.version)
        .where(getattr(spec.version, spec.owner_fk) == owner.id)
        .order_by(spec.version.number.desc())
    )
    if state:
        stmt = stmt.where(spec.version.state == state)
    return scan(s, stmt, spec.version.number, after, size, None, ascending=False)
