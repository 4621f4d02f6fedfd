"""Keeps uploads and finalize of one version apart, inside this process.

A streaming upload writes straight to the version's published key (copying
200 MB after the fact would halve throughput), so it must not overlap the
finalize that verifies and publishes the same keys: finalize is refused while
uploads of that version are in flight, and uploads are refused while it runs.
The metadata database cannot hold this state: a killed process would leave
it locked forever. One registry process per database is assumed.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from lmforge.errors import FailedPrecondition

from .records import Target


class VersionGuard:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._uploads: dict[Target, int] = {}
        self._finalizing: set[Target] = set()

    @contextmanager
    def upload(self, target: Target) -> Iterator[None]:
        with self._lock:
            if target in self._finalizing:
                raise FailedPrecondition(
                    f"{_name(target)} is being finalized; no more uploads are accepted"
                )
            self._uploads[target] = self._uploads.get(target, 0) + 1
        try:
            yield
        finally:
            with self._lock:
                self._uploads[target] -= 1
                if not self._uploads[target]:
                    del self._uploads[target]

    @contextmanager
    def finalize(self, target: Target) -> Iterator[None]:
        with self._lock:
            busy = self._uploads.get(target, 0)
            if busy:
                raise FailedPrecondition(
                    f"{_name(target)} has {busy} upload(s) in progress; finalize after they end"
                )
            if target in self._finalizing:
                raise FailedPrecondition(f"{_name(target)} is already being finalized")
            self._finalizing.add(target)
        try:
            yield
        finally:
            with self._lock:
                self._finalizing.discard(target)

    def busy(self, target: Target) -> bool:
        with self._lock:
            return target in self._finalizing or target in self._uploads


def _name(target: Target) -> str:
    return f"{target.kind} version {target.name}:{target.version}"
