"""The quiz's candidates kept on disk (``twintowns.learn.quiz_cache``): the same candidates
and decks as computed ones, and a file that is not right is never used."""

from __future__ import annotations

import datetime as dt
import logging
import pickle
from pathlib import Path

import pytest

from twintowns.learn import Facts
from twintowns.learn.deck import DeckSpec, all_candidates, build_deck
from twintowns.learn.flags import Exclusions
from twintowns.learn.quiz_cache import PREFIX, cache_file, prime

DAY = dt.date(2026, 12, 5)


def _fresh(facts: Facts) -> Facts:
    return Facts(facts.snapshot)  # an empty memo: what a new server process holds


def test_a_file_gives_the_same_candidates_and_decks(facts: Facts, tmp_path: Path) -> None:
    computed = _fresh(facts)
    prime(computed, tmp_path, DAY)
    path = cache_file(computed, tmp_path, DAY)
    assert path.is_file()
    read = _fresh(facts)
    prime(read, tmp_path, DAY)
    expected = all_candidates(_fresh(facts))
    assert expected  # the fixture registry has facts to ask about
    assert read.memo.get("candidates") == computed.memo.get("candidates") == expected
    spec = DeckSpec(count=12, seed=3)
    assert build_deck(read, spec, Exclusions()) == build_deck(_fresh(facts), spec, Exclusions())


def test_another_day_or_data_is_another_file(facts: Facts, tmp_path: Path) -> None:
    same = cache_file(facts, tmp_path, DAY)
    assert cache_file(facts, tmp_path, DAY + dt.timedelta(days=1)) != same
    assert cache_file(Facts(facts.snapshot, include_doubtful=True), tmp_path, DAY) != same


@pytest.mark.parametrize(
    "content",
    [
        b"not a pickle",
        b"",
        pickle.dumps({"a": 1}),
        pickle.dumps([("partner_card", "k", "flashcard", (), ())]),  # no name counts
        pickle.dumps(([("no-such-builder", "k", "flashcard", (), ())], {})),
        pickle.dumps(([("partner_card", "k", "no-such-kind", (), ())], {})),
        pickle.dumps(([("partner_card", "k", "flashcard", "topics", ())], {})),
        pickle.dumps(([("partner_card", "k", "flashcard", (1,), ())], {})),
        pickle.dumps(([("partner_card", "k", "flashcard", (), (), "sixth")], {})),
        pickle.dumps(([("partner_card", "k", "flashcard", (), ())], {"coventry": "1"})),
        pickle.dumps(([("partner_card", "k", "flashcard", (), ())], [("coventry", 1)])),
        pickle.dumps(Path("a-class-is-refused")),
    ],
)
def test_a_bad_file_is_computed_again_and_replaced(
    facts: Facts, tmp_path: Path, content: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    path = cache_file(facts, tmp_path, DAY)
    path.write_bytes(content)
    primed = _fresh(facts)
    with caplog.at_level(logging.WARNING):
        prime(primed, tmp_path, DAY)
    assert primed.memo.get("candidates") == all_candidates(_fresh(facts))
    assert "not used" in caplog.text
    rows, counts = pickle.loads(path.read_bytes())  # rewritten
    assert len(rows) == len(all_candidates(_fresh(facts)))
    assert counts == dict(_fresh(facts).name_counts)


def test_an_unwritable_folder_only_costs_the_file(facts: Facts, tmp_path: Path) -> None:
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("x")
    primed = _fresh(facts)
    prime(primed, blocked / "cache", DAY)  # mkdir fails: logged, candidates still made
    assert primed.memo.get("candidates") == all_candidates(_fresh(facts))
    prime(primed, None, DAY)  # already primed: nothing to do


def test_old_files_are_pruned(facts: Facts, tmp_path: Path) -> None:
    for offset in range(5):
        prime(_fresh(facts), tmp_path, DAY + dt.timedelta(days=offset))
    assert len(list(tmp_path.glob(f"{PREFIX}*.pickle"))) == 3


def test_the_api_s_first_quiz_keeps_and_reads_the_file(facts: Facts, tmp_path: Path) -> None:
    from twintowns.api.learning import LearnCache

    first = LearnCache(lambda: facts.snapshot, tmp_path).quiz_facts()
    assert len(list(tmp_path.glob(f"{PREFIX}*.pickle"))) == 1
    again = LearnCache(lambda: facts.snapshot, tmp_path).quiz_facts()  # a server restarted
    assert again is not first
    assert again.memo.get("candidates") == first.memo.get("candidates")
    assert "name_counts" in again.__dict__  # read with the candidates, not counted again
    assert dict(again.name_counts) == dict(_fresh(facts).name_counts)
    assert LearnCache(lambda: facts.snapshot).facts().memo.get("candidates") is None  # lazy
