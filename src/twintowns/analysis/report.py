"""The lab's report: one self-contained HTML page with every table and plot and the licences.

This module owns the order and content of the report's sections (data and licences, summary
beside KONECT, rankings, countries, geography, homophily, history, data quality).  Every table
carries the provenance line of the registry snapshot it was computed from; figures are inline
SVG, so the file opens anywhere without network access.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Literal

import pandas as pd
import sqlalchemy as sa

from twintowns.analysis import (
    bands,
    countries,
    forked,
    geography,
    gravity,
    history,
    homophily,
    plots,
    timeline,
)
from twintowns.analysis.data import RegistryData, load_data, stamp
from twintowns.analysis.degrees import degree_distribution
from twintowns.analysis.graph import TwinGraph, build_graph, wikidata_subgraph
from twintowns.analysis.html import Section, page
from twintowns.analysis.konect import KALTENBRUNNER_2013, KONECT_TWIN
from twintowns.analysis.ranking import Level, Measure, rankings
from twintowns.analysis.summary import GOF_SAMPLES, NetworkSummary, summarise, summary_table
from twintowns.errors import InputError
from twintowns.registry import Registry


@dataclasses.dataclass(frozen=True)
class ReportOptions:
    """Knobs of the report (defaults keep the world data under a minute).

    Attributes
    ----------
    seeds:
        Rewired graphs for the geography null model (homophily uses ``min(seeds, 5)``).
    path_sources, betweenness_sources:
        Sample sizes for distances and betweenness on large graphs (None: exact; "auto":
        exact distances where they take under a minute, as in ``analyse summary``).
    top:
        Rows of ranking tables.
    seed:
        Seed of every random choice.
    gof_samples, wikidata_gof_samples:
        Bootstrap samples for the power-law p-value of the whole graph and of the
        Wikidata-only column (0: not computed).
    history_years:
        Years (end of year) to compare with today.
    null_samples:
        Samples of each of the four null models of the distance test (at least 20).
    fork:
        Compute the geography and homophily sections in a forked process meanwhile (same
        results; False: all in this process).
    extra_sections:
        Sections other packages add at the end (the CLI adds partner suggestions'), each made
        from the data read.
    """

    seeds: int = 10
    path_sources: int | Literal["auto"] | None = "auto"
    betweenness_sources: int | None = 1000
    top: int = 20
    seed: int = 0
    gof_samples: int = GOF_SAMPLES
    history_years: tuple[int, ...] = (1960, 1990)
    null_samples: int = bands.MIN_SAMPLES
    wikidata_gof_samples: int = GOF_SAMPLES
    fork: bool = True
    extra_sections: tuple[Callable[[RegistryData], Section], ...] = ()

    def check(self) -> None:
        """Raise :class:`InputError` for impossible values."""
        if self.seeds < 1 or self.top < 1 or self.gof_samples < 0:
            raise InputError("seeds and top must be >= 1 and gof_samples >= 0")
        if self.null_samples < bands.MIN_SAMPLES:
            raise InputError(f"null_samples must be >= {bands.MIN_SAMPLES}")


def _data_section(data: RegistryData, tg: TwinGraph) -> Section:
    section = Section("data", "Data and licences")
    section.text(data.snapshot.line())
    section.text(f"Graph: {tg.provenance.line()}.")
    rows = [
        {
            "source": u.source.id,
            "title": u.source.title,
            "publisher": u.source.publisher or "",
            "licence": u.source.licence or "not stated",
            "url": u.source.url or "",
            "twinnings": u.twinnings,
            "places": u.places,
        }
        for u in data.snapshot.sources
    ]
    section.table(stamp(pd.DataFrame(rows), data.provenance("sources of the registry")))
    return section


def _summary_section(data: RegistryData, tg: TwinGraph, options: ReportOptions) -> Section:
    section = Section("summary", "Network summary beside KONECT")
    paths, seed = options.path_sources, options.seed
    summary = summarise(tg, path_sources=paths, seed=seed, gof_samples=options.gof_samples)
    sub = wikidata_subgraph(data, whole=tg)
    wikidata = summarise(
        sub, path_sources=paths, seed=seed, gof_samples=options.wikidata_gof_samples
    )
    section.text(f"KONECT column: published figures, {KONECT_TWIN.citation} ({KONECT_TWIN.url}).")
    section.text(
        f"wikidata_only column: the like-for-like comparison with KONECT, {sub.provenance.method} "
        f"({wikidata.nodes:,} places, {wikidata.edges:,} twinnings)."
    )
    section.text(f"Power law: {summary.power_law.verdict}", css="verdict")
    section.table(summary_table(summary, wikidata=wikidata))
    _over_time(section, data, summary, options)
    distribution = degree_distribution(tg)
    section.figure(
        plots.svg_text(plots.degree_plot(distribution, summary.power_law)),
        f"Degree distribution (CCDF, n = {summary.nodes:,} places) with the tail's power law "
        f"and best fit ({summary.power_law.tail_n:,} places in the tail)",
    )
    return section


def _over_time(
    section: Section, data: RegistryData, today: NetworkSummary, options: ReportOptions
) -> None:
    """The network at past dates beside today's, only when enough twinnings are dated."""
    share = history.dated_share(data)
    section.heading(f"The network over time ({share.line()}; undated twinnings exist only today)")
    if not share.enough:
        section.text(share.refusal())
        return
    over_time = history.network_over_time(
        data, options.history_years, today=today, path_sources=options.path_sources
    )
    section.table(over_time, index=True)


def _rankings_section(tg: TwinGraph, options: ReportOptions) -> Section:
    section = Section("rankings", "Rankings")
    for level in Level:
        for by in Measure:
            if level is Level.COUNTRY and by is Measure.BETWEENNESS:
                continue
            section.heading(f"Top {options.top} {level.plural} by {by.value}")
            found = rankings(
                tg, by, level, options.top, sources=options.betweenness_sources, seed=options.seed
            )
            section.table(found)
    return section


def _countries_section(tg: TwinGraph, options: ReportOptions) -> Section:
    section = Section("countries", "Countries and continents")
    linked = countries.connectivity(tg)
    answer = "yes" if linked.all_connected else f"no: {len(linked.components)} groups"
    section.text(
        f"Is every country connected by a chain of twinnings? {answer} "
        f"({linked.countries} countries; {len(linked.outside_giant_places)} have no place in "
        f"the largest component of places)."
    )
    section.heading("Country pairs with the most twinnings")
    section.table(countries.country_pairs(tg, options.top))
    domestic = countries.domestic_share(tg)
    section.heading(f"Domestic share (overall {domestic.attrs['overall']:.1%})")
    section.table(domestic, limit=options.top)
    section.heading("Continent matrix")
    section.table(countries.continent_matrix(tg), index=True)
    found = countries.communities(tg, seed=options.seed, top=options.top)
    section.heading(f"Leiden communities (modularity {found.modularity:.3f})")
    section.table(found.table)
    matrix = countries.country_matrix(tg, top=30)
    if len(matrix):
        section.figure(
            plots.svg_text(plots.country_heatmap(matrix)),
            "Twinnings between the 30 most twinned countries",
        )
    return section


def _geography_section(tg: TwinGraph, options: ReportOptions) -> Section:
    section = Section("geography", "Geography: does distance matter?")
    test = bands.band_test(tg, options.null_samples, seed=options.seed)
    fine = geography.distance_test(tg, options.seeds, seed=options.seed)
    fit = gravity.gravity_fit(tg, seed=options.seed)
    section.text(bands.geography_sentence(test), css="verdict")
    section.text(f"For comparison: {KALTENBRUNNER_2013.citation} ({KALTENBRUNNER_2013.url}).")
    interval = f"{test.coverage:.0%} intervals over {test.samples} samples per model"
    section.heading(f"Four null models: median and observed/expected per band ({interval})")
    section.table(test.overview())
    section.heading(f"The border effect: twinnings under 50 km ({interval})")
    section.table(test.border())
    section.figure(
        plots.svg_text(plots.distance_plot(fine, test)),
        f"Twinnings by distance (n = {fine.measured:,}) against the null models",
    )
    section.heading("Matched gravity fit")
    section.text(fit.sentence())
    section.table(fit.coefficients)
    section.heading(f"Twinnings per distance bin against {fine.seeds} degree-only rewirings")
    section.table(fine.table())
    section.heading("Every null model and band (numbers behind the tables above)")
    section.table(test.table())
    section.heading("Longest and shortest twinnings")
    distances = geography.edge_distances(tg).dropna(subset=["km"]).sort_values("km")
    section.table(pd.concat([distances.head(5), distances.tail(5)]))
    return section


def _homophily_section(tg: TwinGraph, options: ReportOptions) -> Section:
    section = Section("homophily", "Homophily")
    seeds = min(options.seeds, 5)
    section.table(homophily.assortativity_table(tg, seeds=seeds, seed=options.seed))
    pairs = homophily.same_name_pairs(tg, seeds=seeds, seed=options.seed)
    section.heading(
        f"Same-name pairs: {len(pairs)} (chance would give {pairs.attrs['expected']:.1f})"
    )
    section.table(pairs)
    return section


def _history_section(data: RegistryData) -> Section:
    share = history.dated_share(data)
    section = Section("history", f"History ({share.line()})")
    decades = history.signed_per_decade(data)
    section.heading(f"Twinnings established per decade ({share.line()})")
    section.table(decades)
    if share.enough:
        section.figure(
            plots.svg_text(plots.decade_plot(decades)),
            f"Twinnings per decade ({share.line()})",
        )
    else:  # a bar chart of a handful of curated facts would pose as the history of twinning
        section.text("Decade plot " + share.refusal().replace("Not shown", "not shown", 1))
    _country_history(section, data)
    section.heading(f"Suspensions, terminations and resumptions per year ({share.line()})")
    section.table(history.status_changes(data))
    section.heading(f"Events of 2022 ({share.line()})")
    section.table(history.events_of_year(data, 2022))
    return section


def _country_history(section: Section, data: RegistryData) -> None:
    """The country with most dated twinnings, per decade and partner country, charted with
    its dated share, and what the figures can and cannot support."""
    country = timeline.most_dated_country(data)
    if country is None:
        return
    frame = timeline.signed_per_period(data, "decade", country)
    line = frame.attrs["dated_share"].line()
    section.heading(f"Twinnings with a side in {country} per decade, by partner ({line})")
    section.table(frame)
    if frame.attrs["dated_share"].enough:
        svg = plots.svg_text(plots.decade_plot(frame))
        section.figure(svg, f"Twinnings with a side in {country} per decade ({line})")
    for caveat in timeline.caveats(frame):
        section.text(caveat)


def quality_frames(data: RegistryData) -> tuple[pd.DataFrame, dict[str, pd.DataFrame]]:
    """The checks of :mod:`twintowns.quality.checks` on ``data`` as stamped tables: the
    overview (``check, count, out_of, share, meaning``) and the problem rows of each check."""
    from twintowns.quality import run_checks

    found = run_checks(data.places, data.twinnings)
    provenance = data.provenance()
    rows = [(c.name, c.count, c.out_of, c.share, c.meaning) for c in found]
    overview = pd.DataFrame(rows, columns=["check", "count", "out_of", "share", "meaning"])
    details = {c.name: stamp(pd.DataFrame(c.rows, columns=c.columns), provenance) for c in found}
    return stamp(overview, provenance), details


def _quality_section(data: RegistryData) -> Section:
    section = Section("quality", "Data quality")
    overview, details = quality_frames(data)
    section.table(overview)
    for name, frame in details.items():
        section.heading(f"{name} ({len(frame)})")
        section.table(frame, limit=30)
    return section


def build_report(data: RegistryData, options: ReportOptions | None = None) -> str:
    """The report's HTML for ``data`` (see the module docstring for its sections).

    Raises
    ------
    InputError
        If an option is out of range.
    """
    chosen = options or ReportOptions()
    chosen.check()
    tg = build_graph(data)
    # geography and homophily (the null models, sharing their rewired graphs) run in a forked
    # child while this process does the rest: two cores, about half the wall time
    nulls = forked.start(
        lambda: [_geography_section(tg, chosen), _homophily_section(tg, chosen)],
        fork=chosen.fork,
    )
    first = [
        _data_section(data, tg),
        _summary_section(data, tg, chosen),
        _rankings_section(tg, chosen),
        _countries_section(tg, chosen),
    ]
    last = [_history_section(data), _quality_section(data)]
    last += [make(data) for make in chosen.extra_sections]
    sections = [*first, *nulls(), *last]
    intro = (
        f"Computed {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC from {data.snapshot.line()}. "
        "Undated twinnings count as present today and absent in history."
    )
    return page("twintowns: the lab's report", intro, sections)


def public_origin(url: sa.URL) -> str:
    """What a shared report may say about where its data came from: the database's scheme and
    file or database name, never a local path, host, user or password."""
    name = Path(url.database or "").name
    return f"{url.get_backend_name()} database {name}" if name else url.get_backend_name()


def write_report(
    registry: Registry,
    path: Path,
    options: ReportOptions | None = None,
    *,
    after_read: Callable[[], None] | None = None,
) -> Path:
    """Read ``registry``, build the report and write it to ``path`` (UTF-8); returns ``path``.

    The report names its database by :func:`public_origin` only (a report is shared; the path
    of the registry on the machine that wrote it is nobody else's business).  ``after_read``
    is called once the registry is read (the CLI keeps what it read out of garbage
    collection: :func:`twintowns.cli.oneshot.keep_until_exit`)."""
    data = load_data(registry)
    if after_read is not None:
        after_read()
    origin = public_origin(registry.engine.url)
    data = dataclasses.replace(data, snapshot=dataclasses.replace(data.snapshot, origin=origin))
    path.write_text(build_report(data, options), encoding="utf-8")
    return path
