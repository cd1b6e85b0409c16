"""Sources and citations: where every fact of the registry comes from."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from twintowns.model.dates import FuzzyDate


@dataclass(frozen=True, slots=True)
class Source:
    """A document or dataset that facts are taken from.

    Attributes
    ----------
    id:
        Stable short id (``wikipedia-sister-cities``, ``wikidata-dump-2017-03``).
    title, publisher, url:
        The bibliographic citation.
    retrieved:
        When the copy we used was taken.
    licence:
        SPDX-style licence of the content (``CC-BY-SA-4.0``, ``CC0-1.0``, ``ODbL-1.0``).
    published:
        When the document was published, with the precision the copy shows (a news report's
        day, a survey's month); ``None`` for undated or continuously edited documents (an
        encyclopedia article, a dataset).  It ranks conflicting claims
        (:mod:`twintowns.model.claims`).
    """

    id: str
    title: str
    publisher: str | None = None
    url: str | None = None
    retrieved: dt.date | None = None
    licence: str | None = None
    published: FuzzyDate | None = None


@dataclass(frozen=True, slots=True)
class Citation:
    """A pointer from one fact to a source, and where in it (section, line, row, statement)."""

    source_id: str
    locator: str | None = None

    def __str__(self) -> str:
        return self.source_id if not self.locator else f"{self.source_id} ({self.locator})"
