"""Rules' accounts as ranked claims (issue 21): the founding document's account of Turkey's
ban stays, marked disputed by the reports of 2009; accounts of unknown rules are refused."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from twintowns.errors import DataFileError
from twintowns.model import Citation, FuzzyDate, Rule, Source, Standing, rank_rules
from twintowns.sources.curated import load_curated
from twintowns.store import Reader, load_bundle, make_engine, migrate

BAN = "turkey-armenian-genocide-ban"


def test_the_article_s_account_of_turkey_s_ban_is_disputed_by_the_2009_reports() -> None:
    accounts = {r.id: r for r in load_curated().rules if r.rule_id == BAN}
    assert accounts[BAN].standing is Standing.DISPUTED
    assert accounts[BAN].citation.source_id == "sister-city-article"  # kept, never edited
    accepted = [r for r in accounts.values() if r.standing is Standing.ACCEPTED]
    assert [r.id for r in accepted] == ["turkey-armenian-genocide-ban-sofiaecho-2009"]
    assert accepted[0].effect == "forbids_partner_municipality"
    assert str(accepted[0].since) == "2008-07-18"
    note = accounts[BAN].dispute
    assert "since 18 July 2008 (accepted)" in note
    assert "says forbids partner country (disputed)" in note
    assert all(r.dispute == note for r in accounts.values())
    others = [r for r in load_curated().rules if r.rule_id != BAN]
    assert others
    assert all(r.standing is Standing.ACCEPTED and not r.dispute for r in others)


def test_a_dated_report_outranks_an_undated_summary_and_agreeing_ones_support_it() -> None:
    sources = {
        "article": Source("article", "Article"),
        "news": Source("news", "News", publisher="Paper", published=FuzzyDate.parse("2009-03")),
        "later": Source("later", "Later", publisher="Weekly", published=FuzzyDate.parse("2016")),
    }
    rules = (
        Rule("r", "As the article says", "a", Citation("article", "x"), country="TR"),
        Rule("r-news", "As the news says", "b", Citation("news", "x"), country="TR",
             since=FuzzyDate.parse("2008-07-18"), claim_of="r"),
        Rule("r-later", "As a later report says", "b", Citation("later", "x"), country="TR",
             claim_of="r"),
    )  # fmt: skip
    ranked = {r.id: r.standing for r in rank_rules(rules, sources)}
    assert ranked == {
        "r": Standing.DISPUTED,
        "r-news": Standing.ACCEPTED,
        "r-later": Standing.SUPPORTING,
    }
    alone = rank_rules(rules[:1], sources)
    assert (alone[0].standing, alone[0].dispute) == (Standing.ACCEPTED, "")


HEADER = "sources:\n  - {id: s, title: T}\nrules:\n  - {id: r, text: R, effect: e, cite: s}\n"


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ("  - {id: q, text: Q, effect: e, cite: s, claim_of: nothing}\n", "'nothing'"),
        ("  - {id: r, text: Q, effect: e, cite: s}\n", "duplicate rule 'r'"),
    ],
)
def test_bad_rule_accounts_are_refused_with_their_line(
    tmp_path: Path, body: str, fragment: str
) -> None:
    (tmp_path / "a.yaml").write_text(HEADER + body, encoding="utf-8")
    with pytest.raises(DataFileError) as info:
        load_curated(tmp_path)
    assert fragment in str(info.value)
    assert info.value.line == 5


def test_rule_accounts_survive_the_store(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'r.sqlite'}")
    try:
        migrate(engine)
        load_bundle(engine, load_curated(), action="test")
        stored = {r.id: r for r in Reader(engine).rules()}
        with engine.connect() as conn:
            columns = {c.name for c in sa.Table("rules", sa.MetaData(), autoload_with=conn).c}
    finally:
        engine.dispose()
    assert {"claim_of", "standing"} <= columns
    assert stored == {r.id: r for r in load_curated().rules}
    assert stored[BAN].standing is Standing.DISPUTED
    assert stored["turkey-armenian-genocide-ban-bnn-2009"].claim_of == BAN
