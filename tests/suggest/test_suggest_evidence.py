"""Suspended and ended twinnings are no evidence of affinity: they count in no feature, no
training target, no hidden link and no reason; their partners are still never suggested.

The planted world's ``gb-0`` has an ended twinning with ``pl-1`` and a suspended one with
``it-1``.  A second world adds a wave of suspended GB–PL twinnings (the 2022 wave in
miniature): if suspended links counted, they would push Polish towns up ``gb-0``'s list.
"""

from __future__ import annotations

import numpy as np
import pytest

from twintowns.snapshot import RegistrySnapshot
from twintowns.suggest import Suggester, build_suggester
from twintowns.suggest.features import COLUMN, pair_features
from twintowns.suggest.splits import known_links, random_split, temporal_split
from twintowns.suggest.suggester import BASIS, graph_rows
from twintowns.suggest.tables import places_of


@pytest.fixture(scope="module")
def suggester(planted: RegistrySnapshot) -> Suggester:
    return build_suggester(planted, outsiders=())


def test_ended_and_suspended_links_are_no_evidence(
    planted: RegistrySnapshot, suggester: Suggester
) -> None:
    u = suggester.row("gb-0")
    evidence = {str(suggester.places.ids[w]) for w in suggester.links.neighbours(u)}
    known = {str(suggester.places.ids[w]) for w in suggester.known.neighbours(u)}
    assert evidence == {"fr-1", "fr-2", "de-1"}  # not pl-1 (ended), it-1 (suspended), de-2
    assert known == evidence | {"pl-1", "it-1", "de-2"}  # ... but all of them are barred
    # gb-0's only Italian and Polish partners are no longer theirs: counted nowhere
    places = suggester.places
    italians = np.flatnonzero(places.countries[places.country] == "IT")
    x = pair_features(places, suggester.links, u, italians)
    assert (x[:, COLUMN["anchor_partners_in_country"]] == 0).all()
    for item in suggester.suggest("gb-0", top=100):
        assert not {"pl-1", "it-1"} & set(item.shared_partners)
        assert not any("any status" in r for r in item.reasons)
    answer = suggester.answer("gb-0", top=3)
    assert answer.basis == BASIS
    assert "suspended" in answer.basis


def test_splits_neither_learn_from_nor_ask_for_them(planted: RegistrySnapshot) -> None:
    places = places_of(planted.places)
    known = known_links(planted, places)
    ids = places.ids
    for split in (
        random_split(planted, places, known, 0),
        temporal_split(planted, places, known, 0),
    ):
        u = int(np.searchsorted(ids, "gb-0"))
        partners = {str(ids[w]) for w in split.train.neighbours(u)}
        assert not {"pl-1", "it-1", "de-2"} & partners
        hidden = {frozenset((str(ids[a]), str(ids[b]))) for a, b in split.hidden.tolist()}
        assert frozenset(("gb-0", "pl-1")) not in hidden
        assert frozenset(("gb-0", "it-1")) not in hidden


def test_a_suspension_wave_changes_no_score(
    planted: RegistrySnapshot, waved: RegistrySnapshot, suggester: Suggester
) -> None:
    waved_places = places_of(waved.places)
    base_places = places_of(planted.places)
    assert graph_rows(waved, waved_places, doubtful=False).edges == (
        graph_rows(planted, base_places, doubtful=False).edges
    )
    other = build_suggester(waved, outsiders=())
    # the wave's links count in no feature, so the learnt model and every score are the same
    for place in ("gb-0", "gb-7", "fr-3"):
        barred = {str(other.places.ids[w]) for w in other.known.neighbours(other.row(place))}
        before = [
            (s.place_id, s.score)
            for s in suggester.suggest(place, top=100)
            if s.place_id not in barred
        ]
        after = [(s.place_id, s.score) for s in other.suggest(place, top=100)]
        assert len(before) >= 80
        assert after[: len(before)] == before
    # the reasons count the same GB–PL twinnings in both worlds (the wave's are not current)
    first = [r for s in suggester.suggest("gb-7", country="PL", top=3) for r in s.reasons]
    again = [r for s in other.suggest("gb-7", country="PL", top=3) for r in s.reasons]
    assert [r for r in first if r.startswith("GB–PL")] == [
        r for r in again if r.startswith("GB–PL")
    ]
