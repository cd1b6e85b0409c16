"""Fact-check sheet of the learning pack (issue 21): 60 seeded items with their evidence.

Run: ``.venv/bin/python benchmarks/fact_check.py [--count 60] [--seed 21] [--database URL]``

Builds a deck (all topics, mixed difficulty, every item kind) from the curated + world registry
(a fresh SQLite registry filled with the bundled data unless ``--database`` names one) and
prints each item as a person checks it: the question, the offered answers with the one marked
right, the answer and explanation, and the evidence -- for every cited source its title,
publisher, publication date, URL and locator (for the curated press reports a short quote), and
for every twinning the item names, the registry's claims about it as stored (type, date,
standing, source) so a disputed step shows its competing claims.  The counts of wrong and
ambiguous items are the reader's verdicts, recorded in benchmarks/README.md with the command.
"""

from __future__ import annotations

import argparse
import re
import tempfile
from pathlib import Path

from twintowns.learn import DeckSpec, Facts, Item, build_deck, load_facts
from twintowns.model import Twinning, twinning_id
from twintowns.registry import Registry
from twintowns.settings import Settings


def _registry(url: str | None) -> Registry:
    if url is None:
        url = f"sqlite:///{Path(tempfile.mkdtemp(prefix='factcheck-')) / 'registry.sqlite'}"
    return Registry.open(Settings(database_url=url))


def _twinnings(facts: Facts, item: Item) -> list[Twinning]:
    """Twinnings the item is about: its key, its recorded facts and its ordering entries."""
    keys = set(re.findall(r"[a-z0-9-]+--[a-z0-9-]+", item.key))
    props = [item.statement, *(c.proposition for c in item.choices), *item.facts]
    props += [e.proposition for e in item.order]
    for prop in props:
        a, b = getattr(prop, "a", None), getattr(prop, "b", None)
        if isinstance(a, str) and isinstance(b, str) and a != b:
            keys.add(twinning_id(a, b))
        key = getattr(prop, "key", None)
        if isinstance(key, str):
            keys.add(key.split("|")[0])
    return [facts.twinnings[k] for k in sorted(keys) if k in facts.twinnings]


def _evidence(facts: Facts, item: Item) -> list[str]:
    lines = []
    for cite in item.sources:
        source = facts.sources.get(cite.source_id)
        published = source.published.isoformat() if source and source.published else "undated"
        publisher = source.publisher if source and source.publisher else "?"
        lines.append(f"    source: {cite.title} — {publisher} — published {published}")
        lines.append(f"            {cite.url or '(no URL)'} — at: {cite.locator or '-'}")
    for twinning in _twinnings(facts, item)[:6]:
        lines.append(f"    registry {twinning.id} ({twinning.kind.value}):")
        for event in twinning.events:
            when = event.date.isoformat() if event.date else "undated"
            lines.append(
                f"      {when} {event.type.value} [{event.standing.value}] "
                f"{event.description[:90]} <{event.citation.source_id}>"
            )
        if not twinning.events:
            claims = sorted({c.citation.source_id for c in twinning.claims})
            lines.append(f"      (no dated events) claimed by {', '.join(claims)}")
    return lines


def show(facts: Facts, number: int, item: Item) -> str:
    """One item as the checker reads it."""
    lines = [
        f"[{number}] {item.kind.value} ({item.difficulty.value}) id {item.id}",
        f"  Q: {item.prompt}",
    ]
    for choice in item.choices:
        lines.append(f"     {'*' if choice.correct else '-'} {choice.text}")
    if item.truth is not None:
        lines.append(f"  statement is {'TRUE' if item.truth else 'FALSE'}")
    lines.append(f"  A: {item.answer}")
    lines.append(f"  E: {item.explanation}")
    return "\n".join(lines + _evidence(facts, item))


def main() -> None:
    """Print the sheet."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=60)
    parser.add_argument("--seed", type=int, default=21)
    parser.add_argument("--database", default=None)
    args = parser.parse_args()
    facts = load_facts(_registry(args.database))
    deck = build_deck(facts, DeckSpec(count=args.count, seed=args.seed))
    for number, item in enumerate(deck.items, 1):
        print(show(facts, number, item), end="\n\n")
    kinds: dict[str, int] = {}
    for item in deck.items:
        kinds[item.kind.value] = kinds.get(item.kind.value, 0) + 1
    print(
        f"{len(deck.items)} items (seed {args.seed}): "
        + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items()))
    )


if __name__ == "__main__":
    main()
