"""The game's mystery picture: an offline-rendered map of a famous twinning, and its story.

The picture is an SVG map (the Natural Earth outline :mod:`twintowns.learn.worldmap` ships)
cropped around the twinning's two places, with the link drawn between them; the story is the
twinning's dated steps as the registry tells them, each with its source.  The twinning is the
one the course's items cite most (dated steps first), else a famous one the registry holds.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from twintowns.learn.facts import Facts
from twintowns.learn.items import Item, ItemSource
from twintowns.learn.worldmap import graticule_path, land_path
from twintowns.model import Twinning

FAMOUS = ("coventry--volgograd", "coventry--dresden", "keighley--poix-du-nord")
"""Fallbacks when no item of the course is about a drawable twinning with a history."""


@dataclass(frozen=True, slots=True)
class StoryLine:
    """One dated step of the story, with its citation."""

    when: str
    text: str
    source: ItemSource


@dataclass(frozen=True, slots=True)
class Mystery:
    """The picture and the story of one twinning."""

    twinning_id: str
    title: str
    svg: str
    story: tuple[StoryLine, ...]


def _drawable(facts: Facts, twinning: Twinning) -> bool:
    ends = (facts.places.get(twinning.a), facts.places.get(twinning.b))
    return all(p is not None and p.coordinates is not None for p in ends)


def _dated(twinning: Twinning) -> int:
    return sum(1 for e in twinning.events if e.date is not None and e.applies)


def choose_twinning(facts: Facts, items: Sequence[Item]) -> Twinning | None:
    """The twinning the picture shows: the one ``items`` cite most among those with dated
    steps and coordinates, else the first :data:`FAMOUS` one held; None when there is none."""
    counts: Counter[str] = Counter()
    for item in items:
        tid = item.key.split("|")[0]
        if tid in facts.twinnings:
            counts[tid] += 1
    ranked = sorted(counts, key=lambda t: (-counts[t], -_dated(facts.twinnings[t]), t))
    for tid in [*ranked, *FAMOUS]:
        twinning = facts.twinnings.get(tid)
        if twinning is not None and _dated(twinning) and _drawable(facts, twinning):
            return twinning
    return None


def _box(points: list[tuple[float, float]]) -> tuple[float, float, float, float]:
    """A 3:2 view box (x, y, width, height) around ``points`` with a margin."""
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    width = max(max(xs) - min(xs) + 24, 48.0)
    height = max(max(ys) - min(ys) + 16, 32.0)
    width, height = max(width, height * 1.5), max(height, width / 1.5)
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    return cx - width / 2, cy - height / 2, width, height


def picture_svg(facts: Facts, twinning: Twinning) -> str:
    """The map of ``twinning``: both places, their names and the link between them."""
    ends = [facts.places[twinning.a], facts.places[twinning.b]]
    points = [(p.coordinates.lon + 180, 90 - p.coordinates.lat) for p in ends if p.coordinates]
    x, y, w, h = _box(points)
    unit = w / 120  # strokes and type in proportion to the crop
    (x1, y1), (x2, y2) = points
    bend = (x1 + x2) / 2, min(y1, y2) - abs(x2 - x1) * 0.25
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{x:.1f} {y:.1f} {w:.1f} {h:.1f}" '
        f'role="img" aria-label="Map of {html.escape(facts.label(twinning.a))} and '
        f'{html.escape(facts.label(twinning.b))}">',
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" fill="#dcebf7"/>',
        f'<path d="{graticule_path(10)}" stroke="#b8cde0" stroke-width="{unit * 0.3:.2f}" '
        'fill="none"/>',
        f'<path d="{land_path()}" fill="#e8e0cc" stroke="#7d7665" '
        f'stroke-width="{unit * 0.35:.2f}"/>',
        f'<path d="M{x1:.2f} {y1:.2f}Q{bend[0]:.2f} {bend[1]:.2f} {x2:.2f} {y2:.2f}" '
        f'fill="none" stroke="#b03a2e" stroke-width="{unit * 1.2:.2f}" stroke-linecap="round"/>',
    ]
    for place, (px, py) in zip(ends, points, strict=True):
        parts.append(f'<circle cx="{px:.2f}" cy="{py:.2f}" r="{unit * 1.8:.2f}" fill="#b03a2e" '
                     f'stroke="#fff" stroke-width="{unit * 0.5:.2f}"/>')  # fmt: skip
        parts.append(
            f'<text x="{px:.2f}" y="{py - unit * 3:.2f}" font-size="{unit * 4.5:.2f}" '
            f'font-family="sans-serif" font-weight="bold" text-anchor="middle" fill="#1d2b36" '
            f'stroke="#fff" stroke-width="{unit * 0.8:.2f}" paint-order="stroke">'
            f"{html.escape(place.name())}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def story(facts: Facts, twinning: Twinning) -> tuple[StoryLine, ...]:
    """The twinning's dated steps in order, as the registry tells them, each cited."""
    dated = [(e.date, e) for e in twinning.events if e.date is not None and e.applies]
    events = [e for _, e in sorted(dated, key=lambda pair: (pair[0].start, pair[1].type.value))]
    lines = []
    for event in events:
        assert event.date is not None
        what = event.type.value.replace("_", " ")
        text = event.description.strip() or what[0].upper() + what[1:] + "."
        lines.append(StoryLine(event.date.human(), text, facts.cite(event.citation)))
    return tuple(lines)


def mystery(facts: Facts, items: Sequence[Item]) -> Mystery | None:
    """The picture and story for a course of ``items``; None when the registry has no
    drawable twinning with a dated history."""
    twinning = choose_twinning(facts, items)
    if twinning is None:
        return None
    title = f"{facts.label(twinning.a)} and {facts.label(twinning.b)}"
    return Mystery(twinning.id, title, picture_svg(facts, twinning), story(facts, twinning))
