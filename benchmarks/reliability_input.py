"""Benchmark of the hostile-input corpus (issue 11): every item through the real ``twintowns``
command, with its exit code, wall time and the command's peak resident memory.

Targets: every item exits 2 with one line; the 200 MB YAML and the 200 MB CSV (generated here,
in a temporary folder, never stored) are refused in under 2 s and 200 MB.  Before the size
bound, the YAML took 184 s and 737 MB to reject and the CSV was read whole (2.9 GB).

Each item runs as its own process on a scratch registry holding the curated facts; peak RSS and
CPU seconds are that process's own (``os.wait4``), so they include the interpreter and
twintowns' imports: the first row (``--help``) is that fixed start-up cost, to subtract.  On a
shared, loaded machine wall seconds mostly measure the wait for a core; CPU seconds do not.  The
last rows time the library's refusal of the two big files in this process, start-up excluded.

Run: ``.venv/bin/python benchmarks/reliability_input.py [--megabytes 200]``
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from twintowns.errors import DataFileError
from twintowns.filesize import check_size
from twintowns.registry import Registry
from twintowns.settings import Settings
from twintowns.sources.curated import load_curated

HOSTILE = Path(__file__).resolve().parent.parent / "tests" / "reliability" / "hostile"
TWINTOWNS = Path(sys.executable).with_name("twintowns")


def _write_big(path: Path, head: str, row: str, megabytes: int) -> Path:
    """A file of ``megabytes`` MB: ``head`` then ``row`` repeated (written in large blocks)."""
    block = row * (1_048_576 // len(row))
    with path.open("w", encoding="utf-8") as handle:
        handle.write(head)
        for _ in range(megabytes):
            handle.write(block)
    return path


def _one_file_dir(root: Path, source: Path) -> Path:
    folder = root / f"curated-{source.stem}"
    folder.mkdir()
    shutil.copy(source, folder / source.name)
    return folder


def _items(root: Path, megabytes: int) -> dict[str, list[str]]:
    """Every corpus item as the arguments of one ``twintowns`` run."""
    big_yaml = _write_big(
        root / "big.yaml", "sources:\n", "  - {id: big-source, title: A title}\n", megabytes
    )
    big_csv = _write_big(root / "big.csv", "statement,item\n", "wds:Q1-x,Q1\n", megabytes)
    a_file = root / "file"
    a_file.write_text("x", encoding="utf-8")
    names = ("empty.yaml", "nul.yaml", "escaped-nul.yaml", "nested.yaml", "latin1.yaml",
             "javascript-url.yaml", "alias-bomb.yaml")  # fmt: skip
    items = {"start-up (--help)": ["--help"]}
    for name in names:
        folder = _one_file_dir(root, HOSTILE / name)
        items[f"{name} (load curated)"] = ["load", "curated", "--path", str(folder)]
    huge = "Coventry" * 6250
    items |= {
        f"{megabytes} MB YAML (load curated)": [
            "load", "curated", "--path", str(_one_file_dir(root, big_yaml))],
        f"{megabytes} MB CSV (ingest wikidata-sparql)": ["ingest", "wikidata-sparql", str(big_csv)],
        "50,000-char place (show)": ["show", huge],
        "50,000-char text (search)": ["search", huge],
        "50,000-char topic (learn deck)": [
            "learn", "deck", "-o", str(root / "d.tsv"), "--topic", huge],
        "export -o /nonexistent/dir/x.csv": ["export", "-o", "/nonexistent/dir/x.csv"],
        "report -o <file>/r.html": ["report", "-o", str(a_file / "r.html")],
        "show --as-of 2020-39": ["show", "Coventry", "--as-of", "2020-39"],
        "show --as-of 0000": ["show", "Coventry", "--as-of", "0000"],
    }  # fmt: skip
    return items


def _run(args: list[str], env: dict[str, str]) -> tuple[int, float, float, float, str]:
    """Exit code, wall and CPU seconds, peak RSS (MB) and last stderr line of one run."""
    start = time.perf_counter()
    process = subprocess.Popen(
        [str(TWINTOWNS), *args], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    assert process.stderr is not None
    err = process.stderr.read().decode("utf-8", "replace")
    _pid, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    lines = err.strip().splitlines()
    cpu = usage.ru_utime + usage.ru_stime
    return process.returncode, seconds, cpu, usage.ru_maxrss / 1024, lines[-1] if lines else ""


def _in_process(root: Path, megabytes: int) -> None:
    """The library's own refusal of the big files: seconds and growth of this process's RSS."""
    checks = {
        f"{megabytes} MB YAML: load_curated": lambda: load_curated(root / "curated-big"),
        f"{megabytes} MB CSV: check_size": lambda: check_size(root / "big.csv"),
    }
    for name, check in checks.items():
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        start = time.perf_counter()
        try:
            check()
        except DataFileError:
            refused = "refused"
        else:
            refused = "ACCEPTED"
        seconds = time.perf_counter() - start
        grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
        print(f"{name:<44} {refused:>8} {seconds:>8.4f} s, peak RSS grew {grown:.1f} MB")


def main() -> None:
    """Run every item and print one line each."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--megabytes", type=int, default=200, help="Size of the big files.")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="twintowns-hostile-") as scratch:
        root = Path(scratch)
        url = f"sqlite:///{root / 'registry.sqlite'}"
        Registry.open(Settings(database_url=url, auto_load=False)).load(
            load_curated(), action="benchmark baseline"
        )
        env = {**os.environ, "TWINTOWNS_DATABASE_URL": url, "TWINTOWNS_AUTO_LOAD": "false"}
        print(f"{'item':<44} {'exit':>4} {'wall s':>7} {'CPU s':>6} {'peak MB':>7}  message")
        for name, args in _items(root, options.megabytes).items():
            code, seconds, cpu, peak, line = _run(args, env)
            print(f"{name:<44} {code:>4} {seconds:>7.2f} {cpu:>6.2f} {peak:>7.0f}  {line[-70:]}")
        _in_process(root, options.megabytes)


if __name__ == "__main__":
    main()
