"""``twintowns suggest``: ten candidates with reasons, JSON, a country filter, one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from twintowns.cli.app import app


def _run(url: str, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["--database", url, *args], catch_exceptions=False)
    return result.exit_code, result.output


def test_suggest_prints_candidates_with_reasons(planted_url: str) -> None:
    code, out = _run(planted_url, "suggest", "GB Town 0", "--top", "10")
    assert code == 0, out
    assert "not facts" in out.splitlines()[0]
    assert out.splitlines()[1].startswith("basis: ")  # what the answer rests on
    assert "current twinnings" in out.splitlines()[1]
    ranked = [line for line in out.splitlines() if line[:4].strip().rstrip(".").isdigit()]
    assert len(ranked) == 10
    assert out.count("km apart") == 10
    # the model was saved beside the registry: the next run reads it
    folder = Path(planted_url.removeprefix("sqlite:///") + ".snapshots")
    assert list(folder.glob("suggest-*.npz"))


def test_suggest_json_and_country(planted_url: str) -> None:
    code, out = _run(planted_url, "suggest", "gb-0", "--country", "PL", "--top", "3", "--json")
    assert code == 0, out
    body = json.loads(out)
    assert [s["country"] for s in body["suggestions"]] == ["PL", "PL", "PL"]
    assert "pl-1" not in {s["place_id"] for s in body["suggestions"]}  # an ended partner


@pytest.mark.parametrize(
    "args",
    [
        ("suggest", "gb-0", "--country", "ZZ"),
        ("suggest", "Atlantis"),
        ("suggest", "gb-0", "--top", "0"),
    ],
)
def test_bad_input_is_one_line_exit_2(planted_url: str, args: tuple[str, ...]) -> None:
    code, out = _run(planted_url, *args)
    assert code == 2
    assert "Traceback" not in out


@pytest.mark.slow  # two CLI runs ranking ~126,000 GeoNames towns (5 s at load 3, 13 s at load 20)
def test_suggest_outsiders_only(planted_url: str) -> None:
    code, out = _run(planted_url, "suggest", "gb-0", "--outsiders-only", "--top", "5", "--json")
    assert code == 0, out
    body = json.loads(out)
    assert "current twinnings" in body["basis"] or "in force today" in body["basis"]
    found = body["suggestions"]
    assert len(found) == 5
    assert all(not s["registered"] for s in found)
    assert all(s["place_id"].startswith("geonames:") for s in found)
    code, text = _run(planted_url, "suggest", "gb-0", "--outsiders-only", "--top", "3")
    assert code == 0, text
    assert "outside the registry only" in text.splitlines()[0]
    assert text.count("not in the registry") == 3
