"""The quality report, on a small registry whose numbers are known by construction."""

from __future__ import annotations

from pathlib import Path

import pytest

from twintowns.model import Bundle, Citation, Claim, ReviewItem, Source, Twinning, TwinningKind
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
    assert "Dresden – Kiel" in one_sided
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
    assert lapsed["coventry--volgograd"].explained_by == "suspension 2022-02-22"
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
