"""GeoNames towns outside the registry are candidates: network features zero, marked as such.

The planted world gets a handful of synthetic outsiders (towns no twinning names) in its
countries and in one country no registry place lies in; the real GeoNames list is checked
for the registry's own towns being left out.
"""

from __future__ import annotations

import numpy as np
import pytest

from twintowns.model import CountryPeriod, Place, PlaceLevel, PlaceName
from twintowns.snapshot import RegistrySnapshot
from twintowns.suggest import Suggester, build_suggester
from twintowns.suggest.features import COLUMN, pair_features
from twintowns.suggest.outsiders import PREFIX, Outsider, gazetteer_outsiders
from twintowns.suggest.reasons import OUTSIDER
from twintowns.suggest.report import new_place_table, run_evaluation
from twintowns.suggest.tables import places_of

NETWORK = (
    "common_partners",
    "adamic_adar",
    "resource_allocation",
    "log_partners_candidate",
    "candidate_partners_in_anchor_country",
)
CENTRES = {"GB": (52.0, -1.5), "FR": (47.0, 2.5), "PL": (52.0, 19.0), "ES": (40.0, -3.7)}


def _outsiders() -> list[Outsider]:
    found = []
    for k, (iso, (lat, lon)) in enumerate(sorted(CENTRES.items())):
        for i in range(8):
            population = 2_000 * (i + 1) ** 2
            found.append(
                Outsider(
                    f"{PREFIX}{1000 + 10 * k + i}",
                    f"{iso} Newtown {i}",
                    iso,
                    PlaceLevel.TOWN,
                    lat + 0.3 * i,
                    lon - 0.2 * i,
                    population,
                )
            )
    # an outsider whose id is a registry place's is that place, not a second row
    found.append(Outsider("gb-3", "Duplicate", "GB", PlaceLevel.TOWN, 52.0, -1.0, 5_000))
    return found


@pytest.fixture(scope="module")
def suggester(planted: RegistrySnapshot) -> Suggester:
    return build_suggester(planted, outsiders=_outsiders())


def test_outsiders_are_candidates_with_network_features_at_zero(suggester: Suggester) -> None:
    places = suggester.places
    assert int((~places.registered).sum()) == 32  # the duplicate id is not a second row
    assert places.labels[suggester.row("gb-3")] == "GB Town 3"
    u = suggester.row("gb-0")
    offered = suggester.candidates(u)
    outside = offered[~places.registered[offered]]
    assert len(offered) == 300 - 1 - 6 + 32
    assert len(outside) == 32
    x = pair_features(places, suggester.links, u, outside)
    for name in NETWORK:
        assert (x[:, COLUMN[name]] == 0).all(), name
    # the rest is read as for any place: distances, sizes, the countries' propensity
    assert (x[:, COLUMN["log_km"]] > 0).all()
    assert (x[:, COLUMN["log_pop_candidate"]] > 7).all()
    spanish = places.countries[places.country[outside]] == "ES"
    assert spanish.sum() == 8
    assert (x[~spanish, COLUMN["country_pair_propensity"]] != -999.0).all()


def test_outsiders_are_marked_and_ranked_by_the_same_model(suggester: Suggester) -> None:
    found = suggester.suggest("gb-0", top=100)
    outside = [s for s in found if not s.registered]
    assert outside, "no outsider in the top 100 of 325 candidates"
    for item in outside:
        assert item.place_id.startswith(PREFIX)
        assert item.reasons[0] == OUTSIDER
        assert item.shared_partners == ()
        assert any(r.endswith("km apart") for r in item.reasons)
    for item in found:
        assert item.registered == (not item.place_id.startswith(PREFIX))
    # the same forest scores both: an outsider's score is the forest's on its feature row
    u = suggester.row("gb-0")
    v = np.asarray([suggester.row(outside[0].place_id)])
    score = suggester.forest.decision(pair_features(suggester.places, suggester.links, u, v))
    assert outside[0].score == round(1.0 / (1.0 + float(np.exp(-score[0]))), 4)
    within = suggester.suggest("gb-0", country="ES", top=5)
    assert [s.registered for s in within] == [False] * 5  # no registry place lies in ES
    only = suggester.suggest("gb-0", top=40, outsiders_only=True)
    assert len(only) == 32
    assert not any(s.registered for s in only)
    assert [s.score for s in only] == sorted((s.score for s in only), reverse=True)
    # the same ranking, the registry's places left out
    assert [s.place_id for s in only[: len(outside)]] == [s.place_id for s in outside]


def test_evaluation_counts_outsiders_and_new_places(planted: RegistrySnapshot) -> None:
    found = run_evaluation(planted, seeds=1, max_links=30, outsiders=_outsiders())
    assert found.outsiders == 32
    table = new_place_table(found)
    assert set(table["split"]) == {"random", "temporal"}
    temporal = table[table["split"] == "temporal"]
    assert (temporal["links"] > 0).all()  # partners with no link before 2000 were ranked
    measured = table[table["links"] > 0]
    values = measured["hits_at_10"].to_numpy(float)
    assert ((values >= 0) & (values <= 1)).all()
    assert table[table["links"] == 0]["hits_at_10"].isna().all()  # nothing to measure: NaN
    # a new partner's network scores are zero: those baselines cannot rank it in the top ten
    common = temporal[temporal["method"] == "common neighbours"]["hits_at_10"].iloc[0]
    assert common == 0.0


def test_gazetteer_leaves_registry_towns_out() -> None:
    coventry = Place(
        "coventry",
        PlaceLevel.CITY,
        (PlaceName("Coventry"),),
        (CountryPeriod("GB"),),
        geonames=2652221,
    )
    found = gazetteer_outsiders({"coventry": coventry})
    ids = {o.id for o in found}
    assert f"{PREFIX}2652221" not in ids
    assert f"{PREFIX}2643743" in ids  # London: no registry place here carries its id
    assert len(found) > 100_000
    assert {o.level for o in found} <= {PlaceLevel.CITY, PlaceLevel.TOWN, PlaceLevel.VILLAGE}
    assert min(o.population for o in found) >= 1000
    rows = places_of({"coventry": coventry}, found[:100])
    assert rows.size == 101
    assert list(rows.ids) == sorted(rows.ids)
