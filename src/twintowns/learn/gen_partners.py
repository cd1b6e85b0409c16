"""Items about who is twinned with whom, for links without a known date (most of the world
data, and curated links the documents do not date): "Which of these places is twinned with X?",
"X and Y are twinned" (falsified with a wrong partner from the same country), and map questions.
"""

from __future__ import annotations

from collections.abc import Iterator

from twintowns.learn.common import (
    Candidate,
    Context,
    cites,
    established_year,
    kind_noun,
    short_label,
    twinning_topics,
    verdict,
)
from twintowns.learn.distractors import pick_places, shuffled
from twintowns.learn.facts import Facts
from twintowns.learn.items import Choice, Item, ItemKind
from twintowns.learn.propositions import Linked
from twintowns.learn.truth import Truth, evaluate
from twintowns.model import Citation, Twinning


def partner_candidates(facts: Facts, twinning: Twinning) -> Iterator[Candidate]:
    """Candidates for an undated link that the registry says exists today."""
    if established_year(facts, twinning) is not None:
        return
    if evaluate(facts, Linked(twinning.a, twinning.b)) is not Truth.TRUE:
        return
    topics = twinning_topics(facts, twinning, "partners")
    for builder, kind in (
        ("partner_of", ItemKind.MULTIPLE_CHOICE),
        ("tf_linked", ItemKind.TRUE_FALSE),
        ("map_partner", ItemKind.MAP),
    ):
        yield Candidate(builder, twinning.id, kind, topics, (twinning.id, ""))


def _claim_citations(twinning: Twinning) -> list[Citation]:
    found = [c.citation for c in twinning.claims if c.asserted]
    found += [e.citation for e in twinning.events if e.type.is_lifecycle]
    return found or [twinning.citation]


def _explain(facts: Facts, twinning: Twinning) -> str:
    text = f"{facts.label(twinning.a)} and {facts.label(twinning.b)} are twinned"
    if twinning.kind.value not in ("unspecified", "other"):
        text += f" ({kind_noun(twinning.kind)})"
    claimants = sorted(short_label(facts, p) for p in twinning.claimants)
    if len(claimants) == 1:
        text += f"; only {claimants[0]} lists the link"
    return text + "."


def _sides(ctx: Context, twinning: Twinning) -> tuple[str, str]:
    pair = [twinning.a, twinning.b]
    ctx.rng("sides", twinning.id).shuffle(pair)
    return pair[0], pair[1]


def partner_of(ctx: Context, cand: Candidate) -> Item | None:
    """Multiple choice: which of these places is twinned with X?"""
    facts = ctx.facts
    twinning = facts.twinnings[cand.subject[0]]
    subject, answer = _sides(ctx, twinning)
    rng = ctx.rng("partner_of", twinning.id)
    others = pick_places(
        ctx, rng, subject=subject, answer=answer, count=ctx.n_choices - 1,
        wrong=lambda p: evaluate(facts, Linked(subject, p)) is Truth.FALSE,
    )  # fmt: skip
    if others is None:
        return None
    choices = tuple(
        Choice(facts.label(p), Linked(subject, p), p == answer)
        for p in shuffled(rng, [answer, *others])
    )
    return Item(
        kind=cand.kind,
        difficulty=ctx.difficulty,
        prompt=f"Which of these places is twinned with {facts.label(subject)}?",
        answer=facts.label(answer),
        explanation=_explain(facts, twinning),
        sources=cites(facts, _claim_citations(twinning)),
        topics=cand.topics,
        key=cand.key,
        choices=choices,
    )


def tf_linked(ctx: Context, cand: Candidate) -> Item | None:
    """True/false: X and Y are twinned (false: a partner swapped for another place)."""
    facts = ctx.facts
    twinning = facts.twinnings[cand.subject[0]]
    subject, answer = _sides(ctx, twinning)
    statement = Linked(subject, answer)
    if ctx.want is False:
        others = pick_places(
            ctx, ctx.rng("tf_linked", twinning.id), subject=subject, answer=answer, count=1,
            wrong=lambda p: evaluate(facts, Linked(subject, p)) is Truth.FALSE,
        )  # fmt: skip
        if not others:
            return None
        statement = Linked(subject, others[0])
    return Item(
        kind=cand.kind,
        difficulty=ctx.difficulty,
        prompt=f"{facts.label(statement.a)} and {facts.label(statement.b)} are twinned.",
        answer="False" if ctx.want is False else "True",
        explanation=verdict(ctx.want is not False, _explain(facts, twinning)),
        sources=cites(facts, _claim_citations(twinning)),
        topics=cand.topics,
        key=cand.key,
        statement=statement,
        truth=ctx.want is not False,
    )
