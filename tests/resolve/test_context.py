"""Disambiguation by partners."""

from __future__ import annotations

from twintowns.resolve.context import PartnerContext, Side
from twintowns.resolve.resolver import Resolution
from twintowns.sources.base import PlaceMention

UK, MA = "gn:2653941", "gn:4931972"
CANDIDATES = (UK, MA)


def side(
    name: str, key: str | None, *, qid: str | None = None, candidates: tuple[str, ...] = ()
) -> Side:
    return Side(PlaceMention(name, qid=qid), Resolution(key, "name", 0.6, candidates))


def test_a_wikidata_item_follows_the_partners_other_sources_give_it() -> None:
    # Wikidata says Q49111 ("Cambridge") is twinned with Krakow and Coimbra; the lists
    # (no Wikidata ids) say Cambridge MA is.  The label alone picked the larger Cambridge.
    claims = [
        (side("Cambridge", UK, qid="Q49111", candidates=CANDIDATES), side("Kraków", "gn:krakow")),
        (side("Cambridge", UK, qid="Q49111", candidates=CANDIDATES), side("Coimbra", "gn:coimbra")),
        (side("Kraków", "gn:krakow"), side("Cambridge, US", MA)),
        (side("Coimbra", "gn:coimbra"), side("Cambridge, US", MA)),
        (side("Heidelberg", "gn:heidelberg"), side("Cambridge", UK)),
    ]
    changed = PartnerContext(claims, lambda key: key).revise()
    assert changed == 2
    assert claims[0][0].resolution.key == MA
    assert claims[0][0].resolution.method == "name+partners"
    assert claims[4][1].resolution.key == UK  # not ambiguous: untouched


def test_a_claim_does_not_vouch_for_itself() -> None:
    lone = (side("Cambridge", UK, candidates=CANDIDATES), side("Szeged", "gn:szeged"))
    assert PartnerContext([lone], lambda key: key).revise() == 0
    assert lone[0].resolution.key == UK


def test_a_name_follows_the_partner_page_that_lists_it_back() -> None:
    claims = [
        (side("Kraków", "gn:krakow"), side("Cambridge", UK, candidates=CANDIDATES)),
        (side("Cambridge, Massachusetts", MA), side("Kraków", "gn:krakow")),
    ]
    assert PartnerContext(claims, lambda key: key).revise() == 1
    assert claims[0][1].resolution.key == MA
