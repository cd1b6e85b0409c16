"""Per-twinning resolution error on a random sample of the registers' rows (issue 14's target:
<= 1 % wrong on 100 rows).

For a random sample (``--seed``, ``--size``) of the German and Czech register rows that became
twinnings in the registry in ``TWINTOWNS_DATABASE_URL``, each row's two resolved places are
checked against the row itself:

* the register's own side (the German municipality, the Czech one) must lie within the
  resolver's tolerance (:func:`twintowns.resolve.resolver.tolerance_km`) of the row's point
  (the German postcode centroid; the portal's point) -- or, when that point is off (the file
  puts Lübeck 50 km west of Lübeck), bear the row's name;
* the partner must lie in the country the row names, and bear the row's name (any of its
  names or the register's bracketed or abbreviated forms, folded) -- a same-country namesake
  of another name is an error;
* for Czech partners with a point, the partner must also lie within tolerance of it;
* no other partner of the register's side may be a namesake of the resolved partner (Eutin's
  "Nykøbing" resolved to Nykøbing Mors while the other sources give Eutin Nykøbing Falster):
  a bare name may then have picked the wrong one of several places -- or the place has two
  namesake partners (Melle, Lower Saxony: Melle in France and in Belgium), so these rows are
  flagged for reading, not counted.
* the partner must not be a pick among namesakes (unless the row's own point, a Czech
  partner's, lies near it and near none of the others): when towns of the row's country (or of
  its dependencies, which the register files under the sovereign state) bear the row's bare
  name as their own or as the head of theirs, and one of them other than the resolved place
  is of comparable size (:class:`twintowns.resolve.namesakes.Namesakes`), the name alone does
  not say which town is meant -- "Nykøbing" (Dänemark) is Mors, Falster or Sjælland,
  "Hofkirchen" (Österreich) four towns, "St. Helier" (Großbritannien) a London suburb or
  Jersey's capital.  Such a row is counted wrong (a published guess) unless another source
  names the same pair (the partner graph settled it).
Every sampled row is printed, so the sample can still be read.

Every sampled row is printed with its verdict, so a person can read the sample item by item;
the last line is the error rate.  Run after a build:
``TWINTOWNS_DATABASE_URL=sqlite:///... .venv/bin/python benchmarks/register_check.py``
"""

from __future__ import annotations

import argparse
import random

from rapidfuzz import fuzz

from twintowns.model import Place, PlaceMention, RawClaim, RowProblem, normalise_name, twinning_id
from twintowns.model.twinning import Twinning
from twintowns.registry import Registry
from twintowns.resolve.countries import TERRITORIES
from twintowns.resolve.gazetteer import Entry, Gazetteer, build_gazetteer, distance_km
from twintowns.resolve.names import split_name
from twintowns.resolve.namesakes import RIVAL_RATIO, Namesakes
from twintowns.resolve.resolver import tolerance_km
from twintowns.settings import Settings
from twintowns.snapshot import RegistrySnapshot
from twintowns.sources.catalogue import get_source

_SPELLING = 85.0  # rapidfuzz ratio of two folded names that are one name spelled two ways
REGISTERS = {"germany-2015": "germany-partnerships-2015", "czech-2013": "czech-partnerships-2013"}


def _rows() -> dict[tuple[str, str], RawClaim]:
    problems: list[RowProblem] = []
    rows = {}
    for name, source_id in REGISTERS.items():
        for raw in get_source(name).claims(problems.append):
            rows[(source_id, raw.locator)] = raw
    return rows


def _letters(text: str) -> str:
    return "".join(ch for ch in normalise_name(text) if ch.isalnum())


def _named(place: Place, mention: PlaceMention) -> bool:
    """Whether the place bears the mention's name or one of its further forms, spelling
    variants allowed ("Celleligure" is Celle Ligure, "Bouxviller" Bouxwiller)."""
    own = {_letters(n.text) for n in place.names}
    said = {mention.name, split_name(mention.name).base, *(text for _, text in mention.labels)}
    return any(fuzz.ratio(_letters(s), o) >= _SPELLING for s in said for o in own)


def _km(place: Place, mention: PlaceMention) -> float | None:
    point = place.coordinates
    if point is None or mention.lat is None or mention.lon is None:
        return None
    return distance_km(point.lat, point.lon, mention.lat, mention.lon)


def _check_side(place: Place, mention: PlaceMention, *, own_side: bool) -> list[str]:
    """Why ``place`` is not what ``mention`` says (empty when it is)."""
    wrong = []
    iso = mention.country_iso
    if iso is not None and place.country() != iso:
        wrong.append(f"in {place.country()}, row says {iso}")
    km = _km(place, mention)
    far = km is not None and km > tolerance_km(place.level, place.population)
    named = _named(place, mention)
    if far and not named:
        wrong.append(f"{km:.0f} km from the row's point and another name")
    elif not own_side and not named:
        wrong.append("another name")
    return wrong


def _namesakes(
    snapshot: RegistrySnapshot, own: str, partner: str, mention: PlaceMention
) -> list[str]:
    """Other partners of ``own`` whose name begins with the row's partner name (the register
    wrote a bare name several places share)."""
    said = _letters(split_name(mention.name).base)
    found = []
    for twinning in snapshot.by_place.get(own, ()):
        other = twinning.partner_of(own)
        if other != partner and _letters(snapshot.places[other].name()).startswith(said):
            found.append(f"namesake {other} is a partner too")
    return found


def _pointed(chosen: Entry, pool: list[Entry], mention: PlaceMention) -> bool:
    """Whether the row's own point lies within tolerance of the chosen place and of none of
    its namesakes (the name is then not alone: Osek's "Frauenstein" at its Saxon point)."""
    if mention.lat is None or mention.lon is None:
        return False
    lat, lon = mention.lat, mention.lon
    near = [
        e
        for e in pool
        if e.lat is not None
        and e.lon is not None
        and distance_km(lat, lon, e.lat, e.lon) <= tolerance_km(e.level, e.population)
    ]
    return [e.key for e in near] == [chosen.key]


def _namesake_pick(
    namesakes: Namesakes, place: Place, mention: PlaceMention, twinning: Twinning, source_id: str
) -> list[str]:
    """A published pick among namesakes of the row's bare name that no other source backs."""
    iso = mention.country_iso
    if iso is None or split_name(mention.name).qualifier is not None:
        return []
    gazetteer: Gazetteer = namesakes.gazetteer
    folded = normalise_name(mention.name)
    named = gazetteer.named(folded, iso)
    pool = namesakes.pool(named, folded, iso)
    keys = {e.key for e in named} | {
        e.key for t in TERRITORIES.get(iso, ()) for e in gazetteer.named(folded, t)
    }
    chosen = next((e for e in pool if e.geonames == place.geonames), None)
    if chosen is None or not namesakes.rivals(chosen, pool, RIVAL_RATIO, keys):
        return []
    if _pointed(chosen, pool, mention):
        return []  # the row's own point (a Czech partner's) tells the namesakes apart
    others = {c.citation.source_id for c in twinning.claims if c.asserted} - {source_id}
    if others:
        return []  # another source names the pair: the partner graph settled it
    names = ", ".join(sorted(f"{e.name} ({e.iso})" for e in pool))
    return [f"a pick among namesakes: {names}"]


def main() -> None:
    """Print the sample and its error rate."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--size", type=int, default=100)
    args = parser.parse_args()
    registry = Registry.open(Settings().model_copy(update={"auto_load": False}))
    snapshot = registry.snapshot()
    rows = _rows()
    published = sorted(
        (c.citation.source_id, c.citation.locator or "", c.claimant, c.partner, c.confidence)
        for t in snapshot.twinnings
        for c in t.claims
        if c.citation.source_id in REGISTERS.values()
    )
    sample = random.Random(args.seed).sample(published, args.size)
    namesakes = Namesakes(build_gazetteer())
    wrong = flagged = picks = 0
    for source_id, locator, claimant, partner, confidence in sorted(sample):
        raw = rows[(source_id, locator)]
        own, other = snapshot.places[claimant], snapshot.places[partner]
        problems = _check_side(own, raw.claimant, own_side=True)
        problems += _check_side(other, raw.partner, own_side=False)
        twinning = snapshot.by_id[twinning_id(claimant, partner)]
        problems += _namesake_pick(namesakes, other, raw.partner, twinning, source_id)
        suspects = _namesakes(snapshot, claimant, partner, raw.partner)
        wrong += bool(problems)
        picks += any(p.startswith("a pick among") for p in problems)
        flagged += bool(suspects) and not problems
        verdict = "WRONG: " + "; ".join(problems) if problems else "ok"
        if suspects and not problems:
            verdict = "CHECK (read it): " + "; ".join(suspects)
        flag = " (doubtful)" if confidence < 0.9 else ""
        print(
            f"{locator:32} {raw.claimant.name} -> {own.id} | {raw.partner.name} "
            f"({raw.partner.country}) -> {other.id}{flag}: {verdict}"
        )
    print(f"\nregister rows published: {len(published):,}; sample {args.size} (seed {args.seed})")
    print(f"wrong by the row's own evidence: {wrong} = {wrong / args.size:.1%} (target <= 1 %)")
    print(f"  of them picks among namesakes no other source backs: {picks}")
    print(f"to read by hand (a namesake is a partner too): {flagged}")


if __name__ == "__main__":
    main()
