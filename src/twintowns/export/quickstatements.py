"""Twinnings as QuickStatements (v1 commands) to send back to Wikidata.

One command per direction of a twinning: ``Qa<TAB>P190<TAB>Qb`` (twinned administrative
body), with ``P580``/``P582`` (start and end time) qualifiers at the precision the registry
knows (``/9`` year, ``/10`` month, ``/11`` day; unknown parts written ``00``), and a reference:
``S854`` (reference URL) and ``S813`` (retrieved, when the source records the day).  Written
are the twinnings whose two places have Wikidata ids and that either carry an accepted edit
of the registry's contributors or whose claim on that side Wikidata does not hold (no claim
of that side cites a Wikidata source).  A twinning without any http(s) source to cite is
left out: Wikidata wants one.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator

from twintowns.export.records import Item, Selection
from twintowns.model import EventType, FuzzyDate, Precision
from twintowns.model.twinning import Event, Twinning
from twintowns.untrusted import is_http_url

CONTRIBUTED = "contrib-"
"""Prefix of the sources accepted proposals are cited to."""
_STARTS = (EventType.SIGNING, EventType.FORMAL_CHARTER, EventType.ADOPTION)
_QID = re.compile(r"Q[1-9][0-9]{0,11}")
_PRECISION = {Precision.YEAR: 9, Precision.MONTH: 10, Precision.DAY: 11}


def qs_time(date: FuzzyDate) -> str:
    """A fuzzy date as a QuickStatements time: ``+1957-00-00T00:00:00Z/9`` for a year."""
    month, day = date.month or 0, date.day or 0
    return f"+{date.year:04d}-{month:02d}-{day:02d}T00:00:00Z/{_PRECISION[date.precision]}"


def qs_day(day: dt.date) -> str:
    """A day as a QuickStatements time of day precision."""
    return f"+{day.isoformat()}T00:00:00Z/11"


def qs_string(text: str) -> str:
    """A string value in double quotes; the characters that would end it or split the
    command (quote, tab, ``|``) are percent-encoded, as they may be in a URL."""
    return '"' + text.replace('"', "%22").replace("|", "%7C").replace("\t", "%09") + '"'


def _dated(events: Iterable[Event], types: tuple[EventType, ...]) -> list[Event]:
    found = [e for e in events if e.type in types and e.applies and e.date is not None]
    return sorted(found, key=lambda e: e.date.start if e.date else dt.date.min)


def _contributed(twinning: Twinning) -> bool:
    cited = [e.citation for e in twinning.events] + [c.citation for c in twinning.claims]
    return any(c.source_id.startswith(CONTRIBUTED) for c in cited)


def _reference(twinning: Twinning, chosen: Selection) -> tuple[str, dt.date | None] | None:
    """The URL and retrieval day to cite: a contributor's source first, then the start
    event's, then any claim's."""
    starts = _dated(twinning.events, _STARTS)
    cited = [e.citation for e in twinning.events if e.citation.source_id.startswith(CONTRIBUTED)]
    cited += [e.citation for e in starts] + [c.citation for c in twinning.claims]
    for citation in cited:
        source = chosen.sources.get(citation.source_id)
        if source is not None and source.url and is_http_url(source.url):
            return source.url, source.retrieved
    return None


def _wikidata_sides(twinning: Twinning) -> set[str]:
    """The claimants whose claim Wikidata already holds (a claim cited to a Wikidata source)."""
    return {c.claimant for c in twinning.claims if c.citation.source_id.startswith("wikidata")}


def commands(item: Item, chosen: Selection) -> Iterator[str]:
    """The QuickStatements commands of one twinning (none, one or both directions)."""
    twinning, qa, qb = item.twinning, item.a.wikidata, item.b.wikidata
    reference = _reference(twinning, chosen)
    if not _QID.fullmatch(qa or "") or not _QID.fullmatch(qb or "") or reference is None:
        return
    qualifiers = ""
    if starts := _dated(twinning.events, _STARTS):
        qualifiers += f"\tP580\t{qs_time(starts[0].date)}"  # type: ignore[arg-type]
    if ends := _dated(twinning.events, (EventType.TERMINATION,)):
        qualifiers += f"\tP582\t{qs_time(ends[-1].date)}"  # type: ignore[arg-type]
    url, retrieved = reference
    cite = f"\tS854\t{qs_string(url)}"
    if retrieved is not None:  # unknown for some sources: no guessed day
        cite += f"\tS813\t{qs_day(retrieved)}"
    held, contributed = _wikidata_sides(twinning), _contributed(twinning)
    for side, subject, partner in ((twinning.a, qa, qb), (twinning.b, qb, qa)):
        if contributed or side not in held:
            yield f"{subject}\tP190\t{partner}{qualifiers}{cite}"


def to_quickstatements(chosen: Selection) -> str:
    """Every command of the selection, one per line (see the module docstring)."""
    lines = [line for item in chosen.items for line in commands(item, chosen)]
    return "".join(line + "\n" for line in lines)
