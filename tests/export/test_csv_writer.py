"""The fast CSV export writes what ``csv.writer`` writes, cell for cell, on hostile text.

:func:`twintowns.export.tables.to_csv` renders each place's cells, each list of sources and
each vocabulary word once and joins the rest itself; here its text is compared with the plain
way (every value row through ``csv.writer``, each text cell made safe for a spreadsheet) on
places, sources and licences whose text needs quoting, escaping or neutralising.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import pandas as pd
import pytest

from twintowns.export import COLUMNS, ExportFormat, Item, Selection, render, value_rows
from twintowns.export.records import row_parts
from twintowns.export.tables import to_csv
from twintowns.model import (
    Citation,
    Claim,
    Coordinates,
    CountryPeriod,
    Event,
    EventType,
    FuzzyDate,
    Place,
    PlaceLevel,
    PlaceName,
    Source,
    Twinning,
    TwinningKind,
)
from twintowns.untrusted import csv_cell

HOSTILE = (
    '=HYPERLINK("http://x")',
    "+1",
    "-2",
    "@SUM(A1)",
    "\tTab",
    "\rReturn",
    "comma, town",
    'quote "town"',
    "two\nlines",
    "plain",
    "",
    "ünïcödé, „quoted“",
)


def _plain_csv(rows: list[tuple[Any, ...]]) -> str:
    """The reference: every row through ``csv.writer``, lists joined by ``;``, rows ended by
    ``\\n``; the writer is told ``\\r\\n`` so that it quotes a cell holding a carriage
    return (it quotes only its own line end's characters)."""
    lines = []
    lists = [COLUMNS.index("sources"), COLUMNS.index("licences")]
    for row in [COLUMNS, *rows]:
        values = list(row)
        if row is not COLUMNS:
            for i in lists:
                values[i] = ";".join(values[i])
        out = io.StringIO()
        csv.writer(out, lineterminator="\r\n").writerow([csv_cell(v) for v in values])
        lines.append(out.getvalue()[:-2] + "\n")
    return "".join(lines)


def _selection() -> Selection:
    sources = {
        s.id: s
        for s in (
            Source("src-a", "A", licence="=CC0", published=FuzzyDate(2015)),
            Source("-src-b", "B", licence="CC,BY", retrieved=dt.date(2020, 5, 1)),
            Source("src-c", "C", licence=None),
            Source('src"d', "D", licence="ODbL-1.0", published=FuzzyDate(2001, 3)),
        )
    }
    ids = list(sources)
    places = [
        Place(
            f"{prefix}place-{i}",
            PlaceLevel.CITY if i % 2 else PlaceLevel.TOWN,
            (PlaceName(name or "x"), PlaceName(name, "de")),
            (CountryPeriod("-X" if i % 3 == 0 else "GB"),),
            wikidata=f"Q{i}" if i % 2 else None,
            geonames=i if i % 3 else None,
            coordinates=Coordinates(-0.5 * i, 179.9) if i % 4 else None,
            citation=Citation(ids[i % len(ids)]),
        )
        for i, (prefix, name) in enumerate((p, n) for p in ("", "=", "a,", 'q"') for n in HOSTILE)
    ]
    places.sort(key=lambda p: p.id)
    items = []
    for i, a in enumerate(places):
        for b in places[i + 1 : i + 4]:
            cite = Citation(ids[i % len(ids)])
            other = Citation(ids[(i + 1) % len(ids)])
            claims = (
                Claim(a.id, b.id, other, asserted=i % 5 != 0, confidence=0.5 + i % 5 / 10),
                Claim(b.id, a.id, cite),
            )[: 1 + i % 3]
            events = (Event(EventType.SIGNING, FuzzyDate(1950 + i), cite),) if i % 2 else ()
            t = Twinning(a.id, b.id, TwinningKind.TWIN_TOWN, cite, claims=claims, events=events)
            items.append(Item(t, a, b))
    return Selection(tuple(items), sources, None, {p.id: p for p in places})


def test_csv_equals_the_plain_writer_on_hostile_text() -> None:
    chosen = _selection()
    text = to_csv(row_parts(chosen))
    assert text == _plain_csv(value_rows(chosen))
    assert len(chosen.items) > 100
    # quoted, escaped and neutralised as the writer does it
    for cell in ('"\'=HYPERLINK(""http://x"")"', '"comma, town"', '"two\nlines"', "'-X", "'=CC0"):
        assert f",{cell}" in text
    assert '"\'\rReturn"' in text  # a carriage return is quoted: it would split the row
    frame = pd.read_csv(io.StringIO(text), keep_default_na=False, dtype=str)
    assert len(frame) == len(chosen.items)
    texts = frame[["id", "a_id", "a_name", "b_name", "a_country", "sources", "licences"]]
    assert not any(v.startswith(("=", "+", "-", "@")) for v in texts.to_numpy().ravel())


@pytest.mark.parametrize("as_of", [None, dt.date(1960, 1, 1)])
def test_rows_in_parts_are_the_records(as_of: dt.date | None) -> None:
    chosen = _selection()
    chosen = Selection(chosen.items, chosen.sources, as_of, chosen.places)
    flat = [(tid, *a, *b, *rest) for tid, a, b, rest in row_parts(chosen)]
    rows = value_rows(chosen)
    assert [r[:-2] for r in rows] == [f[:-2] for f in flat]
    assert [tuple(map(tuple, r[-2:])) for r in rows] == [f[-2:] for f in flat]
    assert render(ExportFormat.CSV, chosen).decode() == _plain_csv(rows)
