"""The atlas in five languages: every catalogue holds every key of the English one with the same
placeholders, and every key the page uses exists; in Debian's chromium the page starts in the
browser's language, switches language from the toolbar (and remembers it), shows the
registry's names of places in the chosen language, and ``?lang=`` overrides both.
Screenshots of the German atlas go to ``test-artifacts/``."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from atlas_page import open_atlas, screenshot, serious_violations, wait_until
from playwright.sync_api import Browser, Page, expect

STATIC = Path(__file__).resolve().parents[2] / "src" / "twintowns" / "api" / "static"
LANGS = ("en", "fr", "de", "es", "ja")
HOLE = re.compile(r"\{(\w+)\}")


def catalogue(lang: str) -> dict[str, object]:
    """The message catalogue of ``lang``."""
    found = json.loads((STATIC / "i18n" / f"{lang}.json").read_text(encoding="utf-8"))
    assert isinstance(found, dict)
    return found


def holes(message: object) -> set[str]:
    """The placeholders of a message (of all its plural forms)."""
    forms = message.values() if isinstance(message, dict) else [message]
    return {hole for form in forms for hole in HOLE.findall(str(form))}


@pytest.mark.parametrize("lang", LANGS[1:])
def test_every_catalogue_has_every_key_with_its_placeholders(lang: str) -> None:
    english, other = catalogue("en"), catalogue(lang)
    assert set(other) == set(english), set(other) ^ set(english)
    for key, message in english.items():
        if key == "_meta":
            continue
        assert holes(other[key]) == holes(message), key
        if isinstance(other[key], dict):
            assert "other" in other[key], key  # the form every language has


def test_every_key_the_page_uses_is_in_the_catalogue() -> None:
    english = catalogue("en")
    used: set[str] = set()
    html = (STATIC / "index.html").read_text(encoding="utf-8")
    # the atlas's own scripts (the studio and the game carry their English in studio-i18n.js)
    for name in re.findall(r'<script src="/static/([\w-]+\.js)"', html):
        text = (STATIC / name).read_text(encoding="utf-8")
        used |= set(re.findall(r'\bt\("([^"]+)"', text))
        used |= set(re.findall(r'plural\([^,()]+, "([^"]+)"', text))
    used |= set(re.findall(r'data-i18n="([^"]+)"', html))
    for pairs in re.findall(r'data-i18n-attr="([^"]+)"', html):
        used |= {pair.split("=")[1] for pair in pairs.split(";")}
    assert len(used) > 100
    assert used - set(english) == set()


def test_names_route_gives_tagged_names_and_refuses_other_languages(base_url: str) -> None:
    with urllib.request.urlopen(f"{base_url}/atlas/names/de.json") as reply:
        body = json.loads(reply.read())
    assert body["lang"] == "de"
    assert body["names"]["volgograd"] == "Wolgograd"
    assert "coventry" not in body["names"]  # no German name of its own: the default stays
    assert {"text": "Partnerstadt", "kind": "partner_town"}.items() <= body["terms"][0].items()
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"{base_url}/atlas/names/xx.json")
    assert 400 <= refused.value.code < 500


@pytest.fixture
def german(browser: Browser) -> Iterator[Page]:
    """A page in a browser whose language is German; its JavaScript errors fail the test."""
    context = browser.new_context(viewport={"width": 1400, "height": 850}, locale="de-DE")
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    yield opened
    context.close()
    assert not errors, errors


def test_starts_in_the_browsers_language_and_switches(german: Page, base_url: str) -> None:
    open_atlas(german, base_url)
    wait_until(german, "document.body.dataset.lang === 'de'")
    assert german.evaluate("document.documentElement.lang") == "de"
    expect(german.locator("#stats")).to_contain_text("Partnerschaften gezeichnet")
    expect(german.locator("#table-open")).to_have_text("Tabelle")
    expect(german.locator("#search")).to_have_attribute("placeholder", "Ort suchen…")
    assert german.locator("#lang").input_value() == "de"
    # the registry's German names, and its German term for twinning in the footer
    german.goto(f"{base_url}/#place=coventry")
    wait_until(german, "document.querySelector('#panel h2') !== null")
    volgograd = german.locator('#panel [data-partner="volgograd"] .head button')
    expect(volgograd).to_have_text("Wolgograd")
    expect(german.locator("#panel .partner .status").first).to_have_text(
        re.compile("aktiv|ausgesetzt|beendet|vorgeschlagen|unbekannt")
    )
    expect(german.locator("#attribution")).to_contain_text("Partnerstadt")
    assert serious_violations(german) == []
    screenshot(german, "atlas-de-desktop")
    # switch to Japanese from the toolbar: the page is rewritten without a reload
    german.select_option("#lang", "ja")
    wait_until(german, "document.body.dataset.lang === 'ja'")
    expect(german.locator("#stats")).to_contain_text("件の提携を表示")
    expect(german.locator("#panel h3").first).to_have_text("出典")
    expect(german.locator("#table-open")).to_have_text("表")
    # the choice is remembered over the browser's language; ?lang= overrides both
    german.reload()
    wait_until(german, "document.body.dataset.lang === 'ja'")
    german.goto(f"{base_url}/?lang=fr#place=coventry")
    wait_until(german, "document.body.dataset.lang === 'fr'")
    wait_until(german, "document.querySelector('#panel h2') !== null")
    expect(german.locator("#panel h3").first).to_have_text("Sources")
    expect(german.locator("#menu .menu-label")).to_have_text("filtres")


def test_german_phone_screenshot(browser: Browser, base_url: str) -> None:
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, device_scale_factor=3, is_mobile=True,
        has_touch=True, locale="de-DE",
    )  # fmt: skip
    phone = context.new_page()
    try:
        open_atlas(phone, f"{base_url}/#place=coventry")
        wait_until(phone, "document.body.dataset.lang === 'de'")
        wait_until(phone, "document.querySelector('#panel h2') !== null")
        expect(phone.locator("#stats")).to_contain_text("Partnerschaften gezeichnet")
        fits = "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
        assert phone.evaluate(fits), "the German page scrolls sideways on a phone"
        screenshot(phone, "atlas-de-phone")
    finally:
        context.close()


def test_every_key_the_studio_and_game_use_has_its_english() -> None:
    """The studio's lookup falls back to its built-in English: every key it asks for has one."""
    built_in = set(
        re.findall(r'^\s*"([\w.]+)":', (STATIC / "studio-i18n.js").read_text("utf-8"), re.M)
    )
    used: set[str] = set()
    for name in ("studio.js", "game.js"):
        used |= set(re.findall(r'\bt\("([^"]+)"', (STATIC / name).read_text(encoding="utf-8")))
    assert len(used) > 30
    assert used - built_in == set()


def test_the_studio_and_game_words_are_in_every_catalogue() -> None:
    """The studio's built-in English is the English catalogue's, and its language choices are
    the catalogues' (the parity test above then holds every language to every key)."""
    text = (STATIC / "studio-i18n.js").read_text("utf-8")
    built_in = dict(re.findall(r'^\s*"([\w.]+)": "(.*)",$', text, re.M))
    english = catalogue("en")
    assert len(built_in) > 90
    assert {k: english.get(k) for k in built_in} == built_in
    html = (STATIC / "studio.html").read_text("utf-8")
    assert set(re.findall(r'<option value="(\w\w)">', html)) == set(LANGS)
    for lang in LANGS[1:]:
        other = catalogue(lang)
        translated = [k for k in built_in if other[k] != built_in[k]]
        assert len(translated) > 0.9 * len(built_in), lang  # not English copied over


def test_the_living_registry_words_are_translated() -> None:
    """account.js, living.js and living-fixes.js (sign-in, proposals, corrections, history,
    resolutions) speak every language: their keys are in the catalogues (the page test above)
    and translated."""
    used: set[str] = set()
    for name in ("account.js", "living.js", "living-fixes.js"):
        used |= set(re.findall(r'\bt\("([^"]+)"', (STATIC / name).read_text(encoding="utf-8")))
    assert len(used) > 50
    english = catalogue("en")
    assert used - set(english) == set()
    for lang in LANGS[1:]:
        other = catalogue(lang)
        same = [k for k in used if other[k] == english[k] and "{" not in str(english[k])]
        assert len(same) <= 3, (lang, same)


def test_the_studio_speaks_the_chosen_language(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/studio?lang=ja")
    wait_until(page, "document.body.dataset.ready === '1'")
    expect(page.locator("h1")).to_have_text("教師用スタジオ")
    expect(page.locator("#build-heading")).to_have_text("1. 作成")
    page.select_option("#lang", "fr")
    expect(page.locator("h1")).to_have_text("Atelier de l'enseignant")
