"""The quick read path (``twintowns.store.lite``) answers exactly as the full reader does, and
declines every registry it cannot be sure of."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from twintowns.errors import AmbiguousNameError, NotFoundError
from twintowns.lookup import Lookup
from twintowns.registry import Registry
from twintowns.settings import Settings
from twintowns.store import Reader, make_engine, migrate
from twintowns.store.lite import LiteReader, Unsupported, database_path, open_lite


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory, bundled_registry_file: Path) -> Path:
    """One read-only copy of the bundled registry for the module."""
    copy = tmp_path_factory.mktemp("lite") / "registry.sqlite"
    shutil.copyfile(bundled_registry_file, copy)
    return copy


@pytest.fixture
def pair(world: Path) -> Iterator[tuple[Reader, LiteReader]]:
    registry = Registry.open(Settings(database_url=f"sqlite:///{world}", auto_load=False))
    lite = open_lite(f"sqlite:///{world}")
    assert lite is not None
    yield registry.reader, lite
    lite.close()
    registry.engine.dispose()


def _sample(reader: Reader) -> tuple[list[str], list[str]]:
    """Place ids (every curated place, every 97th other) and the names they carry."""
    with reader.engine.connect() as conn:
        rows = conn.exec_driver_sql("SELECT id, dataset FROM places ORDER BY id").all()
    ids = [pid for n, (pid, dataset) in enumerate(rows) if dataset == "curated" or n % 97 == 0]
    places = reader.places(ids)
    names = sorted({name.text for place in places.values() for name in place.names})
    return ids, names


def test_places_twinnings_and_sources_are_the_full_reader_s(
    pair: tuple[Reader, LiteReader],
) -> None:
    full, lite = pair
    ids, _ = _sample(full)
    assert len(ids) > 300
    assert list(lite.places(ids).items()) == list(full.places(ids).items())
    assert lite.places(["no-such-place"]) == {}
    for pid in ids[::5]:
        twinnings = full.twinnings_of(pid)
        assert lite.twinnings_of(pid) == twinnings, pid
        cited = {c.citation.source_id for t in twinnings for c in t.claims}
        assert list(lite.sources(cited).items()) == list(full.sources(cited).items())
    assert lite.sources([]) == full.sources([]) == {}


def test_name_reads_are_the_full_reader_s(pair: tuple[Reader, LiteReader]) -> None:
    full, lite = pair
    _, names = _sample(full)
    odd = ["100%", "a_b", "st/", "  ", "%", "Cov", "Saint-", "É", "Мюнхен", "東京"]
    for text in names[::15] + odd:
        assert lite.name_matches(text) == full.name_matches(text), text
        assert lite.place_ids_named(text) == full.place_ids_named(text), text
        start = text[:4]
        got = lite.place_ids_named(start, prefix=True, limit=7)
        assert got == full.place_ids_named(start, prefix=True, limit=7), start
    for start in ("s", "Ü"):  # a wide prefix: thousands of names ranked
        assert lite.place_ids_named(start, prefix=True) == full.place_ids_named(start, prefix=True)


def test_lookups_over_either_reader_agree(pair: tuple[Reader, LiteReader]) -> None:
    full, lite = pair
    _, names = _sample(full)
    for text in [*names[::40], "Coventry", "Toledo (Spain)", "Cambridge, England", "Paris"]:
        try:
            found = Lookup(lite).search(text, 20)
        except Unsupported:  # nothing found asks for the fuzzy matcher: not on the quick path
            found = None
        assert found in (None, Lookup(full).search(text, 20)), text
        try:
            expected = Lookup(full).resolve(text)
        except NotFoundError:
            continue  # a name not found asks for the fuzzy matcher: not on the quick path
        except AmbiguousNameError as error:  # the quick reader raises the same
            message = str(error)
            with pytest.raises(AmbiguousNameError) as raised:
                Lookup(lite).resolve(text)
            assert str(raised.value) == message
            continue
        assert Lookup(lite).resolve(text) == expected, text


def test_what_it_does_not_read_it_declines(pair: tuple[Reader, LiteReader]) -> None:
    _, lite = pair
    with pytest.raises(Unsupported):
        lite.names_near("Covantry", 1)
    with pytest.raises(Unsupported):
        lite.places()
    with pytest.raises(NotFoundError):
        lite.place("no-such-place")


def test_only_a_filled_sqlite_registry_at_the_newest_revision_is_opened(
    tmp_path: Path, world: Path
) -> None:
    assert open_lite("postgresql+psycopg://localhost/twintowns") is None
    assert open_lite(f"sqlite:///{tmp_path / 'missing.sqlite'}") is None
    assert not (tmp_path / "missing.sqlite").exists()  # never created
    assert database_path("sqlite:///x.sqlite?mode=ro") is None
    assert database_path("sqlite://") is None
    empty = tmp_path / "empty.sqlite"
    migrate(make_engine(f"sqlite:///{empty}"))
    assert open_lite(f"sqlite:///{empty}") is None  # migrated, not filled
    old = tmp_path / "old.sqlite"
    shutil.copyfile(world, old)
    with sqlite3.connect(old) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0001'")
    assert open_lite(f"sqlite:///{old}") is None  # the full path migrates it
    not_a_registry = tmp_path / "other.sqlite"
    sqlite3.connect(not_a_registry).close()
    assert open_lite(f"sqlite:///{not_a_registry}") is None
    garbage = tmp_path / "garbage.sqlite"
    garbage.write_bytes(b"not a database at all" * 100)
    assert open_lite(f"sqlite:///{garbage}") is None  # the full path reports it
