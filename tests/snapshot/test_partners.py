"""Each place's twinnings from the compact index: the same answers as a dict of tuples
built the plain way, in the twinnings' order, even when place ids' hashes collide."""

from __future__ import annotations

from collections import defaultdict

import pytest

from twintowns.model import Twinning
from twintowns.snapshot import partners
from twintowns.snapshot.partners import Partners
from twintowns.sources.curated import load_curated


@pytest.fixture(scope="module")
def twinnings() -> tuple[Twinning, ...]:
    """The curated twinnings, in id order (as a snapshot holds them)."""
    return tuple(sorted(load_curated().twinnings, key=lambda t: t.id))


def _plain(twinnings: tuple[Twinning, ...]) -> dict[str, tuple[Twinning, ...]]:
    found: dict[str, list[Twinning]] = defaultdict(list)
    for twinning in twinnings:
        found[twinning.a].append(twinning)
        found[twinning.b].append(twinning)
    return {place: tuple(ts) for place, ts in found.items()}


def _same(index: Partners, plain: dict[str, tuple[Twinning, ...]]) -> None:
    assert len(index) == len(plain)
    assert list(index) == list(plain)
    for place, expected in plain.items():
        got = index[place]
        assert got == expected
        assert all(a is b for a, b in zip(got, expected, strict=True))  # the snapshot's own
        assert index.count(place) == len(expected)
        assert place in index


def test_index_answers_as_a_dict_of_tuples(twinnings: tuple[Twinning, ...]) -> None:
    plain = _plain(twinnings)
    assert len(plain) > 20  # the curated facts twin dozens of places
    assert max(map(len, plain.values())) > 2  # and some places more than twice (Coventry)
    _same(Partners(twinnings), plain)


def test_a_place_without_twinnings_is_not_a_key(twinnings: tuple[Twinning, ...]) -> None:
    index = Partners(twinnings)
    assert "no-such-place" not in index
    assert index.get("no-such-place", ()) == ()
    assert index.count("no-such-place") == 0
    with pytest.raises(KeyError):
        index["no-such-place"]
    assert 42 not in index  # type: ignore[comparison-overlap]


def test_colliding_hashes_never_mix_places(
    twinnings: tuple[Twinning, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    # every id in one of three buckets: each search finds many other places' ends, which the
    # index must tell apart by the id itself
    monkeypatch.setattr(partners, "_key", lambda place_id: len(place_id) % 3)
    _same(Partners(twinnings), _plain(twinnings))


def test_no_twinnings() -> None:
    index = Partners(())
    assert len(index) == 0
    assert list(index) == []
    assert index.get("coventry") is None
