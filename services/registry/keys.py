"""Where a version's bytes live in the object store.

The published files follow the shared scheme of ``lmforge.services.core.layout``
(``models/<m>/versions/<v>/files/<path>``), which the inference server and
the training workers read directly. Presigned PUTs land beside it, under
``.../staging/<path>``, and are copied into ``files/`` at finalize: a presigned
URL cannot be revoked, so it must never point at a file that can become READY.
"""

from __future__ import annotations

from lmforge.services.core import layout
from lmforge.services.core.names import check_relative_path

from .records import Target


def version_root(target: Target) -> str:
    """Every object of a version lives under this prefix."""
    return f"{target.kind}s/{target.name}/versions/{target.version}/"


def files_prefix(target: Target) -> str:
    if target.kind == "model":
        return layout.model_version_prefix(target.name, target.version)
    return layout.dataset_version_prefix(target.name, target.version)


def file_key(target: Target, path: str) -> str:
    if target.kind == "model":
        return layout.model_file_key(target.name, target.version, path)
    return layout.dataset_file_key(target.name, target.version, path)


def staging_key(target: Target, path: str) -> str:
    return version_root(target) + "staging/" + check_relative_path("path", path)


def owner_root(kind: str, name: str) -> str:
    """Every object of every version of one model or dataset."""
    return f"{kind}s/{name}/"
