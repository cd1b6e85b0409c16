"""Registry: opening (create, migrate, fill on first use) and resolving names."""

from __future__ import annotations

from pathlib import Path

import pytest

from twintowns.errors import AmbiguousNameError, NotFoundError
from twintowns.model import (
    Bundle,
    Citation,
    CountryPeriod,
    Place,
    PlaceLevel,
    PlaceName,
    Source,
)
from twintowns.registry import Registry
from twintowns.settings import Settings

CITE = Citation("test")


def place(pid: str, name: str, iso: str, admin: str | None = None, pop: int | None = None) -> Place:
    return Place(
        pid,
        PlaceLevel.CITY,
        (PlaceName(name),),
        (CountryPeriod(iso),),
        admin_area=admin,
        population=pop,
        citation=CITE,
    )


@pytest.fixture
def registry(tmp_path: Path) -> Registry:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'r.sqlite'}", auto_load=False)
    reg = Registry.open(settings)
    reg.load(
        Bundle(
            sources=(Source("test", "Test fixture"),),
            places=(
                place("toledo-es", "Toledo", "ES", "Castile-La Mancha", 85_000),
                place("toledo-us", "Toledo", "US", "Ohio", 270_000),
                place("cambridge-gb", "Cambridge", "GB", "England"),
                place("cambridge-us", "Cambridge", "US", "Massachusetts"),
                place("dusseldorf", "Düsseldorf", "DE"),
            ),
        ),
        action="test",
    )
    return reg


def test_first_open_fills_the_registry(tmp_path: Path) -> None:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'sub' / 'new.sqlite'}")
    registry = Registry.open(settings)
    assert not registry.is_empty()
    assert registry.resolve("Coventry").id == "coventry"  # not Coventry, Rhode Island
    entries = registry.reader.audit_entries()
    assert [(e["action"], e["target"]) for e in entries] == [
        ("load snapshot", "world"),
        ("load bundled curated", "curated"),
    ]
    assert registry.reader.count("twinnings") > 25_000  # the world snapshot came with it
    Registry.open(settings)  # a second open loads nothing more
    assert len(registry.reader.audit_entries()) == 2


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Toledo, Spain", "toledo-es"),
        ("Toledo (Ohio)", "toledo-us"),
        ("toledo, us", "toledo-us"),
        ("Cambridge, England", "cambridge-gb"),
        ("Cambridge, United Kingdom", "cambridge-gb"),
        ("Cambridge, Massachusetts", "cambridge-us"),
        ("DUSSELDORF", "dusseldorf"),
        ("dusseldorf", "dusseldorf"),
        ("toledo-es", "toledo-es"),
    ],
)
def test_resolve(registry: Registry, query: str, expected: str) -> None:
    assert registry.resolve(query).id == expected


def test_ambiguous_name_lists_all_candidates_largest_first(registry: Registry) -> None:
    with pytest.raises(AmbiguousNameError) as info:
        registry.resolve("Toledo")
    assert [c.id for c in info.value.candidates] == ["toledo-us", "toledo-es"]
    assert info.value.candidates[0].country == "US"


def test_unknown_name_suggests_prefixes(registry: Registry) -> None:
    with pytest.raises(NotFoundError, match="did you mean: Cambridge"):
        registry.resolve("Cambr")
    with pytest.raises(NotFoundError):
        registry.resolve("Cambridge, France")


def test_search_puts_exact_matches_first(registry: Registry) -> None:
    assert [p.id for p in registry.search("tol")] == ["toledo-us", "toledo-es"]
    assert registry.search("xyz") == []
