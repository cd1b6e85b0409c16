"""Where a registry's suggester comes from: its cache file, else a fresh build that is saved.

:func:`open_suggester` (a command: one small query for the data version, then the ``.npz``
file of that version, built and written first when missing) and :func:`suggester_of` (a
server holding a snapshot: the same file, kept in the snapshot's memo).  A file that cannot
be read or written only costs a rebuild: the suggestions are the same.
"""

from __future__ import annotations

import logging
from pathlib import Path

from twintowns.registry import Registry
from twintowns.snapshot import RegistrySnapshot, cache_dir
from twintowns.snapshot.cache import current_key
from twintowns.suggest.suggester import Suggester, build_suggester, file_name, load, save

log = logging.getLogger(__name__)


def _from_file(directory: Path | None, key: str) -> Suggester | None:
    if directory is None:
        return None
    path = directory / file_name(key)
    if not path.exists():
        return None
    try:
        return load(path, key)
    except (OSError, ValueError, KeyError) as exc:
        log.info("suggester cache not used (%s): building it again", exc)
        return None


def _built(snapshot: RegistrySnapshot, directory: Path | None) -> Suggester:
    suggester = build_suggester(snapshot)
    if directory is not None:
        try:
            save(suggester, directory)
        except OSError as exc:
            log.warning("suggester cache not written in %s: %s", directory, exc)
    return suggester


def open_suggester(registry: Registry) -> Suggester:
    """The suggester of the registry's current data version (built on first use).

    Raises
    ------
    StoreError
        If the database cannot be read.
    InputError
        If the registry holds too few twinnings to learn from.
    """
    directory = cache_dir(registry.engine, registry.snapshot_dir)
    _version, key = current_key(registry.engine)
    found = _from_file(directory, key)
    return found if found is not None else _built(registry.snapshot(), directory)


def suggester_of(snapshot: RegistrySnapshot, directory: Path | None) -> Suggester:
    """The suggester of a snapshot a server holds (kept with it once made).

    Raises
    ------
    InputError
        If the registry holds too few twinnings to learn from.
    """
    kept = snapshot.memo.get("suggester")
    if isinstance(kept, Suggester):
        return kept
    found = _from_file(directory, snapshot.key) if snapshot.key else None
    made = found if found is not None else _built(snapshot, directory if snapshot.key else None)
    return snapshot.memo.put("suggester", made)
