"""Rule cards follow the ranked accounts (issue 21): one card per rule, from its accepted
account, never from a disputed one."""

from __future__ import annotations

from twintowns.learn import Facts
from twintowns.learn.deck import all_candidates
from twintowns.model import Standing


def test_one_rule_card_per_rule_from_its_accepted_account(facts: Facts) -> None:
    cards = [c.subject[0] for c in all_candidates(facts) if c.builder == "rule_card"]
    standing = {r.id: r.standing for r in facts.rules}
    assert cards
    assert all(standing[rule_id] is Standing.ACCEPTED for rule_id in cards)
    assert "turkey-armenian-genocide-ban" not in cards  # the article's account is disputed
    assert "turkey-armenian-genocide-ban-sofiaecho-2009" in cards
    rules = {r.rule_id for r in facts.rules}
    assert len(cards) == len(set(cards)) == len(rules)
