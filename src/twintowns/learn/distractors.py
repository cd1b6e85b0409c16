"""Plausible wrong answers drawn from the registry, each checked to be wrong.

Places are drawn, by difficulty, from the right answer's country, from twinnings of the same
era, or from anywhere else at the same administrative scope; every candidate must be a place
the subject has no twinning with at all, must read differently from every other choice, and
must make its choice's proposition evaluate *false* (never merely unclear).
"""

from __future__ import annotations

import bisect
import random
from collections.abc import Callable, Sequence

from twintowns.learn.common import Context
from twintowns.learn.facts import Facts, level_group
from twintowns.learn.items import Difficulty

ERA_WINDOW = 10  # years either side of the right answer's year for "same era" distractors
_SAMPLE = 400  # at most this many candidates are examined from one pool


def era_places(facts: Facts, year: int) -> tuple[str, ...]:
    """Places of twinnings begun within :data:`ERA_WINDOW` years of ``year``, sorted."""
    starts = facts.first_years
    lo = bisect.bisect_left(starts, (year - ERA_WINDOW, "", ""))
    hi = bisect.bisect_right(starts, (year + ERA_WINDOW, "\uffff", "\uffff"))
    return tuple(sorted({p for _, a, b in starts[lo:hi] for p in (a, b)}))


def _pools(ctx: Context, answer: str, era_year: int | None) -> list[Sequence[str]]:
    facts = ctx.facts
    group = facts.by_group.get(level_group(facts.places[answer]), ())
    countries = facts.countries(answer)
    same_country = sorted({p for iso in countries for p in facts.by_country.get(iso, ())})
    era = era_places(facts, era_year) if era_year is not None else ()
    if ctx.difficulty is Difficulty.HARD:
        return [same_country, era, group]
    if ctx.difficulty is Difficulty.MEDIUM:
        return [era, same_country, group]
    elsewhere = [p for p in group if not facts.countries(p) & countries]
    return [elsewhere, group]


def pick_places(
    ctx: Context, rng: random.Random, *, subject: str, answer: str, count: int,
    wrong: Callable[[str], bool], era_year: int | None = None,
) -> list[str] | None:  # fmt: skip
    """``count`` distractor places for a question about ``subject`` whose answer is ``answer``.

    Parameters
    ----------
    ctx, rng:
        Build context (facts and difficulty) and the item's own random generator.
    subject, answer, count:
        The place asked about, the right answer, and how many distractors.
    wrong:
        Whether a candidate's choice is definitely wrong (its proposition evaluates false).
    era_year:
        The year of the fact asked about, for same-era distractors.

    Returns
    -------
    list of str or None
        Place ids, or None when the registry cannot supply enough checked distractors.
    """
    facts = ctx.facts
    labels = {facts.label(answer), facts.label(subject)}
    seen: set[str] = {subject, answer}
    chosen: list[str] = []
    for pool in _pools(ctx, answer, era_year):
        options = [p for p in pool if p not in seen]
        for place in rng.sample(options, min(len(options), _SAMPLE)):
            if len(chosen) == count:
                return chosen
            seen.add(place)
            if _fits(facts, subject, answer, place, labels) and wrong(place):
                chosen.append(place)
                labels.add(facts.label(place))
    return chosen if len(chosen) == count else None


def _fits(facts: Facts, subject: str, answer: str, place: str, labels: set[str]) -> bool:
    """A candidate is of the answer's scope, unlinked to the subject, and reads differently."""
    return (
        place not in facts.partners.get(subject, frozenset())
        and level_group(facts.places[place]) == level_group(facts.places[answer])
        and facts.label(place) not in labels
    )


def shuffled(rng: random.Random, values: Sequence[str]) -> list[str]:
    """A shuffled copy of ``values`` (the item's own generator: stable per fact)."""
    out = list(values)
    rng.shuffle(out)
    return out
