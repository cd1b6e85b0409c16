"""The registry store: SQLAlchemy Core schema, Alembic migrations, one URL picks the backend.

:func:`make_engine` builds engines (never at import time), :func:`migrate` brings a database to
the current schema (repairing a half-made one), :func:`loading` writes any number of bundles
and snapshots in one audited, all-or-nothing transaction (:func:`load_bundle` one bundle) and
:class:`Reader` answers queries.

The names below are imported on first use (PEP 562): importing a light module of the store
(:mod:`twintowns.store.rows`, :mod:`twintowns.store.lite`) must not cost SQLAlchemy's import,
which is most of a quick lookup's start (issue 13).
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from twintowns.store import snapshot
    from twintowns.store.engine import current_revision, head_revision, make_engine, migrate
    from twintowns.store.loading import Load, load_bundle, load_snapshot, loading, markers
    from twintowns.store.reader import Reader

_WHERE = {
    "Load": "twintowns.store.loading",
    "Reader": "twintowns.store.reader",
    "current_revision": "twintowns.store.engine",
    "head_revision": "twintowns.store.engine",
    "load_bundle": "twintowns.store.loading",
    "load_snapshot": "twintowns.store.loading",
    "loading": "twintowns.store.loading",
    "make_engine": "twintowns.store.engine",
    "markers": "twintowns.store.loading",
    "migrate": "twintowns.store.engine",
}

__all__ = [
    "Load",
    "Reader",
    "current_revision",
    "head_revision",
    "living",
    "load_bundle",
    "load_snapshot",
    "loading",
    "make_engine",
    "markers",
    "migrate",
    "snapshot",
]


def _lazy(name: str) -> Any:
    """A public name of the store, imported from its module on first use."""
    if name == "snapshot":
        return importlib.import_module("twintowns.store.snapshot")
    if name not in _WHERE:
        raise AttributeError(f"module 'twintowns.store' has no attribute {name!r}")
    return getattr(importlib.import_module(_WHERE[name]), name)


class _Store(types.ModuleType):
    """This package, whose public names are imported on first use.

    ``loading`` names both a module and the function it defines: loading the module makes the
    import system bind the module to the package's ``loading``, after which ``from
    twintowns.store import loading`` would give the module.  A property keeps the name on the
    function, as the eager imports this package used to make did.
    """

    def __getattr__(self, name: str) -> Any:
        value = _lazy(name)
        setattr(self, name, value)
        return value

    @property
    def loading(self) -> Any:
        """The function :func:`twintowns.store.loading.loading`."""
        return _lazy("loading")

    @loading.setter
    def loading(self, _module: Any) -> None:
        """Ignore the import system's binding of the ``loading`` submodule (see above)."""


sys.modules[__name__].__class__ = _Store
