"""Partner suggestions for one place: the built suggester, its cache file, the ranking.

:class:`Suggester` holds what a ranking needs — the place rows, the graph the model learnt
from (the *evidence*: every twinning in force today that is not doubtful, by the one status
rule :func:`twintowns.paths.in_force`; a suspended or ended link is no evidence that two
places have an affinity, so it counts nowhere: not in shared partners, not in country-pair
propensities, not as a training target), every known partner of every place (any status,
doubtful ones included: never suggested again) and the exported model (the first stage
alone: the re-ranker of :mod:`twintowns.suggest.rerank` did not beat it on test links and is
for evaluation only).
:func:`build_suggester` learns it from a registry snapshot (tens of seconds for the world);
:func:`save` and :func:`load` keep it in one ``.npz`` file beside the registry's snapshot
cache, named by the registry's data version, so every later ``twintowns suggest`` answers
from the file without SciPy or scikit-learn.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import numpy as np

from twintowns.errors import InputError, NotFoundError
from twintowns.model import Twinning
from twintowns.paths import in_force
from twintowns.snapshot import RegistrySnapshot
from twintowns.suggest.features import FEATURES, pair_features
from twintowns.suggest.learner import fit_forest, training_sample
from twintowns.suggest.outsiders import Outsider, gazetteer_outsiders
from twintowns.suggest.reasons import reasons, shared_partners
from twintowns.suggest.tables import IntArray, Links, Places, links_of, places_of
from twintowns.suggest.trees import Forest

log = logging.getLogger(__name__)

FORMAT = 10
"""Version of the cache file's layout and of the model's settings (a new one is built when
it changes)."""
MAX_TOP = 100
LABEL = "suggestions from data (a model of who twins with whom), not facts"
BASIS = (
    "evidence: the registry's current twinnings (in force today, not doubtful); suspended "
    "and ended twinnings are never counted as evidence, and no partner of any status is "
    "suggested"
)


@dataclass(frozen=True)
class Suggestion:
    """One suggested partner, its model score (a probability-like number for ranking only)
    and the registry facts behind it."""

    place_id: str
    name: str
    country: str | None
    level: str
    score: float
    km: float | None
    shared_partners: tuple[str, ...]
    reasons: tuple[str, ...]
    registered: bool = True
    """False for a GeoNames town outside the registry (no twinning known: its network
    features are zero, it is ranked on size, distance, level and countries alone)."""


@dataclass(frozen=True)
class Suggestions:
    """A place's suggested partners, labelled as what they are."""

    place_id: str
    name: str
    country: str | None
    within: str | None
    label: str
    suggestions: tuple[Suggestion, ...]
    basis: str = BASIS


@dataclass(frozen=True)
class Suggester:
    """Everything a ranking reads (see the module docstring)."""

    places: Places
    links: Links
    known: Links
    forest: Forest
    key: str = ""

    def row(self, place_id: str) -> int:
        """The row of a place.

        Raises
        ------
        NotFoundError
            If the place is not in the registry the suggester was built from.
        """
        found = np.searchsorted(self.places.ids, place_id)
        if found >= self.places.size or self.places.ids[found] != place_id:
            raise NotFoundError(f"no place with id {place_id!r}")
        return int(found)

    def candidates(
        self, u: int, country: str | None = None, *, outsiders_only: bool = False
    ) -> IntArray:
        """Rows that may be suggested to row ``u``: its level group, not itself, no partner
        in any twinning of any status (current, suspended, ended, doubtful), optionally in one
        country, optionally only GeoNames towns outside the registry (``outsiders_only``:
        towns with no twinning yet, which the model ranks below places that already twin)."""
        group = int(self.places.group[u])
        if group < 0:
            return np.zeros(0, dtype=np.int64)
        chosen = self.places.group == group
        if outsiders_only:
            chosen &= ~self.places.registered
        if country is not None:
            chosen &= self.places.country == self.country_code(country)
        chosen[u] = False
        chosen[self.known.neighbours(u)] = False
        return np.flatnonzero(chosen)

    def country_code(self, country: str) -> int:
        """The code of an ISO country code.

        Raises
        ------
        InputError
            If no place of the registry lies in that country.
        """
        iso = country.strip().upper()
        found = np.flatnonzero(self.places.countries == iso)
        if not len(found):
            raise InputError(f"--country: no place of the registry lies in {country[:10]!r}")
        return int(found[0])

    def suggest(
        self,
        place_id: str,
        *,
        country: str | None = None,
        top: int = 10,
        outsiders_only: bool = False,
    ) -> list[Suggestion]:
        """The ``top`` best-scored candidates for a place, with their reasons.

        Raises
        ------
        NotFoundError
            If the place is unknown.
        InputError
            If ``top`` is out of 1..100 or ``country`` unknown.
        """
        if not 1 <= top <= MAX_TOP:
            raise InputError(f"top must be between 1 and {MAX_TOP}, not {top}")
        u = self.row(place_id)
        v = self.candidates(u, country, outsiders_only=outsiders_only)
        x = pair_features(self.places, self.links, u, v)
        score = self.forest.decision(x)
        best = np.argsort(-score, kind="stable")[:top]
        return [self._suggestion(u, int(v[i]), x[i], float(score[i])) for i in best]

    def answer(
        self,
        place_id: str,
        *,
        country: str | None = None,
        top: int = 10,
        outsiders_only: bool = False,
    ) -> Suggestions:
        """:meth:`suggest`'s answer with the place it is for and its label.

        Raises
        ------
        NotFoundError
            If the place is unknown.
        InputError
            If ``top`` is out of 1..100 or ``country`` unknown.
        """
        found = tuple(
            self.suggest(place_id, country=country, top=top, outsiders_only=outsiders_only)
        )
        u = self.row(place_id)
        code = int(self.places.country[u])
        return Suggestions(
            place_id=place_id,
            name=str(self.places.labels[u]),
            country=str(self.places.countries[code]) if code >= 0 else None,
            within=country.strip().upper() if country else None,
            label=LABEL,
            suggestions=found,
        )

    def _suggestion(self, u: int, v: int, row: Any, score: float) -> Suggestion:
        places = self.places
        km = float(places.km(u, np.asarray([v]))[0])
        country = int(places.country[v])
        return Suggestion(
            place_id=str(places.ids[v]),
            name=str(places.labels[v]),
            country=str(places.countries[country]) if country >= 0 else None,
            level=str(places.level[v]),
            score=round(1.0 / (1.0 + math.exp(-score)), 4),
            km=None if math.isnan(km) else round(km, 1),
            shared_partners=tuple(str(places.ids[w]) for w in shared_partners(self.links, u, v)),
            reasons=tuple(reasons(places, self.links, row, u, v)),
            registered=bool(places.registered[v]),
        )


def is_evidence(twinning: Twinning) -> bool:
    """Whether a twinning counts as evidence of what makes places twin: not doubtful and in
    force today (:func:`twintowns.paths.in_force`: active, or attested without dates;
    suspended, ended and merely proposed twinnings are not)."""
    return not twinning.doubtful and in_force(twinning)


def graph_rows(snapshot: RegistrySnapshot, places: Places, *, doubtful: bool) -> Links:
    """The twinnings of ``snapshot`` as a graph over ``places``: with ``doubtful``, every
    twinning of any status (who is already a partner); without, the evidence
    (:func:`is_evidence`)."""
    index = places.index()
    edges = [
        (index[t.a], index[t.b])
        for t in snapshot.twinnings
        if (doubtful or is_evidence(t)) and t.a in index and t.b in index
    ]
    return links_of(places, edges)


def build_suggester(
    snapshot: RegistrySnapshot, *, seed: int = 0, outsiders: Sequence[Outsider] | None = None
) -> Suggester:
    """Learn a suggester from the evidence of ``snapshot`` (:func:`is_evidence`).

    Parameters
    ----------
    snapshot:
        The registry.
    seed:
        Seed of the training sample and of the fit.
    outsiders:
        Candidates outside the registry (default: GeoNames towns,
        :func:`~twintowns.suggest.outsiders.gazetteer_outsiders`); they are candidates like
        any place of their level group (non-partners are sampled from registry places only).

    Raises
    ------
    InputError
        If the registry holds too few twinnings to learn from.
    """
    if outsiders is None:
        outsiders = gazetteer_outsiders(snapshot.places)
    places = places_of(snapshot.places, outsiders)
    links = graph_rows(snapshot, places, doubtful=False)
    known = graph_rows(snapshot, places, doubtful=True)
    forest = fit_forest(training_sample(places, links, seed=seed), seed=seed)
    return Suggester(places, links, known, forest, snapshot.key)


def file_name(key: str) -> str:
    """The cache file of a data version's suggester."""
    return f"suggest-{FORMAT}-{key}.npz"


def _pack(name: str, values: np.ndarray[Any, Any]) -> dict[str, np.ndarray[Any, Any]]:
    """An array as stored: text as one UTF-8 run and each string's length (a fixed-width
    unicode array takes four bytes per character of its longest string: ~80 MB of the world's
    names and ids), everything else as it is."""
    if values.dtype.kind != "U":
        return {name: values}
    strings = values.tolist()
    text = "".join(strings).encode("utf-8")
    return {
        name + "__text": np.frombuffer(text, dtype=np.uint8),
        name + "__lengths": np.asarray([len(x) for x in strings], dtype=np.int32),
    }


def _unpack(found: Any, name: str) -> np.ndarray[Any, Any]:
    """What :func:`_pack` stored under ``name``."""
    if name in found.files:
        return np.asarray(found[name])
    text = bytes(found[name + "__text"]).decode("utf-8")
    ends = np.cumsum(found[name + "__lengths"]).tolist()
    starts = [0, *ends[:-1]]
    return np.asarray([text[a:b] for a, b in zip(starts, ends, strict=True)], dtype=np.str_)


def save(suggester: Suggester, directory: Path) -> Path:
    """Write the suggester's arrays to its cache file in ``directory`` (atomically)."""
    directory.mkdir(parents=True, exist_ok=True)
    arrays: dict[str, Any] = {}
    for prefix, part in (("place_", suggester.places), ("link_", suggester.links)):
        for f in fields(part):
            arrays.update(_pack(prefix + f.name, getattr(part, f.name)))
    arrays.update({"known_" + f.name: getattr(suggester.known, f.name) for f in fields(Links)})
    arrays.update(suggester.forest.arrays())
    arrays["features"] = np.asarray(FEATURES, dtype=np.str_)
    path = directory / file_name(suggester.key)
    partial = path.with_suffix(".partial.npz")
    np.savez(partial, allow_pickle=False, **arrays)
    partial.replace(path)
    return path


def load(path: Path, key: str) -> Suggester:
    """The suggester saved at ``path``.

    Raises
    ------
    OSError, ValueError, KeyError
        If the file is missing, damaged or of another layout.
    """
    with np.load(path, allow_pickle=False) as found:
        if tuple(str(f) for f in found["features"]) != FEATURES:
            raise ValueError("suggester file of other features")
        places = Places(**{f.name: _unpack(found, "place_" + f.name) for f in fields(Places)})
        links = Links(**{f.name: found["link_" + f.name] for f in fields(Links)})
        known = Links(**{f.name: found["known_" + f.name] for f in fields(Links)})
        forest = Forest.from_arrays(found)
    return Suggester(places, links, known, forest, key)
