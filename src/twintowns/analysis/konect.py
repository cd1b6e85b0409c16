"""Published anchors the lab's results are printed beside: numbers copied from the literature.

These are **references, not results**: nothing here is computed.  KONECT's "twin" network
(Sister cities, Wikidata, dataset timestamp 2017-10) is the figure-for-figure anchor of the
network summary; Kaltenbrunner et al. (2013) is the anchor of the geography verdict.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Reference:
    """A published work the lab compares with."""

    key: str
    citation: str
    url: str


KONECT_TWIN = Reference(
    key="konect-twin-2017",
    citation=(
        "KONECT, the Koblenz Network Collection: Sister cities (twin), undirected network of "
        "cities linked by sister or twin city relationships extracted from Wikidata, dataset "
        "timestamp 2017-10 (J. Kunegis, KONECT, Proc. WWW 2013 Companion, pp. 1343-1350)"
    ),
    url="http://konect.cc/networks/twin/",
)

KALTENBRUNNER_2013 = Reference(
    key="kaltenbrunner-2013",
    citation=(
        "A. Kaltenbrunner, P. Aragon, D. Laniado, Y. Volkovich: Not all paths lead to Rome: "
        "analysing the network of sister cities. IWSOS 2013, LNCS 8221 "
        "(English Wikipedia links; pairing 'not influenced by geographical proximity' but "
        "highly assortative; country clusters)"
    ),
    url="https://arxiv.org/abs/1301.6900",
)

# KONECT's published statistics of the twin network, keyed like NetworkSummary's fields.
# Values as printed on the KONECT page (LCC = 10,320 of 14,274 nodes = 72.3 %).
KONECT_TWIN_FIGURES: dict[str, float] = {
    "nodes": 14_274,
    "edges": 20_573,
    "mean_degree": 2.88258,
    "max_degree": 99,
    "lcc_share": 10_320 / 14_274,
    "lcc_nodes": 10_320,
    "diameter": 25,
    "mean_distance": 7.65392,
    "median_distance": 8,
    "effective_diameter_50": 7.00401,
    "effective_diameter_90": 10.1647,
    "triangles": 6_327,
    "wedges": 170_445,
    "transitivity": 0.111361,
    "assortativity": 0.386786,
    "gini": 0.506040,
    "power_law_exponent": 2.60121,
    "tail_power_law_exponent": 2.99100,
    "tail_power_law_p": 0.002,
    "algebraic_connectivity": 0.00898129,
}
