"""The quality report of a registry: what it holds and what is doubtful, overall and per source.

Every number is a query over the registry itself (claims, review queue, places), so it can be
traced to rows: places, twinnings, claims per source, one-sided twinnings, unresolved and
ambiguous names, places outside their stated country, the graph checks of
:mod:`twintowns.quality.checks` (duplicates across administrative levels, missing coordinates,
non-town endpoints...), and "lapsed?" candidates between two snapshots of the same lists.  The truth
checks (:mod:`twintowns.truth`) trace every published twinning back to its source rows: ends far
from the rows' own coordinates, in another country, under another name, or holding a namesake's
Wikidata id; same-level duplicates; partners twinned with two namesakes; and the guesses the
build withheld for review rather than publish.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from twintowns.model import COUNTRY_MISMATCH, EventType
from twintowns.model.dormancy import DEFAULT_YEARS
from twintowns.quality.checks import Check, run_checks
from twintowns.quality.dormant import Dormant, dormant
from twintowns.store import Reader, schema
from twintowns.truth import TruthReport, truth_report

# Review methods that mean the resolver could only guess (and so the build withheld the link):
# a nearest-point pick, names far from the row's coordinates, a spelling match, and a pick by
# population (or among same-named places) that nothing corroborated.
GUESS_METHODS = (
    "coords",
    "dwarfed",  # a geocoded point on a hamlet beside a same-named city
    "namesake",  # a geocoded point on a town while a larger one of that name lies elsewhere
    "far",
    "fuzzy",
    "name",
    "name+country",
    "name+territory",
    "name+coords",
)

OLDER_SNAPSHOT = "wikipedia-sister-cities-circa2018"
NEWER_SNAPSHOT = "wikipedia-twin-cities-2026"
_EXAMPLES = 5
TRUTH_KEYS = (
    "far_from_source_coordinates",
    "outside_row_country",
    "name_disagrees_with_row",
    "wikidata_id_disagrees",
    "wikidata_id_on_two_places",
    "same_level_duplicates",
    "partners_with_two_namesakes",
    "wrong_twinnings",
    "resolved_by_guess_withheld",
)


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
    truth: TruthReport | None = None
    checks: list[Check] = field(default_factory=list)
    dormant: list[Dormant] = field(default_factory=list)
    dormant_years: int = DEFAULT_YEARS

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
            "checks": [
                {"check": c.name, "count": c.count, "out_of": c.out_of, "meaning": c.meaning}
                for c in self.checks
            ],
            "truth_examples": {k: v for k, v in self.examples.items() if k in TRUTH_KEYS},
            "dormant_years": self.dormant_years,
            "dormant": [
                {"twinning": d.twinning_id, "last_sign": d.last_sign.isoformat()}
                for d in self.dormant
            ],
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
            sa.select(ev.c.twinning_id, ev.c.type, ev.c.date)
            .where(ev.c.type.in_([EventType.SUSPENSION.value, EventType.TERMINATION.value]))
            .where(ev.c.standing == "accepted")  # the best-attested claim, not a disputed one
            .order_by(ev.c.twinning_id, ev.c.date)
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


def _truth(engine: sa.Engine, report: QualityReport) -> None:
    """The truth checks' counts and examples (the figures ``benchmarks/truth_audit.py``
    prints for the whole registry)."""
    found = truth_report(engine)
    checks = found.by_check()
    wrong = found.wrong_twinnings()
    rows: dict[str, list[str]] = {
        "far_from_source_coordinates": checks.get("far", []),
        "outside_row_country": checks.get("country", []),
        "name_disagrees_with_row": checks.get("name", []),
        "wikidata_id_disagrees": checks.get("wikidata", []),
        "wikidata_id_on_two_places": [f"{q}: {', '.join(ids)}" for q, ids in found.qid_on_two],
        "same_level_duplicates": [f"{a} / {b} ({km:.1f} km)" for a, b, km in found.duplicates],
        "partners_with_two_namesakes": [
            f"{p}: {a} / {b} ({km:,.0f} km)" for p, a, b, km in found.namesakes
        ],
        "wrong_twinnings": [f"{t}: {'; '.join(r)}" for t, r in sorted(wrong.items())],
    }
    report.counts["checked_twinnings"] = len(found.twinnings)
    for name, hits in rows.items():
        report.counts[name] = len(hits)
        report.examples[name] = hits[:_EXAMPLES]
    report.counts["partners_with_two_namesakes"] = len({p for p, *_ in found.namesakes})
    report.truth = found


def _guesses(conn: sa.Connection, report: QualityReport) -> None:
    """Mentions the build could only guess at, withheld for review (by method)."""
    rq = schema.review_queue
    rows = list(
        conn.execute(
            sa.select(rq.c.name, rq.c.country, rq.c.method, rq.c.mentions, rq.c.gazetteer_key)
            .where(rq.c.method.in_(GUESS_METHODS), rq.c.gazetteer_key.is_not(None))
            .order_by(rq.c.mentions.desc(), rq.c.id)
        )
    )
    report.counts["resolved_by_guess_withheld"] = len(rows)
    report.counts["resolved_by_guess_withheld_mentions"] = sum(r.mentions for r in rows)
    report.examples["resolved_by_guess_withheld"] = [
        f"{r.name} ({r.country or '?'}) -> {r.gazetteer_key} by {r.method} ×{r.mentions}"
        for r in rows[:_EXAMPLES]
    ]


def _checks(reader: Reader, report: QualityReport, as_of: dt.date) -> None:
    """The graph checks (two of them are also headline counts, with examples) and the
    "dormant?" question."""
    twinnings = list(reader.twinnings())
    report.checks = run_checks(reader.places(), twinnings)
    report.dormant = dormant(twinnings, reader.sources(), as_of, report.dormant_years)
    # a count and a list (report.dormant), not a problem class: a question for the towns
    report.counts["dormant_candidates"] = len(report.dormant)
    found = {c.name: c for c in report.checks}
    examples: dict[str, tuple[str, Callable[[dict[str, Any]], str]]] = {
        "places_missing_coordinates": ("missing coordinates", lambda r: str(r["place"])),
        "one_sided_twinnings": (
            "one-sided links",
            lambda r: f"{r['claimant_name']} – {r['partner_name']}",
        ),
        "duplicates_across_levels": ("duplicates across levels", lambda r: str(r["name"])),
    }
    for key, (name, show) in examples.items():
        report.counts[key] = found[name].count
        report.examples[key] = [show(row) for row in found[name].rows[:_EXAMPLES]]


def quality_report(
    engine: sa.Engine,
    *,
    truth: bool = True,
    dormant_years: int = DEFAULT_YEARS,
    as_of: dt.date | None = None,
) -> QualityReport:
    """Compute the quality report of the registry in ``engine``.

    Parameters
    ----------
    engine:
        The registry.
    truth:
        Also run the truth checks, which read the bundled datasets' rows again (about half a
        minute for the world registry).
    dormant_years:
        Years without recorded activity or attestation that make a twinning "dormant?".
    as_of:
        The day the "dormant?" question is asked on (today when None).
    """
    report = QualityReport(dormant_years=max(1, dormant_years))
    # Imported here: twintowns.query reaches the registry, which the importer (a user of this
    # module's constants) is imported by.
    from twintowns.store.content import read_transaction

    with read_transaction(engine) as conn:  # one state for every number
        count = sa.func.count()
        report.counts["places"] = _scalar(conn, sa.select(count).select_from(schema.places))
        report.counts["twinnings"] = _scalar(conn, sa.select(count).select_from(schema.twinnings))
        report.counts["claims"] = _scalar(conn, sa.select(count).select_from(schema.claims))
        _checks(Reader(engine, conn), report, as_of or dt.date.today())
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
        _review(conn, report)
        _guesses(conn, report)
        _lapsed(conn, report, names)
    if truth:
        _truth(engine, report)
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
