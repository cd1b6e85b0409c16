"""Cache file names follow the pickled classes' layout: a release that changes a model
dataclass never unpickles an older release's file."""

from __future__ import annotations

import dataclasses

import pytest

from twintowns.model import twinning as events
from twintowns.snapshot import persist


def test_file_name_depends_on_the_model_layout(monkeypatch: pytest.MonkeyPatch) -> None:
    before = persist.layout.__wrapped__()
    name = persist.file_name("sqlite|rev|1")

    @dataclasses.dataclass(frozen=True)
    class Extra:
        claim_of: str | None = None

    Extra.__module__ = events.__name__
    monkeypatch.setattr(events, "Extra", Extra, raising=False)
    assert persist.layout.__wrapped__() != before
    monkeypatch.setattr(persist, "layout", lambda: "another-layout")
    assert persist.file_name("sqlite|rev|1") != name
    assert persist.file_name("sqlite|rev|1").endswith(".snap")
