"""Data sources: plug-ins that read one dataset each and yield unresolved claims.

The face of the package is the plug-in contract (:class:`ClaimSource`, with the claims it
yields defined in :mod:`twintowns.model`: :class:`~twintowns.model.RawClaim`,
:class:`~twintowns.model.PlaceMention`, :class:`~twintowns.model.RowProblem`) and the registry
of sources by name (:func:`get_source`, :func:`register_source`, :func:`source_names`,
:func:`world_sources`).  The curated facts (:mod:`.curated`) and the importer that resolves and
writes any source's claims (:mod:`.importer`) are modules of their own.

The names load their module on first use, so that importing one source (or the curated facts)
does not import every other one.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from twintowns.sources.base import ClaimSource, OnProblem
    from twintowns.sources.catalogue import (
        WORLD_SOURCES,
        SourceFactory,
        get_source,
        register_source,
        source_names,
        world_sources,
    )

_WHERE = {
    "ClaimSource": "base",
    "OnProblem": "base",
    "WORLD_SOURCES": "catalogue",
    "SourceFactory": "catalogue",
    "get_source": "catalogue",
    "register_source": "catalogue",
    "source_names": "catalogue",
    "world_sources": "catalogue",
}

__all__ = [
    "WORLD_SOURCES",
    "ClaimSource",
    "OnProblem",
    "SourceFactory",
    "get_source",
    "register_source",
    "source_names",
    "world_sources",
]


def __getattr__(name: str) -> Any:
    """Load ``name``'s module on first use."""
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)
