"""Benchmark of the teacher's studio (issue 23): building and previewing courses, and exports.

Targets: building and previewing a 30-item course at most 1 s after the first; PDF export at
most 2 s.  Through the API in process (FastAPI's test client, the routes the studio calls):
the first ``POST /learn/courses/preview`` (it reads every fact of the registry), then 30-item
previews of other seeds and of the same course with edits (median and worst, wall and CPU
seconds of this process), then each export of a saved 30-item course (median of
``--repeats``).  The load average is printed beside the figures: the machine is shared.

The registry is ``--database URL``, else a scratch SQLite registry in ``--workdir`` that fills
itself with the curated facts and the bundled world snapshot on first open (kept for reruns).

Run: ``.venv/bin/python benchmarks/studio.py [--database URL] [--workdir DIR] [--repeats N]``
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from starlette.testclient import TestClient

from twintowns.api import create_app
from twintowns.registry import Registry
from twintowns.settings import Settings

RECIPE = {"topics": ["history", "terminology"], "count": 30, "seed": 0}


def timed(work: Callable[[], object]) -> tuple[float, float]:
    """Wall and CPU seconds of one run."""
    wall, cpu = time.perf_counter(), time.process_time()
    work()
    return time.perf_counter() - wall, time.process_time() - cpu


def preview(client: TestClient, body: dict[str, Any]) -> dict[str, Any]:
    response = client.post("/learn/courses/preview", json=body)
    assert response.status_code == 200, response.text
    found: dict[str, Any] = response.json()
    return found


def line(name: str, runs: list[tuple[float, float]], target: float | None) -> None:
    walls, cpus = [r[0] for r in runs], [r[1] for r in runs]
    verdict = "" if target is None else (" ok" if max(walls) <= target else " OVER")
    print(f"{name:<38} median {statistics.median(walls):6.3f} s wall "
          f"{statistics.median(cpus):6.3f} s cpu · worst {max(walls):6.3f} s wall"
          f"{'' if target is None else f' (target {target} s)'}{verdict}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database")
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "tt-studio")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    url = args.database or f"sqlite:///{args.workdir / 'world.sqlite'}"
    settings = Settings(database_url=url, flag_burst=1000)
    Registry.open(settings).engine.dispose()  # fills a scratch registry on first open
    print(f"registry {url}; load average {os.getloadavg()[0]:.2f}")
    with TestClient(create_app(settings, warm=True)) as client:
        body = {"name": "Benchmark course", "recipe": RECIPE}
        first = timed(lambda: preview(client, body))
        name = "first 30-item preview (reads facts)"
        print(f"{name:<38} {first[0]:6.3f} s wall {first[1]:6.3f} s cpu")
        seeds = [timed(lambda s=s: preview(client, body | {"recipe": RECIPE | {"seed": s}}))
                 for s in range(1, args.repeats + 1)]  # fmt: skip
        line("30-item preview, other seeds", seeds, 1.0)
        items = preview(client, body)["items"]
        edits = [{"op": "remove", "item": items[0]["origin"]},
                 {"op": "move", "item": items[3]["origin"], "to": 0},
                 {"op": "reword", "item": items[5]["origin"], "prompt": "Reworded?"}]  # fmt: skip
        edited = [
            timed(lambda: preview(client, body | {"edits": edits})) for _ in range(args.repeats)
        ]
        line("30-item preview with 3 edits", edited, 1.0)
        created = client.post("/learn/courses", json=body).json()
        base = f"/learn/courses/{created['id']}/export"
        exports = {"pdf worksheet": ".pdf", "pdf exam B": ".pdf?layout=exam&variant=B",
                   "pdf cards": ".pdf?layout=cards", "apkg": ".apkg", "gift": ".gift",
                   "tsv": ".tsv", "html": ".html"}  # fmt: skip
        for name, suffix in exports.items():
            runs = [timed(lambda s=suffix: client.get(base + s).raise_for_status())
                    for _ in range(args.repeats)]  # fmt: skip
            line(f"export {name}", runs, 2.0 if name.startswith("pdf") else None)
    print(f"load average after {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
