"""The quality report of a registry: what it holds and what is doubtful, overall and per source.

Every number is a query over the registry itself (claims, review queue, places), so it can be
traced to rows: places, twinnings, claims per source, one-sided twinnings, unresolved and
ambiguous names, places outside their stated country, duplicates across administrative levels,
missing coordinates, and "lapsed?" candidates between two snapshots of the same lists.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from twintowns.model import EventType
from twintowns.store import schema

COUNTRY_MISMATCH = "country-mismatch"  # the importer's review method for it

OLDER_SNAPSHOT = "wikipedia-sister-cities-circa2018"
NEWER_SNAPSHOT = "wikipedia-twin-cities-2026"
_TOWN = ("city", "town", "village")
_EXAMPLES = 5


@dataclass
class Lapse:
    """A pair listed in the older snapshot and absent from the newer, both places still
    listed there: evidence of an ending, not a fact."""

    twinning_id: str
    a_name: str
    b_name: str
    older_locator: str | None
    explained_by: str | None  # the curated suspension/termination that explains it, if any


@dataclass
class QualityReport:
    """The numbers, with examples of each problem class."""

    counts: dict[str, int] = field(default_factory=dict)
    per_source: dict[str, dict[str, int]] = field(default_factory=dict)
    examples: dict[str, list[str]] = field(default_factory=dict)
    lapsed: list[Lapse] = field(default_factory=list)

    def largest_problems(self, n: int = 3) -> list[tuple[str, int, list[str]]]:
        """The ``n`` largest problem classes with their examples."""
        problems = [k for k in self.examples if self.counts.get(k)]
        ranked = sorted(problems, key=lambda k: -self.counts[k])[:n]
        return [(k, self.counts[k], self.examples[k]) for k in ranked]

    def as_json(self) -> dict[str, Any]:
        """JSON form: top-level counts (``places``, ``twinnings``...) and the details."""
        return {
            **self.counts,
            "per_source": self.per_source,
            "largest_problems": [
                {"problem": k, "count": c, "examples": e} for k, c, e in self.largest_problems()
            ],
            "lapsed_candidates": [vars(lapse) for lapse in self.lapsed],
        }


def _scalar(conn: sa.Connection, query: sa.Select[Any]) -> int:
    return int(conn.scalar(query) or 0)


def _names(conn: sa.Connection) -> dict[str, str]:
    """A display name per place (an English name when there is one)."""
    pn = schema.place_names
    rows = conn.execute(sa.select(pn.c.place_id, pn.c.text, pn.c.lang, pn.c.preferred))
    best: dict[str, tuple[int, str]] = {}
    for place_id, text, lang, preferred in rows:
        rank = (2 if lang == "en" else 0) + (1 if preferred else 0)
        if place_id not in best or rank > best[place_id][0]:
            best[place_id] = (rank, text)
    return {pid: text for pid, (_, text) in best.items()}


def _one_sided(conn: sa.Connection, report: QualityReport, names: dict[str, str]) -> None:
    cl, tw = schema.claims, schema.twinnings
    sides = sa.func.count(sa.distinct(cl.c.claimant_id))
    query = (
        sa.select(tw.c.id, tw.c.place_a, tw.c.place_b)
        .join(cl, cl.c.twinning_id == tw.c.id)
        .where(cl.c.asserted.is_(True))
        .group_by(tw.c.id, tw.c.place_a, tw.c.place_b)
        .having(sides == 1)
        .order_by(tw.c.id)
    )
    found = list(conn.execute(query))
    report.counts["one_sided_twinnings"] = len(found)
    report.examples["one_sided_twinnings"] = [
        f"{names.get(a, a)} – {names.get(b, b)}" for _, a, b in found[:_EXAMPLES]
    ]


def _review(conn: sa.Connection, report: QualityReport) -> None:
    rq = schema.review_queue
    rows = list(
        conn.execute(
            sa.select(rq.c.source_id, rq.c.name, rq.c.country, rq.c.method, rq.c.mentions).order_by(
                rq.c.mentions.desc(), rq.c.id
            )
        )
    )
    classes: dict[str, Callable[[str], bool]] = {
        "unresolved_names": lambda m: m == "unresolved",
        "places_outside_stated_country": lambda m: m == COUNTRY_MISMATCH,
        "ambiguous_names": lambda m: m not in ("unresolved", COUNTRY_MISMATCH),
    }
    for name, test in classes.items():
        hits = [r for r in rows if test(str(r.method))]
        report.counts[name] = len(hits)
        report.counts[f"{name}_mentions"] = sum(r.mentions for r in hits)
        report.examples[name] = [
            f"{r.name} ({r.country or '?'}) ×{r.mentions}" for r in hits[:_EXAMPLES]
        ]
        for r in hits:
            per = report.per_source.setdefault(r.source_id, {})
            per[name] = per.get(name, 0) + 1


def _level_duplicates(conn: sa.Connection, report: QualityReport) -> None:
    """Same name, same country, one a town and one an administrative unit (Lviv and Lviv
    oblast): a source may have linked either."""
    pl, pc, pn = schema.places, schema.place_countries, schema.place_names
    query = (
        sa.select(pl.c.id, pl.c.level, pc.c.iso, pn.c.norm)
        .join(pc, pc.c.place_id == pl.c.id)
        .join(pn, pn.c.place_id == pl.c.id)
        .where(pn.c.lang != "und")
    )
    groups: dict[tuple[str, str], dict[str, str]] = defaultdict(dict)
    for place_id, level, iso, norm in conn.execute(query):
        groups[(iso, norm)][place_id] = level
    found = sorted(
        (iso, norm)
        for (iso, norm), members in groups.items()
        if len(members) > 1 and {lv in _TOWN for lv in members.values()} == {True, False}
    )
    report.counts["duplicates_across_levels"] = len(found)
    report.examples["duplicates_across_levels"] = [
        f"{norm} ({iso})" for iso, norm in found[:_EXAMPLES]
    ]


def _lapsed(conn: sa.Connection, report: QualityReport, names: dict[str, str]) -> None:
    cl, ev = schema.claims, schema.events
    by_source: dict[str, set[str]] = defaultdict(set)
    locator: dict[str, str | None] = {}
    listed_newer: set[str] = set()
    for tid, source, claimant, partner, loc in conn.execute(
        sa.select(
            cl.c.twinning_id, cl.c.source_id, cl.c.claimant_id, cl.c.partner_id, cl.c.locator
        ).where(cl.c.source_id.in_([OLDER_SNAPSHOT, NEWER_SNAPSHOT]))
    ):
        by_source[source].add(tid)
        if source == OLDER_SNAPSHOT:
            locator.setdefault(tid, loc)
        else:
            listed_newer.update((claimant, partner))
    endings = {
        tid: f"{kind} {date or '(undated)'}"
        for tid, kind, date in conn.execute(
            sa.select(ev.c.twinning_id, ev.c.type, ev.c.date).where(
                ev.c.type.in_([EventType.SUSPENSION.value, EventType.TERMINATION.value])
            )
        )
    }
    for tid in sorted(by_source[OLDER_SNAPSHOT] - by_source[NEWER_SNAPSHOT]):
        a, b = tid.split("--")
        if a in listed_newer and b in listed_newer:
            report.lapsed.append(
                Lapse(tid, names.get(a, a), names.get(b, b), locator.get(tid), endings.get(tid))
            )
    report.counts["lapsed_candidates"] = len(report.lapsed)
    report.counts["lapsed_explained_by_curated_events"] = sum(
        1 for x in report.lapsed if x.explained_by
    )


def quality_report(engine: sa.Engine) -> QualityReport:
    """Compute the quality report of the registry in ``engine``."""
    report = QualityReport()
    with engine.connect() as conn:
        count = sa.func.count()
        report.counts["places"] = _scalar(conn, sa.select(count).select_from(schema.places))
        report.counts["twinnings"] = _scalar(conn, sa.select(count).select_from(schema.twinnings))
        report.counts["claims"] = _scalar(conn, sa.select(count).select_from(schema.claims))
        missing = (
            sa.select(count)
            .select_from(schema.places)
            .where(schema.places.c.lat.is_(None), schema.places.c.level != "fictional")
        )
        report.counts["places_missing_coordinates"] = _scalar(conn, missing)
        report.examples["places_missing_coordinates"] = list(
            conn.scalars(
                sa.select(schema.places.c.id)
                .where(schema.places.c.lat.is_(None), schema.places.c.level != "fictional")
                .order_by(schema.places.c.id)
                .limit(_EXAMPLES)
            )
        )
        cl = schema.claims
        for source, claims, twinnings in conn.execute(
            sa.select(cl.c.source_id, count, sa.func.count(sa.distinct(cl.c.twinning_id)))
            .group_by(cl.c.source_id)
            .order_by(cl.c.source_id)
        ):
            report.per_source.setdefault(source, {}).update(
                {"claims": claims, "twinnings": twinnings}
            )
        names = _names(conn)
        _one_sided(conn, report, names)
        _review(conn, report)
        _level_duplicates(conn, report)
        _lapsed(conn, report, names)
    return report


def source_agreement(engine: sa.Engine) -> Counter[int]:
    """How many twinnings are attested by 1, 2, 3... distinct sources."""
    cl = schema.claims
    per = (
        sa.select(cl.c.twinning_id, sa.func.count(sa.distinct(cl.c.source_id)).label("n"))
        .group_by(cl.c.twinning_id)
        .subquery()
    )
    with engine.connect() as conn:
        return Counter(
            {
                int(n): int(k)
                for n, k in conn.execute(sa.select(per.c.n, sa.func.count()).group_by(per.c.n))
            }
        )
