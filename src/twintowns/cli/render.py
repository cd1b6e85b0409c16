"""Human output: rich tables for places, partners, events and candidates, and :func:`safe`.

Every value the CLI prints that comes from data or users (names, notes, sources, titles, error
messages) goes through :func:`safe`, so it is shown as text: rich markup in it is escaped (a
``[/]`` in a note cannot crash rendering, ``[link=...]`` cannot make a hyperlink) and terminal
escape sequences and control characters are removed.
"""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from twintowns.errors import AmbiguousNameError
from twintowns.model import Place, Source, Status, StatusAt
from twintowns.untrusted import strip_controls

if TYPE_CHECKING:
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


def safe(value: object, *, one_line: bool = False) -> str:
    """``value`` as rich markup that shows exactly its text, with no terminal controls.

    Parameters
    ----------
    value:
        Anything printable; None shows as the empty string.
    one_line:
        Also drop newlines and tabs (error messages are one line).

    Returns
    -------
    str
        Markup-escaped text without escape sequences or control characters (newline and tab
        kept), to print or put in a table cell.
    """
    if value is None:
        return ""
    return escape(strip_controls(str(value), keep_lines=not one_line))


# JSON escapes C0 controls itself; C1 controls (U+0080-U+009F, 8-bit CSI/OSC on some
# terminals) and DEL it leaves raw, so they are written as \u escapes: same JSON value.
_JSON_CONTROLS = {code: f"\\u{code:04x}" for code in range(0x7F, 0xA0)}


def json_text(value: Any) -> str:
    """``value`` (already JSON-ready) as indented JSON safe to write to a terminal."""
    return json.dumps(value, ensure_ascii=False, indent=2).translate(_JSON_CONTROLS) + "\n"


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
    published = f"published {source.published.isoformat()}" if source.published else None
    parts = [source.title, source.publisher, published, source.url, source.licence]
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
    table = Table(title=safe(f"{title} — partners as of {when}"), title_justify="left")
    columns = ("Partner", "Country", "Kind", "Since", "Status", "Attested", "Claims", "Notes")
    for column in (*columns, "Sources"):
        table.add_column(column, overflow="fold")
    for p in view.partners:
        status = status_text(p.status)
        if p.status.event is not None:
            cite = p.status.event.citation
            where = f": {cite.locator}" if cite.locator else ""
            status += f" [{numbers.get(cite.source_id, '?')}{where}]"
        table.add_row(
            safe(p.partner_name),
            safe(p.partner_country),
            safe(humanise(p.kind.value)),
            p.since.isoformat() if p.since else "?",
            f"[{_STYLE[p.status.status]}]{safe(status)}[/]",
            safe(p.attested.text()),
            _claims_text(p, view.place.id),
            safe(_notes(p)),
            safe(
                " ".join(f"[{n}]" for n in sorted(numbers[s] for s in p.source_ids if s in numbers))
            ),
            style=None,
        )
    return table


def dispute_lines(view: PlaceView) -> list[str]:
    """One line per disputed step of a partner (markup-safe): every source's claim, the one
    the status follows marked accepted, the contradicted ones disputed."""
    return [
        safe(f"Disputed ({p.partner_name}): {note}") for p in view.partners for note in p.disputes
    ]


def bibliography(sources: dict[str, Source]) -> list[str]:
    """Numbered source lines (markup-safe), in the numbering :func:`place_view_table` uses."""
    return [
        safe(f"[{i}] {source_line(sources[sid])}") for i, sid in enumerate(sorted(sources), start=1)
    ]


def places_table(places: list[Place]) -> Table:
    """Search results."""
    table = Table(title="Places")
    for column in ("Id", "Name", "Country", "Level", "Region", "Wikidata"):
        table.add_column(column)
    for place in places:
        table.add_row(
            safe(place.id),
            safe(place.name()),
            safe(place.country()),
            safe(place.level.value),
            safe(place.admin_area),
            safe(place.wikidata),
        )
    return table


def events_table(events: list[EventView]) -> Table:
    """Events with their twinning and source."""
    table = Table(title="Events")
    for column in ("Date", "Type", "Twinning", "Actor / cause", "Description", "Source"):
        table.add_column(column, overflow="fold")
    for view in events:
        event = view.event
        why = "; ".join(x for x in (view.actor_name, event.cause) if x)
        kind = humanise(event.type.value)
        if not event.applies:  # one source's claim that another source's account outweighs
            kind += f" ({event.standing.value} claim)"
        source = view.source.title if view.source else event.citation.source_id
        if event.citation.locator:
            source += f" ({event.citation.locator})"
        table.add_row(
            event.date.isoformat() if event.date else "?",
            safe(kind),
            safe(f"{view.a_name} – {view.b_name}"),
            safe(why),
            safe(event.description),
            safe(source),
        )
    return table


def candidates_table(error: AmbiguousNameError) -> Table:
    """The places an ambiguous name may mean."""
    table = Table(title=safe(f"Which {error.name}? Use an id or a qualified name"))
    for column in ("Id", "Name", "Country", "Level"):
        table.add_column(column)
    for c in error.candidates:
        table.add_row(safe(c.id), safe(c.label), safe(c.country), safe(c.level))
    return table
