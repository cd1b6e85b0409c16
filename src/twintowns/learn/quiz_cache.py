"""The quiz's candidate facts kept on disk, so a server's first quiz does not compute them.

Every quiz draws from the same list of candidate facts (:func:`twintowns.learn.deck.
all_candidates`: ~90,000 on the world registry, seconds to compute, kept in
:attr:`Facts.memo` for the life of the snapshot).  :func:`prime` fills that memo from a
file beside the snapshot's cache files when there is one for the same data, day and code, and
otherwise computes the list and writes the file (atomically; a file that cannot be written or
read is only logged): reading it costs a fifth of computing it.  The file is named by a
digest of the snapshot's cache key, the day
(statuses are taken today), whether doubtful twinnings are used, and the sources of
``twintowns.learn`` and ``twintowns.model`` (a release that changes how candidates are made
never reads an old file).  A candidate is five strings and string tuples: the file is a pickle
of such tuples, read by an unpickler that refuses every class and function (so it can only
make strings, numbers, tuples, lists and maps), and every row is checked (shape, types, item
kind, builder name) before it is used.  The file also keeps :attr:`Facts.name_counts` (the
same data, day and code make the same counts).  JSON was tried first: it read no faster than
computing.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import logging
import os
import pickle
from collections.abc import Mapping
from itertools import chain
from pathlib import Path
from typing import Any

from twintowns import learn, model
from twintowns.learn.common import Candidate
from twintowns.learn.deck import BUILDERS, all_candidates
from twintowns.learn.facts import Facts
from twintowns.learn.items import ItemKind
from twintowns.snapshot.cache import no_collection

log = logging.getLogger(__name__)

PREFIX = "quiz-candidates-"
KEEP = 3
"""How many candidate files are kept per registry (the newest)."""


def _code_digest() -> str:
    digest = hashlib.blake2b(digest_size=8)
    for package in (learn, model):
        for path in sorted(Path(str(package.__file__)).parent.glob("*.py")):
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def cache_file(facts: Facts, directory: Path, today: dt.date) -> Path:
    """Where the candidates of ``facts`` on ``today`` are kept in ``directory``."""
    parts = [facts.snapshot.key, today.isoformat(), str(facts.include_doubtful), _code_digest()]
    name = hashlib.blake2b("\n".join(parts).encode(), digest_size=12).hexdigest()
    return directory / f"{PREFIX}{name}.pickle"


class _PlainUnpickler(pickle.Unpickler):
    """Unpickles strings, numbers, tuples and lists only: every class is refused."""

    def find_class(self, module: str, name: str) -> Any:
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a candidates file")


def _all_strings(values: Any) -> bool:
    return set(map(type, values)) <= {str}


def _candidates(rows: Any) -> list[Candidate]:
    """Candidates from their rows (ValueError for anything that is not one).

    Every check runs over whole columns (set and map in C: a tenth of the time of checking
    row by row, which cost the first quiz a fifth of a second on the world registry)."""
    if type(rows) is not list:
        raise ValueError("not a list of rows")
    if not rows:
        return []
    if set(map(type, rows)) != {tuple} or set(map(len, rows)) != {5}:
        raise ValueError("not a candidate row")
    builders, keys, kinds, topics, subjects = zip(*rows, strict=True)
    by_value = {kind.value: kind for kind in ItemKind}
    if not _all_strings(builders) or not set(builders) <= BUILDERS.keys():
        raise ValueError("unknown builder")
    if not _all_strings(keys) or not _all_strings(kinds) or not set(kinds) <= by_value.keys():
        raise ValueError("unknown kind, or a bad key")
    for column in (topics, subjects):
        if set(map(type, column)) != {tuple} or not _all_strings(chain.from_iterable(column)):
            raise ValueError("topics and subject must be tuples of strings")
    kinds = tuple(map(by_value.__getitem__, kinds))
    return list(map(Candidate._make, zip(builders, keys, kinds, topics, subjects, strict=True)))


def _name_counts(value: Any) -> dict[str, int]:
    """The name counts of a file (ValueError for anything that is not a str -> int map)."""
    if type(value) is not dict:
        raise ValueError("name counts must be a map")
    if not set(map(type, value)) <= {str} or not set(map(type, value.values())) <= {int}:
        raise ValueError("name counts must map names to counts")
    return value


def _read(path: Path) -> tuple[list[Candidate], dict[str, int]] | None:
    try:
        data = _PlainUnpickler(io.BytesIO(path.read_bytes())).load()
        if type(data) is not tuple or len(data) != 2:
            raise ValueError("not a candidates file")
        return _candidates(data[0]), _name_counts(data[1])
    except FileNotFoundError:
        return None
    # a damaged pickle can raise almost anything while loading: these are what it raises
    except (OSError, ValueError, TypeError, EOFError, pickle.UnpicklingError) as exc:
        log.warning("quiz candidates file %s not used (%s): computing them again", path, exc)
        return None


def _write(path: Path, candidates: list[Candidate], counts: Mapping[str, int]) -> None:
    rows = [(c.builder, c.key, c.kind.value, tuple(c.topics), tuple(c.subject)) for c in candidates]
    scratch = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        content = (rows, dict(counts))
        scratch.write_bytes(pickle.dumps(content, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(scratch, path)
        old = sorted(path.parent.glob(f"{PREFIX}*.pickle"), key=lambda p: p.stat().st_mtime)
        for stale in old[:-KEEP]:
            stale.unlink(missing_ok=True)
    except OSError as exc:
        log.warning("quiz candidates not kept in %s: %s", path.parent, exc)
        with contextlib.suppress(OSError):
            scratch.unlink(missing_ok=True)


def prime(facts: Facts, directory: Path | None, today: dt.date | None = None) -> None:
    """Give ``facts`` its quiz candidates (read from ``directory``, else computed and written
    there), and with them how many places share each name (:attr:`Facts.name_counts`, which
    the labels of every item need: a tenth of a second on the world registry, kept in the same
    file); nothing to do when it has them, nothing written when ``directory`` is None."""
    if isinstance(facts.memo.get("candidates"), list):
        return
    if directory is None:
        facts.memo.put("candidates", all_candidates(facts))
        return
    path = cache_file(facts, directory, today or dt.date.today())
    with no_collection():  # a hundred thousand long-lived rows: no collection walks them now
        found = _read(path)
        if found is None:
            candidates = all_candidates(facts)
            _write(path, candidates, facts.name_counts)
        else:
            candidates, counts = found
            facts.keep_name_counts(counts)
    facts.memo.put("candidates", candidates)
