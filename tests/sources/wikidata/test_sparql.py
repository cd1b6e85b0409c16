"""SPARQL results (JSON and CSV) of the shipped query, and fetching them from a local server."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar
from urllib.parse import parse_qs

import pytest

from twintowns.model import EventType, FuzzyDate, RowProblem
from twintowns.sources.wikidata.sparql import WikidataSparqlSource, p190_query
from twintowns.sources.wikidata.wdqs import FetchError, FetchPolicy, fetch_sparql


@pytest.mark.parametrize("suffix", ["json", "csv"])
def test_loader_reads_the_recorded_result(fixtures: Path, suffix: str) -> None:
    problems: list[RowProblem] = []
    source = WikidataSparqlSource(fixtures / f"wdqs_p190_result.{suffix}", snapshot="2023-04-04")
    claims = list(source.claims(problems.append))
    assert source.info.id == "wikidata-sparql-2023-04-04"
    assert len(claims) == 10
    assert [p.line for p in problems] == [11 if suffix == "json" else 12]
    assert "not a Wikidata item" in problems[0].message
    bielefeld = [c for c in claims if c.claimant.qid == "Q2112"]
    assert len(bielefeld) == 8
    assert bielefeld[1].locator == "Q2112$fa2b9dbe-44c4-e3aa-b1b7-6725768477cf"
    assert bielefeld[1].events[0].date == FuzzyDate(1953)  # WDQS writes 1953-01-01, precision 9
    assert sum(len(c.events) for c in bielefeld) == 7
    first = bielefeld[0].claimant
    assert (first.name, first.country_iso, first.population) == ("Bielefeld", "DE", 334002)
    assert first.lat == pytest.approx(52.016666666667)
    assert first.lon == pytest.approx(8.5333333)
    assert "Q1549591" in first.classes
    ended = next(c for c in claims if c.locator == "Q1000001$ended")
    assert [(e.type, e.date) for e in ended.events] == [
        (EventType.SIGNING, FuzzyDate(1991, 8)),
        (EventType.TERMINATION, FuzzyDate(2022, 3, 1)),
    ]
    assert ended.events[1].cause == "Q110999040"
    assert ended.partner.country_iso == "RU"
    julian = next(c for c in claims if c.locator == "Q1000001$julian")
    assert julian.asserted is False
    assert "Julian" in julian.events[0].description


def test_the_query_ships_with_the_package() -> None:
    query = p190_query()
    for needle in ("p:P190", "pqv:P580", "pqv:P582", "pq:P1534", "wdt:P297", "wdt:P1566"):
        assert needle in query


class _Recorded(BaseHTTPRequestHandler):
    """Answers 503 (with Retry-After) the first ``failures`` times, then the recorded file."""

    body = b""
    failures = 1
    seen: ClassVar[list[tuple[str, str, str]]] = []

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", "0"))
        form = parse_qs(self.rfile.read(length).decode())
        type(self).seen.append(
            (self.headers.get("User-Agent", ""), self.headers.get("Accept", ""), form["query"][0])
        )
        if len(type(self).seen) <= type(self).failures:
            self.send_response(503)
            self.send_header("Retry-After", "0")
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server(fixtures: Path) -> Iterator[str]:
    _Recorded.body = (fixtures / "wdqs_p190_result.json").read_bytes()
    _Recorded.seen = []
    _Recorded.failures = 1
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Recorded)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/sparql"
    httpd.shutdown()
    httpd.server_close()


def test_fetch_retries_a_503_then_saves_the_result(server: str, tmp_path: Path) -> None:
    waits: list[float] = []
    out = tmp_path / "result.json"
    size = fetch_sparql(p190_query(), out, endpoint=server, sleep=waits.append)
    assert size == out.stat().st_size > 1000
    assert len(_Recorded.seen) == 2
    agent, accept, query = _Recorded.seen[-1]
    assert agent.startswith("twintowns/")
    assert accept == "application/sparql-results+json"
    assert query == p190_query()
    assert 0.0 in waits  # the server's Retry-After: 0
    assert len(list(WikidataSparqlSource(out).claims(lambda p: None))) == 10


def test_fetch_gives_up_after_its_retries(server: str, tmp_path: Path) -> None:
    _Recorded.failures = 10
    policy = FetchPolicy(retries=2, backoff=0.0, min_interval=0.0)
    with pytest.raises(FetchError, match="HTTP 503"):
        fetch_sparql("SELECT 1", tmp_path / "x.json", endpoint=server, policy=policy)
    assert len(_Recorded.seen) == 3
    assert not (tmp_path / "x.json").exists()
