"""``twintowns learn deck`` in every format, and flags.

The Anki package is opened as what it is (a zip holding an SQLite collection) and its notes
are read back; the PDFs are rendered to PNG with poppler's ``pdftoppm`` (Debian
``poppler-utils``: the test fails, never skips, when it is missing).
"""

from __future__ import annotations

import html
import json
import re
import shutil
import sqlite3
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import genanki
import pytest
from PIL import Image
from typer.testing import Result

from twintowns.learn.export_anki import FLASHCARD_MODEL, QUESTION_MODEL, stable_id
from twintowns.learn.html_page import quiz_page
from twintowns.sources.curated import load_curated

Invoke = Callable[..., Result]
HEX_ID = re.compile(r"^[0-9a-f]{16}$")


def deck_json(invoke: Invoke, tmp_path: Path, *args: str) -> dict[str, Any]:
    out = tmp_path / "deck.json"
    result = invoke("learn", "deck", *args, "-o", str(out))
    assert result.exit_code == 0, result.output
    loaded: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return loaded


def anki_notes(apkg: Path, tmp_path: Path) -> tuple[list[tuple[str, str, str]], dict[str, Any]]:
    with zipfile.ZipFile(apkg) as archive:
        assert "collection.anki2" in archive.namelist()
        archive.extract("collection.anki2", tmp_path)
    with sqlite3.connect(tmp_path / "collection.anki2") as conn:
        notes = conn.execute("SELECT guid, flds, tags FROM notes").fetchall()
        models = json.loads(conn.execute("SELECT models FROM col").fetchone()[0])
    return notes, models


def test_apkg_holds_30_history_notes_with_their_sources(invoke: Invoke, tmp_path: Path) -> None:
    apkg = tmp_path / "twinning.apkg"
    result = invoke("learn", "deck", "--topic", "history", "--count", "30", "-o", str(apkg))
    assert result.exit_code == 0, result.output
    notes, models = anki_notes(apkg, tmp_path)
    # History items cite the curated sources: the founding article or, for the 2022 wave, a
    # press report (escaped as the note's HTML escapes them).
    raw = [s.title for s in load_curated().sources]
    titles = {*raw, *(html.escape(t) for t in raw), *(t.replace('"', "&quot;") for t in raw)}
    assert len(notes) == 30
    assert {int(m) for m in models} <= {stable_id(QUESTION_MODEL), stable_id(FLASHCARD_MODEL)}
    ids = []
    for guid, fields, tags in notes:
        item_id, *rest = fields.split("\x1f")
        assert HEX_ID.match(item_id)
        assert guid == genanki.guid_for(item_id)  # re-imports update the same notes
        source = next(f for f in rest if f.startswith("Source: "))
        assert "Learning-pack test fixture" in source or any(t in source for t in titles), source
        assert "twintowns" in tags.split()
        assert "history" in tags.split()
        ids.append(item_id)
    again = tmp_path / "again.apkg"
    invoke("learn", "deck", "--topic", "history", "--count", "30", "-o", str(again))
    (tmp_path / "collection.anki2").unlink()
    assert [n[0] for n in anki_notes(again, tmp_path)[0]] == [n[0] for n in notes]


def test_gift_tsv_json_and_html(invoke: Invoke, tmp_path: Path) -> None:
    data = deck_json(invoke, tmp_path, "--count", "40", "--seed", "3")
    items = data["items"]
    assert len(items) == 40
    assert all(i["sources"] for i in items)
    for fmt in ("gift", "tsv", "html"):
        result = invoke("learn", "deck", "--count", "40", "--seed", "3", "-o",
                        str(tmp_path / f"deck.{fmt}"))  # fmt: skip
        assert result.exit_code == 0, result.output
    gift = (tmp_path / "deck.gift").read_text(encoding="utf-8")
    for item in items:
        assert f"::{item['id']}::" in gift
    assert gift.count("// source: ") == 40
    assert gift.count("{") - gift.count("\\{") == gift.count("}") - gift.count("\\}")
    tsv = (tmp_path / "deck.tsv").read_text(encoding="utf-8").splitlines()
    assert len(tsv) == 40
    assert all(line.count("\t") == 1 for line in tsv)
    assert all("Source: " in line and "[item " in line for line in tsv)
    page = (tmp_path / "deck.html").read_text(encoding="utf-8")
    assert "<script src" not in page
    assert "<link" not in page
    embedded = re.search(r'<script id="quiz-data" type="application/json">(.*?)</script>', page)
    assert embedded is not None
    assert [i["id"] for i in json.loads(embedded.group(1))["items"]] == [i["id"] for i in items]


def test_html_page_cannot_be_broken_by_item_text() -> None:
    quiz = {"title": "</script><b>x", "seed": 0, "items": [{"prompt": "</script>"}]}
    page = quiz_page(quiz)
    assert page.count("</script>") == 2  # the data block and the code block only
    assert "<b>x" not in page


def non_white_fraction(png: Path) -> float:
    image = Image.open(png).convert("L")
    dark = sum(image.histogram()[:200])  # pixels darker than light grey
    return dark / (image.width * image.height)


def render_first_pages(pdf: Path, pages: int) -> list[Path]:
    tool = shutil.which("pdftoppm")
    if tool is None:
        pytest.fail("pdftoppm is missing: install Debian's poppler-utils "
                    "(apt-get install poppler-utils)", pytrace=False)  # fmt: skip
    prefix = pdf.with_suffix("")
    subprocess.run([tool, "-r", "40", "-png", "-f", "1", "-l", str(pages), str(pdf), str(prefix)],
                   check=True)  # fmt: skip
    return sorted(pdf.parent.glob(f"{prefix.name}-*.png"))


@pytest.mark.parametrize("fmt", ["pdf", "cards"])
def test_pdf_renders_and_first_pages_are_not_blank(
    invoke: Invoke, tmp_path: Path, fmt: str
) -> None:
    pdf = tmp_path / f"sheet-{fmt}.pdf"
    result = invoke("learn", "deck", "--count", "20", "--format", fmt, "-o", str(pdf))
    assert result.exit_code == 0, result.output
    assert pdf.read_bytes().startswith(b"%PDF")
    pngs = render_first_pages(pdf, 2)
    assert len(pngs) == 2
    for png in pngs:  # worksheet and answer key / card fronts and backs
        assert non_white_fraction(png) > 0.005, png


def test_flagged_items_are_listed_and_left_out(invoke: Invoke, tmp_path: Path) -> None:
    items = deck_json(invoke, tmp_path, "--count", "20", "--seed", "7")["items"]
    wrong, ambiguous = items[0], items[1]
    result = invoke("learn", "flag", wrong["id"], "--reason", "wrong", "--note", "bad year")
    assert result.exit_code == 0, result.output
    assert invoke("learn", "flag", ambiguous["id"], "--reason", "ambiguous").exit_code == 0
    listed = json.loads(invoke("learn", "flags", "--json").stdout)
    assert [(f["item_id"], f["reason"]) for f in listed] == [
        (wrong["id"], "wrong"), (ambiguous["id"], "ambiguous"),
    ]  # fmt: skip
    assert listed[0]["prompt"] == wrong["prompt"]
    assert listed[0]["note"] == "bad year"
    assert "Sister city" in listed[0]["sources"] or "fixture" in listed[0]["sources"]
    assert "2 flagged items" in invoke("learn", "flags").stdout
    again = deck_json(invoke, tmp_path, "--count", "20", "--seed", "7")["items"]
    ids = {i["id"] for i in again}
    assert wrong["id"] not in ids
    assert ambiguous["id"] not in ids
    assert wrong["key"] not in {i["key"] for i in again}  # "wrong" keeps its fact out


def test_an_unknown_id_is_flagged_by_id_with_a_warning(invoke: Invoke) -> None:
    result = invoke("learn", "flag", "0123456789abcdef", "--reason", "ambiguous")
    assert result.exit_code == 0, result.output
    assert "not found" in result.output
    listed = json.loads(invoke("learn", "flags", "--json").stdout)
    assert [(f["item_id"], f["prompt"]) for f in listed] == [("0123456789abcdef", None)]


def test_bad_input_fails_with_a_message(invoke: Invoke, tmp_path: Path) -> None:
    bad_id = invoke("learn", "flag", "zz", "--reason", "wrong")
    assert bad_id.exit_code == 2
    assert "not an item id" in bad_id.output
    assert invoke("learn", "flag", "0123456789abcdef", "--reason", "maybe").exit_code == 2
    nowhere = invoke("learn", "deck", "--topic", "Atlantis", "-o", str(tmp_path / "x.apkg"))
    assert nowhere.exit_code == 2
    suffix = invoke("learn", "deck", "-o", str(tmp_path / "deck.docx"))
    assert suffix.exit_code == 2
    assert "--format" in suffix.output
    count = invoke("learn", "deck", "--count", "0", "-o", str(tmp_path / "x.apkg"))
    assert count.exit_code == 2
    level = invoke("learn", "deck", "--difficulty", "extreme", "-o", str(tmp_path / "x.apkg"))
    assert level.exit_code == 2
    assert "--difficulty" in level.output
