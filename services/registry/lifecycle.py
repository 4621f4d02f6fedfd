"""Ending versions and owners: abort, delete, and the stale-PENDING sweep.

Shared by models and datasets. In each, the metadata change commits before
the bytes are removed from the store.
"""

from __future__ import annotations

import datetime as dt
import logging

from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session

from lmforge.errors import FailedPrecondition, LmforgeError
from lmforge.services.core.storage import ArtifactStore

from . import artifact_keys, db, events, queries
from .entities import Target
from .guard import VersionGuard
from .queries import DATASETS, KINDS, MODELS, KindSpec
from .validate import check_name, check_version

log = logging.getLogger(__name__)


class LifecycleMixin:
    """``Registry``'s abort and delete steps (the attributes are set by ``Registry.__init__``)."""

    engine: Engine
    store: ArtifactStore
    guard: VersionGuard
    notifier: events.Notifier

    def _abort(self, target: Target, reason: str) -> None:
        check_name(target.kind, target.name)
        check_version("version", target.version)
        spec = KINDS[target.kind]
        with queries.tx(self.engine) as s, s.begin():
            row = queries.version(s, spec, target.name, target.version)
            # Conditional: a finalize that commits READY between our read and
            # this write makes it match no row, and the bytes stay.
            failed = s.execute(  # type: ignore[attr-defined]  # a CursorResult: has rowcount
                update(spec.version)
                .where(spec.version.id == row.id, spec.version.state == db.PENDING)
                .values(state=db.FAILED, failure_reason=reason[:4096], updated_at=db.utcnow())
                .execution_options(synchronize_session=False)
            ).rowcount
            state = s.scalar(select(spec.version.state).where(spec.version.id == row.id))
            inc = queries.incarnation(row)
            if failed:
                what = events.version_event(
                    target.kind, target.name, target.version, "FAILED", reason
                )
                events.emit(s, [what], self.notifier)
            if state == db.READY:
                raise FailedPrecondition(
                    f"{target.kind} version {target.name}:{target.version} is READY; "
                    "READY versions are deleted, not aborted"
                )
        # After the commit: a FAILED version is never served, so removing its
        # bytes cannot hurt anyone; a retry of abort repeats this step.
        self.store.delete_prefix(artifact_keys.version_root(target, inc))

    def _delete_version(self, target: Target, force: bool) -> int:
        check_name(target.kind, target.name)
        check_version("version", target.version)
        spec = KINDS[target.kind]
        with queries.tx(self.engine) as s, s.begin():
            row = queries.version(s, spec, target.name, target.version)
            inc = queries.incarnation(row)
            gone = [events.version_event(target.kind, target.name, target.version, "DELETED")]
            if isinstance(row, db.ModelVersion):
                gone += _release_model_versions(s, [row.id], force)
            else:
                s.execute(
                    update(db.ModelVersion)
                    .where(db.ModelVersion.dataset_version_id == row.id)
                    .values(dataset_version_id=None)
                )
            s.delete(row)
            events.emit(s, gone, self.notifier)
        return self.store.delete_prefix(artifact_keys.version_root(target, inc))

    def _delete_owner(self, spec: KindSpec, name: str, force: bool) -> int:
        check_name("name", name)
        with queries.tx(self.engine) as s, s.begin():
            owner = queries.owner(s, spec, name)
            inc = str(owner.incarnation)
            fk = getattr(spec.version, spec.owner_fk)
            ids = list(s.scalars(select(spec.version.id).where(fk == owner.id)))
            if ids and not force:
                raise FailedPrecondition(
                    f"{spec.kind} {name!r} has {len(ids)} version(s); delete them first or "
                    "set force"
                )
            gone = []
            if spec is MODELS:
                gone += _release_model_versions(s, ids, force=True)
            else:
                s.execute(
                    update(db.ModelVersion)
                    .where(db.ModelVersion.dataset_version_id.in_(ids))
                    .values(dataset_version_id=None)
                )
            for row in s.scalars(select(spec.version).where(fk == owner.id)):
                s.delete(row)
            s.flush()
            s.delete(owner)
            gone.append(events.owner_event(spec.kind, name, "DELETED"))
            events.emit(s, gone, self.notifier)
        self.store.delete_prefix(artifact_keys.owner_root(spec.kind, name, inc))
        return len(ids)

    def expire_stale(self, max_age_s: float, now: dt.datetime | None = None) -> list[Target]:
        """Abort PENDING versions untouched for ``max_age_s`` (not those being uploaded)."""
        cutoff = (now or db.utcnow()) - dt.timedelta(seconds=max_age_s)
        stale: list[Target] = []
        with queries.tx(self.engine) as s, s.begin():
            for spec in (MODELS, DATASETS):
                owner_name = spec.owner.name
                found = s.execute(
                    select(owner_name, spec.version.number)
                    .join(spec.owner, getattr(spec.version, spec.owner_fk) == spec.owner.id)
                    .where(spec.version.state == db.PENDING, spec.version.updated_at < cutoff)
                )
                stale += [Target(spec.kind, n, v) for n, v in found]
        done = []
        for target in stale:
            if self.guard.busy(target):
                continue
            try:
                self._abort(target, f"expired: PENDING for more than {max_age_s:.0f} s")
                done.append(target)
            except LmforgeError as e:
                log.warning("could not expire %s: %s", target, e)
        return done


def _release_model_versions(s: Session, ids: list[int], force: bool) -> list[events.EventRecord]:
    """Drop what points at these versions (aliases, adapter bases), or refuse without force.

    Returns the ALIAS_DELETED events of the aliases it dropped.
    """
    if not ids:
        return []
    aliases = s.scalars(select(db.Alias).where(db.Alias.version_id.in_(ids))).all()
    adapters = s.scalars(
        select(db.ModelVersion).where(
            db.ModelVersion.base_version_id.in_(ids), db.ModelVersion.id.not_in(ids)
        )
    ).all()
    if (aliases or adapters) and not force:
        names = [f"alias {a.name!r}" for a in aliases] + [
            f"adapter {a.model.name}:{a.number}" for a in adapters
        ]
        raise FailedPrecondition(
            f"the version is still used by {', '.join(names)}; move those or set force"
        )
    gone = [events.alias_event(a.model.name, a.name, a.version.number, 0) for a in aliases]
    for alias in aliases:
        s.delete(alias)
    for col in (db.ModelVersion.base_version_id, db.ModelVersion.parent_version_id):
        s.execute(update(db.ModelVersion).where(col.in_(ids)).values({col.key: None}))
    s.flush()
    return gone
