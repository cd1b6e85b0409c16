"""Truth audit of the world registry (issue 12 targets).

Run: ``.venv/bin/python benchmarks/truth_audit.py [--sample 200] [--seed 12] [--no-blind]``

(a) **Sample audit.** A uniform random sample (seeded) of the bundled world registry's
twinnings; each end is traced back to the source rows its claims cite and checked by the rules
of :mod:`twintowns.truth` (the same code ``twintowns quality`` runs, so the registry-wide
counts printed here are the ones it prints):

* the EU-2017 rows' own (Wikidata P625) coordinates, else the 2026 scrape's geocoded ones
  when they lie in the stated country: the place must be within 30 km;
* the country each row states (or one of its territories);
* the name each row writes (a GeoNames name of the place, a close spelling or its first words);
* the row's Wikidata id, where the bundled data places that item (a 2016 statement whose two
  labels are an EU-2017 row's): within 30 km.

A twinning is wrong when either end fails a check.  Every wrong twinning of the sample is
printed, then the per-twinning error rate with a 95 % Wilson interval (target <= 1 %).

(b) **Blind check.** A second build made WITHOUT the EU-2017 dataset (the build uses exactly
the sources it is given), checked against that dataset's rows: every claim of the blind build
whose two names (as its source wrote them) are the two labels of EU-2017 rows placing them
consistently is a check item; a resolved end is right when within the resolver's tolerance of
the row's coordinates (30 km for a town, 75 km for a city of a million, 100 km for an
administrative unit: the rule of the quality checks); a twinning is right only when both are.
Prints precision per mention and per twinning (target >= 99 %) and how many check items the
blind build withheld.

Also prints the registry's size (target >= 33,000 twinnings) and what went to the review queue,
by method.
"""

from __future__ import annotations

import argparse
import math
import random
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

import sqlalchemy as sa

from twintowns.build import build_registry
from twintowns.model import RawClaim
from twintowns.quality import quality_report
from twintowns.registry import Registry
from twintowns.resolve.gazetteer import distance_km
from twintowns.resolve.resolver import tolerance_km
from twintowns.settings import Settings
from twintowns.sources.catalogue import world_sources
from twintowns.store import schema
from twintowns.truth import EU_2017, FAR_KM, TruthReport, read_rows

Point = tuple[float, float]


def wilson(errors: int, n: int, z: float = 1.959964) -> tuple[float, float]:
    """95 % Wilson score interval of a proportion."""
    if n == 0:
        return (0.0, 1.0)
    p = errors / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return (max(0.0, centre - half), min(1.0, centre + half))


def sample_audit(truth: TruthReport, size: int, seed: int) -> None:
    """Part (a): print every wrong twinning of the sample and the error rate."""
    wrong = truth.wrong_twinnings()
    sample = random.Random(seed).sample(truth.twinnings, min(size, len(truth.twinnings)))
    errors = [t for t in sorted(sample) if t in wrong]
    print(f"(a) sample of {len(sample)} twinnings (seed {seed}): {len(errors)} wrong")
    for tid in errors:
        print(f"    {tid}: {'; '.join(wrong[tid])}")
    low, high = wilson(len(errors), len(sample))
    rate = len(errors) / len(sample) if sample else 0.0
    print(f"    per-twinning error {rate:.2%} (95 % Wilson CI {low:.2%}-{high:.2%}; target <= 1 %)")
    whole = len(wrong) / len(truth.twinnings) if truth.twinnings else 0.0
    print(
        f"    whole registry: {len(wrong)} of {len(truth.twinnings)} twinnings fail a check "
        f"({whole:.2%})"
    )


def print_quality(engine: sa.Engine) -> TruthReport:
    """The registry-wide figures, exactly as ``twintowns quality`` computes them."""
    report = quality_report(engine)
    keys = (
        "places", "twinnings", "far_from_source_coordinates", "outside_row_country",
        "name_disagrees_with_row", "wikidata_id_disagrees", "wikidata_id_on_two_places",
        "same_level_duplicates", "partners_with_two_namesakes", "wrong_twinnings",
        "resolved_by_guess_withheld", "resolved_by_guess_withheld_mentions",
    )  # fmt: skip
    print("registry (as `twintowns quality` prints it):")
    for key in keys:
        print(f"    {key}: {report.counts[key]:,}")
    assert report.truth is not None
    return report.truth


def print_review(engine: sa.Engine) -> None:
    """What the build withheld for review, by method."""
    rq = schema.review_queue
    with engine.connect() as conn:
        rows = list(conn.execute(sa.select(rq.c.method, rq.c.mentions)))
    by_method: Counter[str] = Counter()
    mentions: Counter[str] = Counter()
    for method, count in rows:
        by_method[method] += 1
        mentions[method] += count
    print(f"review queue: {len(rows):,} names, {sum(mentions.values()):,} mentions withheld")
    for method, n in by_method.most_common():
        print(f"    {method}: {n:,} names, {mentions[method]:,} mentions")


def print_duplicates(engine: sa.Engine, truth: TruthReport) -> None:
    """Duplicate twinnings (issue 12, item 3): every claim naming a pair of places joins that
    pair's one twinning, whatever its source, direction or dataset (curated facts included),
    so the same pair never appears twice; what can still repeat a twinning is a duplicate
    place (same name, country and kind within 20 km) twinned with the same partner."""
    cl, tw = schema.claims, schema.twinnings
    with engine.connect() as conn:
        claims = list(
            conn.execute(
                sa.select(cl.c.twinning_id, cl.c.source_id, cl.c.claimant_id, cl.c.dataset)
            )
        )
        rows = list(conn.execute(sa.select(tw.c.id, tw.c.dataset, tw.c.place_a, tw.c.place_b)))
    owners = {tid: dataset for tid, dataset, _, _ in rows}
    sources: dict[str, set[str]] = defaultdict(set)
    sides: dict[str, set[str]] = defaultdict(set)
    for tid, source, claimant, _ in claims:
        sources[tid].add(source)
        sides[tid].add(claimant)
    several = sum(len(found) > 1 for found in sources.values())
    both = sum(len(found) > 1 for found in sides.values())
    joined = {t for t, _, _, ds in claims if owners.get(t) == "curated" and ds != "curated"}
    print(
        f"duplicates: {len(claims):,} claims name {len(sources):,} pairs of places, one "
        f"twinning each ({len(claims) - len(sources):,} claims merged into a twinning another "
        f"claim opened; every claim kept with its source)"
    )
    print(
        f"    {several:,} twinnings cite several sources, {both:,} are claimed from both "
        f"sides, {len(joined):,} curated twinnings carry world claims too"
    )
    partners: dict[str, set[str]] = defaultdict(set)
    for _, _, a, b in rows:
        partners[a].add(b)
        partners[b].add(a)
    doubled = sum(len(partners[a] & partners[b]) for a, b, _ in truth.duplicates)
    print(
        f"    same-level duplicate places: {len(truth.duplicates):,}; twinnings they repeat "
        f"(a partner twinned with both): {doubled:,}"
    )


def _eu_truth(rows: dict[tuple[str, str], RawClaim]) -> dict[tuple[str, str], tuple[Point, Point]]:
    """(name a, name b) -> the two points, for EU-2017 label pairs placed consistently."""
    from twintowns.model import normalise_name

    found: dict[tuple[str, str], list[tuple[Point, Point]]] = defaultdict(list)
    for (source, _), raw in rows.items():
        a, b = raw.claimant, raw.partner
        if source != EU_2017 or None in (a.lat, a.lon, b.lat, b.lon):
            continue
        pa, pb = (a.lat or 0.0, a.lon or 0.0), (b.lat or 0.0, b.lon or 0.0)
        na, nb = normalise_name(a.name), normalise_name(b.name)
        found[(na, nb)].append((pa, pb))
        found[(nb, na)].append((pb, pa))
    out = {}
    for key, points in found.items():
        first = points[0]
        if all(
            distance_km(*first[0], *p[0]) <= FAR_KM and distance_km(*first[1], *p[1]) <= FAR_KM
            for p in points
        ):
            out[key] = first
    return out


def linked_points(
    registry: Registry, points: dict[str, tuple[float | None, float | None, float]]
) -> dict[str, tuple[float, float, float]]:
    """Points for the places that have none (curated places named without coordinates, such
    as the 2022 wave's Dallas or Kronstadt): the GeoNames place the build linked each to by
    name and country (:func:`~twintowns.resolve.places.link_existing`), when it linked exactly
    one.  Without this, a right resolution to such a place would count as wrong."""
    from twintowns.resolve.gazetteer import build_gazetteer
    from twintowns.resolve.overrides import load_overrides
    from twintowns.resolve.places import link_existing
    from twintowns.resolve.resolver import Resolver

    bare = [p for p, (lat, _, _) in points.items() if lat is None]
    resolver = Resolver(build_gazetteer(), load_overrides())
    keys: dict[str, list[str]] = defaultdict(list)
    for key, place in link_existing(registry.reader.places(bare).values(), resolver).items():
        keys[place].append(key)
    out = {}
    for place, found in keys.items():
        entry = resolver.gazetteer.by_key(found[0])
        if len(found) == 1 and entry and entry.lat is not None and entry.lon is not None:
            out[place] = (entry.lat, entry.lon, tolerance_km(entry.level, entry.population))
    return out


def blind_check(workdir: Path, *, reuse: bool = False) -> None:
    """Part (b): a build without EU-2017, checked against EU-2017's rows."""
    from twintowns.model import normalise_name

    every = world_sources()
    kept = [s for s in every if s.info.id != EU_2017]
    settings = Settings(database_url=f"sqlite:///{workdir / 'blind.sqlite'}")
    if not (reuse and (workdir / "blind.sqlite").exists()):
        build_registry(settings, sources=kept)
    rows = read_rows(every)
    truth = _eu_truth(rows)
    engine = Registry.open(settings).engine
    pl, cl = schema.places, schema.claims
    with engine.connect() as conn:
        points = {
            p: (lat, lon, tolerance_km(level, population) if level != "fictional" else 0.0)
            for p, lat, lon, level, population in conn.execute(
                sa.select(pl.c.id, pl.c.lat, pl.c.lon, pl.c.level, pl.c.population)
            )
        }
        published = {
            (s, loc): (tid, a, b)
            for tid, s, loc, a, b in conn.execute(
                sa.select(
                    cl.c.twinning_id,
                    cl.c.source_id,
                    cl.c.locator,
                    cl.c.claimant_id,
                    cl.c.partner_id,
                )
            )
        }
    linked = linked_points(Registry.open(settings), points)
    points.update(linked)
    mentions = right_mentions = withheld = 0
    twinning_ok: dict[str, bool] = {}
    why: dict[str, set[str]] = defaultdict(set)
    for (source, locator), raw in rows.items():
        if source == EU_2017:
            continue
        key = (normalise_name(raw.claimant.name), normalise_name(raw.partner.name))
        if key not in truth:
            continue
        if (source, locator) not in published:
            withheld += 1
            continue
        tid, a, b = published[(source, locator)]
        ends_ok = []
        for place, point, said in (
            (a, truth[key][0], raw.claimant),
            (b, truth[key][1], raw.partner),
        ):
            at = points.get(place)
            km = None if at is None or at[0] is None else distance_km(at[0], at[1], *point)
            ok = km is not None and at is not None and km <= at[2]
            if not ok:
                off = "no point" if km is None else f"{km:,.0f} km"
                why[tid].add(f"{place} ({source}: {said.name!r}) is {off} from the row's point")
            mentions += 1
            right_mentions += ok
            ends_ok.append(ok)
        twinning_ok[tid] = twinning_ok.get(tid, True) and all(ends_ok)
    right_twinnings = sum(twinning_ok.values())
    print(
        f"    {len(linked):,} curated places without coordinates checked at the one GeoNames "
        "place the build linked them to"
    )
    with engine.connect() as conn:
        size = conn.scalar(sa.select(sa.func.count()).select_from(schema.twinnings))
    print(f"(b) blind build without {EU_2017}: {size:,} twinnings")
    print(
        f"    check set: {mentions // 2 + withheld:,} claims whose names are an EU-2017 row's; "
        f"{withheld:,} withheld for review by the blind build"
    )
    print(
        f"    precision per mention: {right_mentions:,}/{mentions:,} = "
        f"{right_mentions / max(mentions, 1):.2%}"
    )
    print(
        f"    precision per twinning (both ends right): {right_twinnings:,}/{len(twinning_ok):,}"
        f" = {right_twinnings / max(len(twinning_ok), 1):.2%} (target >= 99 %)"
    )
    for tid, ok in sorted(twinning_ok.items()):
        if not ok:
            print(f"      wrong: {tid} ({'; '.join(sorted(why[tid]))})")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, default=200)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--database", help="audit this registry instead of the bundled one")
    parser.add_argument("--no-blind", action="store_true", help="skip the blind build")
    parser.add_argument("--blind-only", action="store_true", help="only the blind build")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        if args.blind_only:
            blind_check(Path(tmp))
            return 0
        url = args.database or f"sqlite:///{Path(tmp) / 'bundled.sqlite'}"
        engine = Registry.open(Settings(database_url=url)).engine  # loads the bundled snapshot
        truth = print_quality(engine)
        print_review(engine)
        print_duplicates(engine, truth)
        sample_audit(truth, args.sample, args.seed)
        if not args.no_blind:
            blind_check(Path(tmp))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
