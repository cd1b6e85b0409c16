"""Helpers of the Wikidata reader tests."""

from __future__ import annotations

from pathlib import Path

from twintowns.model import RawClaim, RowProblem
from twintowns.sources.wikidata import WikidataDumpSource

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "wikidata"


def read_all(
    path: Path, **options: object
) -> tuple[list[RawClaim], list[RowProblem], WikidataDumpSource]:
    """Every claim and problem of a dump (a list collects the problems)."""
    problems: list[RowProblem] = []
    source = WikidataDumpSource(path, snapshot="2017-03-30", **options)  # type: ignore[arg-type]
    claims = list(source.claims(problems.append))
    return claims, problems, source
