"""The HTML report (twintowns.analysis.report): it opens, and every section holds content
computed from the loaded registry."""

from __future__ import annotations

import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from twintowns.analysis import RegistryData, ReportOptions, build_report, load_data, write_report
from twintowns.errors import InputError
from twintowns.model import (
    Bundle,
    Citation,
    Claim,
    Place,
    PlaceLevel,
    PlaceName,
    Source,
    Twinning,
    TwinningKind,
    pair_key,
)
from twintowns.registry import Registry
from twintowns.settings import Settings

SECTIONS = (
    "data",
    "summary",
    "rankings",
    "countries",
    "geography",
    "homophily",
    "history",
    "quality",
)


class _Parsed(HTMLParser):
    """Collects section ids, table row counts and inline figures."""

    def __init__(self) -> None:
        super().__init__()
        self.sections: list[str] = []
        self.rows: dict[str, int] = {}
        self.svgs: dict[str, int] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "section":
            self.sections.append(dict(attrs)["id"] or "")
        elif self.sections and tag in ("tr", "svg"):
            counter = self.rows if tag == "tr" else self.svgs
            counter[self.sections[-1]] = counter.get(self.sections[-1], 0) + 1


def sections(html: str) -> dict[str, str]:
    """The text of each section by id."""
    found = re.findall(r'<section id="([^"]+)">(.*?)</section>', html, flags=re.S)
    return {key: re.sub(r"<[^>]+>", " ", body) for key, body in found}


@pytest.fixture(scope="module")
def report(six_data: RegistryData) -> str:
    return build_report(six_data, ReportOptions(seeds=3))


def test_report_opens_with_every_section(report: str) -> None:
    parsed = _Parsed()
    parsed.feed(report)
    parsed.close()
    assert report.startswith("<!DOCTYPE html>")
    assert tuple(parsed.sections) == SECTIONS
    for key in SECTIONS:
        assert parsed.rows.get(key, 0) >= 2, f"section {key} has no table rows"
    for key in ("summary", "countries", "geography"):
        assert parsed.svgs.get(key, 0) >= 1, f"section {key} has no figure"
    assert parsed.svgs.get("history", 0) == 0  # 7 dated twinnings: no over-time figure
    assert not re.search(r'<(script|link|img)[^>]+(src|href)="https?:', report)  # self-contained


def test_every_section_shows_the_loaded_data(report: str, six_data: RegistryData) -> None:
    text = sections(report)
    fingerprint = six_data.snapshot.fingerprint
    assert all(fingerprint in text[key] for key in SECTIONS)  # every table is traceable
    assert "six-towns" in text["data"]
    assert "CC0-1.0" in text["data"]
    assert "14,274" in text["summary"]  # KONECT's figure beside ours...
    assert "0.375" in text["summary"]  # ...our transitivity, 3/8
    assert "Not shown: only 7 of 9 twinnings dated (77.78%)" in text["summary"]  # < 100 dated
    assert "Power law:" in text["summary"]
    assert "wikidata_only" in text["summary"]
    assert "History (7 of 9 twinnings dated (77.78%))" in text["history"]
    assert "Decade plot not shown: only 7 of 9 twinnings dated" in text["history"]
    assert "degree + country pairs" in text["geography"]
    assert "toledo-es" in text["rankings"]
    assert "Gamma" in text["rankings"]
    assert "connected by a chain of twinnings? yes" in text["countries"]
    assert "Cannot tell: only 6 twinnings" in text["geography"]
    assert "Same-name pairs: 1" in text["homophily"]
    assert "beta--paused" in text["history"]
    assert "2022-02-24" in text["history"]
    assert "epsilon--toledo-es" in text["quality"]


def test_the_forked_sections_equal_the_in_process_ones(report: str, six_data: RegistryData) -> None:
    alone = build_report(six_data, ReportOptions(seeds=3, fork=False))
    assert sections(alone) == sections(report)  # the intro's timestamp aside


def test_a_child_that_dies_leaves_the_work_to_the_parent() -> None:
    from twintowns.analysis import forked

    def build() -> int:
        if os.getpid() != parent:
            os._exit(3)  # the child dies without an answer
        return 42

    parent = os.getpid()
    assert forked.start(build)() == 42


def test_report_options_are_checked(six_data: RegistryData) -> None:
    with pytest.raises(InputError):
        build_report(six_data, ReportOptions(seeds=0))


@pytest.mark.slow
def test_report_on_the_2016_crawl(tmp_path: Path, crawl_pairs: list[tuple[str, str]]) -> None:
    source = Source("crawl-2016", "Wikidata P190 crawl 2016", licence="CC0-1.0")
    cite = Citation(source.id)
    ids = sorted({q for pair in crawl_pairs for q in pair})
    pairs = sorted({pair_key(a, b) for a, b in crawl_pairs if a != b})
    said = set(crawl_pairs)
    bundle = Bundle(
        sources=(source,),
        places=tuple(Place(q, PlaceLevel.CITY, (PlaceName(q),), citation=cite) for q in ids),
        twinnings=tuple(
            Twinning(
                a,
                b,
                TwinningKind.TWIN_TOWN,
                cite,
                claims=tuple(Claim(x, y, cite) for x, y in ((a, b), (b, a)) if (x, y) in said),
            )
            for a, b in pairs
        ),
        dataset="crawl-2016",
    )
    registry = Registry.open(
        Settings(database_url=f"sqlite:///{tmp_path / 'c.sqlite'}", auto_load=False)
    )
    registry.load(bundle, action="load crawl")
    data = load_data(registry)
    assert (data.snapshot.places, data.snapshot.twinnings) == (10_055, 17_401)
    path = write_report(registry, tmp_path / "crawl.html", ReportOptions(seeds=3))
    text = sections(path.read_text(encoding="utf-8"))
    assert "10,055" in text["summary"]
    assert "17,401" in text["summary"]
    assert "Q656" in text["rankings"]  # Sankt Petersburg
    assert "Cannot tell" in text["geography"]  # the crawl has no coordinates
    assert "one-sided links" in text["quality"]
