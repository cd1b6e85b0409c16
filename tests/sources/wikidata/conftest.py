"""Fixtures of the Wikidata reader tests: the real dump excerpts in tests/fixtures/wikidata."""

from __future__ import annotations

from pathlib import Path

import pytest

from .support import FIXTURES


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES
