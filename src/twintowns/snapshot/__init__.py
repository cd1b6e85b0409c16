"""The one in-memory snapshot of a registry, its name index and its cache on disk.

:class:`RegistrySnapshot` (:mod:`.core`) is what every whole-registry reader holds;
:func:`open_snapshot` (:mod:`.cache`) gives the current one, from its persisted cache file
(:mod:`.persist`) when there is one.  Cheap to import: nothing here needs scipy, igraph,
pandas or FastAPI.
"""

from twintowns.snapshot.cache import cache_dir, open_snapshot
from twintowns.snapshot.core import RegistrySnapshot, data_version
from twintowns.snapshot.names import NameIndex

__all__ = ["NameIndex", "RegistrySnapshot", "cache_dir", "data_version", "open_snapshot"]
