"""Human output: rich tables for places, partners, events and candidates."""

from __future__ import annotations

import sys

from rich.console import Console
from rich.table import Table

from twintowns.errors import AmbiguousNameError
from twintowns.model import Place, Source, Status, StatusAt
from twintowns.views import EventView, PartnerView, PlaceView

_STYLE = {
    Status.ACTIVE: "green",
    Status.SUSPENDED: "yellow",
    Status.ENDED: "red",
    Status.PROPOSED: "cyan",
    Status.UNKNOWN: "dim",
}


def make_console(*, stderr: bool = False) -> Console:
    """A console that does not wrap table cells when output is piped."""
    stream = sys.stderr if stderr else sys.stdout
    width = None if stream.isatty() else 200
    return Console(file=stream, width=width, soft_wrap=False)


def humanise(value: str) -> str:
    """``sister_city`` -> ``sister city``."""
    return value.replace("_", " ")


def status_text(status: StatusAt) -> str:
    """``suspended since 2022-02-22`` (``?`` marks an uncertain status)."""
    text = status.status.value
    if status.since is not None:
        text += f" since {status.since.isoformat()}"
    return text + ("" if status.certain else " (?)")


def source_line(source: Source) -> str:
    """One bibliography line."""
    parts = [source.title, source.publisher, source.url, source.licence]
    return " — ".join(p for p in parts if p)


def _claims_text(view: PartnerView, place_id: str) -> str:
    sides = {c.claimant for c in view.claims}
    if not sides:
        return "—"
    if len(sides) == 2:
        return "both sides"
    return "this side only" if place_id in sides else "partner only"


def _notes(view: PartnerView) -> str:
    notes = []
    if view.exclusive_reciprocal:
        notes.append("exclusive and reciprocal")
    if view.fixed_term:
        notes.append("fixed term")
    if view.reasons:
        notes.append(", ".join(humanise(r.value) for r in view.reasons))
    return "; ".join(notes)


def place_view_table(view: PlaceView) -> Table:
    """The partners of a place as a table, with numbered source references."""
    numbers = {sid: i for i, sid in enumerate(sorted(view.sources), start=1)}
    when = view.as_of.isoformat() if view.as_of else "today"
    title = f"{view.name} ({view.place.country(view.as_of) or '?'}, {view.place.level.value})"
    table = Table(title=f"{title} — partners as of {when}", title_justify="left")
    for column in ("Partner", "Country", "Kind", "Since", "Status", "Claims", "Notes", "Sources"):
        table.add_column(column, overflow="fold")
    for p in view.partners:
        status = status_text(p.status)
        if p.status.event is not None:
            cite = p.status.event.citation
            where = f": {cite.locator}" if cite.locator else ""
            status += f" [{numbers.get(cite.source_id, '?')}{where}]"
        table.add_row(
            p.partner_name,
            p.partner_country or "",
            humanise(p.kind.value),
            p.since.isoformat() if p.since else "?",
            f"[{_STYLE[p.status.status]}]{status}[/]",
            _claims_text(p, view.place.id),
            _notes(p),
            " ".join(f"[{numbers[s]}]" for s in p.source_ids if s in numbers),
            style=None,
        )
    return table


def bibliography(sources: dict[str, Source]) -> list[str]:
    """Numbered source lines, in the numbering :func:`place_view_table` uses."""
    return [f"[{i}] {source_line(sources[sid])}" for i, sid in enumerate(sorted(sources), start=1)]


def places_table(places: list[Place]) -> Table:
    """Search results."""
    table = Table(title="Places")
    for column in ("Id", "Name", "Country", "Level", "Region", "Wikidata"):
        table.add_column(column)
    for place in places:
        table.add_row(
            place.id,
            place.name(),
            place.country() or "",
            place.level.value,
            place.admin_area or "",
            place.wikidata or "",
        )
    return table


def events_table(events: list[EventView]) -> Table:
    """Events with their twinning and source."""
    table = Table(title="Events")
    for column in ("Date", "Type", "Twinning", "Actor / cause", "Description", "Source"):
        table.add_column(column, overflow="fold")
    for view in events:
        event = view.event
        why = "; ".join(x for x in (event.actor, event.cause) if x)
        source = view.source.title if view.source else event.citation.source_id
        if event.citation.locator:
            source += f" ({event.citation.locator})"
        table.add_row(
            event.date.isoformat() if event.date else "?",
            humanise(event.type.value),
            f"{view.a_name} – {view.b_name}",
            why,
            event.description,
            source,
        )
    return table


def candidates_table(error: AmbiguousNameError) -> Table:
    """The places an ambiguous name may mean."""
    table = Table(title=f"Which {error.name}? Use an id or a qualified name")
    for column in ("Id", "Name", "Country", "Level"):
        table.add_column(column)
    for c in error.candidates:
        table.add_row(c.id, c.label, c.country or "", c.level)
    return table
