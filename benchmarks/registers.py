"""What the two municipal registers (issue 14) add to a built registry, and what they could not.

Prints, for the registry in ``TWINTOWNS_DATABASE_URL`` (build it first: ``twintowns build``;
the bundled snapshot loads the same rows):

* world twinnings with a signing year from a register (any claim, and the accepted one), the
  dated share of the world registry, and the twinnings whose sources disagree on the year;
* every register row: dated, placeholder or unknown year, malformed; published (its link is a
  twinning) or not, and for the rows not published, why: which side the resolver left
  unresolved or doubtful (its review-queue method) and what kind of name it is (a district,
  a collective municipality, a name with a bracket...);
* twinnings with first/last attested dates (every world twinning should have both), and the
  "not listed since" questions (a later list of the same publisher covering both places leaves
  the twinning out), by pair of lists.

Run: ``TWINTOWNS_DATABASE_URL=sqlite:///... .venv/bin/python benchmarks/registers.py``
"""

from __future__ import annotations

import re
from collections import Counter

import sqlalchemy as sa

from twintowns.model import RawClaim, RowProblem, attested
from twintowns.model.attested import listing_coverage, not_listed_since
from twintowns.registry import WORLD_DATASET, Registry
from twintowns.settings import Settings
from twintowns.sources.catalogue import get_source
from twintowns.store import schema

REGISTERS = {"germany-2015": "germany-partnerships-2015", "czech-2013": "czech-partnerships-2013"}
_KINDS = (
    ("district (Kreis)", re.compile(r"kreis|\bregion\b|bezirk|county|powiat|dep\.", re.I)),
    ("collective municipality", re.compile(r"samtgemeinde|verband|\bamt\b|gemeinde\)", re.I)),
    ("bracket", re.compile(r"\(")),
    ("two names (A/B)", re.compile(r"/")),
)


def name_kind(name: str) -> str:
    """What sort of name a mention is, for the reasons table."""
    for label, pattern in _KINDS:
        if pattern.search(name):
            return label
    return "plain name"


def _rows(name: str) -> list[RawClaim]:
    problems: list[RowProblem] = []
    return list(get_source(name).claims(problems.append))


def _review(conn: sa.Connection, source_id: str) -> dict[tuple[str, str], str]:
    rq = schema.review_queue
    query = sa.select(rq.c.name, rq.c.country, rq.c.method).where(rq.c.source_id == source_id)
    return {(n, c): m for n, c, m in conn.execute(query)}


def _dated_twinnings(conn: sa.Connection) -> None:
    ev, tw = schema.events, schema.twinnings
    world = sa.select(sa.func.count()).select_from(tw).where(tw.c.dataset == WORLD_DATASET)
    total = conn.scalar(world) or 0
    dated = sa.select(sa.func.count(sa.distinct(ev.c.twinning_id))).where(
        ev.c.dataset == WORLD_DATASET,
        ev.c.type == "signing",
        ev.c.date.is_not(None),
        ev.c.source_id.in_(REGISTERS.values()),
    )
    any_year = conn.scalar(dated) or 0
    accepted = conn.scalar(dated.where(ev.c.standing == "accepted")) or 0
    conflicts = conn.scalar(
        sa.select(sa.func.count(sa.distinct(ev.c.twinning_id))).where(ev.c.step == "signing-year")
    )
    print(f"world twinnings: {total:,}")
    print(f"  with a signing year from a register: {any_year:,} (accepted: {accepted:,})")
    print(f"  sources disagree on the signing year (all years kept as claims): {conflicts:,}")


def _register(conn: sa.Connection, name: str, source_id: str) -> None:
    rows = _rows(name)
    cl = schema.claims
    published = set(conn.scalars(sa.select(cl.c.locator).where(cl.c.source_id == source_id)))
    review = _review(conn, source_id)
    dated = sum(1 for r in rows if r.events)
    done = [r for r in rows if r.locator in published]
    print(f"\n{source_id}: {len(rows):,} rows, {dated:,} with a year")
    print(f"  published: {len(done):,} rows ({sum(1 for r in done if r.events):,} dated)")
    reasons: Counter[str] = Counter()
    for raw in rows:
        if raw.locator in published:
            continue
        for side, mention in (("own side", raw.claimant), ("partner", raw.partner)):
            method = review.get((mention.name, mention.country or ""))
            if method is not None:
                reasons[f"{side}: {method}, {name_kind(mention.name)}"] += 1
                break
        else:
            reasons["both resolved (same place, or a duplicate row)"] += 1
    print(f"  not published: {len(rows) - len(done):,} rows, by the first side that failed:")
    for reason, count in reasons.most_common():
        print(f"    {count:6,}  {reason}")


def _attested(settings: Settings) -> None:
    registry = Registry.open(settings.model_copy(update={"auto_load": False}))
    with registry.engine.connect() as conn:
        tw = schema.twinnings
        world = set(conn.scalars(sa.select(tw.c.id).where(tw.c.dataset == WORLD_DATASET)))
    snapshot = registry.snapshot()
    seen = {t.id: attested(t, snapshot.sources) for t in snapshot.twinnings}
    missing = sorted(i for i in world if seen[i].first is None or seen[i].last is None)
    print(f"\nworld twinnings with first and last attested: {len(world) - len(missing):,} of")
    print(f"  {len(world):,}; without: {len(missing):,} {missing[:5]}")
    spans = Counter(seen[i].text() for i in world)
    print("  most common spans: " + ", ".join(f"{k} {n:,}" for k, n in spans.most_common(6)))
    covered = listing_coverage(snapshot.twinnings)
    asked: Counter[str] = Counter()
    for t in snapshot.twinnings:
        if t.id in world:
            for n in not_listed_since(t, snapshot.sources, covered):
                asked[f"{n.last_listed[0]} -> {n.source_id}"] += 1
    print(f"  'not listed since' questions: {sum(asked.values()):,} (a question, not a status)")
    for pair, count in asked.most_common():
        print(f"    {count:6,}  {pair}")


def main() -> None:
    """Print the figures."""
    settings = Settings()
    engine = sa.create_engine(settings.database_url)
    with engine.connect() as conn:
        _dated_twinnings(conn)
        for name, source_id in REGISTERS.items():
            _register(conn, name, source_id)
    _attested(settings)


if __name__ == "__main__":
    main()
