"""Items about when twinnings began: "In 1944, Coventry twinned with which city?", true/false
with a wrong year or a wrong partner, fact cards of dated events, and map questions.

Each builder takes a :class:`~twintowns.learn.common.Candidate` whose subject is a twinning
id (and, for event cards, a date) and returns an item or None.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

from twintowns.learn.common import (
    Candidate,
    Context,
    cites,
    established_year,
    establishing_events,
    kind_noun,
    link_phrase,
    sentence,
    short_label,
    twinning_topics,
    verdict,
    year_end,
)
from twintowns.learn.distractors import pick_places, shuffled
from twintowns.learn.facts import Facts
from twintowns.learn.items import Choice, Item, ItemKind, MapTarget
from twintowns.learn.propositions import Family, Happened, Linked, Proposition, Recorded
from twintowns.learn.regions import in_country
from twintowns.learn.truth import Truth, evaluate
from twintowns.model import Citation, EventType, FuzzyDate, Twinning, TwinningKind

_VERBS: dict[EventType, str] = {
    EventType.FIRST_CONTACT: "first contact",
    EventType.INFORMAL_LINK: "an informal link",
    EventType.PROPOSAL: "a proposal to twin",
    EventType.ADOPTION: "an adoption",
    EventType.SIGNING: "the twinning was signed",
    EventType.FORMAL_CHARTER: "a formal charter",
    EventType.RENEWAL: "a renewal",
    EventType.SUSPENSION: "the link was suspended",
    EventType.TERMINATION: "the link was ended",
    EventType.RESUMPTION: "the link was resumed",
    EventType.KEPT_OPEN: "the link was kept",
}
POLITICAL = frozenset(
    {EventType.SUSPENSION, EventType.TERMINATION, EventType.RESUMPTION, EventType.DISPUTE}
)


def history_candidates(facts: Facts, twinning: Twinning) -> Iterator[Candidate]:
    """Candidates of the history builders for one twinning."""
    year = established_year(facts, twinning)
    if year is not None:
        topics = twinning_topics(facts, twinning, "history")
        for builder, kind in (
            ("partner_in_year", ItemKind.MULTIPLE_CHOICE),
            ("partner_card", ItemKind.FLASHCARD),
            ("tf_established", ItemKind.TRUE_FALSE),
            ("map_partner", ItemKind.MAP),
        ):
            yield Candidate(builder, twinning.id, kind, topics, (twinning.id, str(year)))
    dates = sorted({e.date.isoformat() for e in twinning.events if e.date and e.description})
    for date in dates:
        same_day = [e for e in twinning.events if e.date and e.date.isoformat() == date]
        political = any(e.type in POLITICAL or e.cause for e in same_day)
        topics = twinning_topics(facts, twinning, "politics" if political else "history")
        yield Candidate("event_card", twinning.id, ItemKind.FLASHCARD, topics, (twinning.id, date))


def _sides(ctx: Context, twinning: Twinning) -> tuple[str, str]:
    """(subject, answer): the side asked about and the partner to find, chosen per fact."""
    pair = [twinning.a, twinning.b]
    ctx.rng("sides", twinning.id).shuffle(pair)
    return pair[0], pair[1]


def partner_in_year(ctx: Context, cand: Candidate) -> Item | None:
    """Multiple choice: in YEAR, X twinned with which of these places?"""
    facts = ctx.facts
    twinning = facts.twinnings[cand.subject[0]]
    year = int(cand.subject[1])
    subject, answer = _sides(ctx, twinning)
    rng = ctx.rng("partner_in_year", twinning.id)

    def wrong(place: str) -> bool:
        return evaluate(facts, Happened(subject, place, Family.ESTABLISHED, year)) is Truth.FALSE

    others = pick_places(
        ctx, rng, subject=subject, answer=answer, count=ctx.n_choices - 1, wrong=wrong,
        era_year=year,
    )  # fmt: skip
    if others is None:
        return None
    choices = [
        Choice(facts.label(p), Happened(subject, p, Family.ESTABLISHED, year), p == answer)
        for p in shuffled(rng, [answer, *others])
    ]
    when = year_end(year)
    return Item(
        kind=cand.kind,
        difficulty=ctx.difficulty,
        prompt=(
            f"In {year}, {short_label(facts, subject, when)} {link_phrase(twinning.kind)} "
            "which of these places?"
        ),
        answer=_answer_label(facts, answer, year),
        explanation=_explain(facts, twinning, year),
        sources=cites(facts, _citations(twinning, year)),
        topics=cand.topics,
        key=cand.key,
        choices=tuple(choices),
    )


def partner_card(ctx: Context, cand: Candidate) -> Item | None:
    """Flashcard: in YEAR, X twinned with which city in COUNTRY?  Only when no other partner
    of X in that country may have twinned with it that year."""
    facts = ctx.facts
    twinning = facts.twinnings[cand.subject[0]]
    year = int(cand.subject[1])
    subject, answer = _sides(ctx, twinning)
    when = year_end(year)
    iso = facts.places[answer].country(when)
    if iso is None:
        return None
    for other in facts.partners.get(subject, frozenset()) - {answer}:
        if facts.places[other].country(when) != iso:
            continue
        if evaluate(facts, Happened(subject, other, Family.ESTABLISHED, year)) is not Truth.FALSE:
            return None
    return Item(
        kind=cand.kind,
        difficulty=ctx.difficulty,
        prompt=(
            f"In {year}, {short_label(facts, subject, when)} {link_phrase(twinning.kind)} "
            f"which place in {in_country(iso)}?"
        ),
        answer=_answer_label(facts, answer, year),
        explanation=_explain(facts, twinning, year),
        sources=cites(facts, _citations(twinning, year)),
        topics=cand.topics,
        key=cand.key,
        facts=(Happened(subject, answer, Family.ESTABLISHED, year),),
    )


def tf_established(ctx: Context, cand: Candidate) -> Item | None:
    """True/false: X and Y became twin towns in YEAR (false: a wrong year or partner)."""
    facts = ctx.facts
    twinning = facts.twinnings[cand.subject[0]]
    year = int(cand.subject[1])
    subject, answer = _sides(ctx, twinning)
    rng = ctx.rng("tf_established", twinning.id)
    statement: Happened | None = Happened(subject, answer, Family.ESTABLISHED, year)
    if ctx.want is False:
        statement = _falsified(ctx, rng, subject, answer, year)
    if statement is None:
        return None
    when = year_end(statement.year)
    text = (
        f"{facts.label(statement.a, when)} and {facts.label(statement.b, when)} became "
        f"{kind_noun(twinning.kind)} in {statement.year}."
    )
    return Item(
        kind=cand.kind,
        difficulty=ctx.difficulty,
        prompt=text,
        answer="True" if ctx.want is not False else "False",
        explanation=verdict(ctx.want is not False, _explain(facts, twinning, year)),
        sources=cites(facts, _citations(twinning, year)),
        topics=cand.topics,
        key=cand.key,
        statement=statement,
        truth=ctx.want is not False,
    )


def _falsified(
    ctx: Context, rng: random.Random, subject: str, answer: str, year: int
) -> Happened | None:
    """A false variant: a year shifted by the difficulty's distance, or a wrong partner."""
    facts = ctx.facts
    shifts = [s * sign for s in ctx.year_shifts for sign in (1, -1)]
    variants: list[Happened] = [
        Happened(subject, answer, Family.ESTABLISHED, year + s) for s in rng.sample(shifts, 4)
    ]
    others = pick_places(
        ctx, rng, subject=subject, answer=answer, count=1, era_year=year,
        wrong=lambda p: evaluate(facts, Happened(subject, p, Family.ESTABLISHED, year))
        is Truth.FALSE,
    )  # fmt: skip
    if others:
        wrong_partner = Happened(subject, others[0], Family.ESTABLISHED, year)
        variants.insert(rng.randrange(len(variants) + 1), wrong_partner)
    for variant in variants:
        if 1 <= variant.year <= 2100 and evaluate(facts, variant) is Truth.FALSE:
            return variant
    return None


def map_partner(ctx: Context, cand: Candidate) -> Item | None:
    """Map question: mark X's partner (since YEAR) on the map."""
    facts = ctx.facts
    twinning = facts.twinnings[cand.subject[0]]
    year = int(cand.subject[1]) if cand.subject[1] else None
    subject, answer = _sides(ctx, twinning)
    coords = facts.places[answer].coordinates
    if coords is None:
        subject, answer = answer, subject
        coords = facts.places[answer].coordinates
    if coords is None:
        return None
    fact: Proposition = (
        Happened(subject, answer, Family.ESTABLISHED, year) if year else Linked(subject, answer)
    )
    since = f" since {year}" if year else ""
    label = facts.label(answer)
    place_citation = [c for c in (facts.places[answer].citation,) if c is not None]
    return Item(
        kind=cand.kind,
        difficulty=ctx.difficulty,
        prompt=f"Mark on the map: {label}, twinned with {facts.label(subject)}{since}.",
        answer=f"{label}: {_degrees(coords.lat, 'N', 'S')}, {_degrees(coords.lon, 'E', 'W')}",
        explanation=_explain(facts, twinning, year) if year else _linked_text(facts, twinning),
        sources=cites(facts, [*_citations(twinning, year), *place_citation]),
        topics=cand.topics,
        key=cand.key,
        facts=(fact,),
        target=MapTarget(answer, label, coords.lat, coords.lon, ctx.tolerance_km),
    )


def event_card(ctx: Context, cand: Candidate) -> Item | None:
    """Fact card: what happened between X and Y on DATE?"""
    facts = ctx.facts
    twinning = facts.twinnings[cand.subject[0]]
    date = FuzzyDate.parse(cand.subject[1])
    # accepted claims only: a supporting claim would tell the same step twice
    events = [e for e in twinning.events if e.date == date and e.description and e.applies]
    if not events:
        return None
    when = date.end
    lines = []
    for event in events:
        what = _VERBS.get(event.type, event.type.value.replace("_", " "))
        if event.type is EventType.SIGNING and twinning.kind is TwinningKind.POLICY_AGREEMENT:
            what = "the agreement was signed"  # a policy agreement is not a twinning
        cause = f" (cause: {event.cause})" if event.cause else ""
        lines.append(f"{what[0].upper()}{what[1:]}: {sentence(event.description)}{cause}")
    keys = [f"{twinning.id}|{e.type.value}|{date.isoformat()}" for e in events]
    return Item(
        kind=cand.kind,
        difficulty=ctx.difficulty,
        prompt=(
            f"What happened between {facts.label(twinning.a, when)} and "
            f"{facts.label(twinning.b, when)} {'on' if date.day else 'in'} {date.human()}?"
        ),
        answer=" ".join(lines),
        explanation=f"{date.human()}: " + " ".join(lines),
        sources=cites(facts, [e.citation for e in events]),
        topics=cand.topics,
        key=f"{cand.key}|{date.isoformat()}",
        facts=tuple(Recorded("events", key) for key in keys),
    )


def _degrees(value: float, positive: str, negative: str) -> str:
    return f"{abs(value):.2f}° {positive if value >= 0 else negative}"


def _answer_label(facts: Facts, place: str, year: int) -> str:
    """Today's label, with the name the place had in ``year`` when it differed."""
    then, now = facts.name(place, year_end(year)), facts.name(place)
    label = facts.label(place)
    return label if then == now else f"{label}, called {then} in {year}"


def _explain(facts: Facts, twinning: Twinning, year: int | None) -> str:
    if year is None:
        return _linked_text(facts, twinning)
    when = year_end(year)
    text = (
        f"{short_label(facts, twinning.a, when)} and {short_label(facts, twinning.b, when)} became "
        f"{kind_noun(twinning.kind)} in {year}."
    )
    details = [
        sentence(e.description) for e in establishing_events(twinning, year) if e.description
    ]
    return " ".join([text, *details])


def _linked_text(facts: Facts, twinning: Twinning) -> str:
    return (
        f"{facts.label(twinning.a)} and {facts.label(twinning.b)} are {kind_noun(twinning.kind)}."
    )


def _citations(twinning: Twinning, year: int | None) -> list[Citation]:
    """Citations of the establishing events (of the claims, for an undated link)."""
    if year is not None:
        found = [e.citation for e in establishing_events(twinning, year)]
    else:
        found = [c.citation for c in twinning.claims if c.asserted]
    return found or [twinning.citation]
