"""The one registry snapshot: read in one transaction, persisted, loaded back equal, reloaded
reusing what did not change, and never trusted when its file is damaged or hostile."""

from __future__ import annotations

import dataclasses
import pickle
from pathlib import Path

import pytest

from twintowns.model import Bundle
from twintowns.registry import Registry
from twintowns.settings import Settings
from twintowns.snapshot import NameIndex, RegistrySnapshot, cache_dir, open_snapshot, persist
from twintowns.snapshot.cache import build_in_child
from twintowns.snapshot.core import PlaceDatasets
from twintowns.sources.curated import load_curated


@pytest.fixture(scope="module")
def curated() -> Bundle:
    """The curated facts."""
    return load_curated()


@pytest.fixture
def registry(tmp_path: Path, curated: Bundle) -> Registry:
    """A registry of the curated facts in a file of this test's own."""
    database = tmp_path / "registry.sqlite"
    registry = Registry.open(Settings(database_url=f"sqlite:///{database}", auto_load=False))
    registry.load(curated, action="load curated")
    return registry


def _plus_town(bundle: Bundle) -> Bundle:
    """The curated facts plus a town twinned with Coventry (a write that changes little)."""
    first = next(t for t in bundle.twinnings if "coventry" in (t.a, t.b))
    model = next(p for p in bundle.places if p.id == first.partner_of("coventry"))
    town = dataclasses.replace(model, id="snap-town", wikidata=None, geonames=None)
    twinning = dataclasses.replace(first, a="coventry", b="snap-town", claims=())
    return dataclasses.replace(
        bundle, places=(*bundle.places, town), twinnings=(*bundle.twinnings, twinning)
    )


def _same(one: RegistrySnapshot, other: RegistrySnapshot) -> None:
    assert (one.version, one.key) == (other.version, other.key)
    assert dict(one.places) == dict(other.places)
    assert one.twinnings == other.twinnings
    assert dict(one.sources) == dict(other.sources)
    assert dict(one.datasets) == dict(other.datasets)
    assert (one.terms, one.networks, one.rules) == (other.terms, other.networks, other.rules)
    assert one.names.names == other.names.names
    assert one.names.keys == other.names.keys


def test_the_cache_file_loads_what_the_database_holds(registry: Registry) -> None:
    read = RegistrySnapshot.read(registry)
    assert len(read.places) > 100
    assert len(read.twinnings) > 50
    assert read.terms
    directory = cache_dir(registry.engine)
    assert directory is not None
    assert directory.name == "registry.sqlite.snapshots"
    path = persist.write(read, directory)
    loaded = persist.load(path)
    _same(loaded, read)
    assert open_snapshot(registry.engine, directory).key == read.key


def test_a_loaded_snapshot_holds_each_place_id_once(registry: Registry) -> None:
    read = RegistrySnapshot.read(registry)
    loaded = persist.load(persist.write(read, cache_dir(registry.engine) or Path()))
    places = loaded.places
    claims = [c for t in loaded.twinnings for c in t.claims]
    assert claims  # the curated twinnings carry claims: their place ids are shared too
    assert all(t.a is places[t.a].id and t.b is places[t.b].id for t in loaded.twinnings)
    assert all(c.claimant is places[c.claimant].id for c in claims if c.claimant in places)
    assert all(i is places[i].id for i in loaded.datasets)
    assert len({id(name) for name in loaded.datasets.values()}) == len(
        set(loaded.datasets.values())
    )
    # the chunks name ranges of the places and twinnings, not their ids again
    ranges = sorted(loaded.chunks.values())
    assert all(isinstance(start, int) and start < end for start, end in ranges)
    assert sum(end - start for start, end in ranges) == len(places) + len(loaded.twinnings)
    _same(loaded, read)


def test_place_datasets_are_the_mapping_they_were_made_of(registry: Registry) -> None:
    read = RegistrySnapshot.read(registry)
    places = dict(read.places)
    ids = sorted(places)
    datasets = {i: ("world" if n % 3 else "curated") for n, i in enumerate(ids[:-2])}
    datasets["no-such-place"] = "gone"  # kept, though it names no place
    held = PlaceDatasets(places, datasets)
    assert dict(held) == datasets
    assert len(held) == len(datasets)
    assert held.get(ids[-1]) is None  # a place that no dataset wrote
    assert held[ids[0]] == "curated"
    assert held[ids[1]] == "world"
    assert "no-such-place" in held
    assert dict(PlaceDatasets(places, {})) == {}


def test_a_reload_reuses_what_did_not_change(registry: Registry, curated: Bundle) -> None:
    directory = cache_dir(registry.engine)
    held = open_snapshot(registry.engine, directory)
    held.prepare()
    assert open_snapshot(registry.engine, directory, base=held) is held  # version unchanged
    registry.load(_plus_town(curated), action="load curated plus a town")
    new = open_snapshot(registry.engine, directory, base=held)
    assert new.version != held.version
    assert "snap-town" in new.places
    assert "coventry--snap-town" in new.by_id
    reused = sum(new.places[i] is held.places[i] for i in held.places)
    assert reused >= len(held.places) * 0.5  # only the chunks that changed were unpickled
    _same(new, RegistrySnapshot.read(registry))  # and it equals a fresh read all the same
    name = new.places["snap-town"].name()
    assert "snap-town" in new.names.ids_named(name)
    assert "snap-town" not in held.names.ids_named(name)  # the old one is left as it was


def test_an_updated_name_index_equals_a_fresh_one(registry: Registry, curated: Bundle) -> None:
    old = RegistrySnapshot.read(registry)
    registry.load(_plus_town(curated), action="load curated plus a town")
    new = RegistrySnapshot.read(registry)
    changed = [(old.places.get(i), new.places.get(i)) for i in set(old.places) | set(new.places)]
    changed = [(a, b) for a, b in changed if a != b]
    updated = old.names.updated(new.places, new.datasets, new.partner_counts, changed)
    fresh = NameIndex(new.places, new.datasets, new.partner_counts)
    assert updated.names == fresh.names
    assert updated.keys == fresh.keys
    assert updated.matches("coventry") == fresh.matches("coventry")


def test_a_write_makes_a_new_file_and_old_ones_are_pruned(
    registry: Registry, curated: Bundle
) -> None:
    directory = cache_dir(registry.engine)
    assert directory is not None
    first = open_snapshot(registry.engine, directory)
    for round_ in range(persist.KEEP + 1):
        bundle = _plus_town(curated) if round_ % 2 == 0 else curated
        registry.load(bundle, action="load curated again")
        assert open_snapshot(registry.engine, directory).version != first.version
    files = list(directory.glob("*.snap"))
    assert len(files) == persist.KEEP
    assert not (directory / persist.file_name(first.key)).exists()
    assert not list(directory.glob(".tmp-*"))


def test_a_damaged_file_is_not_trusted_and_is_rewritten(registry: Registry) -> None:
    directory = cache_dir(registry.engine)
    assert directory is not None
    good = open_snapshot(registry.engine, directory)
    path = directory / persist.file_name(good.key)
    data = bytearray(path.read_bytes())
    data[len(persist.MAGIC) + 40] ^= 0xFF  # inside the first blob stored
    path.write_bytes(bytes(data))
    with pytest.raises(persist.CacheError):
        persist.load(path)
    again = open_snapshot(registry.engine, directory)  # read from SQL, file rewritten
    _same(again, good)
    _same(persist.load(path), good)
    path.write_bytes(b"not a snapshot at all")
    with pytest.raises(persist.CacheError):
        persist.load(path)
    path.write_bytes(b"")
    _same(open_snapshot(registry.engine, directory), good)


class _Hostile:
    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (Path("/tmp").joinpath, ("pwned",))  # any callable other than the model's


def test_a_file_naming_other_callables_is_refused(registry: Registry, tmp_path: Path) -> None:
    snapshot = RegistrySnapshot.read(registry)
    hostile = dataclasses.replace(snapshot, sources={"x": _Hostile()})  # type: ignore[dict-item]
    path = tmp_path / "hostile.snap"
    with path.open("w+b") as out:
        persist.encode(hostile, out)  # digests match: only the unpickler stands in the way
    with pytest.raises(persist.CacheError, match="corrupt chunk"):
        persist.load(path)
    assert pickle.loads(persist._dumps(_Hostile())) == Path("/tmp/pwned")  # plain pickle would


def test_a_child_process_writes_the_file_the_server_loads(registry: Registry) -> None:
    directory = cache_dir(registry.engine)
    assert directory is not None
    path = build_in_child(registry.engine, directory)
    _same(persist.load(path), RegistrySnapshot.read(registry))
    held = persist.load(path)
    assert open_snapshot(registry.engine, directory, base=held, in_child=True) is held


def test_an_in_memory_registry_is_read_and_not_persisted(curated: Bundle) -> None:
    registry = Registry.open(Settings(database_url="sqlite://", auto_load=False))
    assert cache_dir(registry.engine) is None
    registry.load(curated, action="load curated")
    snapshot = open_snapshot(registry.engine, None, in_child=True)
    assert "coventry" in snapshot.places
    assert snapshot.partner_counts["coventry"] > 0
