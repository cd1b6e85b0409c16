"""Reloads without ceilings: a dataset of any size loads and reloads through the staging-table
diff (no statement with one parameter per row), and a reload with one row changed changes
exactly that row, as the audit log's ``changed`` counts and the rows themselves show."""

from __future__ import annotations

import itertools
from dataclasses import replace

import pytest
import sqlalchemy as sa

from twintowns.model import (
    Bundle,
    Citation,
    CountryPeriod,
    Place,
    PlaceLevel,
    PlaceName,
    Source,
    Twinning,
    TwinningKind,
)
from twintowns.store import Reader, load_bundle, schema

SOURCE = Source("reload-test", "Reload test data", licence="CC0-1.0")
CITE = Citation(SOURCE.id)


def big_bundle(twinnings: int) -> Bundle:
    """``twinnings`` twinnings among just enough places (every pair of them, in order)."""
    count = 2
    while count * (count - 1) // 2 < twinnings:
        count += 1
    places = tuple(
        Place(
            id=f"p{i:05d}",
            level=PlaceLevel.CITY,
            names=(PlaceName(f"Town {i}", "en", preferred=True, citation=CITE),),
            countries=(CountryPeriod("FR", citation=CITE),),
            citation=CITE,
        )
        for i in range(count)
    )
    pairs = itertools.islice(itertools.combinations((p.id for p in places), 2), twinnings)
    return Bundle(
        sources=(SOURCE,),
        places=places,
        twinnings=tuple(Twinning(a, b, TwinningKind.TWIN_TOWN, CITE) for a, b in pairs),
        dataset="reload-test",
    )


def table_rows(engine: sa.Engine, table: sa.Table) -> set[tuple[object, ...]]:
    """The table's rows as a set (without autoincrement ids, which a reload renumbers)."""
    columns = [c for c in table.columns if not (c.primary_key and c.autoincrement is True)]
    with engine.connect() as conn:
        return {tuple(row) for row in conn.execute(sa.select(*columns))}


def check_one_row_changes(engine: sa.Engine, size: int) -> None:
    bundle = big_bundle(size)
    load_bundle(engine, bundle, action="load big")
    tables = (schema.places, schema.place_names, schema.place_countries, schema.twinnings)
    before = {t.name: table_rows(engine, t) for t in tables}
    assert len(before["twinnings"]) == size
    changed = replace(bundle.twinnings[size // 2], kind=TwinningKind.SISTER_CITY)
    twinnings = list(bundle.twinnings)
    twinnings[size // 2] = changed
    load_bundle(engine, replace(bundle, twinnings=tuple(twinnings)), action="reload big")

    newest = Reader(engine).audit_entries(limit=1)[0]
    assert newest["action"] == "reload big"
    assert newest["detail"]["twinnings"] == size
    assert newest["detail"]["changed"] == {
        "sources": 0,
        "places": 0,
        "twinnings": 1,
        "networks": 0,
        "rules": 0,
    }
    after = {t.name: table_rows(engine, t) for t in tables}
    for name in ("places", "place_names", "place_countries"):
        assert after[name] == before[name]
    gone, new = before["twinnings"] - after["twinnings"], after["twinnings"] - before["twinnings"]
    assert len(gone) == len(new) == 1
    (row,) = new
    assert (row[0], row[3]) == (changed.id, "sister_city")


def test_reload_with_one_row_changed_changes_one_row(engine: sa.Engine) -> None:
    check_one_row_changes(engine, 3_000)


def test_reload_drops_what_the_dataset_no_longer_lists(engine: sa.Engine) -> None:
    bundle = big_bundle(2_000)
    load_bundle(engine, bundle, action="load big")
    smaller = replace(bundle, twinnings=bundle.twinnings[:1_500], places=bundle.places)
    load_bundle(engine, smaller, action="reload smaller")
    assert Reader(engine).count("twinnings") == 1_500
    assert Reader(engine).audit_entries(limit=1)[0]["detail"]["changed"]["twinnings"] == 500
    kept = {row[0] for row in table_rows(engine, schema.twinnings)}
    assert kept == {t.id for t in smaller.twinnings}


@pytest.mark.slow
def test_a_300000_row_dataset_reloads_with_one_row_changed(tmp_path: object) -> None:
    from twintowns.store import make_engine, migrate

    engine = make_engine(f"sqlite:///{tmp_path}/big.sqlite")
    migrate(engine)
    try:
        check_one_row_changes(engine, 300_000)
    finally:
        engine.dispose()


def test_a_load_streams_its_rows_a_chunk_at_a_time(
    engine: sa.Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    # every twinning row is made only when its chunk is sent: a load holds one chunk of rows
    # beside its bundle, not a copy of the dataset as rows
    from twintowns.store import rows, staging

    monkeypatch.setattr(staging, "CHUNK_ROWS", 1_000)
    made = {"twinnings": 0}
    make_row = rows.twinning_row

    def counted(twinning: Twinning) -> rows.Row:
        made["twinnings"] += 1
        return make_row(twinning)

    sent: list[tuple[int, int]] = []
    send = staging.bulk_insert

    def watched(conn: sa.Connection, table: sa.Table, items: list[rows.Row]) -> None:
        if table.name == "stage_twinnings":
            sent.append((made["twinnings"], len(items)))
        send(conn, table, items)

    monkeypatch.setattr(rows, "twinning_row", counted)
    monkeypatch.setattr(staging, "bulk_insert", watched)
    load_bundle(engine, big_bundle(4_500), action="load streamed")
    assert sent == [(1_000, 1_000), (2_000, 1_000), (3_000, 1_000), (4_000, 1_000), (4_500, 500)]
    assert Reader(engine).count("twinnings") == 4_500
