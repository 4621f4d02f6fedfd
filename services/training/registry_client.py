"""Training's names for the services' shared registry client (services/core/registry_client.py).

The coordinator resolves inputs and registers outputs through
``lmforge.services.core.registry_client``; this module only keeps the
resolved types under the name spec.py imports them by.
"""

from __future__ import annotations

from lmforge.services.core.registry_client import ResolvedDataset, ResolvedModel

__all__ = ["ResolvedDataset", "ResolvedModel"]
