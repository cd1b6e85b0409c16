"""One string per place id in a loaded snapshot (see :func:`shared`)."""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from itertools import chain, repeat
from operator import attrgetter

from twintowns import model


class Ids(dict[str, str]):
    """Each place id to the places' own string of it (any other string to itself)."""

    def __missing__(self, key: str) -> str:
        return key


def shared(twinnings: Sequence[model.Twinning], ids: Ids) -> None:
    """Make the place ids that ``twinnings`` (and their claims) name the places' own strings
    (``ids``: :class:`Ids` of the places).

    Each chunk of the file is unpickled alone, so a twinning's ``a`` and ``b`` arrive as
    strings of their own, equal to the ids of its places: about 100 bytes a twinning (36 MB
    for 363,000), held for nothing.  Equal values swapped for equal values in objects just
    unpickled, before anyone reads them: nothing a reader can see changes.  Done chunk by
    chunk, as each is unpickled, so that the next chunk's objects fill the memory of the
    copies dropped (dropped all at the end, they would leave it in holes between objects);
    with the loops in C (``map``), as it runs before the server answers.
    """
    claims = list(chain.from_iterable(map(attrgetter("claims"), twinnings)))
    for items, names in ((twinnings, ("a", "b")), (claims, ("claimant", "partner"))):
        for name in names:
            found = map(ids.__getitem__, map(attrgetter(name), items))
            deque(map(object.__setattr__, items, repeat(name), found), maxlen=0)
