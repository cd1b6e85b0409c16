"""Fixtures of the golden tests: one curated registry per session and a file comparer.

A golden test renders an output (a quality report, chains, exports, country names) on the
curated registry and compares it with the file under ``tests/golden/data/``.  To accept a
knowing change, rerun with ``TWINTOWNS_UPDATE_GOLDEN=1`` and commit the rewritten files in a
commit of their own that says what changed and why.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from twintowns.registry import Registry
from twintowns.settings import Settings
from twintowns.sources.curated import load_curated

DATA = Path(__file__).parent / "data"
Golden = Callable[[str, str], None]


@pytest.fixture(scope="session")
def curated_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """URL of an SQLite registry holding only the curated facts (built once per session)."""
    path = tmp_path_factory.mktemp("golden") / "curated.sqlite"
    url = f"sqlite:///{path}"
    registry = Registry.open(Settings(database_url=url, auto_load=False))
    registry.load(load_curated(), action="golden tests")
    registry.engine.dispose()
    return url


@pytest.fixture
def curated(curated_url: str) -> Registry:
    """The curated registry, opened read-mostly (tests must not write to it)."""
    return Registry.open(Settings(database_url=curated_url, auto_load=False))


@pytest.fixture
def golden() -> Golden:
    """Compare a text with its golden file (or rewrite it under TWINTOWNS_UPDATE_GOLDEN=1)."""

    def check(name: str, text: str) -> None:
        path = DATA / name
        if os.environ.get("TWINTOWNS_UPDATE_GOLDEN") == "1":
            path.write_text(text, encoding="utf-8")
            return
        assert path.exists(), f"no golden file {name}: run with TWINTOWNS_UPDATE_GOLDEN=1"
        expected = path.read_text(encoding="utf-8")
        assert text == expected, f"{name} differs from its golden file"

    return check
