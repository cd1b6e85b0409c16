"""Reloads under load: readers of a real server (uvicorn on a loopback port) never see an
error or a torn state while the registry is reloaded again and again.

The registry alternates between two states: the curated facts (A), and the same plus a place
``reload-town`` twinned with Coventry (B).  Every answer names the snapshot it came from
(``X-Twintowns-Version``); a torn read would show as a version whose answers disagree
(Coventry's count of twinnings, its partners, the twinning total, whether ``reload-town``
exists), or as an error (the 500s of issue 11: a twinning whose place was not read).
"""

from __future__ import annotations

import dataclasses
import threading
import time
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from support.server import serve_app
from twintowns.api import create_app
from twintowns.model import Bundle
from twintowns.paths import in_force
from twintowns.registry import Registry
from twintowns.settings import Settings
from twintowns.sources.curated import load_curated

READERS = 6
SECONDS = 6.0
RELOAD_EVERY = 0.25


def state_b(bundle: Bundle) -> Bundle:
    """State B: the curated facts plus ``reload-town``, twinned with Coventry (a copy of a
    twinning of Coventry's in force today, so that ``/path`` links them)."""
    first = next(t for t in bundle.twinnings if "coventry" in (t.a, t.b) and in_force(t))
    model = next(p for p in bundle.places if p.id == first.partner_of("coventry"))
    town = dataclasses.replace(model, id="reload-town", wikidata=None, geonames=None)
    twinning = dataclasses.replace(first, a="coventry", b="reload-town", claims=())
    return dataclasses.replace(
        bundle, places=(*bundle.places, town), twinnings=(*bundle.twinnings, twinning)
    )


def serve(settings: Settings) -> Iterator[str]:
    """Serve the app over ``settings`` with uvicorn in a thread; yield its base URL."""
    yield from serve_app(create_app(settings))


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """A curated registry of the test's own, checked for writes every 50 ms."""
    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'registry.sqlite'}",
        auto_load=False,
        refresh_seconds=0.05,
    )
    registry = Registry.open(settings)
    registry.load(load_curated(), action="load curated")
    registry.engine.dispose()
    return settings


@dataclasses.dataclass
class Seen:
    """What the readers saw: per version, each answer's reading of the state."""

    states: dict[str, set[tuple[str, object]]] = dataclasses.field(
        default_factory=lambda: defaultdict(set)
    )
    errors: list[str] = dataclasses.field(default_factory=list)
    reads: int = 0
    lock: threading.Lock = dataclasses.field(default_factory=threading.Lock)

    def note(self, version: str, what: str, value: object) -> None:
        with self.lock:
            self.states[version].add((what, value))
            self.reads += 1

    def error(self, text: str) -> None:
        with self.lock:
            self.errors.append(text)


@dataclasses.dataclass(frozen=True)
class Expected:
    """State B's figures: the curated facts' plus one (``reload-town``)."""

    twinnings: int
    coventry: int

    @classmethod
    def of(cls, plus: Bundle) -> Expected:
        ends = [(t.a, t.b) for t in plus.twinnings]
        return cls(len(ends), sum("coventry" in pair for pair in ends))


def read_once(client: httpx.Client, seen: Seen, expected: Expected) -> None:
    """One round of reads, each reduced to "is this state B?" under its version."""
    place = client.get("/places/coventry")
    partners = client.get("/places/coventry/twinnings")
    page = client.get("/twinnings", params={"limit": 500})
    town = client.get("/places/reload-town")
    chain = client.get("/path", params={"from": "Coventry", "to": "reload-town"})
    config = client.get("/atlas/config.json")
    for response in (place, partners, page, config):
        if response.status_code != 200:
            seen.error(f"{response.request.url}: {response.status_code} {response.text[:200]}")
            return
    for response in (town, chain):
        if response.status_code not in (200, 404):
            seen.error(f"{response.request.url}: {response.status_code} {response.text[:200]}")
            return
    items = page.json()["items"]
    if page.json()["total"] != len(items):
        seen.error(f"/twinnings total {page.json()['total']} but {len(items)} items")
    if config.json()["version"] != config.headers["x-twintowns-version"]:
        seen.error("/atlas/config.json: body and header name different snapshots")
    partner_ids = {p["partner_id"] for p in partners.json()["partners"]}
    observations = [
        (place, "coventry's count is B's", place.json()["twinnings"] == expected.coventry),
        (partners, "reload-town is a partner", "reload-town" in partner_ids),
        (partners, "coventry's partners are B's", len(partner_ids) == expected.coventry),
        (page, "the twinning count is B's", len(items) == expected.twinnings),
        (page, "a twinning names reload-town", any(t["b"] == "reload-town" for t in items)),
        (town, "reload-town exists", town.status_code == 200),
        (chain, "a chain reaches reload-town", chain.status_code == 200),
    ]
    for response, what, value in observations:
        seen.note(response.headers["x-twintowns-version"], what, value)


def enough(seen: Seen) -> bool:
    """Enough reads over enough snapshots to judge."""
    with seen.lock:
        return seen.reads > 100 and len(seen.states) >= 3


def test_reloads_under_load_give_no_error_and_no_torn_read(settings: Settings) -> None:
    full = load_curated()
    plus = state_b(full)
    seen = Seen()
    stop = threading.Event()

    expected = Expected.of(plus)
    assert expected.twinnings < 500  # one page holds them all

    def reader(base: str) -> None:
        with httpx.Client(base_url=base, timeout=30) as client:
            while not stop.is_set():
                try:
                    read_once(client, seen, expected)
                except httpx.HTTPError as exc:
                    seen.error(f"transport: {exc!r}")

    reloads = 0
    for base in serve(settings):
        threads = [threading.Thread(target=reader, args=(base,)) for _ in range(READERS)]
        for thread in threads:
            thread.start()
        registry = Registry.open(settings)
        # at least SECONDS, and until enough reads over several snapshots (a loaded machine
        # reads slowly), within a bound
        began = time.monotonic()
        while time.monotonic() - began < SECONDS or not enough(seen):
            assert time.monotonic() - began < 180, f"too slow: {seen.reads} reads"
            registry.load(plus if reloads % 2 == 0 else full, action="reload under load")
            reloads += 1
            time.sleep(RELOAD_EVERY)
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
        registry.engine.dispose()

    assert seen.errors == []
    assert reloads >= 5
    assert seen.reads > 100
    # the readers saw both states, through several swaps
    assert len(seen.states) >= 3
    for version, facts in seen.states.items():
        values = {value for _what, value in facts}
        assert len(values) == 1, (version, sorted(facts, key=str))
