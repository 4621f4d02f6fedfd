"""Aliases (named pointers at READY model versions) and resolving a model reference.

Alias changes are compare-and-set: given ``expected``, a change applies only if
the alias still points at that version (0: does not exist), else ABORTED.
"""

from __future__ import annotations

from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError

from lmforge.errors import FailedPrecondition, InvalidArgument, LmforgeError, NotFound

from . import db, events, queries
from .entities import ModelRecord, ResolvedModel
from .entity_rows import model_record, model_version_record
from .queries import MODELS
from .validate import check_name, check_version, parse_reference


class AliasesMixin:
    """``Registry``'s alias methods (``engine`` is set by ``Registry.__init__``)."""

    engine: Engine
    notifier: events.Notifier

    def set_alias(
        self, model: str, alias: str, version: int, expected: int | None = None
    ) -> tuple[ModelRecord, int]:
        check_name("model", model)
        check_name("alias", alias)
        check_version("version", version)
        if expected is not None and expected < 0:
            raise InvalidArgument.field("expected_version", f"{expected} is negative")
        with queries.tx(self.engine) as s, s.begin():
            owner = queries.owner(s, MODELS, model)
            row = queries.version(s, MODELS, model, version)
            if row.state != db.READY:
                raise FailedPrecondition(
                    f"version: {model}:{version} is {row.state}; aliases point at READY versions"
                )
            current = s.scalar(
                select(db.Alias)
                .where(db.Alias.model_id == owner.id, db.Alias.name == alias)
                .with_for_update()
            )
            previous = current.version.number if current else 0
            _compare(model, alias, previous, expected)
            if current is None:
                s.add(db.Alias(model_id=owner.id, name=alias, version_id=row.id))
            else:
                current.version_id = row.id
            owner.updated_at = db.utcnow()
            try:
                s.flush()
            except IntegrityError as e:  # another writer created it between our read and write
                raise _lost_race(model, alias) from e
            s.expire(owner, ["aliases"])
            out = model_record(owner)
            if previous != version:  # re-pointing at the same version changes nothing
                events.emit(s, [events.alias_event(model, alias, previous, version)], self.notifier)
            return out, previous

    def delete_alias(self, model: str, alias: str, expected: int | None = None) -> int:
        check_name("model", model)
        check_name("alias", alias)
        with queries.tx(self.engine) as s, s.begin():
            owner = queries.owner(s, MODELS, model)
            current = s.scalar(
                select(db.Alias)
                .where(db.Alias.model_id == owner.id, db.Alias.name == alias)
                .with_for_update()
            )
            if current is None:
                raise NotFound(f"alias: model {model!r} has no alias {alias!r}")
            previous = current.version.number
            _compare(model, alias, previous, expected)
            s.delete(current)
            owner.updated_at = db.utcnow()
            events.emit(s, [events.alias_event(model, alias, previous, 0)], self.notifier)
            return previous

    def resolve_model(self, reference: str) -> ResolvedModel:
        name, number, alias = parse_reference(reference)
        with queries.tx(self.engine) as s, s.begin():
            owner = queries.owner(s, MODELS, name)
            if alias is not None:
                row = s.scalar(
                    select(db.Alias).where(db.Alias.model_id == owner.id, db.Alias.name == alias)
                )
                if row is None:
                    raise NotFound(f"reference: model {name!r} has no alias {alias!r}")
                version = row.version
            else:
                version = queries.pick_version(s, MODELS, owner, name, number)
            if version.state != db.READY:
                raise FailedPrecondition(
                    f"reference: {name}:{version.number} is {version.state}, not READY"
                )
            assert isinstance(version, db.ModelVersion)
            out = ResolvedModel(model_record(owner), model_version_record(s, version))
            if version.format == "PEFT_ADAPTER":
                base = version.base
                if base is None:
                    raise FailedPrecondition(
                        f"reference: adapter {name}:{version.number} lost its base version "
                        "(it was deleted with force)"
                    )
                out.base_model = model_record(base.model)
                out.base_version = model_version_record(s, base)
            return out


def _compare(model: str, alias: str, current: int, expected: int | None) -> None:
    if expected is not None and expected != current:
        where = f"version {current}" if current else "nothing (it does not exist)"
        raise _lost_race(model, alias, f"it points at {where}, not at {expected}")


def _lost_race(model: str, alias: str, why: str = "another client changed it") -> LmforgeError:
    from lmforge.errors import Aborted

    return Aborted(
        f"expected_version: alias {alias!r} of model {model!r} was not changed: {why}; "
        "read it again and retry"
    )
