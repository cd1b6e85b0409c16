"""The curated loader: every malformed input is reported with its file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from twintowns.errors import DataFileError
from twintowns.sources.curated import load_curated

HEADER = (
    "sources:\n  - {id: s, title: T}\n"
    "places:\n  - {id: x, level: town, names: [{text: X}], cite: s}\n"
)


def write(tmp_path: Path, text: str) -> Path:
    (tmp_path / "a.yaml").write_text(text, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    ("body", "line", "fragment"),
    [
        ("  - {id: y, level: megacity, names: [{text: Y}], cite: s}\n", 5, "level"),
        ("  - {id: y, level: town, names: [{text: Y}], cite: nobody}\n", 5, "unknown source"),
        ("  - {id: y, level: town, names: [{text: Y}], country: XQ, cite: s}\n", 5, "XQ"),
        ("  - {id: x, level: town, names: [{text: Y}], cite: s}\n", 5, "duplicate place 'x'"),
        ("  - {id: y, level: town, names: [{text: Y, from: 1961-13}], cite: s}\n", 5, "month 13"),
        ("  - {id: y, level: town, names: [], cite: s}\n", 5, "names"),
        ("  - {id: y, level: town, names: [{text: Y}], cite: s, extra: 1}\n", 5, "extra"),
    ],
)
def test_bad_place_rows(tmp_path: Path, body: str, line: int, fragment: str) -> None:
    folder = write(tmp_path, HEADER + body)
    with pytest.raises(DataFileError) as info:
        load_curated(folder)
    assert info.value.line == line
    assert info.value.path == str(folder / "a.yaml")
    assert fragment in str(info.value)


def test_twinning_claim_by_a_third_place_is_rejected(tmp_path: Path) -> None:
    text = HEADER + (
        "  - {id: y, level: town, names: [{text: Y}], cite: s}\n"
        "  - {id: z, level: town, names: [{text: Z}], cite: s}\n"
        "twinnings:\n"
        "  - pair: [x, y]\n"
        "    kind: twin_town\n"
        "    cite: s\n"
        "    claims: [{by: z}]\n"
    )
    with pytest.raises(DataFileError) as info:
        load_curated(write(tmp_path, text))
    assert info.value.line == 8
    assert "not a side" in str(info.value)


def test_self_twinning_is_rejected(tmp_path: Path) -> None:
    text = HEADER + "twinnings:\n  - {pair: [x, x], kind: twin_town, cite: s}\n"
    with pytest.raises(DataFileError, match="itself"):
        load_curated(write(tmp_path, text))


def test_duplicate_twinning_in_either_order_is_rejected(tmp_path: Path) -> None:
    text = HEADER + (
        "  - {id: y, level: town, names: [{text: Y}], cite: s}\n"
        "twinnings:\n"
        "  - {pair: [x, y], kind: twin_town, cite: s}\n"
        "  - {pair: [y, x], kind: sister_city, cite: s}\n"
    )
    with pytest.raises(DataFileError) as info:
        load_curated(write(tmp_path, text))
    assert info.value.line == 8
    assert "duplicate twinning 'x--y'" in str(info.value)


def test_invalid_yaml_and_duplicate_keys(tmp_path: Path) -> None:
    with pytest.raises(DataFileError) as info:
        load_curated(write(tmp_path, HEADER + "  - {id: [unclosed\n"))
    assert info.value.line is not None
    with pytest.raises(DataFileError, match="duplicate key 'id'") as dup:
        load_curated(write(tmp_path, "sources:\n  - id: s\n    id: t\n    title: T\n"))
    assert dup.value.line == 3


def test_empty_or_missing_directory(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match=r"no \*\.yaml"):
        load_curated(tmp_path)
    with pytest.raises(DataFileError, match="not found"):
        load_curated(tmp_path / "nowhere")


def test_inherited_citations(tmp_path: Path) -> None:
    text = HEADER + (
        "  - {id: y, level: town, names: [{text: Y}], cite: s Section 2}\n"
        "twinnings:\n"
        "  - pair: [y, x]\n"
        "    kind: twin_town\n"
        "    cite: s History\n"
        "    reasons: [peace]\n"
        "    events: [{type: signing, date: 1950}]\n"
    )
    bundle = load_curated(write(tmp_path, text))
    twinning = bundle.twinnings[0]
    assert (twinning.a, twinning.b) == ("x", "y")
    assert twinning.events[0].citation.locator == "History"
    assert twinning.reasons[0].citation.locator == "History"
    assert bundle.places[1].names[0].citation is not None
    assert bundle.places[1].names[0].citation.locator == "Section 2"


def test_error_names_the_line_of_the_bad_value(tmp_path: Path) -> None:
    text = HEADER + (
        "  - {id: y, level: town, names: [{text: Y}], cite: s}\n"
        "twinnings:\n"
        "  - pair: [x, y]\n"
        "    kind: twin_town\n"
        "    cite: s\n"
        "    events:\n"
        "      - type: signing\n"
        "        description: fine\n"
        "        date: 1944-02-30\n"
    )
    with pytest.raises(DataFileError) as info:
        load_curated(write(tmp_path, text))
    assert info.value.line == 13


def test_a_second_file_adds_ranked_claims_to_a_pair_the_first_holds(tmp_path: Path) -> None:
    write(
        tmp_path,
        HEADER + "  - {id: y, level: town, names: [{text: Y}], cite: s}\n"
        "twinnings:\n"
        "  - pair: [x, y]\n"
        "    kind: twin_town\n"
        "    cite: s\n"
        "    events: [{type: suspension, date: 2022-02-22, step: pause}]\n",
    )
    (tmp_path / "b.yaml").write_text(
        "sources:\n  - {id: r, title: Report, published: 2022-03-23}\n"
        "events:\n"
        "  - {pair: [y, x], type: suspension, date: 2022-03, step: pause, cite: r quote}\n",
        encoding="utf-8",
    )
    (twinning,) = load_curated(tmp_path).twinnings
    standings = {e.citation.source_id: e.standing.value for e in twinning.events}
    assert standings == {"s": "disputed", "r": "accepted"}  # a dated report beats an undated one


def test_claims_for_a_pair_no_file_holds_are_rejected(tmp_path: Path) -> None:
    text = HEADER + (
        "  - {id: y, level: town, names: [{text: Y}], cite: s}\n"
        "events:\n"
        "  - {pair: [x, y], type: suspension, date: 2022, cite: s}\n"
    )
    with pytest.raises(DataFileError) as info:
        load_curated(write(tmp_path, text))
    assert "no curated twinning holds" in str(info.value)
    assert info.value.line == 7
