"""The quiz's candidate facts kept on disk, so a server's first quiz does not compute them.

Every quiz draws from the same list of candidate facts (:func:`twintowns.learn.deck.
all_candidates`: ~90,000 on the world registry, seconds to compute, kept in
:attr:`Facts.memo` for the life of the snapshot).  :func:`prime` fills that memo from a JSON
file beside the snapshot's cache files when there is one for the same data, day and code, and
otherwise computes the list and writes the file (atomically; a file that cannot be written or
read is only logged).  The file is named by a digest of the snapshot's cache key, the day
(statuses are taken today), whether doubtful twinnings are used, and the sources of
``twintowns.learn`` and ``twintowns.model`` (a release that changes how candidates are made
never reads an old file).  A candidate is five strings and string tuples, so JSON holds it
exactly; every row read is checked (types, item kind, builder name) before it is used.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import logging
import os
from pathlib import Path
from typing import Any

from twintowns import learn, model
from twintowns.learn.common import Candidate
from twintowns.learn.deck import BUILDERS, all_candidates
from twintowns.learn.facts import Facts
from twintowns.learn.items import ItemKind

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
    return directory / f"{PREFIX}{name}.json"


def _strings(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError("not a list of strings")
    return tuple(value)


def _candidate(row: Any) -> Candidate:
    """A candidate from its JSON row (ValueError for anything else)."""
    if not isinstance(row, list) or len(row) != 5:
        raise ValueError("not a candidate row")
    builder, key, kind, topics, subject = row
    if builder not in BUILDERS or not isinstance(key, str) or not isinstance(kind, str):
        raise ValueError("unknown builder or bad key")
    return Candidate(builder, key, ItemKind(kind), _strings(topics), _strings(subject))


def _read(path: Path) -> list[Candidate] | None:
    try:
        rows = json.loads(path.read_bytes())
        if not isinstance(rows, list):
            raise ValueError("not a list")
        return [_candidate(row) for row in rows]
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:  # JSONDecodeError and UnicodeError are ValueErrors
        log.warning("quiz candidates file %s not used (%s): computing them again", path, exc)
        return None


def _write(path: Path, candidates: list[Candidate]) -> None:
    rows = [[c.builder, c.key, c.kind.value, list(c.topics), list(c.subject)] for c in candidates]
    scratch = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        scratch.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
        os.replace(scratch, path)
        old = sorted(path.parent.glob(f"{PREFIX}*.json"), key=lambda p: p.stat().st_mtime)
        for stale in old[:-KEEP]:
            stale.unlink(missing_ok=True)
    except OSError as exc:
        log.warning("quiz candidates not kept in %s: %s", path.parent, exc)
        with contextlib.suppress(OSError):
            scratch.unlink(missing_ok=True)


def prime(facts: Facts, directory: Path | None, today: dt.date | None = None) -> None:
    """Give ``facts`` its quiz candidates (read from ``directory``, else computed and written
    there); nothing to do when it has them, nothing written when ``directory`` is None."""
    if isinstance(facts.memo.get("candidates"), list):
        return
    if directory is None:
        facts.memo.put("candidates", all_candidates(facts))
        return
    path = cache_file(facts, directory, today or dt.date.today())
    candidates = _read(path)
    if candidates is None:
        candidates = all_candidates(facts)
        _write(path, candidates)
    facts.memo.put("candidates", candidates)
