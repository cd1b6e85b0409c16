"""The process the crash tests kill: one registry operation, announced by a ``ready`` line once
its imports are done and a ``done`` line when it is over (so kills land in the work, not in
Python's start-up or exit).

Usage: ``python crash_child.py MODE URL [ARGS...]`` with MODE one of

* ``cli``: the ``twintowns`` command with ``--database URL`` and ARGS (``init``, ``load curated
  --path DIR``, ``show Coventry`` for the first-use fill);
* ``migrate``: only the schema migration;
* ``build``: a small build with the build's transaction structure (the curated facts and a
  world dataset from the CSV file ARGS[0], resolved against the tests' small gazetteer, in one
  transaction), because the full build takes minutes.
"""

from __future__ import annotations

import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent


def _small_build(url: str, csv_path: str) -> None:
    sys.path.insert(0, str(TESTS))
    from support.gazetteer import ENTRIES
    from twintowns.registry import WORLD_DATASET, Registry
    from twintowns.resolve.gazetteer import Gazetteer
    from twintowns.resolve.resolver import Resolver
    from twintowns.settings import Settings
    from twintowns.sources.csvsource import CsvSource
    from twintowns.sources.curated import load_curated
    from twintowns.sources.importer import import_sources

    options = {
        "path": csv_path,
        "id": "crash-list",
        "title": "A list the crash tests build from",
        "claimant": "city",
        "claimant_country": "country",
        "partner": "partner",
        "partner_country": "partner_country",
    }
    source, bundle = CsvSource.from_options(options), load_curated()
    resolver = Resolver(Gazetteer(list(ENTRIES)))
    print("ready", flush=True)
    registry = Registry.open(Settings(database_url=url, auto_load=False))
    with registry.loading("build") as load:
        load.bundle(bundle, action="build: curated")
        import_sources(registry, [source], dataset=WORLD_DATASET, resolver=resolver, into=load)


def main(argv: list[str]) -> None:
    mode, url, *args = argv
    try:
        _run(mode, url, args)
    except SystemExit as exit_:  # the CLI always ends this way
        if exit_.code not in (0, None):
            raise
    print("done", flush=True)  # the work is over: what follows is the interpreter's exit


def _run(mode: str, url: str, args: list[str]) -> None:
    if mode == "cli":
        from twintowns.cli.app import app

        print("ready", flush=True)
        app(["--database", url, *args], prog_name="twintowns")
    elif mode == "migrate":
        from twintowns.store import make_engine, migrate

        engine = make_engine(url)
        print("ready", flush=True)
        migrate(engine)
    elif mode == "build":
        _small_build(url, args[0])
    else:
        raise SystemExit(f"unknown mode {mode!r}")


if __name__ == "__main__":
    main(sys.argv[1:])
