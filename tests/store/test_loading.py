"""Loads as one transaction on both backends: several bundles and snapshots commit together with
their completeness markers or not at all, DDL stays inside transactions, and a replacement that
empties a dataset (or a source) is refused unless allowed."""

from __future__ import annotations

import functools
from dataclasses import replace
from pathlib import Path

import pytest
import sqlalchemy as sa

from twintowns.errors import EmptyLoadError
from twintowns.model import (
    Bundle,
    Citation,
    Place,
    PlaceLevel,
    PlaceName,
    Source,
    Twinning,
    TwinningKind,
)
from twintowns.sources import curated
from twintowns.store import Reader, load_bundle, loading, make_engine, markers, schema, snapshot
from twintowns.store.dialect import write_transaction


@functools.cache
def load_curated() -> Bundle:
    return curated.load_curated()


def facts(engine: sa.Engine) -> dict[str, int]:
    reader = Reader(engine)
    return {t: reader.count(t) for t in ("places", "twinnings", "events", "networks", "sources")}


def test_ddl_stays_inside_the_transaction(database_url: str) -> None:
    engine = make_engine(database_url)
    try:

        def create_then_fail() -> None:
            with write_transaction(engine) as conn:
                conn.exec_driver_sql("CREATE TABLE scratch (x INTEGER)")
                conn.exec_driver_sql("INSERT INTO scratch VALUES (1)")
                raise RuntimeError("killed")

        with pytest.raises(RuntimeError):
            create_then_fail()
        assert "scratch" not in sa.inspect(engine).get_table_names()
        with engine.begin() as conn:  # the plain transaction too (pysqlite would commit DDL)
            conn.exec_driver_sql("CREATE TABLE kept (x INTEGER)")
            conn.rollback()
        assert "kept" not in sa.inspect(engine).get_table_names()
    finally:
        engine.dispose()


def test_several_bundles_and_a_snapshot_commit_together(engine: sa.Engine, tmp_path: Path) -> None:
    bundle = load_curated()
    load_bundle(engine, bundle, action="load curated")
    dumped = tmp_path / "curated.json.gz"
    snapshot.dump(engine, "curated", dumped)
    copy = replace(bundle, dataset="copy", places=(), twinnings=())

    with loading(engine, "two at once", actor="tester") as load:
        load.bundle(copy)
        load.snapshot(dumped)
        assert load.reader.count("terms") == 2 * len(bundle.terms)  # sees its own writes

    marks = markers(engine)
    assert set(marks) == {"curated", "copy"}
    assert marks["copy"]["load_id"] == marks["curated"]["load_id"]  # one transaction
    assert marks["copy"]["action"] == "two at once"
    assert Reader(engine).count("terms") == 2 * len(bundle.terms)


def test_an_error_in_the_middle_leaves_everything_as_it_was(engine: sa.Engine) -> None:
    bundle = load_curated()
    load_bundle(engine, bundle, action="load curated")
    before, marks = facts(engine), markers(engine)

    def write_then_fail() -> None:
        with loading(engine, "interrupted") as load:
            load.bundle(replace(bundle, dataset="copy", places=(), twinnings=()))
            raise RuntimeError("killed between two writes")

    with pytest.raises(RuntimeError):
        write_then_fail()

    assert facts(engine) == before
    assert markers(engine) == marks
    assert Reader(engine).audit_entries()[0]["action"] == "load curated"


def test_emptying_a_dataset_table_is_refused(engine: sa.Engine) -> None:
    bundle = load_curated()
    load_bundle(engine, bundle, action="load curated")
    before = facts(engine)

    with pytest.raises(EmptyLoadError, match=r"twinnings.*--allow-empty") as raised:
        load_bundle(engine, replace(bundle, twinnings=()), action="load", origin="d/20.yaml")

    assert raised.value.path == "d/20.yaml"
    assert raised.value.exit_code == 2
    assert facts(engine) == before
    load_bundle(engine, replace(bundle, twinnings=()), action="load", allow_empty=True)
    assert Reader(engine).count("twinnings") == 0


def _place(pid: str) -> Place:
    return Place(pid, PlaceLevel.CITY, (PlaceName(pid.title()),), citation=Citation("list-a"))


def _twinning(a: str, b: str, source: str) -> Twinning:
    return Twinning(a, b, TwinningKind.TWIN_TOWN, Citation(source))


def test_emptying_a_source_is_refused(engine: sa.Engine) -> None:
    sources = (Source("list-a", "List A"), Source("list-b", "List B"))
    both = Bundle(
        sources,
        tuple(_place(p) for p in ("aa", "bb", "cc")),
        (_twinning("aa", "bb", "list-a"), _twinning("bb", "cc", "list-b")),
        dataset="lists",
    )
    load_bundle(engine, both, action="load")
    fewer = replace(both, twinnings=both.twinnings[:1])

    with pytest.raises(EmptyLoadError, match="every statement citing 'list-b' \\(1 rows\\)"):
        load_bundle(engine, fewer, action="load")

    assert Reader(engine).count("twinnings") == 2
    load_bundle(engine, fewer, action="load", allow_empty=True)
    assert Reader(engine).count("twinnings") == 1


def test_a_first_load_and_a_reload_of_the_same_rows_pass_the_guard(engine: sa.Engine) -> None:
    empty = Bundle(sources=load_curated().sources, dataset="nothing")
    load_bundle(engine, empty, action="load")  # nothing to lose: allowed
    load_bundle(engine, load_curated(), action="load")
    load_bundle(engine, load_curated(), action="load")
    assert set(markers(engine)) == {"nothing", "curated"}
    assert Reader(engine).count("registry_loads") == 2


def test_markers_are_in_the_schema() -> None:
    assert "registry_loads" in schema.metadata.tables
