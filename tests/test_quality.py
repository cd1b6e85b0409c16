"""The quality report, on a small registry whose numbers are known by construction."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from twintowns import truth
from twintowns.model import (
    Bundle,
    Citation,
    Claim,
    PlaceMention,
    ReviewItem,
    Source,
    Twinning,
    TwinningKind,
    normalise_name,
)
from twintowns.quality import NEWER_SNAPSHOT, OLDER_SNAPSHOT, quality_report, source_agreement
from twintowns.registry import Registry
from twintowns.settings import Settings
from twintowns.sources.curated import load_curated

OLD = Source(OLDER_SNAPSHOT, "older lists")
NEW = Source(NEWER_SNAPSHOT, "newer lists")


def claims(a: str, b: str, source: Source, *, both: bool = True) -> tuple[Claim, ...]:
    first = Claim(a, b, Citation(source.id, f"{a}:1"))
    return (first, Claim(b, a, Citation(source.id, f"{b}:1"))) if both else (first,)


def twinning(a: str, b: str, *found: Claim) -> Twinning:
    x, y = sorted((a, b))
    return Twinning(x, y, TwinningKind.UNSPECIFIED, found[0].citation, claims=found)


@pytest.fixture
def registry(tmp_path: Path) -> Registry:
    reg = Registry.open(
        Settings(database_url=f"sqlite:///{tmp_path / 'q.sqlite'}", auto_load=False)
    )
    reg.load(load_curated(), action="test")
    world = Bundle(
        dataset="world",
        sources=(OLD, NEW),
        twinnings=(
            # listed in both snapshots, by both sides
            twinning(
                "coventry",
                "dresden",
                *claims("coventry", "dresden", OLD),
                *claims("coventry", "dresden", NEW),
            ),
            # gone from the newer lists, explained by the curated 2022 suspension
            twinning("coventry", "volgograd", *claims("coventry", "volgograd", OLD)),
            # gone from the newer lists, unexplained: a lapsed? candidate
            twinning("kiel", "dresden", *claims("kiel", "dresden", OLD, both=False)),
            # only one side lists it, in the newer lists
            twinning("kiel", "volgograd", *claims("kiel", "volgograd", NEW, both=False)),
        ),
        reviews=(
            ReviewItem(
                "Atlantis", "Greece", Citation(NEW.id, "x:1"), 3, None, None, "unresolved", 0.0
            ),
            ReviewItem("Cambridge", "", Citation(OLD.id, "y:1"), 2, None, "gn:1", "name", 0.6),
        ),
    )
    reg.load(world, action="test")
    return reg


def test_counts_and_problem_classes(registry: Registry) -> None:
    report = quality_report(registry.engine)
    curated = load_curated()
    assert report.counts["places"] == len(curated.places)
    assert report.counts["twinnings"] == len(
        {t.id for t in curated.twinnings}
        | {"coventry--dresden", "coventry--volgograd", "dresden--kiel", "kiel--volgograd"}
    )
    assert report.counts["unresolved_names"] == 1
    assert report.counts["unresolved_names_mentions"] == 3
    assert report.counts["ambiguous_names"] == 1
    one_sided = set(report.examples["one_sided_twinnings"])
    assert "Kiel – Dresden" in one_sided  # the claimant first
    assert "Kiel – Volgograd" in one_sided
    assert report.per_source[NEWER_SNAPSHOT]["unresolved_names"] == 1
    assert report.per_source[OLDER_SNAPSHOT]["claims"] == 5
    top = [name for name, _, _ in report.largest_problems()]
    assert len(top) == 3
    assert report.as_json()["places"] == report.counts["places"]


def test_lapsed_candidates_and_their_explanations(registry: Registry) -> None:
    report = quality_report(registry.engine)
    lapsed = {lapse.twinning_id: lapse for lapse in report.lapsed}
    # dresden--kiel is gone from the newer lists but Kiel appears there: a candidate
    assert set(lapsed) == {"coventry--volgograd", "dresden--kiel"}
    # any of the suspension's claims (quality.py reads every claim of the step; see issue 21)
    assert (lapsed["coventry--volgograd"].explained_by or "").startswith("suspension 2022-03")
    assert lapsed["dresden--kiel"].explained_by is None
    assert report.counts["lapsed_explained_by_curated_events"] == 1


def test_source_agreement(registry: Registry) -> None:
    agreement = source_agreement(registry.engine)
    assert agreement[2] == 1  # coventry--dresden: both snapshots
    with_claims = {t.id for t in load_curated().twinnings if t.claims}
    assert sum(agreement.values()) == len(
        with_claims
        | {"coventry--dresden", "coventry--volgograd", "dresden--kiel", "kiel--volgograd"}
    )


def _facts(
    pid: str, name: str, iso: str, point: tuple[float, float], level: str = "town"
) -> truth.PlaceFacts:
    return truth.PlaceFacts(
        pid, name, level, frozenset({iso}), point, None, frozenset({normalise_name(name)}), 20_000
    )


def test_truth_checks_an_end_against_its_rows_coordinates_country_and_name() -> None:
    fredericksburg_va = _facts("fredericksburg-va", "Fredericksburg", "US", (38.30, -77.46))
    end = truth._End(
        mentions=[PlaceMention("Fredericksburg", "United States", lat=30.27, lon=-98.87)],
        wikidata_points=[(30.27, -98.87)],  # the row's own point: Texas
        countries={"US"},
    )
    (reason,) = truth._end_reasons(fredericksburg_va, end, {})
    assert reason.startswith("far: 2,")
    buttaba = _facts("buttaba", "Buttaba", "AU", (-33.05, 151.58))
    lake = truth._End(mentions=[PlaceMention("Lake Macquarie", "Australia")], countries={"AU"})
    assert [r.split(":")[0] for r in truth._end_reasons(buttaba, lake, {})] == ["name"]
    lidice_pa = _facts("lidice-pa", "Lidice", "PA", (8.75, -79.93))
    item = truth._End(mentions=[PlaceMention("Lidice", qid="Q154888")], countries={"CZ"})
    reasons = truth._end_reasons(lidice_pa, item, {"Q154888": ((50.14, 14.19), "CZ")})
    assert [r.split(":")[0] for r in reasons] == ["country", "wikidata"]
    right = truth._End(mentions=[PlaceMention("Lidice", "Panama", lat=8.76, lon=-79.93)])
    assert truth._end_reasons(lidice_pa, right, {}) == []


def test_truth_finds_same_level_duplicates_and_namesake_partners() -> None:
    places = {
        p.id: p
        for p in (
            _facts("bow", "Tower Hamlets", "GB", (51.53, -0.02)),
            _facts("stepney", "Tower Hamlets", "GB", (51.52, -0.05)),
            _facts("valencia-es", "Valencia", "ES", (39.47, -0.38)),
            _facts("valencia-ve", "Valencia", "VE", (10.16, -68.0)),
            _facts("odesa", "Odesa", "UA", (46.48, 30.73)),
        )
    }
    assert [(a, b) for a, b, _ in truth._duplicates(places)] == [("bow", "stepney")]
    pairs = [("odesa", "valencia-es"), ("odesa", "valencia-ve")]
    assert [n[:3] for n in truth._namesakes(pairs, places)] == [
        ("odesa", "valencia-es", "valencia-ve")
    ]


def test_namesakes_across_a_state_line_are_two_places() -> None:
    # Kansas City, Kansas and Kansas City, Missouri lie 4.5 km apart: two cities, not one twice.
    ks = replace(_facts("kck", "Kansas City", "US", (39.11, -94.63)), admin_area="Kansas")
    mo = replace(_facts("kcmo", "Kansas City", "US", (39.10, -94.58)), admin_area="Missouri")
    assert truth._duplicates({p.id: p for p in (ks, mo)}) == []
    same = replace(mo, id="kcmo-2")
    assert [(a, b) for a, b, _ in truth._duplicates({p.id: p for p in (mo, same)})] == [
        ("kcmo", "kcmo-2")
    ]
