"""Review decisions: written to the overrides file, removed from the queue, audited."""

from __future__ import annotations

from pathlib import Path

import pytest

from twintowns.errors import InputError, NotFoundError
from twintowns.model import Bundle, Citation, ReviewItem, Source
from twintowns.registry import Registry
from twintowns.resolve.overrides import load_overrides, override_key
from twintowns.review import accept, override, reject
from twintowns.settings import Settings
from twintowns.sources.curated import load_curated

SOURCE = Source("lists", "Lists")


@pytest.fixture
def registry(tmp_path: Path) -> Registry:
    reg = Registry.open(
        Settings(database_url=f"sqlite:///{tmp_path / 'r.sqlite'}", auto_load=False)
    )
    reg.load(load_curated(), action="test")
    items = (
        ReviewItem("Cambridge", "", Citation("lists", "a:1"), 4, None, "gn:2653941", "name", 0.6),
        ReviewItem(
            "Atlantis", "Greece", Citation("lists", "a:2"), 1, None, None, "unresolved", 0.0
        ),
        ReviewItem(
            "Portland", "United States", Citation("lists", "a:3"), 2, None, "gn:1", "name", 0.7
        ),
    )
    reg.load(Bundle(dataset="world", sources=(SOURCE,), reviews=items), action="test")
    return reg


def ids(registry: Registry) -> dict[str, int]:
    return {item.name: item_id for item_id, item in registry.reader.review_queue()}


def test_decisions_land_in_the_overrides_file(registry: Registry, tmp_path: Path) -> None:
    file = tmp_path / "overrides.yaml"
    queue = ids(registry)
    accept(registry, queue["Cambridge"], file)
    reject(registry, queue["Atlantis"], file)
    override(registry, queue["Portland"], "gn:5746545", file)
    decisions = load_overrides(file)
    assert decisions[override_key("Cambridge", "")] == "gn:2653941"
    assert decisions[override_key("Atlantis", "Greece")] is None
    assert decisions[override_key("Portland", "United States")] == "gn:5746545"
    assert ids(registry) == {}
    actions = [e["action"] for e in registry.reader.audit_entries()[:3]]
    assert actions == ["review", "review", "review"]


def test_bad_decisions_change_nothing(registry: Registry, tmp_path: Path) -> None:
    file = tmp_path / "overrides.yaml"
    queue = ids(registry)
    with pytest.raises(InputError, match="not resolved"):
        accept(registry, queue["Atlantis"], file)
    with pytest.raises(InputError, match="neither a gazetteer key"):
        override(registry, queue["Portland"], "nowhere", file)
    with pytest.raises(InputError, match="no GeoNames id"):
        override(registry, queue["Portland"], "coventry", file)
    with pytest.raises(NotFoundError):
        reject(registry, 99999, file)
    assert not file.exists()
    assert len(ids(registry)) == 3
