"""Ordering questions: put these twinnings in order of the year they began.

Only links whose beginning the registry dates to one year (no circa, no second establishing
step in another year) take part, and the chosen years are distinct and at least a
difficulty-dependent gap apart, so exactly one order is right.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Sequence

from twintowns.learn.common import Candidate, Context, cites, establishing_events, year_end
from twintowns.learn.items import Difficulty, Item, ItemKind, OrderEntry
from twintowns.learn.propositions import Family, Happened

POOL = 8  # twinnings offered to one ordering question
_SIZE = {Difficulty.EASY: 3, Difficulty.MEDIUM: 4, Difficulty.HARD: 5}
_GAP = {Difficulty.EASY: 15, Difficulty.MEDIUM: 5, Difficulty.HARD: 1}


def ordering_candidates(dated: Sequence[Candidate]) -> list[Candidate]:
    """Ordering candidates over the dated-twinning candidates a deck's filters kept.

    Parameters
    ----------
    dated:
        Candidates whose subject is ``(twinning id, year)`` with a settled year.

    Returns
    -------
    list of Candidate
        One per pool of up to :data:`POOL` twinnings (fixed shuffle: stable across decks).
    """
    by_id = {c.subject[0]: c for c in dated}
    ids = sorted(by_id)
    random.Random("ordering").shuffle(ids)
    out = []
    for start in range(0, len(ids), POOL):
        pool = ids[start : start + POOL]
        subject = tuple(f"{tid}@{by_id[tid].subject[1]}" for tid in sorted(pool))
        topics = sorted({t for tid in pool for t in by_id[tid].topics} | {"history"})
        key = "order:" + hashlib.sha256("|".join(subject).encode()).hexdigest()[:12]
        out.append(Candidate("ordering", key, ItemKind.ORDERING, tuple(topics), subject))
    return out


def ordering(ctx: Context, cand: Candidate) -> Item | None:
    """Ordering: these twinnings, earliest first."""
    facts = ctx.facts
    pool = [(part.rsplit("@", 1)[0], int(part.rsplit("@", 1)[1])) for part in cand.subject]
    rng = ctx.rng("ordering", cand.key)
    rng.shuffle(pool)
    chosen: list[tuple[str, int]] = []
    for tid, year in pool:
        if all(abs(year - y) >= _GAP[ctx.difficulty] for _, y in chosen):
            chosen.append((tid, year))
        if len(chosen) == _SIZE[ctx.difficulty]:
            break
    if len(chosen) < _SIZE[ctx.difficulty]:
        return None
    chosen.sort(key=lambda pair: pair[1])
    entries = []
    citations = []
    for tid, year in chosen:
        twinning = facts.twinnings[tid]
        day = year_end(year)
        text = f"{facts.label(twinning.a, day)} – {facts.label(twinning.b, day)}"
        entries.append(
            OrderEntry(text, year, Happened(twinning.a, twinning.b, Family.ESTABLISHED, year))
        )
        citations += [e.citation for e in establishing_events(twinning, year)]
    return Item(
        kind=cand.kind,
        difficulty=ctx.difficulty,
        prompt="Put these twinnings in order of the year they began, earliest first.",
        answer="; ".join(f"{e.text} ({e.year})" for e in entries),
        explanation=" ".join(f"{e.year}: {e.text}." for e in entries),
        sources=cites(facts, citations),
        topics=cand.topics,
        key=cand.key,
        order=tuple(entries),
    )
