"""A kill -9 harness: run a registry operation in a real subprocess, kill it at a random moment,
and check that the registry is the complete old state or the complete new state and that the
next run succeeds.  Used by the ``test_crash_*`` tests and ``benchmarks/reliability_crash.py``.

A state is what a reader would count: whether the schema is absent, complete at the newest
revision or torn, and the rows of places, twinnings, events and completeness markers.  The old
state is the database before the operation, the new one what an uninterrupted run leaves.
``init`` and the first-use fill migrate in one transaction and load in another: a kill between
the two leaves a complete schema without data, which holds the old state's data (none) and
which the next run fills; it is counted as complete-old (and reported separately).
"""

from __future__ import annotations

import itertools
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa
from alembic.runtime.migration import MigrationContext
from sqlalchemy.pool import NullPool

from twintowns.store import head_revision, make_engine, schema

CHILD = Path(__file__).with_name("crash_child.py")
COUNTED = ("places", "twinnings", "events", "registry_loads")
State = tuple[object, ...]


def observe(url: str) -> State:
    """The state of the registry at ``url``: its schema (``none``, ``head`` with every table,
    or ``torn`` with what is there) and its row counts."""
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            tables = set(sa.inspect(conn).get_table_names()) & set(schema.metadata.tables)
            revision = MigrationContext.configure(conn).get_current_revision()
            counts = tuple(
                conn.scalar(sa.text(f'SELECT count(*) FROM "{t}"')) if t in tables else 0
                for t in COUNTED
            )
    finally:
        engine.dispose()
    if revision is None and not tables:
        return ("none", *counts)
    if revision == head_revision() and tables == set(schema.metadata.tables):
        return ("head", *counts)
    return (f"torn: revision {revision}, {len(tables)} tables", *counts)


class Databases:
    """Fresh copies of a template database in the old state (SQLite files or PostgreSQL
    databases made ``TEMPLATE``)."""

    def __init__(self, root: Path, server_url: str | None = None) -> None:
        self.root, self.server_url = root, server_url
        self.numbers = itertools.count(1)
        self.template = self._name("template")

    def _name(self, stem: str) -> str:
        if self.server_url is None:
            return f"sqlite:///{self.root / f'{stem}.sqlite'}"
        name = f"crash_{os.getpid()}_{stem}"
        self._admin(f"CREATE DATABASE {name}")
        return sa.make_url(self.server_url).set(database=name).render_as_string(False)

    def _admin(self, statement: str) -> None:
        assert self.server_url is not None
        admin = sa.create_engine(self.server_url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
        try:
            with admin.connect() as conn:
                conn.exec_driver_sql(statement)
        finally:
            admin.dispose()

    def fresh(self) -> str:
        """A new database holding what the template holds."""
        number = next(self.numbers)
        if self.server_url is not None:
            name = f"crash_{os.getpid()}_{number}"
            template = sa.make_url(self.template).database
            self._admin(f"CREATE DATABASE {name} TEMPLATE {template}")
            return sa.make_url(self.server_url).set(database=name).render_as_string(False)
        source = Path(str(sa.make_url(self.template).database))
        copy = self.root / f"copy-{number}.sqlite"
        if source.exists():
            engine = make_engine(self.template)  # fold the WAL into the file before copying
            with engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            engine.dispose()
            shutil.copyfile(source, copy)
        return f"sqlite:///{copy}"

    def drop(self, url: str) -> None:
        """Remove a copy."""
        if self.server_url is not None:
            self._admin(f"DROP DATABASE IF EXISTS {sa.make_url(url).database} WITH (FORCE)")
            return
        for path in self.root.glob(f"{Path(str(sa.make_url(url).database)).name}*"):
            path.unlink()

    def close(self) -> None:
        """Remove the template (PostgreSQL; the caller owns the SQLite folder)."""
        if self.server_url is not None:
            self.drop(self.template)


@dataclass(frozen=True)
class Scenario:
    """An operation to kill: the child's mode and arguments, and how to make the old state."""

    name: str
    mode: str
    args: tuple[str, ...] = ()
    prepare: Callable[[str], None] | None = None


def run(scenario: Scenario, url: str, kill_at: float | None = None) -> tuple[int | None, float]:
    """Run the operation on ``url``; with ``kill_at``, SIGKILL it that many seconds after its
    imports are done.  Returns (exit code or None when killed, seconds of work)."""
    command = [sys.executable, str(CHILD), scenario.mode, url, *scenario.args]
    with subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    ) as child:
        assert child.stdout is not None
        while (line := child.stdout.readline()) and line.strip() != "ready":
            pass
        start = time.monotonic()
        if kill_at is None:  # time the work: up to the child's "done"
            while (line := child.stdout.readline()) and line.strip() != "done":
                pass
            work = time.monotonic() - start
            child.communicate()
            return child.returncode, work
        try:
            child.wait(timeout=kill_at)
        except subprocess.TimeoutExpired:
            os.killpg(child.pid, signal.SIGKILL)
            child.wait()
            return None, time.monotonic() - start
        return child.returncode, time.monotonic() - start


@dataclass
class Tally:
    """Outcomes of the kills of one scenario."""

    name: str
    old: State = ()
    new: State = ()
    work: float = 0.0
    kills: int = 0
    finished_first: int = 0
    complete_old: int = 0
    complete_new: int = 0
    migrated_only: int = 0
    broken: list[str] = field(default_factory=list)
    failed_reruns: list[str] = field(default_factory=list)

    def line(self) -> str:
        """The benchmark's summary line."""
        return (
            f"{self.name}: kills: {self.kills}, complete-old: {self.complete_old}, "
            f"complete-new: {self.complete_new}, broken: {len(self.broken)} "
            f"(of the complete-old, schema migrated but no data yet: {self.migrated_only}; "
            f"finished before the kill: {self.finished_first}; next run failed: "
            f"{len(self.failed_reruns)}; work {self.work:.1f} s)"
        )


def crash(scenario: Scenario, databases: Databases, kills: int, seed: int = 11) -> Tally:
    """Kill ``scenario`` ``kills`` times at random moments of its work (uniform over the
    length of an uninterrupted run) and check every outcome and the run after it."""
    if scenario.prepare is not None:
        scenario.prepare(databases.template)
    tally = Tally(scenario.name)
    url = databases.fresh()
    tally.old = observe(url)
    code, tally.work = run(scenario, url)
    tally.new = observe(url)
    assert code == 0, f"{scenario.name} fails without a kill"
    databases.drop(url)
    assert tally.new != tally.old, f"{scenario.name} changes nothing"
    rng = random.Random(seed)
    for _ in range(kills):
        url = databases.fresh()
        at = rng.uniform(0.0, tally.work)
        code, _ = run(scenario, url, kill_at=at)
        tally.kills += 1
        tally.finished_first += code is not None
        state = observe(url)
        if state == tally.old:
            tally.complete_old += 1
        elif state == tally.new:
            tally.complete_new += 1
        elif state == ("head", *tally.old[1:]):  # the migration committed, the load did not
            tally.complete_old += 1
            tally.migrated_only += 1
        else:
            tally.broken.append(f"killed at {at:.2f} s: {state}")
        if run(scenario, url)[0] != 0 or observe(url) != tally.new:
            tally.failed_reruns.append(f"after a kill at {at:.2f} s: {observe(url)}")
        databases.drop(url)
    return tally


# --- the scenarios ----------------------------------------------------------------------------

EXTRA_CURATED = """\
# A place and a twinning the bundled curated facts do not have: the new state of the
# "load curated" crash scenario.
places:
  - id: lancre
    level: city
    names:
      - {text: Lancre, lang: en}
    country: GB
    cite: domain-brief The things
twinnings:
  - pair: [coventry, lancre]
    kind: twin_town
    cite: domain-brief The things
    events:
      - {type: signing, date: 1990}
"""
CSV_HEADER = "city,country,partner,partner_country\n"
CSV_OLD = CSV_HEADER + "Cambridge,United Kingdom,Toledo,Spain\nBerlin,Germany,Prague,Czechia\n"
CSV_NEW = CSV_OLD + (
    "Frankfurt (Oder),Germany,Lviv,Ukraine\n"
    "Coventry,United Kingdom,Berlin,Germany\n"
    "Toledo,United States,Prague,Czechia\n"
)


def _curated_only(url: str) -> None:
    from twintowns.registry import Registry
    from twintowns.settings import Settings
    from twintowns.sources.curated import load_curated

    registry = Registry.open(Settings(database_url=url, auto_load=False))
    registry.load(load_curated(), action="load curated")
    registry.engine.dispose()


def scenarios(work: Path) -> dict[str, Scenario]:
    """Every crash scenario, with its files written under ``work``."""
    from twintowns.sources.curated import bundled_curated_dir

    variant = work / "curated-variant"
    if not variant.exists():
        shutil.copytree(bundled_curated_dir(), variant)
        (variant / "50-extra.yaml").write_text(EXTRA_CURATED, encoding="utf-8")
    old_csv, new_csv = work / "old.csv", work / "new.csv"
    old_csv.write_text(CSV_OLD, encoding="utf-8")
    new_csv.write_text(CSV_NEW, encoding="utf-8")
    build_old = Scenario("build (old list)", "build", (str(old_csv),))

    def built_once(url: str) -> None:
        code, _ = run(build_old, url)
        assert code == 0, "the small build fails"

    return {
        "init": Scenario("init", "cli", ("init",)),
        "fill": Scenario("first-use fill", "cli", ("show", "Coventry")),
        "migrate": Scenario("migration", "migrate"),
        "load-curated": Scenario(
            "load curated", "cli", ("load", "curated", "--path", str(variant)), _curated_only
        ),
        "build": Scenario("build (small)", "build", (str(new_csv),), built_once),
    }
