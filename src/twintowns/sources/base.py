"""The source plug-in contract: what every data source yields, and how bad rows are reported.

A source reads one dataset and yields :class:`~twintowns.model.RawClaim` objects (defined in
the model, which the resolver reads too): one side's declaration of a partner, with both places
as :class:`~twintowns.model.PlaceMention` (names as written, plus whatever identifiers,
coordinates and population the source carries) and the row or statement it came from.  Sources
do not resolve names: the importer does, for any source.  A malformed row is reported through
the ``on_problem`` callback with its file and line and then skipped; under ``strict`` the
importer turns the first problem into an error.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Protocol, runtime_checkable

from twintowns.model import RawClaim, RowProblem, Source

OnProblem = Callable[[RowProblem], None]


@runtime_checkable
class ClaimSource(Protocol):
    """A data source plug-in.

    ``info`` is the citation every claim of the source points to (its ``retrieved`` date is the
    snapshot date); :meth:`claims` yields the claims, reporting bad rows to ``on_problem``.
    """

    @property
    def info(self) -> Source:
        """The source's citation: id, title, publisher, URL, snapshot date, licence."""
        ...

    def claims(self, on_problem: OnProblem) -> Iterator[RawClaim]:
        """Yield every claim; report and skip malformed rows."""
        ...
