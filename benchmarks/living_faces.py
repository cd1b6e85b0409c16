"""Benchmark of the atlas's faces of the living registry on the world registry: the reviewers'
web queue of doubtful resolutions (``GET /resolutions``, 25 items with their candidates'
places) and a place's twinning rows with their "dormant?" question
(``GET /places/{id}/twinnings``, the answer cache off so every run computes it).

Through the API in process (FastAPI's test client) over a private copy of the registry (a
reviewer is added to the copy).  Median and worst of ``--repeats`` runs, wall and CPU seconds
of this process; the load average is printed beside them: the machine is shared.

The registry is ``--database FILE`` (an SQLite file, copied), else a scratch registry in
``--workdir`` that fills itself with the curated facts and the bundled world snapshot on
first open (kept for reruns).

Run: ``.venv/bin/python benchmarks/living_faces.py [--database FILE] [--workdir DIR]
[--repeats N] [--place ID]``
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from starlette.testclient import TestClient

from twintowns import accounts
from twintowns.accounts import Role
from twintowns.api import create_app
from twintowns.registry import Registry
from twintowns.settings import Settings

PASSWORD = "benchmark password"


def timed(work: Callable[[], object]) -> tuple[float, float]:
    """Wall and CPU seconds of one run."""
    wall, cpu = time.perf_counter(), time.process_time()
    work()
    return time.perf_counter() - wall, time.process_time() - cpu


def line(name: str, runs: list[tuple[float, float]]) -> None:
    """Print median and worst wall seconds, and the median CPU seconds."""
    walls = [w for w, _ in runs]
    cpus = [c for _, c in runs]
    print(
        f"{name}: median {statistics.median(walls):.3f} s, worst {max(walls):.3f} s "
        f"(CPU median {statistics.median(cpus):.3f} s, {len(runs)} runs)"
    )


def main() -> None:
    """Measure and print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", type=Path, help="an SQLite registry file (copied)")
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "tt-faces")
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--place", default="coventry", help="the place whose rows are timed")
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    source = args.database or args.workdir / "world.sqlite"
    if not source.exists():  # the first open fills it with the bundled data
        Registry.open(Settings(database_url=f"sqlite:///{source}")).engine.dispose()
    copy = args.workdir / "faces-copy.sqlite"
    shutil.copyfile(source, copy)
    settings = Settings(
        database_url=f"sqlite:///{copy}",
        auto_load=False,
        answer_cache=False,
        overrides_path=args.workdir / "overrides.yaml",
    )
    app = create_app(settings, warm=False)
    engine = app.state.twintowns.registry.engine
    accounts.add_user(engine, "bench-reviewer", PASSWORD, actor="benchmark")
    accounts.grant_role(engine, "bench-reviewer", Role.REVIEWER, actor="benchmark")
    token = accounts.issue_token(engine, "bench-reviewer", "review", actor="benchmark")
    headers = {"authorization": f"Bearer {token}"}
    with TestClient(app) as client:

        def queue() -> None:
            answer = client.get("/resolutions", params={"limit": 25}, headers=headers)
            assert answer.status_code == 200, answer.text
            assert len(answer.json()) == 25

        def rows() -> None:
            answer = client.get(f"/places/{args.place}/twinnings")
            assert answer.status_code == 200, answer.text

        first = timed(rows)  # reads the snapshot
        print(f"first /places/{args.place}/twinnings (snapshot read): {first[0]:.3f} s")
        line("GET /resolutions?limit=25", [timed(queue) for _ in range(args.repeats)])
        line(f"GET /places/{args.place}/twinnings", [timed(rows) for _ in range(args.repeats)])
        partners = client.get(f"/places/{args.place}/twinnings").json()["partners"]
        asked = sum(p["dormant"] for p in partners)
        print(f"{args.place}: {asked} of {len(partners)} rows ask 'dormant?'")
    print(f"load average: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
