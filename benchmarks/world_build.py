"""Benchmark and accuracy check of the world build (issue 3 targets).

Run: ``.venv/bin/python benchmarks/world_build.py``

Prints, measured in this run:
* the full build's wall time and peak memory (targets: < 3 min, < 2 GB);
* the registry's size (targets: >= 25,000 twinnings among >= 17,000 places);
* the share of the 2026 scrape's place mentions resolved (target >= 97 %);
* precision and recall of those resolutions on a check set: rows of the 2026 scrape whose pair
  also appears in the 2017 Wikidata EU data, whose per-row coordinates say where each side
  really is (correct = within 20 km).  So that the check set is evidence the resolution never
  saw, it is measured on a second build made without the EU 2017 dataset.
"""

from __future__ import annotations

import csv
import resource
import sys
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa

from twintowns.build import build_registry
from twintowns.resolve.countries import country_of
from twintowns.resolve.gazetteer import distance_km
from twintowns.settings import Settings
from twintowns.sources.catalogue import world_sources
from twintowns.sources.tabular import bundled_dataset_dir as bundled_dir
from twintowns.store import schema

CORRECT_KM = 20.0
SOURCE_2026 = "wikipedia-twin-cities-2026"


def _eu_pairs() -> dict[
    tuple[str, str | None, str, str | None], tuple[tuple[float, float], tuple[float, float]]
]:
    pairs = {}
    for path in sorted(bundled_dir("wikidata-eu-twinning-2017").glob("*.tsv")):
        with path.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle, delimiter="\t"):
                try:
                    a = (float(row["originlat"]), float(row["originlong"]))
                    b = (float(row["destinationlat"]), float(row["destinationlong"]))
                except ValueError:
                    continue
                ka = (row["origincityLabel"], country_of(row["origincountry"]).iso)
                kb = (row["sistercityLabel"], country_of(row["destination_countryLabel"]).iso)
                pairs[(*ka, *kb)] = (a, b)
                pairs[(*kb, *ka)] = (b, a)
    return pairs


def _rows_2026() -> dict[int, list[str]]:
    path = bundled_dir("wikipedia-twin-cities-2026") / "twin_cities_raw.csv"
    rows = {}
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        next(reader)
        for row in reader:
            rows[reader.line_num] = row
    return rows


def _accuracy(engine: sa.Engine) -> tuple[int, int, int]:
    """(check-set mentions, resolved among them, correct among them)."""
    cl, pl = schema.claims, schema.places
    coords = {
        pid: (lat, lon)
        for pid, lat, lon in engine.connect().execute(sa.select(pl.c.id, pl.c.lat, pl.c.lon))
    }
    resolved_rows = {
        int(loc.rsplit(":", 1)[1]): (claimant, partner)
        for loc, claimant, partner in engine.connect().execute(
            sa.select(cl.c.locator, cl.c.claimant_id, cl.c.partner_id).where(
                cl.c.source_id == "wikipedia-twin-cities-2026"
            )
        )
    }
    truth, total, resolved, correct = _eu_pairs(), 0, 0, 0
    for line, (c1, k1, c2, k2) in _rows_2026().items():
        key = (c1, country_of(k1).iso, c2, country_of(k2).iso)
        if key not in truth:
            continue
        total += 2
        for place, real in zip(resolved_rows.get(line, (None, None)), truth[key], strict=True):
            here = coords.get(place) if place else None
            if here is None or here[0] is None:
                continue
            resolved += 1
            correct += distance_km(here[0], here[1], real[0], real[1]) <= CORRECT_KM
    return total, resolved, correct


def _count(conn: sa.Connection, table: sa.Table) -> int:
    return int(conn.scalar(sa.select(sa.func.count()).select_from(table)) or 0)


def _unresolved_2026(engine: sa.Engine) -> int:
    rq = schema.review_queue
    query = sa.select(sa.func.sum(rq.c.mentions)).where(
        rq.c.method == "unresolved", rq.c.source_id == SOURCE_2026
    )
    with engine.connect() as conn:
        return int(conn.scalar(query) or 0)


def main() -> int:
    """Build (twice) into temporary databases and print the measurements."""
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(database_url=f"sqlite:///{Path(tmp) / 'world.sqlite'}")
        start = time.perf_counter()
        report = build_registry(settings)
        seconds = time.perf_counter() - start
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        engine = sa.create_engine(settings.database_url)
        with engine.connect() as conn:
            places, twinnings = _count(conn, schema.places), _count(conn, schema.twinnings)
        mentions = 2 * report.world.claims_read[SOURCE_2026]
        resolved_share = 1 - _unresolved_2026(engine) / mentions
        check = Settings(database_url=f"sqlite:///{Path(tmp) / 'check.sqlite'}")
        blind = [s for s in world_sources() if s.info.id != "wikidata-eu-twinning-2017"]
        build_registry(check, sources=blind)
        total, resolved, correct = _accuracy(sa.create_engine(check.database_url))
    print(f"build: {seconds:.1f} s (target < 180 s), peak {peak_mb:.0f} MB (target < 2048 MB)")
    print(f"registry: {twinnings:,} twinnings (>= 25,000) among {places:,} places (>= 17,000)")
    print(f"2026 scrape: {resolved_share:.2%} of {mentions:,} place mentions resolved (>= 97 %)")
    print(f"check set (2026 rows whose pair is in the EU 2017 data): {total:,} mentions")
    print(f"  precision {correct / resolved:.2%} (target >= 99 %), recall {correct / total:.2%}")
    print(f"  (full build) revised by partners: {report.world.revised_by_partners:,}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
