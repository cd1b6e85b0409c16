"""A twinning's confidence is its best-resolved claim's; below the line it is doubtful."""

from __future__ import annotations

from twintowns.model import DOUBTFUL_BELOW, Citation, Claim, Twinning, TwinningKind

CITE = Citation("test", "row:1")


def _twinning(*confidences: float) -> Twinning:
    claims = tuple(
        Claim("a", "b", Citation("test", f"row:{i}"), confidence=c)
        for i, c in enumerate(confidences)
    )
    return Twinning("a", "b", TwinningKind.UNSPECIFIED, CITE, claims=claims)


def test_confidence_is_the_best_claims_and_curated_facts_are_certain() -> None:
    assert _twinning(0.85, 0.95).confidence == 0.95
    assert not _twinning(0.85, 0.95).doubtful
    assert _twinning(0.85).doubtful
    assert _twinning().confidence == 1.0  # no claims: a curated fact, named by place ids
    assert DOUBTFUL_BELOW > 0.85
