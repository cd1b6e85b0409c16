"""Who may be suggested: never a partner of any status, only comparable levels; and why."""

from __future__ import annotations

import pytest

from twintowns.errors import InputError, NotFoundError
from twintowns.snapshot import RegistrySnapshot
from twintowns.suggest import Suggester, build_suggester


@pytest.fixture(scope="module")
def suggester(planted: RegistrySnapshot) -> Suggester:
    return build_suggester(planted, outsiders=())


def test_no_partner_of_any_status_nor_other_levels(suggester: Suggester) -> None:
    found = {s.place_id for s in suggester.suggest("gb-0", top=100)}
    u = suggester.row("gb-0")
    offered = {str(suggester.places.ids[v]) for v in suggester.candidates(u)}
    # current, ended, suspended and doubtful partners, itself, a province, a fictional place
    barred = {"fr-1", "fr-2", "de-1", "pl-1", "it-1", "de-2", "gb-0", "gb-shire", "utopia"}
    assert not barred & offered
    assert not barred & found
    assert len(offered) == 300 - 1 - 6
    assert len(found) == 100


def test_country_filter_and_bounds(suggester: Suggester) -> None:
    within = suggester.suggest("gb-0", country="pl", top=10)
    assert {s.country for s in within} == {"PL"}
    with pytest.raises(InputError):
        suggester.suggest("gb-0", country="ZZ")
    with pytest.raises(InputError):
        suggester.suggest("gb-0", top=0)
    with pytest.raises(NotFoundError):
        suggester.suggest("atlantis")
    assert suggester.suggest("utopia") == []  # a fictional place gets no suggestions


def test_reasons_state_checkable_facts(suggester: Suggester, planted: RegistrySnapshot) -> None:
    partners = planted.partners(include_doubtful=False)
    for item in suggester.suggest("fr-3", top=10):
        assert item.reasons
        assert any(r.endswith("km apart") for r in item.reasons)
        shared = set(partners.get("fr-3", ())) & set(partners.get(item.place_id, ()))
        assert set(item.shared_partners) == shared
        if shared:
            assert item.reasons[0].startswith(f"{len(shared)} shared partner")
        assert 0.0 <= item.score <= 1.0


def test_scores_are_ranked(suggester: Suggester) -> None:
    scores = [s.score for s in suggester.suggest("de-5", top=20)]
    assert scores == sorted(scores, reverse=True)
