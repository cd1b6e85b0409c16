"""Golden outputs on the curated registry: quality reports, chains, exports, country names.

These pin what the registry's faces print today, so that a change to any of them is seen and
explained (the golden files change in commits of their own).  Statuses are evaluated on a
fixed day so the files do not change at midnight.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from twintowns.api import create_app
from twintowns.cli.app import app
from twintowns.registry import Registry
from twintowns.settings import Settings

Golden = Callable[[str, str], None]
# Statuses are taken today: an undated fact holds only for the present (model.status), so a
# fixed past day would turn every undated link to "unknown" the day after the files were made.
DAY = dt.date.today()
# Historical and disputed codes first, then the registry's own.
CODES = ("SU", "YU", "CS", "DD", "XK", "GB", "US", "RU", "DE", "KR", "CZ", "TW", "PS", "MK")
CHAIN_PAIRS = (
    ("belgrade", "volgograd"),
    ("coventry", "volgograd"),
    ("coventry", "dresden"),
    ("alberta", "gangwon"),
    ("toledo-es", "toledo-us"),
    ("ankh-morpork", "wincanton"),
    ("st-petersburg", "milan"),
)


def _places_for_chains(registry: Registry) -> list[str]:
    twinned = sorted({p for t in registry.reader.twinnings() for p in (t.a, t.b)})
    return sorted(set(twinned[::9]) | {"belgrade", "volgograd", "coventry", "dresden"})


def test_quality_report_golden(curated: Registry, golden: Golden) -> None:
    from twintowns.quality import quality_report

    # "dormant?" is asked on a day: a fixed one, so the golden file does not age
    report = quality_report(curated.engine, as_of=dt.date(2026, 12, 5))
    golden("quality.json", json.dumps(report.as_json(), indent=1, sort_keys=True) + "\n")


def test_lab_quality_tables_golden(curated: Registry, golden: Golden) -> None:
    from twintowns.analysis.data import load_data
    from twintowns.analysis.report import quality_frames

    overview, details = quality_frames(load_data(curated))
    parts = ["## overview", overview.to_csv(index=False)]
    for name, frame in details.items():
        parts += [f"## {name}", frame.to_csv(index=False)]
    golden("analysis-quality.txt", "\n".join(parts))


def test_quality_commands_are_one(runner: CliRunner) -> None:
    plain = runner.invoke(app, ["quality", "--json"], catch_exceptions=False)
    lab = runner.invoke(app, ["analyse", "quality", "--json"], catch_exceptions=False)
    assert plain.exit_code == 0, plain.output
    assert json.loads(plain.stdout) == json.loads(lab.stdout)
    assert "missing coordinates" in {c["check"] for c in json.loads(plain.stdout)["checks"]}


def _chain_text(places: tuple[str, ...] | None) -> str:
    return "none" if places is None else f"{len(places) - 1}: {' > '.join(places)}"


def test_shortest_chains_golden(curated: Registry, golden: Golden) -> None:
    from twintowns.paths import adjacency, shortest_chain

    graph = adjacency(curated.reader.twinnings())
    lines = []
    for a, b in itertools.combinations(_places_for_chains(curated), 2):
        today = shortest_chain(graph, a, b)
        before = shortest_chain(graph, a, b, dt.date(2021, 12, 31))
        lines.append(
            f"{a} {b}\n  today: {_chain_text(today.places if today else None)}"
            f"\n  2021-12-31: {_chain_text(before.places if before else None)}"
        )
    golden("chains.txt", "\n".join(lines) + "\n")


@pytest.fixture
def client(curated_url: str) -> TestClient:
    return TestClient(create_app(Settings(database_url=curated_url, auto_load=False), warm=False))


@pytest.fixture
def runner(curated_url: str, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("TWINTOWNS_DATABASE_URL", curated_url)
    monkeypatch.setenv("TWINTOWNS_AUTO_LOAD", "false")
    return CliRunner()


def test_chain_faces_golden(client: TestClient, runner: CliRunner, golden: Golden) -> None:
    lines = []
    for a, b in CHAIN_PAIRS:
        result = runner.invoke(app, ["analyse", "chain", a, b], catch_exceptions=False)
        lines.append(f"$ twintowns analyse chain {a} {b}  (exit {result.exit_code})")
        lines.append(result.output.rstrip())
        response = client.get("/path", params={"from": a, "to": b})
        before = client.get("/path", params={"from": a, "to": b, "as_of": "2021-12-31"})
        lines.append(f"GET /path {a} {b} as_of 2021-12-31: {before.status_code}")
        body = response.json()
        if response.status_code == 200:
            shown = " > ".join(p["id"] for p in body["places"])
            lines.append(f"GET /path {a} {b}: {body['length']}: {shown}")
        else:
            lines.append(f"GET /path {a} {b}: {response.status_code} {body.get('detail')}")
    golden("chain-faces.txt", "\n".join(lines) + "\n")


@pytest.mark.parametrize("fmt", ["csv", "json", "geojson", "graphml"])
def test_library_export_golden(curated: Registry, golden: Golden, fmt: str) -> None:
    from twintowns.export import ExportFormat, export

    golden(f"export.{fmt}", export(curated, ExportFormat(fmt), DAY).decode())


@pytest.mark.parametrize("fmt", ["csv", "json", "geojson", "graphml"])
def test_api_export_golden(client: TestClient, golden: Golden, fmt: str) -> None:
    response = client.get(f"/export.{fmt}", params={"as_of": DAY.isoformat()})
    assert response.status_code == 200
    golden(f"api-export.{fmt}", response.text)


def test_country_names_golden(curated: Registry, golden: Golden) -> None:
    from twintowns.country_names import country_name

    found = {c.iso for p in curated.reader.places().values() for c in p.countries}
    codes = list(CODES) + sorted(c for c in found if c not in CODES)
    lines = ["code\tshort\tofficial"]
    lines += [f"{c}\t{country_name(c)}\t{country_name(c, 'official')}" for c in codes]
    golden("country-names.tsv", "\n".join(lines) + "\n")
