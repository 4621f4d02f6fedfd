"""Where a version's bytes live in the object store.

The published files follow the shared scheme of ``lmforge.services.core.layout``
(``models/<m>@<incarnation>/versions/<v>/files/<path>``), which the inference
server and the training workers read directly, through the ``storage_prefix``
the registry reports. Presigned PUTs land beside it, under
``.../staging/<path>``, and are copied into ``files/`` at finalize: a presigned
URL cannot be revoked, so it must never point at a file that can become READY.
Every function takes the owner's incarnation (``inc``).
"""

from __future__ import annotations

from lmforge.services.core import layout
from lmforge.services.core.names import check_relative_path

from .entities import Target


def version_root(target: Target, inc: str) -> str:
    """Every object of a version lives under this prefix."""
    return owner_root(target.kind, target.name, inc) + f"versions/{target.version}/"


def files_prefix(target: Target, inc: str) -> str:
    if target.kind == "model":
        return layout.model_version_prefix(target.name, target.version, inc)
    return layout.dataset_version_prefix(target.name, target.version, inc)


def file_key(target: Target, inc: str, path: str) -> str:
    return files_prefix(target, inc) + check_relative_path("path", path)


def staging_key(target: Target, inc: str, path: str) -> str:
    return version_root(target, inc) + "staging/" + check_relative_path("path", path)


def owner_root(kind: str, name: str, inc: str) -> str:
    """Every object of every version of one incarnation of a model or dataset."""
    return layout.owner_prefix(kind, name, inc)
