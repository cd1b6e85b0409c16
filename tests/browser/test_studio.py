"""The teacher's studio in Debian's chromium (issue 23) on the curated registry: build a
20-item course on history and terminology, remove two items, reword one question, add one,
save; export the exam PDF (rendered to PNG with pdftoppm; no answer on the question pages)
and the Anki deck (opened as zip + SQLite); open the game link and finish it, the picture
uncovered and the story told.  Saving asks a signed-out teacher to sign in first (a course
belongs to an account), and the session survives a reload.  axe finds no serious violation on
the studio or the game, and the whole path from build to sign-in and export works from the
keyboard alone."""

from __future__ import annotations

import re
import shutil
import sqlite3
import subprocess
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from atlas_page import ARTIFACTS, serious_violations, wait_until
from playwright.sync_api import Page, expect

from support.living import PASSWORD
from support.server import serve_app
from twintowns import accounts
from twintowns.accounts import Role
from twintowns.api import create_app
from twintowns.registry import Registry
from twintowns.settings import Settings
from twintowns.sources.curated import load_curated

SHOTS = ARTIFACTS  # copied by hand into docs/ (studio.png, studio-exam-page.png, studio-game.png)
CLASS = "Class question: "  # the wording edit: a prefix, the question itself unchanged
FOCUSED = "document.activeElement"


@pytest.fixture(scope="module")
def studio_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The studio over a curated registry with a teacher's account (a contributor)."""
    database = tmp_path_factory.mktemp("studio") / "registry.sqlite"
    settings = Settings(database_url=f"sqlite:///{database}", auto_load=False)
    registry = Registry.open(settings)
    registry.load(load_curated(), action="load curated for the studio test")
    accounts.add_user(registry.engine, "teacher", PASSWORD, actor="test")
    accounts.grant_role(registry.engine, "teacher", Role.CONTRIBUTOR, actor="test")
    registry.engine.dispose()
    yield from serve_app(create_app(settings))


def sign_in_to_save(page: Page) -> None:
    """Save while signed out: the page asks to sign in, then saves."""
    page.click("#save")
    expect(page.locator("#signin")).to_be_visible()
    expect(page.locator("#status")).to_contain_text("Sign in to save the course")
    assert page.evaluate(f"{FOCUSED}.id") == "signin-name"
    page.fill("#signin-name", "teacher")
    page.fill("#signin-password", PASSWORD)
    page.click("#signin-go")
    expect(page.locator("#account-who")).to_contain_text("Signed in as teacher")
    expect(page.locator("#signin")).to_be_hidden()


def open_studio(page: Page, base_url: str) -> None:
    page.set_viewport_size({"width": 1100, "height": 900})
    page.goto(f"{base_url}/studio")
    wait_until(page, "document.body.dataset.ready === '1'")


def settled(page: Page, items: int) -> None:
    """Wait for the preview to come back with ``items`` items."""
    wait_until(page, f"!document.body.dataset.busy && document.body.dataset.items === '{items}'")


def build(page: Page) -> None:
    page.fill("#name", "Twinning: history and words")
    expect(page.locator("input[name=topic][value=history]")).to_be_checked()
    expect(page.locator("input[name=topic][value=terminology]")).to_be_checked()
    page.fill("#count", "20")
    page.fill("#seed", "7")
    page.click("#build-go")
    settled(page, 20)


def origins(page: Page) -> list[str]:
    return [
        str(o)
        for o in page.locator("#items > li").evaluate_all("l => l.map(n => n.dataset.origin)")
    ]


def normal(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def pdf_pages(path: Path) -> list[str]:
    """The text of every page of a PDF (pdftotext, page by page)."""
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    count = int(re.search(r"Pages:\s+(\d+)", info.stdout).group(1))  # type: ignore[union-attr]
    return [
        normal(subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), str(path), "-"],
                              capture_output=True, text=True, check=True).stdout)
        for n in range(1, count + 1)
    ]  # fmt: skip


def check_exam(
    page: Page, href: str, tmp_path: Path, items: list[dict[str, object]], edited: str
) -> None:
    """The exam PDF: questions first, the answer key on pages of its own, rendered to PNG."""
    response = page.request.get(href)
    assert response.ok, response.text()
    pdf = tmp_path / "exam.pdf"
    pdf.write_bytes(response.body())
    pages = pdf_pages(pdf)
    key_at = next(n for n, text in enumerate(pages) if "Answer key" in text)
    questions = " ".join(pages[:key_at])
    assert key_at >= 1
    assert normal(edited) in questions
    for item in items:  # no explanation (the answer's sentence) on a question page
        explanation = normal(str(item["explanation"]))[:60]
        if explanation and explanation not in normal(str(item["prompt"])):
            assert explanation not in questions, explanation
    assert "Answer key" not in questions
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(tmp_path / "exam")], check=True)
    pngs = sorted(tmp_path.glob("exam-*.png"))
    assert len(pngs) == len(pages)
    assert all(p.read_bytes().startswith(b"\x89PNG") for p in pngs)
    SHOTS.mkdir(exist_ok=True)
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(pdf),
                    str(SHOTS / "studio-exam-page")], check=True)  # fmt: skip


def check_anki(page: Page, href: str, tmp_path: Path, count: int, edited: str) -> None:
    response = page.request.get(href)
    assert response.ok, response.text()
    package = tmp_path / "course.apkg"
    package.write_bytes(response.body())
    with zipfile.ZipFile(package) as archive:
        (tmp_path / "collection.sqlite").write_bytes(archive.read("collection.anki2"))
    with sqlite3.connect(tmp_path / "collection.sqlite") as db:
        notes = [row[0] for row in db.execute("SELECT flds FROM notes")]
    assert len(notes) == count
    assert any(edited in note for note in notes)


def play(page: Page, link: str) -> None:
    """Finish the game, answering every question right (the answers are on the page)."""
    page.goto(link)
    wait_until(page, "document.body.dataset.ready === '1'")
    assert page.evaluate("document.body.dataset.revealed") == "0"
    for _ in range(200):
        if page.locator("#next").count():
            page.click("#next")
            if page.evaluate("document.body.dataset.complete === '1'"):
                break
            continue
        if page.locator("#card button[data-action=show]").count():
            page.click("#card button[data-action=show]")
        page.click("#card button[data-right='1']")
    wait_until(page, "document.body.dataset.complete === '1'")
    assert page.evaluate("document.body.dataset.revealed") == "100"
    expect(page.locator("#story")).to_be_visible()
    expect(page.locator("#story-lines li").first).to_be_visible()
    expect(page.locator("#trophies [data-trophy=complete]")).to_be_visible()
    assert page.locator(".tile:not(.revealed)").count() == 0


def test_build_edit_export_and_play(page: Page, studio_url: str, tmp_path: Path) -> None:
    base_url = studio_url
    open_studio(page, base_url)
    build(page)
    first = origins(page)
    assert len(first) == 20
    page.click(f"button[data-action=remove][data-origin='{first[0]}']")
    settled(page, 19)
    page.click(f"button[data-action=remove][data-origin='{first[1]}']")
    settled(page, 18)
    target = page.locator("#items > li[data-kind=multiple_choice]").first.get_attribute(
        "data-origin"
    )
    prompt = page.locator(f"#items > li[data-origin='{target}'] .prompt").text_content()
    edited = CLASS + str(prompt)
    page.click(f"button[data-action=edit][data-origin='{target}']")
    page.fill("#edit-prompt", edited)
    page.click("form.editor button[type=submit]")
    wait_until(page, "!document.body.dataset.busy && !document.querySelector('form.editor')")
    expect(page.locator(f"#items > li[data-origin='{target}'] .prompt")).to_have_text(edited)
    page.click("#spares-box summary")
    spare = page.locator("#spares button[data-action=add]").first
    added = spare.get_attribute("data-origin")
    assert added not in first  # the spares beyond the 20 come before the removed ones
    spare.click()
    settled(page, 19)
    assert origins(page)[-1] == added
    assert first[0] not in origins(page)
    assert first[1] not in origins(page)
    sign_in_to_save(page)
    expect(page.locator("#outputs")).to_be_visible()
    expect(page.locator("#save-state")).to_contain_text("version 1")
    assert serious_violations(page) == []
    page.locator("#items-heading").scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "studio.png"))
    course_id = page.evaluate("new URLSearchParams(location.hash.slice(1)).get('course')")
    course = page.request.get(f"{base_url}/learn/courses/{course_id}").json()
    assert course["version"] == 1
    assert len(course["items"]) == 19
    items = [entry["item"] for entry in course["items"]]
    exam = page.locator("a[data-export=exam_a]").get_attribute("href")
    check_exam(page, f"{base_url}{exam}", tmp_path, items, edited)
    anki = page.locator("a[data-export=apkg]").get_attribute("href")
    check_anki(page, f"{base_url}{anki}", tmp_path, 19, edited)
    come_back(page, base_url, str(course_id))
    link = page.locator("#share-url").text_content()
    assert link
    assert link.endswith(f"/play/{course_id}")
    play(page, link)
    assert serious_violations(page) == []
    page.screenshot(path=str(SHOTS / "studio-game.png"), full_page=True)


def come_back(page: Page, base_url: str, course_id: str) -> None:
    """Reopen the saved course (the session survives the reload: no new sign-in) and save a
    second version."""
    page.goto("about:blank")
    page.goto(f"{base_url}/studio#course={course_id}")
    wait_until(page, "document.body.dataset.ready === '1'")
    settled(page, 19)
    assert page.evaluate("document.body.dataset.account") == "signed-in"
    expect(page.locator("#account-who")).to_contain_text("teacher")
    expect(page.locator("#name")).to_have_value("Twinning: history and words")
    expect(page.locator("#seed")).to_have_value("7")
    page.fill("#name", "Twinning: history and words, term 2")
    page.click("#save")
    expect(page.locator("#save-state")).to_contain_text("version 2")
    expect(page.locator("#signin")).to_be_hidden()
    expect(page.locator("#outputs")).to_be_visible()
    question = page.locator("#items > li[data-kind=multiple_choice]").nth(1)
    wrong = question.locator(".choices li:not(.correct)").first.text_content()
    question.locator("button[data-action=edit]").click()
    page.fill("#edit-answer", str(wrong))
    page.click("form.editor button[type=submit]")
    wait_until(page, "!document.body.dataset.busy && !document.querySelector('form.editor')")
    expect(page.locator("#items > li.flagged .flag")).to_contain_text("registry's answer")
    expect(page.locator("#outputs")).to_be_hidden()  # no export until it is fixed
    expect(page.locator("#save-state")).to_contain_text("Fix the flagged items")


def tab_to(page: Page, selector: str, limit: int = 600) -> None:
    """Press Tab until the keyboard is on ``selector``'s first element."""
    for _ in range(limit):
        if page.evaluate(f"{FOCUSED} === document.querySelector({selector!r})"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def test_keyboard_only_from_build_to_export(page: Page, studio_url: str) -> None:
    open_studio(page, studio_url)
    tab_to(page, "#name")
    page.keyboard.press("Control+A")
    page.keyboard.type("Keyboard course")
    tab_to(page, "#count")
    page.keyboard.press("Control+A")
    page.keyboard.type("6")
    tab_to(page, "#build-go")
    page.keyboard.press("Enter")
    settled(page, 6)
    assert page.evaluate(f"{FOCUSED}.id") == "items-heading"
    tab_to(page, "#items button[data-action=remove]")
    page.keyboard.press("Enter")
    settled(page, 5)
    assert page.evaluate(f"{FOCUSED}.dataset.action") == "remove"  # focus stays in the list
    tab_to(page, "#items button[data-action=edit]")
    page.keyboard.press("Enter")
    assert page.evaluate(f"{FOCUSED}.id") == "edit-prompt"
    page.keyboard.press("Control+A")
    page.keyboard.type("A question typed from the keyboard?")
    tab_to(page, "form.editor button[type=submit]")
    page.keyboard.press("Enter")
    wait_until(page, "!document.body.dataset.busy && !document.querySelector('form.editor')")
    tab_to(page, "#save")
    page.keyboard.press("Enter")
    expect(page.locator("#signin")).to_be_visible()
    assert page.evaluate(f"{FOCUSED}.id") == "signin-name"  # asked to sign in first
    page.keyboard.type("teacher")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.locator("#outputs")).to_be_visible()
    tab_to(page, "a[data-export=tsv]")
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    path = download.value.path()
    assert "A question typed from the keyboard?" in path.read_text(encoding="utf-8")


def test_pdftoppm_is_installed() -> None:
    assert shutil.which("pdftoppm"), "install Debian's poppler-utils"
