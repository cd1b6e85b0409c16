"""Registry: opening (create, migrate, fill on first use) and resolving names."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from twintowns.errors import AmbiguousNameError, InputError, NotFoundError
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
from twintowns.resolve.names import is_code
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


# --- names as people know them, on the bundled world registry (issue 12) ---


@pytest.fixture(scope="module")
def world(bundled_registry_file: Path) -> Registry:
    """The bundled registry (curated + world snapshot); these tests only read it."""
    return Registry.open(Settings(database_url=f"sqlite:///{bundled_registry_file}"))


@pytest.mark.parametrize(
    ("query", "title"),
    [
        ("München", "Munich"),
        ("munchen", "Munich"),
        ("Мюнхен", "Munich"),  # another script
        ("東京", "Tokyo"),  # a curated place, found by the gazetteer's names of it
        ("Kiev", "Kyiv"),  # the old spelling finds the city, not the region GeoNames calls Kiev
        ("Kyiv", "Kyiv"),
        ("New York", "New York City"),
        ("dusseldorf", "Düsseldorf"),
        ("Coventry", "Coventry"),
        ("Paris", "Paris"),
    ],
)
def test_world_lookups(world: Registry, query: str, title: str) -> None:
    assert world.resolve(query).name() == title


def test_bare_names_mean_the_prominent_place(world: Registry) -> None:
    assert world.resolve("Coventry").country() == "GB"
    assert world.resolve("Paris").country() == "FR"
    assert world.resolve("New York").level is PlaceLevel.CITY


@pytest.mark.parametrize(
    ("query", "first", "then"),
    [("Coventry", "GB", "US"), ("Paris", "FR", "US")],
)
def test_search_ranks_namesakes_by_prominence(
    world: Registry, query: str, first: str, then: str
) -> None:
    found = [p for p in world.search(query) if p.name() == query]
    assert [p.country() for p in found[:2]] == [first, then]


def test_search_in_any_language(world: Registry) -> None:
    assert world.search("東京")[0].name() == "Tokyo"
    assert world.search("dusseldorf")[0].name() == "Düsseldorf"
    assert world.search("Muenchen")[0].name() == "Munich"
    assert world.search("東") == []  # CJK matches whole names only


def test_a_typo_gets_a_did_you_mean(world: Registry) -> None:
    with pytest.raises(NotFoundError, match=r"did you mean: Coventry \(GB\)"):
        world.resolve("Coventy")
    assert world.search("Coventy")[0].name() == "Coventry"


@pytest.mark.parametrize("query", ["%", "_", "%%", " ", "🙂", "--"])
def test_a_query_of_no_letters_matches_nothing(world: Registry, query: str) -> None:
    assert world.search(query) == []
    with pytest.raises(NotFoundError):
        world.resolve(query)


def test_like_wildcards_are_literal(world: Registry) -> None:
    assert world.search("Cov%") == world.search("Cov")  # the % folds away, never a wildcard
    # "C_ventry" is no pattern: nothing is named like that, only a typo away from Coventry
    assert world.reader.place_ids_named("C_ventry", prefix=True) == []
    assert world.search("C_ventry")[0].name() == "Coventry"


def test_queries_are_bounded(world: Registry) -> None:
    with pytest.raises(InputError, match="at most 200"):
        world.search("x" * 50_000)
    with pytest.raises(InputError):
        world.resolve("Coventry" * 30)
    assert world.search("x" * 200) == []


@pytest.mark.parametrize(
    ("place_id", "shown"),
    [
        ("liaoyang-cn-2036113", "Liaoyang"),
        ("belluno-it-3182210", "Belluno"),
        ("eppelborn-de-2929865", "Eppelborn"),
        ("eisfeld-de-2931433", "Eisfeld"),
        ("kyiv-ua-703448", "Kyiv"),
    ],
)
def test_display_names_are_the_english_or_primary_name(
    world: Registry, place_id: str, shown: str
) -> None:
    assert world.reader.place(place_id).name() == shown


def test_no_place_is_shown_under_a_code(world: Registry) -> None:
    shown = {p.id: p.name() for p in world.reader.places().values()}
    assert [(i, n) for i, n in shown.items() if is_code(n)] == []
    assert "LQQ" not in {n.text for n in world.reader.place("liaoyang-cn-2036113").names}


def test_name_index_on_every_backend(engine: sa.Engine) -> None:
    """Prefix ranges, literal wildcards, typo candidates and prominence on SQLite and
    PostgreSQL alike."""
    registry = Registry(engine)
    registry.load(
        Bundle(
            sources=(Source("test", "Test fixture"),),
            places=(
                place("coventry-gb", "Coventry", "GB", "England", 345_000),
                place("coventry-us", "Coventry", "US", "Rhode Island", 35_000),
                place("percent", "100% Town", "US"),
                place("tokyo", "東京", "JP", pop=14_000_000),
            ),
        ),
        action="test",
    )
    reader = registry.reader
    assert reader.place_ids_named("cov", prefix=True) == ["coventry-gb", "coventry-us"]
    assert reader.place_ids_named("100%", prefix=True) == ["percent"]
    assert reader.place_ids_named("%", prefix=True) == []
    assert reader.names_near("Coventy", 1) == ["coventry"]
    assert reader.names_near("Cxxxntry", 1) == []
    assert [p.id for p in registry.search("東京")] == ["tokyo"]
    with pytest.raises(NotFoundError, match=r"did you mean: Coventry \(GB\), Coventry \(US\)"):
        registry.resolve("Coventy")
