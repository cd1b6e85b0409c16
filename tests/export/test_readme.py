"""The README's export readers, run as written against files written by ``twintowns export``."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from twintowns.sources.curated import load_curated

README = Path(__file__).parents[2] / "README.md"


def _readers() -> tuple[list[str], list[str]]:
    text = README.read_text(encoding="utf-8")
    block = text.split("<!-- export-readers -->")[1].split("<!-- /export-readers -->")[0]
    python = re.search(r"```python\n(.*?)```", block, re.DOTALL)
    shell = re.search(r"```sh\n(.*?)```", block, re.DOTALL)
    assert python
    assert shell
    return python.group(1).splitlines(), shell.group(1).splitlines()


PYTHON, SHELL = _readers()


def test_every_format_has_a_reader() -> None:
    named = " ".join(PYTHON + SHELL)
    for fmt in ("csv", "json", "geojson", "graphml", "parquet"):
        assert f"twinnings.{fmt}" in named


@pytest.mark.parametrize("line", PYTHON)
def test_python_reader_runs(line: str, exported: Path) -> None:
    size = "g.number_of_edges() if hasattr(g, 'number_of_edges') else g.ecount()"
    check = f"print(len(df) if 'df' in dir() else {size})"
    done = subprocess.run(
        [sys.executable, "-W", "error::pandas.errors.DtypeWarning", "-c", f"{line}\n{check}"],
        cwd=exported,
        capture_output=True,
        text=True,
        timeout=120,
        env=os.environ,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(len(load_curated().twinnings))  # the curated registry


@pytest.mark.parametrize("line", SHELL)
def test_shell_reader_runs(line: str, exported: Path) -> None:
    done = subprocess.run(
        line, shell=True, cwd=exported, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert f"Feature Count: {len(load_curated().twinnings) - 1}" in done.stdout  # no Ankh-Morpork
