"""The accepted corrections of the living registry, as the reader applies them.

Accepted place corrections, flags and reverts are ``corrections`` rows under the contributors'
dataset (:mod:`twintowns.store.living`).  No fact row of any dataset is rewritten or deleted
for them: the reader reads the rows as they are and applies the corrections on top, so a
reload of the dataset a fact came from (``build``, ``load``) never undoes a correction, and a
revert only adds a row.

Kinds of row:

``level``
    ``value = {"level": ...}``: the place's level is this one.
``retract_twinning``
    The twinning is not one (one side was the wrong place, or a merged place's).
``restore_twinning``
    A twinning withdrawn before is one again (a place moved back to it), or one whose
    creation was reverted is proposed anew: it shows even though its own row cites the
    reverted change (until this correction is itself reverted).
``retract_place``
    The place is not a place of its own (merged into ``value["into"]``).
``revert``
    ``subject`` is the source (``contrib-N``) of an accepted change: every row cited to it,
    and every correction written by proposal N, is left out of the view.
``flag``
    An open question about a twinning or one of its facts (it changes nothing).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import sqlalchemy as sa

from twintowns.model import Place, Twinning
from twintowns.model.vocab import PlaceLevel
from twintowns.store.living import corrections


@dataclass(frozen=True)
class Corrections:
    """The corrections in force (reverted ones left out)."""

    levels: dict[str, PlaceLevel] = field(default_factory=dict)
    gone_twinnings: frozenset[str] = frozenset()
    gone_places: frozenset[str] = frozenset()
    reverted: frozenset[str] = frozenset()  # source ids of reverted changes
    flags: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    restored: frozenset[str] = frozenset()  # twinnings restored by a correction in force

    def keeps(self, row: Mapping[Any, Any]) -> bool:
        """False for a fact row cited to a reverted change."""
        return str(row["source_id"]) not in self.reverted

    def place(self, place: Place) -> Place:
        """``place`` with its corrected level."""
        level = self.levels.get(place.id)
        return place if level is None or level is place.level else replace(place, level=level)

    def shows(self, twinning: Twinning) -> bool:
        """False for a twinning withdrawn, or one side of which is."""
        return self.shows_row(twinning.id, twinning.a, twinning.b, twinning.citation.source_id)

    def shows_row(self, twinning_id: str, a: str, b: str, source_id: str) -> bool:
        """:meth:`shows` for a twinnings row's id, sides and source."""
        return (
            twinning_id not in self.gone_twinnings
            and a not in self.gone_places
            and b not in self.gone_places
            and (source_id not in self.reverted or twinning_id in self.restored)
        )


def load(conn: sa.Connection) -> Corrections:
    """The corrections in force, read on ``conn`` (one small table)."""
    found = list(conn.execute(sa.select(corrections).order_by(corrections.c.id)).mappings())
    reverted = {str(r["subject"]) for r in found if r["kind"] == "revert"}
    live = [r for r in found if r["source_id"] not in reverted and r["kind"] != "revert"]
    return _collect(live, frozenset(reverted))


def _collect(live: Sequence[Mapping[Any, Any]], reverted: frozenset[str]) -> Corrections:
    levels: dict[str, PlaceLevel] = {}
    flags: dict[str, list[dict[str, Any]]] = {}
    gone_twinnings: set[str] = set()
    gone_places: set[str] = set()
    restored: set[str] = set()
    for row in live:
        subject, value = str(row["subject"]), dict(row["value"])
        if row["kind"] == "level":
            levels[subject] = PlaceLevel(value["level"])
        elif row["kind"] == "retract_twinning":
            gone_twinnings.add(subject)
        elif row["kind"] == "restore_twinning":
            gone_twinnings.discard(subject)
            restored.add(subject)
        elif row["kind"] == "retract_place":
            gone_places.add(subject)
        elif row["kind"] == "flag":
            flags.setdefault(subject, []).append(
                {**value, "proposal": row["proposal_id"], "source_id": row["source_id"]}
            )
    return Corrections(
        levels,
        frozenset(gone_twinnings),
        frozenset(gone_places),
        reverted,
        flags,
        frozenset(restored),
    )


def open_questions(conn: sa.Connection, twinning_id: str) -> list[dict[str, Any]]:
    """The accepted, unreverted flags on a twinning (oldest first)."""
    return load(conn).flags.get(twinning_id, [])
