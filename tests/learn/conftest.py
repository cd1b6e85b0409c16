"""Fixtures of the learning-pack tests: one SQLite registry per session holding the curated
facts plus a handcrafted bundle of tricky cases, its facts, and a CLI runner bound to it.

The handcrafted bundle adds what the curated facts lack or hold only once: two places with
the same name (Springfield), an undated one-sided link cited to a world-data-like source, a
circa-dated link, a link begun in two steps in different years, and a suspension followed by
a resumption.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner, Result

from support.cli import Invoke
from twintowns.cli.learn import learn_app
from twintowns.learn import Facts, load_facts
from twintowns.model import (
    Bundle,
    Citation,
    Claim,
    Coordinates,
    CountryPeriod,
    Event,
    EventType,
    FuzzyDate,
    Place,
    PlaceLevel,
    PlaceName,
    Source,
    Twinning,
    TwinningKind,
)
from twintowns.registry import Registry
from twintowns.settings import Settings
from twintowns.sources.curated import load_curated

FIXTURE_SOURCE = Source(
    "learn-fixture",
    "Learning-pack test fixture",
    publisher="twintowns tests",
    url="https://example.org/learn-fixture",
)
CITE = Citation("learn-fixture", "case")


def _place(
    pid: str, name: str, iso: str, lat: float, lon: float, admin: str | None = None
) -> Place:
    return Place(
        pid, PlaceLevel.TOWN, (PlaceName(name),), (CountryPeriod(iso),), admin_area=admin,
        coordinates=Coordinates(lat, lon), citation=CITE,
    )  # fmt: skip


def _event(kind: EventType, date: str | None, text: str) -> Event:
    return Event(kind, FuzzyDate.parse(date) if date else None, CITE, text)


def fixture_bundle() -> Bundle:
    """The tricky cases, as one dataset."""
    places = (
        _place("lf-alpha", "Alphaville", "FR", 45.0, 4.0),
        _place("lf-beta", "Betastadt", "DE", 50.0, 9.0),
        _place("lf-gamma", "Gammano", "IT", 43.0, 12.0),
        _place("lf-delta", "Deltaviejo", "ES", 40.0, -4.0),
        _place("lf-epsilon", "Epsilonów", "PL", 52.0, 19.0),
        _place("lf-springfield-il", "Springfield", "US", 39.8, -89.6, "Illinois"),
        _place("lf-springfield-ma", "Springfield", "US", 42.1, -72.6, "Massachusetts"),
    )
    twinnings = (
        Twinning("lf-alpha", "lf-beta", TwinningKind.TWIN_TOWN, CITE, events=(
            _event(EventType.SIGNING, "1960", "Signed"),
            _event(EventType.SUSPENSION, "1999-03", "Suspended over a dispute"),
            _event(EventType.RESUMPTION, "2005", "Resumed"),
        )),
        Twinning("lf-alpha", "lf-springfield-il", TwinningKind.UNSPECIFIED, CITE, claims=(
            Claim("lf-alpha", "lf-springfield-il", CITE),
        )),
        Twinning("lf-delta", "lf-gamma", TwinningKind.TWIN_TOWN, CITE, events=(
            _event(EventType.SIGNING, "~1970", "About 1970"),
        )),
        Twinning("lf-epsilon", "lf-gamma", TwinningKind.PARTNER_TOWN, CITE, events=(
            _event(EventType.INFORMAL_LINK, "1962", "Informal link"),
            _event(EventType.SIGNING, "1965", "Signed"),
        )),
        Twinning("lf-delta", "lf-springfield-ma", TwinningKind.UNSPECIFIED, CITE, claims=(
            Claim("lf-delta", "lf-springfield-ma", CITE),
            Claim("lf-springfield-ma", "lf-delta", CITE),
        )),
    )  # fmt: skip
    return Bundle(
        sources=(FIXTURE_SOURCE,), places=places, twinnings=twinnings, dataset="learn-fixture"
    )


@pytest.fixture(scope="session")
def fixture_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A registry file with the curated facts and the tricky cases (built once)."""
    path = tmp_path_factory.mktemp("learn") / "fixture.sqlite"
    registry = Registry.open(Settings(database_url=f"sqlite:///{path}", auto_load=False))
    registry.load(load_curated(), action="test")
    registry.load(fixture_bundle(), action="test")
    registry.engine.dispose()
    return path


@pytest.fixture(scope="session")
def fixture_registry(fixture_db: Path) -> Registry:
    """The session's fixture registry (read-only use)."""
    return Registry.open(Settings(database_url=f"sqlite:///{fixture_db}", auto_load=False))


@pytest.fixture(scope="session")
def facts(fixture_registry: Registry) -> Facts:
    """The fixture registry's facts."""
    return load_facts(fixture_registry)


@pytest.fixture
def registry_copy(fixture_db: Path, tmp_path: Path) -> Registry:
    """A private copy of the fixture registry, for tests that write (flags)."""
    path = tmp_path / "registry.sqlite"
    shutil.copy(fixture_db, path)
    return Registry.open(Settings(database_url=f"sqlite:///{path}", auto_load=False))


def make_app(database_url: str) -> typer.Typer:
    """``twintowns`` with the ``learn`` group, as the main app wires it, over one database."""
    app = typer.Typer()
    app.add_typer(learn_app, name="learn")

    @app.callback()
    def _main(ctx: typer.Context) -> None:
        ctx.obj = Settings(database_url=database_url, auto_load=False)

    return app


@pytest.fixture
def invoke(registry_copy: Registry) -> Invoke:
    """Run ``twintowns learn ...`` against a private copy of the fixture registry."""
    app = make_app(registry_copy.engine.url.render_as_string(hide_password=False))
    runner = CliRunner()

    def run(*args: str) -> Result:
        return runner.invoke(app, list(args), catch_exceptions=False)

    return run
