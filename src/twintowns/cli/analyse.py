"""``twintowns analyse ...`` and ``twintowns report``: thin shells over :mod:`twintowns.analysis`.

Each command parses its options, calls one library function and renders the tables it returns
with rich (every table captioned with the registry snapshot it came from).  The app mounts
:data:`analyse_app` as ``analyse`` and :func:`report_command` as ``report``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer
from rich.table import Table
from rich.text import Text

from twintowns.analysis.choices import Level, Measure
from twintowns.cli.build import quality
from twintowns.cli.errors import translate_errors
from twintowns.cli.inputs import bounded, writable_output
from twintowns.cli.oneshot import keep_until_exit, one_blas_thread
from twintowns.cli.options import switch
from twintowns.cli.progress import open_registry
from twintowns.cli.render import make_console, safe
from twintowns.cli.suggest import suggest_eval_command
from twintowns.errors import InputError
from twintowns.model import FuzzyDate
from twintowns.registry import Registry
from twintowns.settings import Settings
from twintowns.untrusted import strip_controls

if TYPE_CHECKING:
    from collections.abc import Callable

    import pandas as pd

    from twintowns.analysis.data import RegistryData
    from twintowns.analysis.graph import TwinGraph
    from twintowns.analysis.html import Section

# The numerical stack (igraph, pandas, matplotlib) is imported inside the commands, so that
# mounting this app does not slow every other twintowns command down.

analyse_app = typer.Typer(
    help="The lab: network analyses of the loaded registry (tables, plots, a report).",
    no_args_is_help=True,
    rich_markup_mode=None,
)

AsOf = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        help="Graph at the end of this date (YYYY[-MM[-DD]]); undated twinnings count only today.",
    ),
]
Seed = Annotated[int, typer.Option(help="Seed of every random choice.")]
_DOUBTFUL = "include_doubtful"


@analyse_app.callback()
def _analyse(
    ctx: typer.Context,
    include_doubtful: Annotated[
        bool,
        typer.Option(
            "--include-doubtful",
            help="Also analyse twinnings whose places were resolved with little confidence "
            "(below 0.9; left out by default).",
        ),
    ] = False,
) -> None:
    ctx.meta[_DOUBTFUL] = include_doubtful
    if ctx.invoked_subcommand != "suggest-eval":  # the model's training is left as it was
        one_blas_thread()


def _registry(ctx: typer.Context) -> Registry:
    settings = ctx.obj if isinstance(ctx.obj, Settings) else Settings()
    return open_registry(settings)


def _day(text: str | None) -> dt.date | None:
    if text is None:
        return None
    try:
        return FuzzyDate.parse(bounded(text, "--as-of")).end
    except InputError as exc:
        raise InputError(f"--as-of: {exc.message}") from exc


def _graph(ctx: typer.Context, as_of: str | None) -> tuple[RegistryData, TwinGraph]:
    from twintowns.analysis.data import load_data
    from twintowns.analysis.graph import build_graph

    data = load_data(_registry(ctx), include_doubtful=bool(ctx.meta.get(_DOUBTFUL)))
    keep_until_exit()
    return data, build_graph(data, _day(as_of))


def frame_table(frame: pd.DataFrame, title: str, *, index: bool = False, limit: int = 50) -> Table:
    """A data frame as a rich table, captioned with its provenance."""
    from twintowns.analysis.data import provenance_of
    from twintowns.analysis.html import format_cell

    found = provenance_of(frame)
    table = Table(
        title=safe(title),
        title_justify="left",
        caption_justify="left",
        caption=Text(strip_controls(found.line())) if found else None,
    )
    columns = ([str(frame.index.name or "")] if index else []) + [str(c) for c in frame.columns]
    for column in columns:
        table.add_column(safe(column), overflow="fold")
    for label, row in zip(
        frame.index[:limit], frame.head(limit).itertuples(index=False), strict=True
    ):
        cells = [format_cell(v, str(c)) for v, c in zip(row, frame.columns, strict=True)]
        texts = ([format_cell(label)] if index else []) + cells
        # Names are data: a Text is never read as markup; controls are stripped as by safe().
        table.add_row(*(Text(strip_controls(cell)) for cell in texts))
    return table


def _show(frame: pd.DataFrame, title: str, *, index: bool = False, limit: int = 50) -> None:
    make_console().print(frame_table(frame, title, index=index, limit=limit))


def _say(text: str) -> None:
    make_console().print(safe(text), highlight=False)


@analyse_app.command()
@translate_errors
def summary(
    ctx: typer.Context,
    as_of: AsOf = None,
    exact: Annotated[bool, switch("exact", "Measure every pair's distance.")] = False,
    sources: Annotated[
        int | None,
        typer.Option(
            min=1,
            help="Breadth-first sources to sample (default: every pair when that takes under "
            "a minute, else 1000).",
        ),
    ] = None,
    gof_samples: Annotated[
        int, typer.Option(min=0, help="Bootstrap samples for the power-law p-value (0: skip).")
    ] = 100,
    seed: Seed = 0,
) -> None:
    """The network in KONECT's format beside KONECT's published "twin" figures, with a
    Wikidata-only column (the like-for-like comparison) and the power-law verdict."""
    from twintowns.analysis.summary import summarise_with_wikidata, summary_table

    data, tg = _graph(ctx, as_of)
    paths: int | Literal["auto"] | None = None if exact else (sources or "auto")
    found, sub, wikidata = summarise_with_wikidata(
        data, tg, path_sources=paths, seed=seed, gof_samples=gof_samples
    )
    _say(f"Power law (all sources): {found.power_law.verdict}")
    _say(f"Power law (Wikidata only): {wikidata.power_law.verdict}")
    _show(
        summary_table(found, wikidata=wikidata),
        f"Network summary: ours (all sources; n = {found.nodes:,}), wikidata_only "
        f"(n = {wikidata.nodes:,}; {sub.provenance.method}), KONECT (konect.cc/networks/twin, "
        "2017-10)",
    )


@analyse_app.command("rankings")
@translate_errors
def rankings_command(
    ctx: typer.Context,
    by: Annotated[Measure, typer.Option(help="What to rank by.")] = Measure.DEGREE,
    top: Annotated[int, typer.Option(min=1, help="How many rows.")] = 20,
    level: Annotated[Level, typer.Option(help="Places or countries.")] = Level.PLACE,
    as_of: AsOf = None,
    sources: Annotated[int, typer.Option(min=1, help="Betweenness sample size.")] = 1000,
    seed: Seed = 0,
) -> None:
    """Rank places or countries by degree, betweenness or PageRank."""
    from twintowns.analysis.ranking import rankings

    _data, tg = _graph(ctx, as_of)
    found = rankings(tg, by, level, top, sources=sources, seed=seed)
    _show(found, f"Top {top} {level.plural} by {by.value}", limit=top)


@analyse_app.command()
@translate_errors
def countries(
    ctx: typer.Context,
    top: Annotated[int, typer.Option(min=1, help="Rows per table.")] = 15,
    as_of: AsOf = None,
    seed: Seed = 0,
) -> None:
    """Country pairs, domestic share, continents, communities, and whether all are linked."""
    from twintowns.analysis import countries as country_tables

    _data, tg = _graph(ctx, as_of)
    linked = country_tables.connectivity(tg)
    answer = "yes" if linked.all_connected else f"no, {len(linked.components)} separate groups"
    apart = ", ".join(c for part in linked.components[1:] for c in part) or "none"
    _say(
        f"Every country connected by a chain of twinnings: {answer} ({linked.countries} "
        f"countries; apart: {apart})"
    )
    _show(country_tables.country_pairs(tg, top), "Country pairs with the most twinnings")
    domestic = country_tables.domestic_share(tg)
    _show(domestic, f"Domestic share (overall {domestic.attrs['overall']:.1%})", limit=top)
    _show(country_tables.continent_matrix(tg), "Twinnings between continents", index=True)
    _show(country_tables.communities(tg, seed=seed, top=top).table, "Leiden communities")


@analyse_app.command()
@translate_errors
def chain(
    ctx: typer.Context,
    one: Annotated[str, typer.Argument(help="A place (id, name, or 'Name, Country').")],
    other: Annotated[str, typer.Argument(help="Another place.")],
    as_of: AsOf = None,
) -> None:
    """The shortest chain of twinnings in force at --as-of (today by default) between two
    places: active ones, and undated ones for today; never suspended, ended or proposed."""
    from twintowns.paths import adjacency, shortest_chain

    one, other = bounded(one, "ONE"), bounded(other, "OTHER")
    registry = _registry(ctx)
    a, b = registry.resolve(one), registry.resolve(other)
    day = _day(as_of)
    places = registry.reader.places()
    found = shortest_chain(adjacency(registry.reader.twinnings()), a.id, b.id, day)
    if found is None:
        _say(f"No chain of twinnings links {a.name(when=day)} and {b.name(when=day)}.")
        return
    steps = " – ".join(
        f"{places[p].name(when=day)} ({places[p].country(day) or '?'})" for p in found.places
    )
    _say(f"{found.length} twinnings: {steps}")


@analyse_app.command()
@translate_errors
def distance(
    ctx: typer.Context,
    samples: Annotated[
        int, typer.Option(min=20, help="Samples of each of the four null models (>= 20).")
    ] = 20,
    seeds: Annotated[
        int, typer.Option(min=1, help="Rewired graphs for the fine distance bins and the plot.")
    ] = 10,
    controls: Annotated[
        int, typer.Option(min=1, help="Matched controls per twinning in the gravity fit.")
    ] = 5,
    plot: Annotated[Path | None, typer.Option(help="Write the plot (PNG and SVG).")] = None,
    as_of: AsOf = None,
    seed: Seed = 0,
) -> None:
    """Does distance matter?  Twinning distances against four null models (degree only;
    degree + continent pairs; degree-corrected country blocks; degree + country pairs), per
    distance band, the border effect, and a matched gravity fit."""
    if plot is not None:
        writable_output(plot.with_suffix(".png"), "--plot")
    from twintowns.analysis import bands, geography, gravity, plots

    _data, tg = _graph(ctx, as_of)
    test = bands.band_test(tg, samples, seed=seed)
    fit = gravity.gravity_fit(tg, controls=controls, seed=seed)
    _say(bands.geography_sentence(test))
    interval = f"{test.coverage:.0%} intervals over {test.samples} samples"
    _show(test.overview(), f"Null models: median ratio and observed/expected per band ({interval})")
    _show(test.border(), f"Border effect: twinnings under 50 km ({interval})")
    _say(fit.sentence())
    _show(fit.coefficients, f"Matched gravity fit: {fit.note}")
    fine = geography.distance_test(tg, seeds, seed=seed)
    _show(fine.table(), f"Twinnings per distance bin against {seeds} degree-only rewirings")
    if plot is not None:
        png, svg = plots.save_figure(plots.distance_plot(fine, test), plot)
        _say(f"wrote {png} and {svg}")


@analyse_app.command("homophily")
@translate_errors
def homophily_command(
    ctx: typer.Context,
    seeds: Annotated[int, typer.Option(min=1, help="Rewired graphs for comparison.")] = 5,
    as_of: AsOf = None,
    seed: Seed = 0,
) -> None:
    """Assortativity by degree, population, continent, country and level; same-name pairs."""
    from twintowns.analysis import homophily

    _data, tg = _graph(ctx, as_of)
    _show(homophily.assortativity_table(tg, seeds=seeds, seed=seed), "Assortativity")
    pairs = homophily.same_name_pairs(tg, seeds=seeds, seed=seed)
    _show(pairs, f"Same-name pairs: {len(pairs)} (chance: {pairs.attrs['expected']:.1f})")


@analyse_app.command("history")
@translate_errors
def history_command(
    ctx: typer.Context,
    panel: Annotated[
        Path | None, typer.Option(help="Write the pair x year panel (.csv or .parquet).")
    ] = None,
    first_year: Annotated[int, typer.Option(help="First year of the panel.")] = 1945,
    year: Annotated[int, typer.Option(help="Year whose events to list.")] = 2022,
    by: Annotated[
        str, typer.Option("--by", help="Count dated twinnings per decade or per year.")
    ] = "decade",
    country: Annotated[
        str | None,
        typer.Option(help="Only twinnings with a side in this country (ISO code), by partner."),
    ] = None,
) -> None:
    """Twinnings per decade, suspensions and endings per year, a year's events, the panel."""
    if panel is not None:
        writable_output(panel, "--panel")
    from twintowns.analysis import history, timeline

    if by not in ("decade", "year"):
        raise InputError(f"--by must be decade or year, not {by!r}")
    from twintowns.analysis.data import load_data

    data = load_data(_registry(ctx), include_doubtful=bool(ctx.meta.get(_DOUBTFUL)))
    share = history.dated_share(data).line()
    periods = timeline.signed_per_period(data, "year" if by == "year" else "decade", country)
    scope = f" with a side in {country.upper()}" if country else ""
    _show(
        periods,
        f"Twinnings{scope} established per {by} ({periods.attrs['dated_share'].line()})",
        limit=200,
    )
    for line in timeline.caveats(periods):
        _say(line)
    _show(history.status_changes(data), f"Suspensions, terminations and resumptions ({share})")
    _show(history.events_of_year(data, year), f"Events of {year} ({share})")
    if panel is not None:
        frame = history.panel(data, first_year)
        note = history.write_panel(frame, panel)
        _say(f"wrote {len(frame):,} rows to {panel} (provenance in {note})")


# `analyse quality` is `twintowns quality` under the lab's roof: one report, one command.
analyse_app.command("quality", help="The same as `twintowns quality`.")(quality)
analyse_app.command("suggest-eval")(suggest_eval_command)


@translate_errors
def report_command(
    ctx: typer.Context,
    output: Annotated[Path, typer.Option("-o", "--output", help="HTML file to write.")] = Path(
        "report.html"
    ),
    seeds: Annotated[int, typer.Option(min=1, help="Rewired graphs in the null model.")] = 10,
    gof_samples: Annotated[
        int, typer.Option(min=0, help="Power-law bootstrap samples (0: skip).")
    ] = 100,
    samples: Annotated[
        int, typer.Option(min=20, help="Samples of each of the four distance null models.")
    ] = 20,
    seed: Seed = 0,
    suggestions: Annotated[
        bool,
        switch(
            "suggestions",
            "Add the partner suggestions' evaluation (trains and ranks: a minute or two more).",
        ),
    ] = False,
) -> None:
    """Write one self-contained HTML report: every table and plot, and the data's licences."""
    writable_output(output)  # before the report's imports and half-minute of work, not after
    if not suggestions:  # the suggestions' training is left as it was
        one_blas_thread()
    from twintowns.analysis.report import ReportOptions, write_report
    from twintowns.suggest.section import pointer_section, suggestion_section

    # opt-in: the evaluation alone takes longer than the rest of the report; without it the
    # section says how to get it
    extra: tuple[Callable[[RegistryData], Section], ...] = (
        (suggestion_section,) if suggestions else (pointer_section,)
    )
    options = ReportOptions(
        seeds=seeds,
        gof_samples=gof_samples,
        seed=seed,
        null_samples=samples,
        extra_sections=extra,
    )
    path = write_report(_registry(ctx), output, options, after_read=keep_until_exit)
    make_console(stderr=True).print(f"wrote {safe(path)}", highlight=False)
