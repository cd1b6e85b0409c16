"""Bad input: one-line errors, exit code 2, and the database unchanged."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import sqlalchemy as sa

from support.cli import Invoke
from twintowns.sources.curated import bundled_curated_dir


def snapshot(db_url: str) -> dict[str, int]:
    engine = sa.create_engine(db_url)
    with engine.connect() as conn:
        names = sa.inspect(conn).get_table_names()
        counts = {n: conn.scalar(sa.text(f'SELECT count(*) FROM "{n}"')) or 0 for n in names}
    engine.dispose()
    return counts


def test_unknown_place_exits_2_with_one_line(invoke: Invoke) -> None:
    result = invoke("show", "Atlantis")
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == ["error: no place named 'Atlantis'"]


def test_bad_date_names_the_option(invoke: Invoke) -> None:
    result = invoke("show", "Coventry", "--as-of", "2021-13-01")
    assert result.exit_code == 2
    assert "--as-of" in result.stderr
    assert "month 13" in result.stderr


def test_unknown_event_type_is_rejected(invoke: Invoke) -> None:
    result = invoke("events", "--type", "suspension,explosion")
    assert result.exit_code == 2
    assert "explosion" in result.stderr


def test_malformed_curated_file_changes_nothing(
    invoke: Invoke, db_url: str, tmp_path: Path
) -> None:
    assert invoke("init").exit_code == 0
    before = snapshot(db_url)
    broken = tmp_path / "curated"
    broken.mkdir()
    for path in bundled_curated_dir().glob("*.yaml"):
        (broken / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    twinnings = broken / "20-twinnings.yaml"
    lines = twinnings.read_text(encoding="utf-8").splitlines()
    target = next(i for i, line in enumerate(lines) if "date: 1944" in line)
    lines[target] = lines[target].replace("1944", "1944-02-30")
    twinnings.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = invoke("load", "curated", "--path", str(broken))
    assert result.exit_code == 2
    message = result.stderr.strip()
    assert message.startswith(f"error: {twinnings}:{target + 1}:"), message
    assert "February" in message or "day 30" in message
    assert snapshot(db_url) == before


def test_unknown_place_in_curated_file_names_its_line(invoke: Invoke, tmp_path: Path) -> None:
    folder = tmp_path / "curated"
    folder.mkdir()
    (folder / "a.yaml").write_text(
        "sources:\n  - {id: s, title: T}\n"
        "places:\n  - {id: x, level: town, names: [{text: X}], cite: s}\n"
        "twinnings:\n  - pair: [x, nowhere]\n    kind: twin_town\n    cite: s\n",
        encoding="utf-8",
    )
    result = invoke("load", "curated", "--path", str(folder))
    assert result.exit_code == 2
    assert f"{folder / 'a.yaml'}:6: unknown place 'nowhere'" in result.stderr


def test_ambiguous_name_lists_candidates(invoke: Invoke) -> None:
    result = invoke("show", "Toledo")
    assert result.exit_code == 2
    assert "ambiguous" in result.stderr
    assert "toledo-es" in result.stdout
    assert "toledo-us" in result.stdout
    assert invoke("show", "Toledo, Spain").exit_code == 0


def test_console_script_runs(db_url: str, tmp_path: Path) -> None:
    env = {"TWINTOWNS_DATABASE_URL": db_url, "PATH": str(Path(sys.executable).parent)}
    script = Path(sys.executable).parent / "twintowns"
    done = subprocess.run(
        [str(script), "show", "Coventry"], env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "Volgograd" in done.stdout
