"""The curated facts of the founding documents: versioned YAML in ``twintowns/data/curated``.

:func:`load_curated` reads every ``*.yaml`` file of a directory (in name order), validates it
against :mod:`.schema`, checks every reference (sources, places, networks, countries) and
returns one :class:`~twintowns.model.Bundle`.  A file's ``events`` section adds further
claims (a second source's account) to a twinning any file holds; the claims of each step are
then ranked (:func:`twintowns.model.rank_claims`).  The first problem raises
:class:`~twintowns.errors.DataFileError` naming the file and line; nothing is half-read.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from twintowns.errors import DataFileError, EmptyLoadError, IntegrityError
from twintowns.filesize import DEFAULT_MAX_FILE_BYTES
from twintowns.model import Bundle, Event, Rule, Source, Twinning, rank_claims, rank_rules
from twintowns.sources.curated.convert import Converter
from twintowns.sources.curated.schema import CuratedFile
from twintowns.yamlfile import line_of, read_yaml, validate

__all__ = ["bundled_curated_dir", "load_curated"]

R = TypeVar("R")
T = TypeVar("T")


def bundled_curated_dir() -> Path:
    """The curated data directory shipped inside the package."""
    return Path(str(resources.files("twintowns") / "data" / "curated"))


def _records(data: CuratedFile) -> int:
    return sum(len(getattr(data, section)) for section in CuratedFile.model_fields)


def _read(
    directory: Path, max_bytes: int, allow_empty: bool = False
) -> list[tuple[Path, Any, CuratedFile]]:
    if not directory.is_dir():
        raise DataFileError("curated data directory not found", path=str(directory))
    files = sorted(directory.glob("*.yaml"))
    if not files:
        raise DataFileError("no *.yaml files", path=str(directory))
    parsed = []
    for path in files:
        tree = read_yaml(path, max_bytes)
        data = None if tree is None else validate(CuratedFile, tree, path)
        # An empty (or emptied) file would silently drop everything it used to hold.
        if (data is None or not _records(data)) and not allow_empty:
            raise EmptyLoadError(
                "empty file: no records (use --allow-empty to load it anyway)", path=str(path)
            )
        if data is not None:
            parsed.append((path, tree, data))
    return parsed


def _convert_all(
    conv: Converter,
    parsed: list[tuple[Path, Any, CuratedFile]],
    section: str,
    rows_of: Callable[[CuratedFile], Sequence[R]],
    make: Callable[[R], T],
) -> list[T]:
    out = []
    for path, tree, data in parsed:
        conv.path = str(path)
        for index, row in enumerate(rows_of(data)):
            conv.line = line_of(tree, (section, index))
            out.append(make(row))
    return out


def _unique(ids: list[tuple[str, Path, int | None]], what: str) -> None:
    seen: set[str] = set()
    for ident, path, line in ids:
        if ident in seen:
            raise DataFileError(f"duplicate {what} {ident!r}", path=str(path), line=line)
        seen.add(ident)


def _ids(
    parsed: list[tuple[Path, Any, CuratedFile]], section: str
) -> list[tuple[str, Path, int | None]]:
    return [
        (row.id, path, line_of(tree, (section, i)))
        for path, tree, data in parsed
        for i, row in enumerate(getattr(data, section))
    ]


def load_curated(
    directory: Path | None = None,
    max_bytes: int = DEFAULT_MAX_FILE_BYTES,
    *,
    allow_empty: bool = False,
) -> Bundle:
    """Read, validate and cross-check the curated files of ``directory``.

    Parameters
    ----------
    directory:
        Folder of ``*.yaml`` files; the bundled data when omitted.
    max_bytes:
        The largest file read (settings: ``max_file_bytes``); a bigger one is refused unread.
    allow_empty:
        Accept files without records (by default an empty file is an error).

    Raises
    ------
    DataFileError
        On the first malformed file, row or reference, with file and line.
    EmptyLoadError
        For a file without records, unless ``allow_empty``.
    """
    parsed = _read(directory or bundled_curated_dir(), max_bytes, allow_empty)
    _unique(_ids(parsed, "sources"), "source")
    _unique(_ids(parsed, "places"), "place")
    _unique(_ids(parsed, "networks"), "network")
    sources = [Converter.source(row) for _, _, data in parsed for row in data.sources]
    conv = Converter((s.id for s in sources), (row.id for _, _, d in parsed for row in d.places))
    places = _convert_all(conv, parsed, "places", lambda d: d.places, conv.place)
    twinnings = _convert_all(conv, parsed, "twinnings", lambda d: d.twinnings, conv.twinning)
    _check_pairs(parsed, twinnings)
    extra = _convert_all(conv, parsed, "events", lambda d: d.events, conv.pair_event)
    twinnings = _with_claims(twinnings, extra, sources, parsed)
    networks = _convert_all(conv, parsed, "networks", lambda d: d.networks, conv.network)
    net_ids = frozenset(n.id for n in networks)
    memberships = _convert_all(
        conv, parsed, "memberships", lambda d: d.memberships, lambda r: conv.membership(r, net_ids)
    )
    rules = _rules(conv, parsed, net_ids, sources)
    terms = _convert_all(conv, parsed, "terms", lambda d: d.terms, conv.term)
    bundle = Bundle(
        dataset="curated",
        sources=tuple(sources),
        places=tuple(places),
        twinnings=tuple(twinnings),
        networks=tuple(networks),
        memberships=tuple(memberships),
        rules=tuple(rules),
        terms=tuple(terms),
    )
    try:
        bundle.check()
    except IntegrityError as exc:  # already checked row by row; this is a last guard
        raise DataFileError(str(exc), path=str(directory)) from exc
    return bundle


def _check_pairs(parsed: list[tuple[Path, Any, CuratedFile]], twinnings: list[Twinning]) -> None:
    locations = [
        (path, line_of(tree, ("twinnings", i)))
        for path, tree, data in parsed
        for i in range(len(data.twinnings))
    ]
    _unique([(t.id, p, ln) for t, (p, ln) in zip(twinnings, locations, strict=True)], "twinning")


def _with_claims(
    twinnings: list[Twinning],
    extra: list[tuple[str, Event]],
    sources: list[Source],
    parsed: list[tuple[Path, Any, CuratedFile]],
) -> list[Twinning]:
    """Attach the ``events`` sections' claims to their twinnings and rank every step."""
    by_id: dict[str, list[Event]] = {}
    for tid, event in extra:
        by_id.setdefault(tid, []).append(event)
    known = {t.id for t in twinnings}
    missing = sorted(set(by_id) - known)
    if missing:
        path, tree, index = next(
            (p, tree, i)
            for p, tree, data in parsed
            for i, row in enumerate(data.events)
            if "--".join(sorted(row.pair)) == missing[0]
        )
        raise DataFileError(
            f"events for {missing[0]}, which no curated twinning holds",
            path=str(path),
            line=line_of(tree, ("events", index)),
        )
    published = {s.id: s.published for s in sources}
    return [
        dataclasses.replace(t, events=rank_claims((*t.events, *by_id.get(t.id, ())), published))
        for t in twinnings
    ]


def _rules(
    conv: Converter,
    parsed: list[tuple[Path, Any, CuratedFile]],
    network_ids: frozenset[str],
    sources: list[Source],
) -> tuple[Rule, ...]:
    """The rules and the further sources' accounts of them (``claim_of``), ranked; an account
    of an unknown rule, or of another account, is refused with its file and line."""
    _unique(_ids(parsed, "rules"), "rule")
    rules = _convert_all(
        conv, parsed, "rules", lambda d: d.rules, lambda r: conv.rule(r, network_ids)
    )
    first = {r.id for r in rules if r.claim_of is None}
    for rule, (ident, path, line) in zip(rules, _ids(parsed, "rules"), strict=True):
        if rule.claim_of is not None and rule.claim_of not in first:
            raise DataFileError(
                f"rule {ident!r} is an account of {rule.claim_of!r}, which no rule row holds",
                path=str(path),
                line=line,
            )
    return rank_rules(rules, {s.id: s for s in sources})
