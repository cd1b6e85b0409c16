"""The hostile corpus's CSV items through the user CSV source (a library entry: the CLI has no
command for it yet): undecodable bytes are reported with their line and stop a strict import
with nothing written, a ``javascript:`` URL is refused, an oversized file is refused unread."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from twintowns.errors import DataFileError, InputError
from twintowns.model import RowProblem
from twintowns.registry import Registry
from twintowns.settings import Settings
from twintowns.sources.csvsource import CsvSource
from twintowns.sources.importer import import_source

HOSTILE = Path(__file__).parent / "hostile"


def _options(path: Path, **extra: str) -> dict[str, object]:
    return {"path": str(path), "id": "user-list", "title": "A user's list",
            "claimant": "city", "partner": "partner", **extra}  # fmt: skip


def test_undecodable_row_is_reported_with_its_line() -> None:
    problems: list[RowProblem] = []
    source = CsvSource.from_options(_options(HOSTILE / "latin1.csv"))
    claims = list(source.claims(problems.append))
    assert [c.claimant.name for c in claims] == ["Coventry"]
    assert [(p.line, p.message) for p in problems] == [
        (3, "not valid utf-8: undecodable byte 0xC9")
    ]


def test_strict_import_of_undecodable_file_writes_nothing(tmp_path: Path) -> None:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'r.sqlite'}", auto_load=False)
    registry = Registry.open(settings)
    before = {t: registry.reader.count(t) for t in ("places", "twinnings", "sources")}
    source = CsvSource.from_options(_options(HOSTILE / "latin1.csv"))
    with pytest.raises(DataFileError, match=r"latin1\.csv:3: not valid utf-8"):
        import_source(registry, source, strict=True)
    assert {t: registry.reader.count(t) for t in before} == before


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "file:///etc/passwd"]
)
def test_non_http_url_option_is_refused(url: str) -> None:
    with pytest.raises(InputError, match=r"option 'url': URL .* is not an http"):
        CsvSource.from_options(_options(HOSTILE / "latin1.csv", url=url))


def test_oversized_csv_is_refused_before_a_row_is_read(tmp_path: Path) -> None:
    big = tmp_path / "big.csv"
    shutil.copy(HOSTILE / "latin1.csv", big)
    with big.open("a", encoding="utf-8") as handle:
        handle.write("Coventry,Kiel\n" * 1000)
    source = CsvSource.from_options(_options(big))
    small = CsvSource(source.path, source.source, source.columns, source.fmt, max_bytes=1000)
    problems: list[RowProblem] = []
    with pytest.raises(DataFileError, match="larger than the limit of 1,000 bytes"):
        next(small.claims(problems.append))
    assert problems == []
