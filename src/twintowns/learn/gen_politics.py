"""Items about politics and endings: suspensions, terminations and resumptions, and the
difference between them ("a suspended link is not ended").

Builders: the status of a link at the end of a year (multiple choice over active, suspended,
ended, proposed), true/false on a suspension or ending (falsified by swapping suspended and
ended, by a wrong year or by a wrong partner), and "X and Y are twinned" for ended links.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

from twintowns.learn.common import (
    Candidate,
    Context,
    cites,
    sentence,
    short_label,
    twinning_topics,
    verdict,
    year_end,
)
from twintowns.learn.distractors import pick_places, shuffled
from twintowns.learn.facts import Facts
from twintowns.learn.items import Choice, Item, ItemKind
from twintowns.learn.propositions import Family, Happened, Linked, StatusOn, family_of
from twintowns.learn.truth import Truth, evaluate
from twintowns.model import Event, Status, Twinning, status_as_of

_STATUS_TEXT: dict[Status, str] = {
    Status.ACTIVE: "active",
    Status.SUSPENDED: "suspended (paused, not ended)",
    Status.ENDED: "ended",
    Status.PROPOSED: "only proposed, not yet agreed",
}
_FAMILY_TEXT: dict[Family, str] = {
    Family.SUSPENDED: "suspended",
    Family.ENDED: "ended",
    Family.RESUMED: "resumed",
}
_SWAP: dict[Family, Family] = {
    Family.SUSPENDED: Family.ENDED,
    Family.ENDED: Family.SUSPENDED,
    Family.RESUMED: Family.ENDED,
}


def politics_candidates(facts: Facts, twinning: Twinning) -> Iterator[Candidate]:
    """Candidates of the politics builders for one twinning."""
    topics = twinning_topics(facts, twinning, "politics")
    years = sorted(
        {e.date.year for e in twinning.events if e.date is not None and e.type.is_lifecycle}
    )
    for year in years:
        state = status_as_of(twinning.events, year_end(year))
        if state.certain and state.status in (Status.SUSPENDED, Status.ENDED, Status.PROPOSED):
            subject = (twinning.id, str(year))
            yield Candidate("status_on", twinning.id, ItemKind.MULTIPLE_CHOICE, topics, subject)
    for index, event in enumerate(twinning.events):
        family = family_of(event.type)
        if family in _SWAP and event.date is not None and not event.date.circa:
            subject = (twinning.id, str(index))
            yield Candidate("tf_political", twinning.id, ItemKind.TRUE_FALSE, topics, subject)
    if evaluate(facts, Linked(twinning.a, twinning.b)) is Truth.FALSE:
        yield Candidate("tf_ended", twinning.id, ItemKind.TRUE_FALSE, topics, (twinning.id,))


def _lifecycle_citations(twinning: Twinning, until: int) -> list[Event]:
    return [
        e
        for e in twinning.events
        if e.type.is_lifecycle and e.date is not None and e.date.year <= until
    ]


def status_on(ctx: Context, cand: Candidate) -> Item | None:
    """Multiple choice: what was the state of the link of X and Y at the end of YEAR?"""
    facts = ctx.facts
    twinning = facts.twinnings[cand.subject[0]]
    year = int(cand.subject[1])
    day = year_end(year)
    statuses = [Status.ACTIVE, Status.SUSPENDED, Status.ENDED, Status.PROPOSED]
    state = status_as_of(twinning.events, day)
    if state.status not in statuses:
        return None
    wrong = [s for s in statuses if s is not state.status]
    rng = ctx.rng("status_on", twinning.id, str(year))
    offered = [state.status, *rng.sample(wrong, min(len(wrong), ctx.n_choices - 1))]
    order = [Status(s) for s in shuffled(rng, [s.value for s in offered])]
    choices = tuple(
        Choice(_STATUS_TEXT[s], StatusOn(twinning.a, twinning.b, day, s), s is state.status)
        for s in order
    )
    events = _lifecycle_citations(twinning, year)
    history = " ".join(
        f"{e.date.human()}: {sentence(e.description or e.type.value)}" for e in events if e.date
    )
    a, b = short_label(facts, twinning.a, day), short_label(facts, twinning.b, day)
    return Item(
        kind=cand.kind,
        difficulty=ctx.difficulty,
        prompt=f"What was the state of the link between {a} and {b} at the end of {year}?",
        answer=_STATUS_TEXT[state.status],
        explanation=f"At the end of {year} the link was {state.status.value}. {history}",
        sources=cites(facts, [e.citation for e in events]),
        topics=cand.topics,
        key=cand.key,
        choices=choices,
    )


def _statement_text(facts: Facts, prop: Happened, actor: str | None) -> str:
    day = year_end(prop.year)
    verb = _FAMILY_TEXT[prop.family]
    if actor in (prop.a, prop.b):
        other = prop.b if actor == prop.a else prop.a
        return (
            f"In {prop.year}, {facts.label(actor, day)} {verb} its link with "
            f"{facts.label(other, day)}."
        )
    return (
        f"In {prop.year}, the link between {facts.label(prop.a, day)} and "
        f"{facts.label(prop.b, day)} was {verb}."
    )


def _false_political(
    ctx: Context, rng: random.Random, prop: Happened, actor: str | None
) -> Happened | None:
    facts = ctx.facts
    swapped = Happened(prop.a, prop.b, _SWAP[prop.family], prop.year)
    shifts = [s * sign for s in ctx.year_shifts for sign in (1, -1)]
    variants = [swapped, *(Happened(prop.a, prop.b, prop.family, prop.year + s)
                           for s in rng.sample(shifts, 3))]  # fmt: skip
    subject = actor if actor in (prop.a, prop.b) else prop.a
    answer = prop.b if subject == prop.a else prop.a
    others = pick_places(
        ctx, rng, subject=subject, answer=answer, count=1, era_year=prop.year,
        wrong=lambda p: evaluate(facts, Happened(subject, p, prop.family, prop.year))
        is Truth.FALSE,
    )  # fmt: skip
    if others:
        variants.append(Happened(subject, others[0], prop.family, prop.year))
    if ctx.difficulty.value != "easy":  # swapping suspended and ended tests understanding
        variants = [swapped, *rng.sample(variants[1:], len(variants) - 1)]
    else:
        rng.shuffle(variants)
    return next((v for v in variants if evaluate(facts, v) is Truth.FALSE), None)


def tf_political(ctx: Context, cand: Candidate) -> Item | None:
    """True/false: in YEAR, X suspended / ended its link with Y."""
    facts = ctx.facts
    twinning = facts.twinnings[cand.subject[0]]
    event = twinning.events[int(cand.subject[1])]
    family = family_of(event.type)
    if family is None or event.date is None:
        return None
    prop: Happened | None = Happened(twinning.a, twinning.b, family, event.date.year)
    assert prop is not None
    if ctx.want is False:
        prop = _false_political(ctx, ctx.rng("tf_political", *cand.subject), prop, event.actor)
    if prop is None or evaluate(facts, prop) is not (
        Truth.FALSE if ctx.want is False else Truth.TRUE
    ):
        return None
    cause = f" Cause: {event.cause}." if event.cause else ""
    return Item(
        kind=cand.kind,
        difficulty=ctx.difficulty,
        prompt=_statement_text(facts, prop, event.actor),
        answer="False" if ctx.want is False else "True",
        explanation=verdict(
            ctx.want is not False,
            f"{event.date.human()}: {sentence(event.description or event.type.value)}{cause}",
        ),
        sources=cites(facts, [event.citation]),
        topics=cand.topics,
        key=f"{cand.key}|{family.value}",
        statement=prop,
        truth=ctx.want is not False,
    )


def tf_ended(ctx: Context, cand: Candidate) -> Item | None:
    """True/false, always false: "X and Y are twinned today" for a link that has ended."""
    if ctx.want is not False:
        return None
    facts = ctx.facts
    twinning = facts.twinnings[cand.subject[0]]
    state = status_as_of(twinning.events)
    event = state.event
    if event is None or event.date is None:
        return None
    return Item(
        kind=cand.kind,
        difficulty=ctx.difficulty,
        prompt=f"{facts.label(twinning.a)} and {facts.label(twinning.b)} are twinned today.",
        answer="False",
        explanation=verdict(
            False,
            f"The link ended in {event.date.human()}: {sentence(event.description or 'ended')}",
        ),
        sources=cites(facts, [event.citation]),
        topics=cand.topics,
        key=f"{cand.key}|now",
        statement=Linked(twinning.a, twinning.b),
        truth=False,
    )
