"""Disambiguation by partners."""

from __future__ import annotations

from twintowns.model import PlaceMention
from twintowns.resolve.context import PartnerContext, Side
from twintowns.resolve.resolver import REVIEW_THRESHOLD, Resolution

UK, MA = "gn:2653941", "gn:4931972"
CANDIDATES = (UK, MA)


def side(
    name: str, key: str | None, *, qid: str | None = None, candidates: tuple[str, ...] = ()
) -> Side:
    """A side resolved by name: a guess among ``candidates`` when there are several, else
    confident."""
    confidence = 0.6 if candidates else 0.95
    return Side(PlaceMention(name, qid=qid), Resolution(key, "name", confidence, candidates))


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


def test_a_side_its_own_coordinates_back_is_never_revised() -> None:
    located = Side(
        PlaceMention("Cambridge", "United Kingdom", lat=52.2, lon=0.12),
        Resolution(UK, "name+coords", 0.99, CANDIDATES),
    )
    claims = [
        (side("Kraków", "gn:krakow"), located),
        (side("Kraków", "gn:krakow"), side("Cambridge, US", MA)),
        (side("Cambridge, Massachusetts", MA), side("Kraków", "gn:krakow")),
    ]
    PartnerContext(claims, lambda key: key).revise()
    assert (located.resolution.key, located.resolution.method) == (UK, "name+coords")


def test_a_guess_is_not_evidence_and_stays_doubtful_unless_corroborated() -> None:
    lone = side("Lidice", "gn:lidice-pa", candidates=())
    lone.resolution = Resolution("gn:lidice-pa", "name", 0.7)
    backed = side("Cambridge", UK)
    backed.resolution = Resolution(UK, "name", 0.7)
    claims = [
        (side("Coventry", "gn:coventry"), lone),  # nothing else links Lidice PA to Coventry
        (side("Heidelberg", "gn:heidelberg"), backed),
        (side("Cambridge, England", UK), side("Heidelberg", "gn:heidelberg")),
    ]
    PartnerContext(claims, lambda key: key).revise()
    assert lone.resolution.confidence < REVIEW_THRESHOLD
    assert backed.resolution.confidence >= REVIEW_THRESHOLD
    assert backed.resolution.method == "name+partners"


def test_one_partner_of_many_does_not_settle_a_doubtful_item() -> None:
    # Q-Santa-Fe (Spain) names four partners; only San Miguel de Allende is also a partner of
    # Santa Fe, New Mexico in the lists, so one plain claim of four backs the label's pick.
    nm = "gn:santa-fe-nm"

    def item() -> Side:
        return Side(PlaceMention("Santa Fe", qid="Q-sf"), Resolution(nm, "name", 0.7))

    partners = ("gn:san-miguel", "gn:briviesca", "gn:baiona", "gn:palos")
    claims = [(item(), side(p, p)) for p in partners]
    claims.append((side("Santa Fe, New Mexico", nm), side("San Miguel de Allende", partners[0])))
    PartnerContext(claims, lambda key: key).revise()
    assert all(c[0].resolution.confidence < REVIEW_THRESHOLD for c in claims[:4])
    # Two of four partners backing it do settle it.
    claims.append((side("Santa Fe, New Mexico", nm), side("Briviesca", partners[1])))
    claims[:4] = [(item(), side(p, p)) for p in partners]
    PartnerContext(claims, lambda key: key).revise()
    assert all(c[0].resolution.confidence >= REVIEW_THRESHOLD for c in claims[:4])
