"""Wikidata as a source of record: P190 ("twinned administrative body") statements.

:class:`WikidataDumpSource` reads a JSON dump (plain, gzip with any number of members, or
bzip2) in one process, on a local process pool or on a Dask cluster, and yields one
:class:`~twintowns.sources.base.RawClaim` per statement with its P580 (signing) and P582/P1534
(termination) qualifiers as events.  :mod:`.sparql` reads Wikidata Query Service results of the
shipped query, and :mod:`.wdqs` fetches them; :mod:`.generate` writes realistic dumps of any
size for tests and benchmarks.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from twintowns.sources.wikidata.dump import DumpReport, WikidataDumpSource, snapshot_date
    from twintowns.sources.wikidata.entity import PlaceFacts, TwinStatement
    from twintowns.sources.wikidata.runner import ProgressUpdate
    from twintowns.sources.wikidata.times import TimeValue

# The names are loaded on first use, not with the package: a worker process that reads a range
# imports only the scanner's few modules, not the registry model (a third of a second less
# before every pool starts reading).
_WHERE = {
    "DumpReport": "dump",
    "WikidataDumpSource": "dump",
    "snapshot_date": "dump",
    "PlaceFacts": "entity",
    "TwinStatement": "entity",
    "ProgressUpdate": "runner",
    "TimeValue": "times",
}

__all__ = [
    "DumpReport",
    "PlaceFacts",
    "ProgressUpdate",
    "TimeValue",
    "TwinStatement",
    "WikidataDumpSource",
    "snapshot_date",
]


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_WHERE[name]}"), name)
