"""Gated promotion and deployment reports: the registry's side of "an alias is the deployment".

``promote_version`` decides and applies a gated alias move in one transaction:
the compare-and-swap on the alias, the comparison of the two versions'
metrics as the registry holds them, the ``promotion_*`` tags on the
candidate and the PROMOTION_DECIDED event (then the alias event, when it
moved). Deciding here rather than in the trainer means the figures compared
are the registered ones, and the tags can never claim a move that lost its
race. ``report_deployment`` records an inference server's swap (or failed
swap) to a followed alias's new version as an event beside the alias moves.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError

from lmforge.errors import FailedPrecondition, InvalidArgument

from . import db, events, queries
from .aliases import _compare, _lost_race
from .queries import MODELS
from .validate import check_name, check_version

_METRIC = re.compile(r"^[A-Za-z0-9_.:/-]{1,128}$")
_MAX_SERVER_CHARS = 256


@dataclass(frozen=True)
class PromotionResult:
    figures: events.PromotionFigures
    reason: str
    sequence: int


def _metric_of(row: db.ModelVersion, metric: str) -> float | None:
    value = (row.metrics or {}).get(metric)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    value = float(value)
    return value if math.isfinite(value) else None


def decide(
    metric: str, greater_is_better: bool, candidate: float, baseline: int, base: float | None
) -> tuple[bool, str]:
    """(promote?, why in words) for a candidate figure against the baseline version's."""
    if not baseline:
        return True, f"the alias did not exist; {metric} {candidate:.6g}"
    if base is None:
        return True, f"version {baseline} has no {metric}; {metric} {candidate:.6g}"
    better = candidate > base if greater_is_better else candidate < base
    word = "beats" if better else "does not beat"
    return better, f"{metric} {candidate:.6g} {word} {base:.6g} of version {baseline}"


def promote_version(
    engine: Engine,
    notifier: events.Notifier,
    model: str,
    version: int,
    alias: str,
    metric: str,
    greater_is_better: bool,
    expected: int | None,
) -> PromotionResult:
    check_name("model", model)
    check_name("alias", alias)
    check_version("version", version)
    if not _METRIC.match(metric):
        raise InvalidArgument.field(
            "metric", f"{metric[:64]!r} is not a metric name (1-128 of A-Z a-z 0-9 _ . : / -)"
        )
    if expected is not None and expected < 0:
        raise InvalidArgument.field("expected_version", f"{expected} is negative")
    with queries.tx(engine) as s, s.begin():
        owner = queries.owner(s, MODELS, model)
        row = queries.version(s, MODELS, model, version)
        if row.state != db.READY:
            raise FailedPrecondition(
                f"version: {model}:{version} is {row.state}; only a READY version is promoted"
            )
        candidate = _metric_of(row, metric)
        if candidate is None:
            have = ", ".join(sorted(row.metrics or {})) or "none"
            raise FailedPrecondition(
                f"metric: version {model}:{version} has no numeric {metric!r} "
                f"(its metrics: {have}); name one it was registered with"
            )
        current = s.scalar(
            select(db.Alias)
            .where(db.Alias.model_id == owner.id, db.Alias.name == alias)
            .with_for_update()
        )
        previous = current.version.number if current else 0
        _compare(model, alias, previous, expected)
        base = _metric_of(current.version, metric) if current else None
        if previous == version:
            promote, reason = True, f"the alias already points at version {version}"
        else:
            promote, reason = decide(metric, greater_is_better, candidate, previous, base)
        figures = events.PromotionFigures(
            metric=metric,
            greater_is_better=greater_is_better,
            promoted=promote,
            candidate_value=candidate,
            baseline_version=previous,
            baseline_value=base,
        )
        after = version if promote else previous
        found: list[events.EventRecord] = [
            events.promotion_event(model, alias, version, after, figures, reason)
        ]
        if promote and previous != version:
            if current is None:
                s.add(db.Alias(model_id=owner.id, name=alias, version_id=row.id))
            else:
                current.version_id = row.id
            owner.updated_at = db.utcnow()
            found.append(events.alias_event(model, alias, previous, version))
        row.tags = {**(row.tags or {}), **_tags(alias, figures)}
        try:
            s.flush()
        except IntegrityError as e:  # another writer created the alias between read and write
            raise _lost_race(model, alias) from e
        first = events.emit(s, found, notifier)
    return PromotionResult(figures, reason, first)


def _tags(alias: str, f: events.PromotionFigures) -> dict[str, str]:
    """What the gate compared, on the candidate version (written with the decision)."""
    return {
        "promotion_alias": alias,
        "promotion_metric": f.metric,
        "promotion_value": repr(f.candidate_value),
        "promotion_baseline_version": str(f.baseline_version),
        "promotion_baseline_value": "" if f.baseline_value is None else repr(f.baseline_value),
        "promotion_decision": "promoted" if f.promoted else "kept",
    }


def report_deployment(
    engine: Engine,
    notifier: events.Notifier,
    model: str,
    alias: str,
    version: int,
    swapped: bool,
    server: str,
    reason: str,
) -> int:
    check_name("model", model)
    check_name("alias", alias)
    check_version("version", version)
    if not server or len(server) > _MAX_SERVER_CHARS or not server.isprintable():
        raise InvalidArgument.field(
            "server", f"must be 1 to {_MAX_SERVER_CHARS} printable characters"
        )
    with queries.tx(engine) as s, s.begin():
        queries.owner(s, MODELS, model)  # NOT_FOUND naming the model
        return events.emit(
            s,
            [events.deployment_event(model, alias, version, swapped, server, reason)],
            notifier,
        )
