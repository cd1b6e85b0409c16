"""Plain-text exports: Moodle GIFT and Quizlet-compatible TSV.

GIFT: multiple choice and terminology become multiple-choice questions, true/false become
true/false questions, map questions and short flashcards become short-answer questions, event
cards ("An adoption: Keighley adopted Poix-du-Nord") short-answer questions that also accept
their key phrase anywhere in the reply (``*adoption*``: Moodle's wildcard, case ignored), long
flashcards become essay questions with the answer as general feedback, and ordering questions
become matching questions (each twinning to its position).  Every question is named by its
item id and carries its sources as a comment and in its feedback.  The ``$CATEGORY`` line is
not escaped (Moodle reads it verbatim; a ``/`` would start a sub-category, so it becomes ``-``).

TSV: one ``term<TAB>definition`` line per item, as Quizlet imports it: the question (with its
choices) as the term, the answer, explanation, source and item id as the definition.  Both
cells go through :func:`twintowns.untrusted.csv_cell` (a TSV opens in spreadsheets too).
"""

from __future__ import annotations

import re

from twintowns.learn.deck import Deck
from twintowns.learn.items import Item, ItemKind, back_text
from twintowns.learn.propositions import Recorded
from twintowns.untrusted import csv_cell

_GIFT_SPECIAL = re.compile(r"([~=#{}:\\])")
SHORT_ANSWER = 60  # longest flashcard answer asked as a GIFT short answer


def gift_escape(text: str) -> str:
    """Escape GIFT's special characters (``~ = # { } : \\``) and fold whitespace."""
    return _GIFT_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _sources(item: Item) -> str:
    return "; ".join(s.label() for s in item.sources)


def _feedback(item: Item) -> str:
    return gift_escape(f"{item.explanation} Source: {_sources(item)}")


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _gift_body(item: Item) -> str:
    feedback = _feedback(item)
    if item.choices:
        lines = [f"\t{'=' if c.correct else '~'}{gift_escape(c.text)}" for c in item.choices]
        return "{\n" + "\n".join(lines) + f"\n\t####{feedback}\n}}"
    if item.kind is ItemKind.TRUE_FALSE:
        return f"{{{'TRUE' if item.truth else 'FALSE'}####{feedback}}}"
    if item.order:
        pairs = [f"\t={gift_escape(e.text)} -> {_ordinal(n)}" for n, e in enumerate(item.order, 1)]
        return "{\n" + "\n".join(pairs) + f"\n\t####{feedback}\n}}"
    if item.target is not None:
        accepted = dict.fromkeys([item.target.label, item.target.label.split(" (")[0]])
        return "{" + " ".join(f"={gift_escape(a)}" for a in accepted) + f"####{feedback}}}"
    keys = key_phrases(item)
    if keys:
        whole = [gift_escape(item.answer)] if len(item.answer) <= SHORT_ANSWER else []
        answers = whole + keys  # the explanation (feedback) says the whole answer
        return "{" + " ".join(f"={a}" for a in answers) + f"####{feedback}}}"
    if len(item.answer) <= SHORT_ANSWER:
        accepted = dict.fromkeys([item.answer, item.answer.split(" (")[0]])
        return "{" + " ".join(f"={gift_escape(a)}" for a in accepted) + f"####{feedback}}}"
    return f"{{####{gift_escape(item.answer)} {feedback}}}"


def key_phrases(item: Item) -> list[str]:
    """The key phrases of an event card, each as a GIFT answer accepted anywhere in a reply
    (``*adoption*``, ``*signed*``); none for other items.  An event card's answer says each
    recorded event as "Key phrase: what the source says"; the key is that phrase without its
    article, and of "the link was suspended" only the verb."""
    events = [f for f in item.facts if isinstance(f, Recorded) and f.table == "events"]
    if item.kind is not ItemKind.FLASHCARD or not events or len(events) != len(item.facts):
        return []
    found = []
    for line in re.findall(r"(?:^|\s)([A-Z][\w ]{2,40}?): ", item.answer):
        words = line.lower().split()
        if words[0] in ("a", "an", "the"):
            words = words[1:]
        core = words[-1:] if "was" in words else words
        found.append(f"*{gift_escape(' '.join(core))}*")
    return list(dict.fromkeys(found))[: len(events)]


def category_line(name: str) -> str:
    """The ``$CATEGORY`` line of a deck: the name as written (whitespace folded), a ``/``
    turned into ``-`` (it would start a sub-category)."""
    return f"$CATEGORY: $course$/twintowns/{' '.join(name.replace('/', '-').split())}"


def _gift_prompt(item: Item) -> str:
    if item.order:
        return item.prompt + " Match each twinning with its position."
    if item.target is not None:
        return item.prompt + " Name the place and its country."
    return item.prompt


def to_gift(deck: Deck) -> str:
    """The deck as a Moodle GIFT file.

    Parameters
    ----------
    deck:
        A built deck.

    Returns
    -------
    str
        GIFT text: a category line, then one question per item.
    """
    out = [
        f"// {deck.name}: {len(deck.items)} items generated by twintowns from sourced facts",
        category_line(deck.name),
        "",
    ]
    for item in deck.items:
        out.append(f"// item {item.id} ({item.kind.value}, {item.difficulty.value})")
        out.append(f"// source: {' '.join(_sources(item).split())}")
        out.append(f"::{item.id}::{gift_escape(_gift_prompt(item))}{_gift_body(item)}")
        out.append("")
    return "\n".join(out)


def _cell(text: str) -> str:
    folded: str = csv_cell(" ".join(text.replace("\t", " ").split()))
    return folded


def _tsv_term(item: Item) -> str:
    if item.choices:
        letters = "ABCDEFGH"
        options = " ".join(f"{letters[n]}) {c.text}" for n, c in enumerate(item.choices))
        return f"{item.prompt} {options}"
    if item.kind is ItemKind.TRUE_FALSE:
        return f"True or false? {item.prompt}"
    if item.order:
        return f"{item.prompt} " + " | ".join(sorted(e.text for e in item.order))
    return item.prompt


def to_tsv(deck: Deck) -> str:
    """The deck as Quizlet-compatible TSV (no header; one card per line).

    Parameters
    ----------
    deck:
        A built deck.

    Returns
    -------
    str
        ``term<TAB>definition`` lines.
    """
    lines = []
    for item in deck.items:
        definition = f"{back_text(item)} Source: {_sources(item)} [item {item.id}]"
        lines.append(f"{_cell(_tsv_term(item))}\t{_cell(definition)}")
    return "\n".join(lines) + "\n"
