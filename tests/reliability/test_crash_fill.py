"""The first-use fill's completeness: one transaction with markers, a torn fill an older version
left (curated committed, world not) is recognised and filled again, and a registry loaded some
other way is never filled over."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from twintowns import fill
from twintowns.fill import FillState, fill_state
from twintowns.registry import Registry
from twintowns.settings import Settings
from twintowns.sources.curated import load_curated
from twintowns.store import Reader, markers, schema


def _state(registry: Registry) -> FillState:
    with registry.engine.connect() as conn:
        return fill_state(conn)


def _forget_markers(registry: Registry) -> None:
    """Make the registry look like one an older version (no marker table rows) wrote."""
    with registry.engine.begin() as conn:
        conn.execute(schema.registry_loads.delete())


def _unfilled(tmp_path: Path) -> Registry:
    return Registry.open(
        Settings(database_url=f"sqlite:///{tmp_path / 'r.sqlite'}", auto_load=False)
    )


def test_an_empty_registry_needs_the_fill(tmp_path: Path) -> None:
    registry = _unfilled(tmp_path)
    assert _state(registry) is FillState.EMPTY
    assert registry.is_empty()


def test_a_torn_legacy_fill_is_filled_again_in_one_go(tmp_path: Path) -> None:
    registry = _unfilled(tmp_path)
    registry.load(load_curated(), action="load bundled curated")  # the old fill's first half
    _forget_markers(registry)
    assert _state(registry) is FillState.TORN

    reopened = Registry.open(Settings(database_url=str(registry.engine.url)))

    assert _state(reopened) is FillState.FILLED
    assert set(markers(reopened.engine)) == {"curated", "world"}
    marks = markers(reopened.engine)
    assert marks["curated"]["load_id"] == marks["world"]["load_id"]  # one transaction
    assert Reader(reopened.engine).count("twinnings") > 30_000
    assert fill.fill(reopened.engine) == {}  # a second process finds it filled: no rewrite


def test_data_loaded_another_way_is_never_filled_over(tmp_path: Path) -> None:
    registry = _unfilled(tmp_path)
    registry.load(load_curated(), action="load curated")  # an operator's own load
    _forget_markers(registry)

    reopened = Registry.open(Settings(database_url=str(registry.engine.url)))

    assert _state(reopened) is FillState.FILLED
    assert Reader(reopened.engine).count("twinnings") == len(load_curated().twinnings)
    with reopened.engine.connect() as conn:
        actions = set(conn.scalars(sa.select(schema.audit_log.c.action)))
    assert actions == {"load curated"}
