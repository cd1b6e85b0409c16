"""Items about words and institutions: what each country calls a twinning (Partnerstadt,
友好城市, города-побратимы), where a term is used, and cards for networks and rules.
"""

from __future__ import annotations

from collections.abc import Iterator

from twintowns.learn.common import Candidate, Context, cites, sentence
from twintowns.learn.distractors import shuffled
from twintowns.learn.facts import Facts
from twintowns.learn.items import Choice, Item, ItemKind
from twintowns.learn.propositions import Recorded, TermUsed
from twintowns.learn.regions import country_name, is_country, region_label, tokens
from twintowns.learn.truth import Truth, evaluate
from twintowns.model import Network, Rule, Standing, Term, normalise_name

_LANGUAGES = {
    "en": "English", "es": "Spanish", "de": "German", "pl": "Polish", "cs": "Czech",
    "fr": "French", "it": "Italian", "nl": "Dutch", "el": "Greek", "is": "Icelandic",
    "ru": "Russian", "zh": "Chinese", "ja": "Japanese",
}  # fmt: skip


def _term_topics(term: Term) -> tuple[str, ...]:
    return tuple(
        sorted({"terminology", *(f"country:{t}" for t in tokens(term.region) if is_country(t))})
    )


def term_candidates(facts: Facts) -> Iterator[Candidate]:
    """Candidates of the terminology builders: a card per term, and questions per region."""
    for index, term in enumerate(facts.terms):
        key = f"term:{normalise_name(term.text)}"
        topics = _term_topics(term)
        yield Candidate("term_card", key, ItemKind.FLASHCARD, topics, (str(index),))
        yield Candidate("term_where", key, ItemKind.TERMINOLOGY, topics, (str(index),))
        for region in tokens(term.region):
            subject = (str(index), region)
            yield Candidate("term_in_region", key, ItemKind.TERMINOLOGY, topics, subject)


def institution_candidates(facts: Facts) -> Iterator[Candidate]:
    """Cards for networks and institutions, and for rules."""
    for network in facts.networks:
        topics = ["networks", *([f"country:{network.country}"] if network.country else [])]
        yield Candidate(
            "network_card", f"network:{network.id}", ItemKind.FLASHCARD, tuple(topics),
            (network.id,),
        )  # fmt: skip
    for rule in facts.rules:
        if rule.standing is not Standing.ACCEPTED:
            continue  # one card per rule, from its best-attested account, never a disputed one
        tag = "politics" if rule.country else "networks"
        topics = [tag, *([f"country:{rule.country}"] if rule.country else [])]
        yield Candidate(
            "rule_card", f"rule:{rule.id}", ItemKind.FLASHCARD, tuple(topics), (rule.id,)
        )


def _display(term: Term) -> str:
    return f"{term.text} ({term.transliteration})" if term.transliteration else term.text


def _describe(term: Term) -> str:
    parts = []
    if term.literal:
        parts.append(f"literally “{term.literal}”")
    if term.kind is not None:
        parts.append(f"denotes a {term.kind.value.replace('_', ' ')}")
    if term.region:
        parts.append("used in " + ", ".join(region_label(t) for t in tokens(term.region)))
    text = "; ".join(parts)
    note = sentence(term.note) if term.note else ""
    return " ".join(x for x in (sentence(text[:1].upper() + text[1:]), note) if x)


def term_card(ctx: Context, cand: Candidate) -> Item | None:
    """Flashcard: a term and its language -> its meaning, kind and region."""
    term = ctx.facts.terms[int(cand.subject[0])]
    language = _LANGUAGES.get(term.lang, term.lang)
    return Item(
        kind=cand.kind,
        difficulty=ctx.difficulty,
        prompt=f"What does the {language} term “{_display(term)}” mean"
        + (", and where is it used?" if term.region else "?"),
        answer=_describe(term),
        explanation=_describe(term),
        sources=cites(ctx.facts, [term.citation]),
        topics=cand.topics,
        key=cand.key,
        facts=(Recorded("terms", term.text),),
    )


def _other_terms(facts: Facts, term: Term) -> list[Term]:
    seen = {normalise_name(term.text)}
    out = []
    for other in facts.terms:
        norm = normalise_name(other.text)
        if norm not in seen:
            seen.add(norm)
            out.append(other)
    return out


def term_in_region(ctx: Context, cand: Candidate) -> Item | None:
    """Multiple choice: which of these terms is used in COUNTRY (or REGION)?"""
    facts = ctx.facts
    term, region = facts.terms[int(cand.subject[0])], cand.subject[1]
    rng = ctx.rng("term_in_region", term.text, region)
    pool = [
        t
        for t in _other_terms(facts, term)
        if evaluate(facts, TermUsed(t.text, region)) is Truth.FALSE
    ]
    if len(pool) < ctx.n_choices - 1:
        return None
    others = rng.sample(pool, ctx.n_choices - 1)
    by_text = {t.text: t for t in [term, *others]}
    choices = tuple(
        Choice(_display(by_text[text]), TermUsed(text, region), text == term.text)
        for text in shuffled(rng, list(by_text))
    )
    where = region_label(region)
    return Item(
        kind=cand.kind,
        difficulty=ctx.difficulty,
        prompt=f"Which of these terms for twinned towns is used in {where}?",
        answer=_display(term),
        explanation=f"“{term.text}”: {_describe(term)}",
        sources=cites(facts, [term.citation]),
        topics=cand.topics,
        key=cand.key,
        choices=choices,
    )


def term_where(ctx: Context, cand: Candidate) -> Item | None:
    """Multiple choice: where is the term T used?  (Countries and regions as choices.)"""
    facts = ctx.facts
    term = facts.terms[int(cand.subject[0])]
    own = tokens(term.region)
    if len(own) != 1:
        return None  # several right answers
    rng = ctx.rng("term_where", term.text)
    regions = sorted({t for other in facts.terms for t in tokens(other.region)} - set(own))
    pool = [r for r in regions if evaluate(facts, TermUsed(term.text, r)) is Truth.FALSE]
    if len(pool) < ctx.n_choices - 1:
        return None
    offered = shuffled(rng, [own[0], *rng.sample(pool, ctx.n_choices - 1)])
    choices = tuple(Choice(region_label(r), TermUsed(term.text, r), r == own[0]) for r in offered)
    return Item(
        kind=cand.kind,
        difficulty=ctx.difficulty,
        prompt=f"Where is the term “{_display(term)}” used for twinned towns?",
        answer=region_label(own[0]),
        explanation=f"“{term.text}”: {_describe(term)}",
        sources=cites(facts, [term.citation]),
        topics=cand.topics,
        key=cand.key,
        choices=choices,
    )


def _network_text(network: Network) -> str:
    extra = []
    if network.founded is not None:
        extra.append(f"founded {network.founded.human()}")
    if network.country:
        extra.append(country_name(network.country))
    suffix = f" ({', '.join(extra)})" if extra else ""
    return f"{network.name}{suffix}: {sentence(network.description or network.kind.value)}"


def network_card(ctx: Context, cand: Candidate) -> Item | None:
    """Flashcard: what is NETWORK?"""
    network = next(n for n in ctx.facts.networks if n.id == cand.subject[0])
    return Item(
        kind=cand.kind,
        difficulty=ctx.difficulty,
        prompt=f"What is {network.name}?",
        answer=_network_text(network),
        explanation=_network_text(network),
        sources=cites(ctx.facts, [network.citation]),
        topics=cand.topics,
        key=cand.key,
        facts=(Recorded("networks", network.id),),
    )


def _rule_prompt(facts: Facts, rule: Rule) -> str:
    if rule.country:
        return f"Which rule does {country_name(rule.country)} impose on twinnings?"
    network = next((n for n in facts.networks if n.id == rule.network_id), None)
    name = network.name if network else "this network"
    return f"Which rule governs {name}?"


def rule_card(ctx: Context, cand: Candidate) -> Item | None:
    """Flashcard: which rule does COUNTRY / NETWORK impose?"""
    rule = next(r for r in ctx.facts.rules if r.id == cand.subject[0])
    since = f" (since {rule.since.human()})" if rule.since else ""
    return Item(
        kind=cand.kind,
        difficulty=ctx.difficulty,
        prompt=_rule_prompt(ctx.facts, rule),
        answer=sentence(rule.text) + since,
        explanation=sentence(rule.text) + since,
        sources=cites(ctx.facts, [rule.citation]),
        topics=cand.topics,
        key=cand.key,
        facts=(Recorded("rules", rule.id),),
    )
