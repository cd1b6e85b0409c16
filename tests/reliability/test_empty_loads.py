"""Empty or zero-row replacements are refused (exit 2, the message names the file, nothing
changes) unless ``--allow-empty`` is given: the three cases of issue 11 on a full registry."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner, Result

from support.gazetteer import ENTRIES
from twintowns.cli.app import app
from twintowns.errors import EmptyLoadError
from twintowns.registry import Registry
from twintowns.resolve.gazetteer import Gazetteer
from twintowns.resolve.resolver import Resolver
from twintowns.settings import Settings
from twintowns.sources.csvsource import CsvSource
from twintowns.sources.curated import bundled_curated_dir, load_curated
from twintowns.sources.importer import import_source
from twintowns.store import make_engine

TABLES = ("places", "twinnings", "events", "networks", "claims", "sources")
HEADER = "city,country,partner,partner_country\n"
CSV_OPTIONS = (
    "-o", "id=my-list", "-o", "title=My list", "-o", "claimant=city",
    "-o", "claimant_country=country", "-o", "partner=partner",
    "-o", "partner_country=partner_country",
)  # fmt: skip


def counts(url: str) -> dict[str, int]:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return {t: int(conn.scalar(sa.text(f"SELECT count(*) FROM {t}")) or 0) for t in TABLES}
    finally:
        engine.dispose()


def invoke(url: str, *args: str) -> Result:
    return CliRunner().invoke(app, ["--database", url, *args], catch_exceptions=False)


def message(result: Result) -> str:
    return " ".join(result.stderr.split())  # the console wraps long lines


@pytest.fixture
def curated_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "curated"
    shutil.copytree(bundled_curated_dir(), folder)
    return folder


def test_a_folder_with_one_empty_yaml_file_is_refused(bundled_db_url: str, tmp_path: Path) -> None:
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "facts.yaml").write_text("", encoding="utf-8")
    before = counts(bundled_db_url)

    result = invoke(bundled_db_url, "load", "curated", "--path", str(folder))

    assert result.exit_code == 2
    assert f"{folder / 'facts.yaml'}: empty file: no records" in message(result)
    assert counts(bundled_db_url) == before


@pytest.mark.parametrize("content", ["", "# emptied\n", "twinnings: []\n"])
def test_an_emptied_twinnings_file_is_refused(
    bundled_db_url: str, curated_copy: Path, content: str
) -> None:
    emptied = curated_copy / "20-twinnings.yaml"
    emptied.write_text(content, encoding="utf-8")
    before = counts(bundled_db_url)

    result = invoke(bundled_db_url, "load", "curated", "--path", str(curated_copy))

    assert result.exit_code == 2
    assert f"{emptied}: empty file" in message(result)
    assert counts(bundled_db_url) == before


def test_the_store_refuses_what_the_files_do_not_show(
    bundled_db_url: str, curated_copy: Path
) -> None:
    # The twinnings file keeps one record that is not a twinning (and the 2022 wave's files,
    # which hold twinnings of their own, are gone, with the reports' claims about the founding
    # twinnings): no file is empty, but the load would still take the curated twinnings to none.
    waves = ("15-places-wave.yaml", "26-wave-2022.yaml", "27-claims-recheck.yaml")
    for wave in (*waves, "28-claims-recheck-more.yaml"):
        (curated_copy / wave).unlink()
    (curated_copy / "20-twinnings.yaml").write_text(
        "terms:\n  - {text: Jumelage, lang: fr, cite: sister-city-article Terminology}\n",
        encoding="utf-8",
    )
    before = counts(bundled_db_url)

    result = invoke(bundled_db_url, "load", "curated", "--path", str(curated_copy))

    assert result.exit_code == 2
    assert f"{curated_copy}: refusing an empty replacement of dataset 'curated'" in message(result)
    assert re.search(r"remove all its [0-9,]+ twinnings", message(result))
    assert counts(bundled_db_url) == before


def test_allow_empty_loads_it_anyway(bundled_db_url: str, curated_copy: Path) -> None:
    (curated_copy / "20-twinnings.yaml").write_text("", encoding="utf-8")
    # the reports' further claims about the founding twinnings go with them
    (curated_copy / "27-claims-recheck.yaml").unlink()
    (curated_copy / "28-claims-recheck-more.yaml").unlink()

    result = invoke(bundled_db_url, "load", "curated", "--path", str(curated_copy), "--allow-empty")

    assert result.exit_code == 0, result.stderr
    registry = Registry.open(Settings(database_url=bundled_db_url, auto_load=False))
    curated = registry.reader.twinnings()
    assert not [t for t in curated if t.citation.source_id == "sister-city-article"]


@pytest.mark.parametrize("strict", [False, True])
def test_a_header_only_csv_reimport_is_refused(tmp_path: Path, strict: bool) -> None:
    url = f"sqlite:///{tmp_path / 'r.sqlite'}"
    registry = Registry.open(Settings(database_url=url, auto_load=False))
    registry.load(load_curated(), action="load curated")
    curated_claims = counts(url)["claims"]
    listing = tmp_path / "list.csv"
    listing.write_text(HEADER + "Cambridge,United Kingdom,Toledo,Spain\n", encoding="utf-8")
    source = CsvSource.from_options(
        {"path": str(listing), **dict(o.split("=", 1) for o in CSV_OPTIONS[1::2])}
    )
    import_source(registry, source, resolver=Resolver(Gazetteer(list(ENTRIES))))
    before = counts(url)
    assert before["claims"] == curated_claims + 1
    listing.write_text(HEADER, encoding="utf-8")

    flags = ["--strict"] if strict else []
    result = invoke(url, "load", "source", "csv", "-o", f"path={listing}", *CSV_OPTIONS, *flags)

    assert result.exit_code == 2
    assert f"{listing}: no claims read from source 'my-list'" in message(result)
    assert counts(url) == before
    with pytest.raises(EmptyLoadError, match=r"list\.csv"):
        import_source(registry, source, resolver=Resolver(Gazetteer(list(ENTRIES))))
    import_source(registry, source, resolver=Resolver(Gazetteer(list(ENTRIES))), allow_empty=True)
    assert counts(url)["claims"] == curated_claims
