"""Audit of display names (issue 12, item 3): how many places of a world snapshot are shown
under a name people do not use.

A place's display name is what :meth:`twintowns.model.Place.name` picks from its stored names.
It is *wrong* when it is a code-like token (an airport code such as ``LQQ``, digits such as
Iran's ``12``) or not among the place's English and primary names: the English names sources
wrote (``lang = en`` rows) and the gazetteer's own name of the place (GeoNames' main name, looked
up in a freshly built gazetteer by the place's citation key, so both snapshots are judged by the
same yardstick).  Places the snapshot names after another dataset (the curated ones) are not
counted.

Before and after: ``--before`` is a git revision whose shipped snapshot is compared (``main``
by default), ``--after`` the snapshot file in the working tree.

Run: ``.venv/bin/python benchmarks/names_audit.py [--before main] [--after PATH] [--examples N]``
(builds the gazetteer once: about 20 s and 600 MB).
"""

from __future__ import annotations

import argparse
import gzip
import json
import subprocess
from collections import defaultdict
from pathlib import Path
from typing import Any

from twintowns.model import Place, PlaceLevel, PlaceName, normalise_name
from twintowns.resolve.gazetteer import Gazetteer, build_gazetteer
from twintowns.resolve.names import is_code

SNAPSHOT = Path("src/twintowns/data/world/world-snapshot.json.gz")


def _rows(payload: dict[str, Any], table: str) -> list[dict[str, Any]]:
    found = payload["tables"][table]
    return [dict(zip(found["columns"], row, strict=True)) for row in found["rows"]]


def places_of(payload: dict[str, Any]) -> list[tuple[Place, str]]:
    """The snapshot's own places with their names (in stored order) and citation keys."""
    names: dict[str, list[PlaceName]] = defaultdict(list)
    for row in _rows(payload, "place_names"):
        names[row["place_id"]].append(
            PlaceName(row["text"], row["lang"], preferred=row["preferred"])
        )
    return [
        (Place(row["id"], PlaceLevel(row["level"]), tuple(names[row["id"]])), row["locator"])
        for row in _rows(payload, "places")
    ]


def audit(payload: dict[str, Any], gazetteer: Gazetteer) -> dict[str, list[str]]:
    """Places shown under a code, and under a name that is neither English nor primary."""
    out: dict[str, list[str]] = {"code": [], "not english or primary": [], "checked": []}
    for place, key in places_of(payload):
        shown = place.name()
        entry = gazetteer.by_key(key)
        good = {normalise_name(n.text) for n in place.names if n.lang == "en"}
        if entry is not None:
            good.add(normalise_name(entry.name))
        out["checked"].append(place.id)
        label = f"{place.id}: {shown!r}" + (f" (GeoNames: {entry.name!r})" if entry else "")
        if is_code(shown):
            out["code"].append(label)
        elif normalise_name(shown) not in good:
            out["not english or primary"].append(label)
    return out


def load(data: bytes) -> dict[str, Any]:
    payload: dict[str, Any] = json.loads(gzip.decompress(data))
    return payload


def report(title: str, found: dict[str, list[str]], examples: int) -> None:
    wrong = len(found["code"]) + len(found["not english or primary"])
    print(f"{title}: {len(found['checked'])} places, {wrong} shown under a name nobody uses")
    for kind in ("code", "not english or primary"):
        print(f"  {kind}: {len(found[kind])}")
        for label in found[kind][:examples]:
            print(f"    {label}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--before", default="main", help="git revision of the old snapshot")
    parser.add_argument("--after", type=Path, default=SNAPSHOT, help="the new snapshot file")
    parser.add_argument("--examples", type=int, default=8)
    args = parser.parse_args()
    old = subprocess.run(
        ["git", "show", f"{args.before}:{SNAPSHOT}"], capture_output=True, check=True
    ).stdout
    gazetteer = build_gazetteer()
    report(f"before ({args.before})", audit(load(old), gazetteer), args.examples)
    report(f"after ({args.after})", audit(load(args.after.read_bytes()), gazetteer), args.examples)


if __name__ == "__main__":
    main()
