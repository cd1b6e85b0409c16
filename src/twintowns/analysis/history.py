"""History: twinnings signed per decade, suspensions and endings, 2022, and a pair x year panel.

This module owns the time series of the registry's dated events and the panel export for trade
or FDI regressions.  Only dated facts enter the series: a twinning's year is the first dated
event that made it active (``established``); undated twinnings (all of the world data) are
counted apart.  In the panel an undated twinning is twinned in the present year and *unknown*
(missing, not False) in every past year.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from twintowns.analysis.data import RegistryData, stamp
from twintowns.analysis.geography import haversine_km
from twintowns.analysis.graph import build_graph, is_present
from twintowns.analysis.summary import NetworkSummary, over_time_table, summarise
from twintowns.errors import InputError
from twintowns.model import EventType, Status, Twinning, established, status_as_of
from twintowns.untrusted import csv_cell

CHANGES = (EventType.SUSPENSION, EventType.TERMINATION, EventType.RESUMPTION)
PANEL_COLUMNS = (
    "twinning",
    "a",
    "b",
    "a_country",
    "b_country",
    "year",
    "twinned",
    "status",
    "since",
    "distance_km",
    "a_population",
    "b_population",
)


MIN_DATED = 100  # fewer dated twinnings than this: no waves, no network-over-time figures


@dataclass(frozen=True, slots=True)
class DatedShare:
    """How much of the registry history can stand on: twinnings with a dated establishment."""

    dated: int
    total: int

    @property
    def share(self) -> float:
        """Dated / total (NaN for an empty registry)."""
        return self.dated / self.total if self.total else math.nan

    @property
    def enough(self) -> bool:
        """Whether there are at least :data:`MIN_DATED` dated twinnings."""
        return self.dated >= MIN_DATED

    def line(self) -> str:
        """``36 of 36,644 twinnings dated (0.10 %)``, for headings and captions."""
        return f"{self.dated:,} of {self.total:,} twinnings dated ({self.share:.2%})"

    def refusal(self) -> str:
        """Why over-time figures are withheld (empty when there are enough dated twinnings)."""
        if self.enough:
            return ""
        return (
            f"Not shown: only {self.line()}; over-time figures and wave markers need at least "
            f"{MIN_DATED} dated twinnings."
        )


def dated_share(data: RegistryData) -> DatedShare:
    """The twinnings with a dated activating event, out of all."""
    dated = sum(1 for t in data.twinnings if established(t.events) is not None)
    return DatedShare(dated, len(data.twinnings))


def signed_per_decade(data: RegistryData) -> pd.DataFrame:
    """Twinnings established per decade: ``decade, signed, cumulative``.

    ``frame.attrs["undated"]`` counts the twinnings with no dated activating event and
    ``frame.attrs["dated_share"]`` holds the :class:`DatedShare`.
    """
    years = [d.year for d in (established(t.events) for t in data.twinnings) if d is not None]
    decades = Counter(year // 10 * 10 for year in years)
    frame = pd.DataFrame(sorted(decades.items()), columns=["decade", "signed"])
    frame["cumulative"] = frame["signed"].cumsum()
    frame.attrs["undated"] = len(data.twinnings) - len(years)
    share = DatedShare(len(years), len(data.twinnings))
    frame.attrs["dated_share"] = share
    method = f"{share.line()}; {frame.attrs['undated']:,} undated twinnings left out"
    return stamp(frame, data.provenance(method))


def status_changes(data: RegistryData) -> pd.DataFrame:
    """Suspensions, terminations and resumptions per year (dated events only)."""
    counts: Counter[tuple[int, str]] = Counter()
    for twinning in data.twinnings:
        for event in twinning.events:
            if event.type in CHANGES and event.date is not None:
                counts[(event.date.year, event.type.value)] += 1
    years = sorted({year for year, _ in counts})
    frame = pd.DataFrame(
        {"year": years, **{t.value: [counts[(y, t.value)] for y in years] for t in CHANGES}}
    )
    return stamp(frame, data.provenance(f"dated events only; {dated_share(data).line()}"))


def events_of_year(data: RegistryData, year: int = 2022) -> pd.DataFrame:
    """Every dated event of ``year``: ``date, type, twinning, a_name, b_name, actor, cause,
    description, source``, oldest first (Coventry-Volgograd paused 22 February 2022...)."""
    rows = []
    for twinning in data.twinnings:
        a, b = data.places[twinning.a], data.places[twinning.b]
        for event in twinning.events:
            if event.date is None or event.date.year != year:
                continue
            rows.append(
                {
                    "date": event.date.isoformat(),
                    "type": event.type.value,
                    "twinning": twinning.id,
                    "a_name": a.name(when=event.date.start),
                    "b_name": b.name(when=event.date.start),
                    "actor": event.actor or "",
                    "cause": event.cause or "",
                    "description": event.description,
                    "source": str(event.citation),
                }
            )
    frame = pd.DataFrame(
        rows,
        columns=[
            "date",
            "type",
            "twinning",
            "a_name",
            "b_name",
            "actor",
            "cause",
            "description",
            "source",
        ],
    )
    method = f"dated events only; {dated_share(data).line()}"
    return stamp(
        frame.sort_values(["date", "twinning"]).reset_index(drop=True), data.provenance(method)
    )


def _dated(twinning: Twinning) -> bool:
    return any(e.date is not None and e.type.is_lifecycle for e in twinning.events)


def _yearly(twinning: Twinning, years: Sequence[int]) -> tuple[list[bool | None], list[str]]:
    """Per year: twinned (True/False, or None when unknown) and the status at year end."""
    if not _dated(twinning):
        present = [is_present(twinning, dt.date(y, 12, 31)) for y in years]
        flags: list[bool | None] = [True if p else None for p in present]
        return flags, [Status.UNKNOWN.value] * len(years)
    statuses = [status_as_of(twinning.events, dt.date(y, 12, 31)).status for y in years]
    twinned: list[bool | None] = [s in (Status.ACTIVE, Status.SUSPENDED) for s in statuses]
    return twinned, [s.value for s in statuses]


def _column(values: Sequence[float | int | None]) -> np.ndarray[tuple[int], np.dtype[np.float64]]:
    return np.asarray([np.nan if v is None else float(v) for v in values], dtype=float)


def _pair_columns(data: RegistryData) -> dict[str, object]:
    """The per-pair columns of the panel (ids, countries, since, distance, populations)."""
    tws, places = data.twinnings, data.places
    a = [places[t.a] for t in tws]
    b = [places[t.b] for t in tws]
    lat_a, lon_a = (
        _column([p.coordinates.lat if p.coordinates else None for p in a]),
        _column([p.coordinates.lon if p.coordinates else None for p in a]),
    )
    lat_b, lon_b = (
        _column([p.coordinates.lat if p.coordinates else None for p in b]),
        _column([p.coordinates.lon if p.coordinates else None for p in b]),
    )
    since = [d.year if (d := established(t.events)) else None for t in tws]
    return {
        "twinning": [t.id for t in tws],
        "a": [t.a for t in tws],
        "b": [t.b for t in tws],
        "a_country": [p.country() for p in a],
        "b_country": [p.country() for p in b],
        "since": _column(since),
        "distance_km": haversine_km(lat_a, lon_a, lat_b, lon_b),
        "a_population": _column([p.population for p in a]),
        "b_population": _column([p.population for p in b]),
    }


def panel(data: RegistryData, first_year: int = 1945, last_year: int | None = None) -> pd.DataFrame:
    """One row per twinned pair and year, for regressions.

    Columns: ``twinning, a, b, a_country, b_country, year, twinned`` (True while active or
    suspended at the end of the year, False before or after, missing when undated and past),
    ``status`` (at year end), ``since`` (year established), ``distance_km``, ``a_population``,
    ``b_population``.

    Raises
    ------
    InputError
        If ``first_year`` is after ``last_year``.
    """
    last = dt.date.today().year if last_year is None else last_year
    if first_year > last:
        raise InputError(f"first year {first_year} is after last year {last}")
    years = list(range(first_year, last + 1))
    yearly = [_yearly(t, years) for t in data.twinnings]
    frame = pd.DataFrame(
        {k: np.repeat(np.asarray(v), len(years)) for k, v in _pair_columns(data).items()}
    )
    frame["year"] = np.tile(np.asarray(years, dtype=np.int64), len(data.twinnings))
    frame["twinned"] = pd.array([f for flags, _ in yearly for f in flags], dtype="boolean")
    frame["status"] = [s for _, statuses in yearly for s in statuses]
    frame["since"] = frame["since"].astype("Int64")
    return stamp(frame[list(PANEL_COLUMNS)], data.provenance(f"years {first_year}-{last}"))


def write_panel(frame: pd.DataFrame, path: Path) -> Path:
    """Write a panel to ``.csv`` or ``.parquet``; the provenance line goes into the Parquet
    metadata (``twintowns.provenance``) or, for CSV, a ``<file>.provenance.txt`` beside it.

    Returns
    -------
    Path
        The file where the provenance was recorded.

    Raises
    ------
    InputError
        For any other suffix.
    """
    found = frame.attrs.get("provenance")
    line = found.line() if found is not None else "unknown"
    plain = frame.copy()
    plain.attrs = {}
    suffix = path.suffix.lower()
    if suffix == ".csv":
        # Text columns (ids, countries, statuses) neutralised against spreadsheet formulas;
        # numeric columns stay numbers.
        for column in plain.columns:
            if not pd.api.types.is_numeric_dtype(plain[column]):
                plain[column] = plain[column].map(csv_cell)
        plain.to_csv(path, index=False)
        note = path.with_name(path.name + ".provenance.txt")
        note.write_text(line + "\n", encoding="utf-8")
        return note
    if suffix == ".parquet":
        table = pa.Table.from_pandas(plain, preserve_index=False)
        metadata = {**(table.schema.metadata or {}), b"twintowns.provenance": line.encode()}
        pq.write_table(table.replace_schema_metadata(metadata), path)
        return path
    raise InputError(f"panel file must end in .csv or .parquet: {path}")


def network_over_time(
    data: RegistryData,
    years: Sequence[int] = (1960, 1990),
    *,
    today: NetworkSummary | None = None,
    path_sources: int | Literal["auto"] | None = "auto",
) -> pd.DataFrame:
    """The summary of the network at the end of each of ``years`` and today, side by side.

    Undated twinnings exist only in the "today" column (see :mod:`twintowns.analysis.graph`).
    Pass ``today`` when its summary is already computed.  Callers should check
    :func:`dated_share` first: with fewer than :data:`MIN_DATED` dated twinnings the past
    columns describe a handful of curated facts, not the network.
    """
    past = [
        summarise(build_graph(data, dt.date(y, 12, 31)), path_sources=path_sources) for y in years
    ]
    now = today or summarise(build_graph(data), path_sources=path_sources)
    return over_time_table([*past, now])
