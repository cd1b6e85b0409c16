"""Realistic Wikidata dumps of any size, for tests and benchmarks.

The entities are real ones (``twintowns/data/wikidata/templates.json.gz``: 2017 dump lines of
seven twinned cities, Bielefeld, Weimar, Belgium, France and the universe) with rewritten ids.
Most entities are not places: they are the templates cut down to a size drawn around a few
kilobytes (real labels and claims, fewer of them), as most of a real dump is.  About one
entity in ``twin_every`` (2,000 in the real dump) is a city with its real P190 statements,
pointing at other generated cities: mostly ones that name it back, a few (2 %) at places that
have no P190 of their own, as in Wikidata.  The file is framed as production does it: a ``[``
member, gzip members of batches of lines, ``,`` members between them and a ``]`` member.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import orjson

_gzip: Any
try:
    from isal import igzip as _gzip
except ImportError:  # pragma: no cover - isal is a declared dependency
    import gzip as _gzip

__all__ = ["GeneratedDump", "generate_dump"]

_BATCH_BYTES = 8 << 20
_FIRST_ID = 200_000_000
_HOLE = b"\x00"


@dataclass(frozen=True, slots=True)
class GeneratedDump:
    """What was written: the file, its entities, cities with P190 and their statements."""

    path: Path
    entities: int
    twinned: int
    statements: int
    targets_without_p190: int
    decompressed_bytes: int


def _templates() -> list[dict[str, Any]]:
    path = resources.files("twintowns") / "data" / "wikidata" / "templates.json.gz"
    text = _gzip.decompress(path.read_bytes())
    lines = (line.rstrip(b",\r") for line in text.split(b"\n"))
    return [orjson.loads(line) for line in lines if line.startswith(b"{")]


def _with_holes(entity: dict[str, Any]) -> list[bytes]:
    """The entity serialised, split where its id goes (the id and statement-id prefixes)."""
    old = str(entity["id"])
    data = orjson.dumps(entity)
    for before in (f'"id":"{old}"', f'"{old}$', f'"{old.lower()}$'):
        after = before.replace(old, "\0").replace(old.lower(), "\0")
        data = data.replace(before.encode(), after.encode())
    return data.split(_HOLE)


def _trimmed(entity: dict[str, Any], size: int, rng: random.Random) -> dict[str, Any]:
    """A copy of ``entity`` with random labels and claims kept until about ``size`` bytes."""
    out: dict[str, Any] = {"type": "item", "id": entity["id"]}
    budget = size
    for key in ("labels", "descriptions", "aliases", "claims", "sitelinks"):
        source = entity.get(key) or {}
        keys = list(source) if isinstance(source, dict) else []
        rng.shuffle(keys)
        kept: dict[str, Any] = {}
        for name in keys:
            cost = len(orjson.dumps(source[name]))
            if cost > budget / 2 and kept:
                continue
            kept[name] = source[name]
            budget -= cost
        out[key] = kept or []
        budget = max(budget, size // 8)
    # no P190 (not twinned) and no P297 (not a country): those are rare in a real dump
    claims = out["claims"] or {}
    out["claims"] = {k: v for k, v in claims.items() if k not in ("P190", "P297")} or []
    return out


class _Writer:
    """Entity lines in batches, each batch one gzip member, framed like production."""

    def __init__(self, path: Path, target: int, level: int) -> None:
        self.handle = path.open("wb")
        self.target, self.level = target, level
        self.batch: list[bytes] = []
        self.batch_bytes = self.written = self.decompressed = 0
        self._member(b"[\n")

    def _member(self, data: bytes) -> None:
        self.handle.write(_gzip.compress(data, compresslevel=self.level, mtime=0))
        self.written = self.handle.tell()
        self.decompressed += len(data)

    def add(self, line: bytes) -> None:
        self.batch.append(line)
        self.batch_bytes += len(line) + 2
        if self.batch_bytes >= _BATCH_BYTES:
            self.flush()

    def flush(self) -> None:
        if self.batch:
            if self.decompressed > 2:
                self._member(b",\n")
            self._member(b",\n".join(self.batch))
            self.batch, self.batch_bytes = [], 0

    @property
    def full(self) -> bool:
        return self.written + self.batch_bytes // 8 >= self.target

    def close(self) -> None:
        self.flush()
        self._member(b"\n]\n")
        self.handle.close()


class _Cities:
    """The twinned cities: real P190 statements re-pointed at generated ids."""

    def __init__(self, templates: list[dict[str, Any]], rng: random.Random) -> None:
        self.templates = [t for t in templates if (t.get("claims") or {}).get("P190")]
        self.rng = rng
        self.twinned: list[str] = []
        self.pending: list[str] = []  # partners with no P190, still to be written
        self.statements = self.lonely = 0

    def city(self, qid: str) -> bytes:
        entity = dict(self.rng.choice(self.templates))
        claims = dict(entity["claims"])
        claims["P190"] = [self._statement(qid, s, n) for n, s in enumerate(claims["P190"])]
        entity["claims"], entity["id"] = claims, qid
        self.twinned.append(qid)
        return orjson.dumps(entity)

    def _statement(self, qid: str, statement: dict[str, Any], number: int) -> dict[str, Any]:
        if self.twinned and self.rng.random() < 0.98:
            target = self.rng.choice(self.twinned)
        else:
            target = f"Q{_FIRST_ID - 1 - self.lonely}"
            self.lonely += 1
            self.pending.append(target)
        self.statements += 1
        snak = dict(statement["mainsnak"])
        value = {"entity-type": "item", "numeric-id": int(target[1:]), "id": target}
        snak["datavalue"] = {"value": value, "type": "wikibase-entityid"}
        return {**statement, "mainsnak": snak, "id": f"{qid}$00000000-0000-4000-8000-{number:012d}"}


def generate_dump(
    path: Path, size: int, *, seed: int = 0, twin_every: int = 2000, level: int = 2
) -> GeneratedDump:
    """Write a multi-member ``.json.gz`` dump of about ``size`` compressed bytes.

    Parameters
    ----------
    path:
        The file to write.
    size:
        Target size of the gzip file in bytes (reached within one batch, ~1 MB).
    seed:
        Random seed: the same arguments write the same bytes.
    twin_every:
        One entity in this many is a city with P190 statements.
    level:
        Gzip compression level (python-isal's 0..3 when installed).
    """
    rng = random.Random(seed)
    templates = _templates()
    variants = [
        _with_holes(_trimmed(rng.choice(templates), int(rng.lognormvariate(8.6, 1.0)), rng))
        for _ in range(400)
    ]
    cities, writer = _Cities(templates, rng), _Writer(path, size, level)
    number = _FIRST_ID
    while not writer.full:
        qid = f"Q{number}".encode()
        if rng.randrange(twin_every) == 0:
            writer.add(cities.city(qid.decode()))
        elif cities.pending and rng.random() < 0.01:
            writer.add(_without_p190(rng.choice(cities.templates), cities.pending.pop()))
        else:
            writer.add(qid.join(rng.choice(variants)))
        number += 1
    for target in cities.pending:  # partners not yet written go in the last batch
        writer.add(_without_p190(rng.choice(cities.templates), target))
    writer.close()
    entities = number - _FIRST_ID + len(cities.pending)
    return GeneratedDump(
        path, entities, len(cities.twinned), cities.statements, cities.lonely, writer.decompressed
    )


def _without_p190(template: dict[str, Any], qid: str) -> bytes:
    claims = {k: v for k, v in template["claims"].items() if k != "P190"}
    return orjson.dumps({**template, "id": qid, "claims": claims})
