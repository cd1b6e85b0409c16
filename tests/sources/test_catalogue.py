"""The source catalogue: names, options, the bundled world sources and their citations."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pytest
import yaml

from twintowns.errors import ConfigurationError, InputError
from twintowns.model import RowProblem, Source
from twintowns.sources import catalogue
from twintowns.sources.base import ClaimSource
from twintowns.sources.catalogue import (
    WORLD_SOURCES,
    get_source,
    register_source,
    source_names,
    world_sources,
)
from twintowns.sources.csvsource import CsvSource
from twintowns.sources.wikipedia2026 import Wikipedia2026Source

FIXTURES = Path(__file__).parent.parent / "fixtures" / "world"
CURATED_SOURCES = Path(catalogue.__file__).parent.parent / "data" / "curated" / "00-sources.yaml"


def test_every_source_is_registered_by_name() -> None:
    assert source_names() == (
        "csv",
        "czech-2013",
        "germany-2015",
        "wikidata-2016",
        "wikidata-eu-2017",
        "wikipedia-2018",
        "wikipedia-2026",
    )


def test_an_unknown_name_is_an_input_error_listing_the_known_names() -> None:
    with pytest.raises(InputError) as caught:
        get_source("wikipedia-2019")
    message = str(caught.value)
    assert "unknown source 'wikipedia-2019'" in message
    assert all(name in message for name in source_names())


def test_world_sources_are_the_six_bundled_datasets_in_a_fixed_order() -> None:
    sources = world_sources()
    assert len(sources) == 6
    assert all(isinstance(source, ClaimSource) for source in sources)
    assert [source.info.id for source in sources] == [
        "wikidata-p190-crawl-2016",
        "wikidata-eu-twinning-2017",
        "wikipedia-twin-cities-2026",
        "wikipedia-sister-cities-circa2018",
        "germany-partnerships-2015",
        "czech-partnerships-2013",
    ]
    assert [get_source(name).info for name in WORLD_SOURCES] == [s.info for s in sources]


def test_citations_agree_with_the_curated_sources() -> None:
    # The curated data cites some of these datasets by the same id: one id, one citation.
    curated = yaml.safe_load(CURATED_SOURCES.read_text(encoding="utf-8"))["sources"]
    by_id = {entry["id"]: Source(**entry) for entry in curated}
    shared = [s.info for s in world_sources() if s.info.id in by_id]
    assert shared
    assert all(info == by_id[info.id] for info in shared)


def test_a_dataset_source_reads_another_directory() -> None:
    source = get_source("wikipedia-2026", directory=str(FIXTURES / "wikipedia-twin-cities-2026"))
    assert isinstance(source, Wikipedia2026Source)
    problems: list[RowProblem] = []
    assert len(list(source.claims(problems.append))) == 29
    assert problems == []


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"directory": "/nonexistent/twintowns"}, "is not a directory"),
        ({"folder": "x"}, "takes only the option 'directory'"),
    ],
)
def test_bad_dataset_options_are_input_errors(options: Mapping[str, object], message: str) -> None:
    with pytest.raises(InputError, match=message):
        get_source("wikidata-2016", **options)


def test_the_csv_source_takes_its_mapping_as_options() -> None:
    source = get_source(
        "csv",
        path=str(FIXTURES / "wikipedia-sister-cities-circa2018" / "sister_cities.csv"),
        id="sis-cities",
        title="Sister cities",
        claimant="city",
        claimant_country="country",
        partner="sister",
    )
    assert isinstance(source, CsvSource)
    assert source.info.id == "sis-cities"
    assert len(list(source.claims(lambda problem: None))) == 40
    with pytest.raises(InputError, match="'claimant' is required"):
        get_source("csv", path="x.csv", id="x", title="x", partner="b")


def test_further_plug_ins_can_register_but_not_replace(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(catalogue, "_REGISTRY", dict(catalogue._REGISTRY))

    def bundled_again(options: Mapping[str, object]) -> ClaimSource:
        return Wikipedia2026Source.bundled()

    register_source("wikipedia-2026-again", bundled_again)
    assert "wikipedia-2026-again" in source_names()
    assert get_source("wikipedia-2026-again").info.id == "wikipedia-twin-cities-2026"
    with pytest.raises(ConfigurationError, match="already registered"):
        register_source("csv", bundled_again)
