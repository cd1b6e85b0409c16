"""The small real gazetteer of tests/support as a fixture."""

from __future__ import annotations

import pytest

from support.gazetteer import ENTRIES
from twintowns.resolve.gazetteer import Gazetteer


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    return Gazetteer(list(ENTRIES))
