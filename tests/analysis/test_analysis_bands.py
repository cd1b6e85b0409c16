"""The null models that keep countries (twintowns.analysis.nullmodel) and the per-band distance
test built on them (twintowns.analysis.bands), on synthetic graphs with a known answer."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import numpy as np
import pytest

from twintowns.analysis import TwinGraph
from twintowns.analysis.bands import MIN_SAMPLES, band_test, geography_sentence
from twintowns.analysis.nullmodel import NullModel, block_codes, block_model, stub_matched
from twintowns.errors import InputError

CountriesGraph = Callable[..., TwinGraph]


def _partners_per_block(ends: np.ndarray, block: np.ndarray) -> Counter[tuple[int, int]]:
    found: Counter[tuple[int, int]] = Counter()
    for a, b in ends:
        found[(int(a), int(block[b]))] += 1
        found[(int(b), int(block[a]))] += 1
    return found


def test_stub_matching_keeps_every_place_s_partners_per_block(
    make_countries: CountriesGraph,
) -> None:
    tg = make_countries(planted=True)
    ends = np.asarray(tg.graph.get_edgelist(), dtype=np.int64)
    block = block_codes(tg.graph.vs["country"])
    drawn = stub_matched(ends, block, np.random.default_rng(1))
    assert _partners_per_block(drawn, block) == _partners_per_block(ends, block)
    assert (
        len({tuple(sorted(e)) for e in drawn.tolist()} & {tuple(e) for e in ends.tolist()})
        < len(ends) / 2
    )
    again = stub_matched(ends, block, np.random.default_rng(1))
    assert (again == drawn).all()  # reproducible


def test_block_model_keeps_the_country_pairs(make_countries: CountriesGraph) -> None:
    tg = make_countries(planted=False)
    ends = np.asarray(tg.graph.get_edgelist(), dtype=np.int64)
    block = block_codes(tg.graph.vs["country"])
    drawn = block_model(ends, block, np.random.default_rng(2))
    assert (block[drawn] == block[ends]).all()
    assert not (drawn == ends).all()


def test_block_codes_share_one_block_for_unknowns() -> None:
    codes = block_codes(["FR", None, "DE", None, "FR"])
    assert codes[0] == codes[4]
    assert codes[1] == codes[3]
    assert len(set(codes.tolist())) == 3


def test_a_planted_distance_effect_is_recovered_under_every_null(
    make_countries: CountriesGraph,
) -> None:
    test = band_test(make_countries(planted=True))
    for model in NullModel:
        _ratio, low, _high = test.median_ratio(model)
        assert low > 1.3, model  # the null medians lie well above the observed one
        assert test.band_ratio(model, 0)[1] > 2, model  # < 50 km: far more than chance
    assert test.band_ratio(NullModel.COUNTRY_PAIRS, 3)[2] < 1  # >= 800 km: fewer
    sentence = geography_sentence(test)
    assert sentence.startswith("Distance matters beyond the choice of countries")
    assert "border effect" in sentence
    assert "Kaltenbrunner" in sentence


def test_no_planted_effect_recovers_none(make_countries: CountriesGraph) -> None:
    test = band_test(make_countries(planted=False))
    for model in NullModel:
        ratio, low, high = test.median_ratio(model)
        assert low <= 1.02, model
        assert high >= 0.98, model
        assert abs(ratio - 1) < 0.05, model
        for band in (2, 3):  # the bands under 200 km hold only a few dozen pairs
            # the interval is the null's spread; the observed graph is one draw of its own
            assert abs(test.band_ratio(model, band)[0] - 1) < 0.15, (model, band)
    assert geography_sentence(test).startswith("Distance does not matter")


def test_tables_carry_every_model_and_band(make_countries: CountriesGraph) -> None:
    test = band_test(make_countries(planted=True, n=200, edges=300), samples=MIN_SAMPLES, seed=3)
    table = test.table()
    assert len(table) == 4 * 5
    assert set(table["model"]) == {m.value for m in NullModel}
    assert (table["expected_low"] <= table["expected"]).all()
    assert (table["expected"] <= table["expected_high"]).all()
    bands = table[table["band"] != "median km"]
    totals = bands.groupby("model")["expected"].sum()
    assert np.allclose(totals, test.measured)  # every model counts the measured twinnings
    assert list(test.overview()["null model"]) == [m.value for m in NullModel]
    assert (test.border()["observed < 50 km"] == test.observed_bands[0]).all()
    assert "20 samples each" in test.provenance.method


def test_too_few_samples_are_refused(make_countries: CountriesGraph) -> None:
    with pytest.raises(InputError, match="samples must be >= 20"):
        band_test(make_countries(planted=False, n=50, edges=60), samples=5)
