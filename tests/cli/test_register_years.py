"""Issue 14's done-means: the registers' years in `show`, citing the German register's file
and line, with first and last attested dates."""

from __future__ import annotations

import json
import re
from typing import Any

from support.cli import Invoke


def _row(stdout: str, partner: str) -> str:
    return next(line for line in stdout.splitlines() if line.startswith(f"│ {partner} "))


def _register_number(stdout: str) -> str:
    (number,) = re.findall(r"^\[(\d+)\] German municipal partnerships", stdout, re.MULTILINE)
    return number


def test_munich_lists_edinburgh_since_1954_and_sapporo_since_1972_citing_the_register(
    invoke: Invoke,
) -> None:
    result = invoke("show", "München")
    assert result.exit_code == 0, result.output
    number = _register_number(result.stdout)
    edinburgh = _row(result.stdout, "Edinburgh")
    assert "active since 1954" in edinburgh
    assert f"[{number}: partnerstaedte_final.csv:4338]" in edinburgh
    sapporo = _row(result.stdout, "Sapporo")
    assert "active since 1972" in sapporo
    assert f"[{number}: partnerstaedte_final.csv:4340]" in sapporo
    assert "partner town" in sapporo  # the register's form p
    assert "2015–2026" in sapporo  # attested by the 2015 register and the 2026 lists


def test_hannover_lists_bristol_since_1947(invoke: Invoke) -> None:
    result = invoke("show", "Hannover")
    assert result.exit_code == 0, result.output
    bristol = _row(result.stdout, "Bristol")
    number = _register_number(result.stdout)
    assert "active since 1947" in bristol
    assert f"[{number}: partnerstaedte_final.csv:2599]" in bristol


def test_the_json_view_carries_the_signing_and_first_and_last_attested(invoke: Invoke) -> None:
    payload: dict[str, Any] = json.loads(invoke("show", "München", "--json").stdout)
    (edinburgh,) = [p for p in payload["partners"] if p["partner_name"] == "Edinburgh"]
    assert edinburgh["since"] == "1954"
    signings = [e for e in edinburgh["events"] if e["type"] == "signing"]
    assert {e["citation"]["locator"] for e in signings} == {"partnerstaedte_final.csv:4338"}
    assert edinburgh["attested"]["first"] == "2015"
    assert edinburgh["attested"]["last"] == "2026-02-08"
    assert payload["sources"]["germany-partnerships-2015"]["licence"].startswith("MIT")
