"""The learning pack: flashcards, quizzes, worksheets and a map game generated from the
registry's sourced facts.

Every item is built from registry facts (twinnings and their dated events, terms, networks,
rules), re-checked against them (one right answer; true/false statements as the registry has
them) and carries the citations of the facts it came from.  Flagged items are left out.

Typical use::

    facts = load_facts(registry)
    deck = build_deck(facts, DeckSpec(topics=(parse_topic(registry, "history"),), count=30))
    write_deck(deck, Path("twinning.apkg"))
"""

from twintowns.learn.deck import Deck, DeckSpec, build_deck, find_item
from twintowns.learn.facts import Facts, load_facts
from twintowns.learn.flags import FlagReason, exclusions, flag_item, list_flags
from twintowns.learn.items import Difficulty, Item, ItemKind, ItemSource
from twintowns.learn.topics import Topic, parse_topic
from twintowns.learn.truth import Truth, evaluate

__all__ = [
    "Deck",
    "DeckSpec",
    "Difficulty",
    "Facts",
    "FlagReason",
    "Item",
    "ItemKind",
    "ItemSource",
    "Topic",
    "Truth",
    "build_deck",
    "evaluate",
    "exclusions",
    "find_item",
    "flag_item",
    "list_flags",
    "load_facts",
    "parse_topic",
]
