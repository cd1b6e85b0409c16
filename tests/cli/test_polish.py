"""What a new user sees: events name their actor, source references read in order."""

from __future__ import annotations

import json
import re

from support.cli import Invoke


def test_events_name_the_actor_not_its_id(invoke: Invoke) -> None:
    result = invoke("events", "--type", "suspension,termination", "--json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    brest = next(r for r in rows if r["event"]["actor"] == "brest-by")
    assert brest["actor_name"] == "Brest"
    human = invoke("events", "--type", "suspension,termination")
    assert human.exit_code == 0
    assert "brest-by" not in human.stdout
    assert "Białystok" in human.stdout
    assert "bialystok;" not in human.stdout


def test_source_references_are_listed_in_order(invoke: Invoke) -> None:
    result = invoke("show", "Coventry")
    assert result.exit_code == 0, result.output
    cells = re.findall(r"((?:\[\d+\] ?){2,})", result.stdout)
    assert cells, result.stdout
    for cell in cells:
        numbers = [int(n) for n in re.findall(r"\[(\d+)\]", cell)]
        assert numbers == sorted(numbers), cell
