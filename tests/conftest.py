"""Shared fixtures: a throwaway PostgreSQL server for the session, and a fresh migrated registry
database per test on each backend (``engine``, parametrized over SQLite and PostgreSQL).

The PostgreSQL server is Debian's ``postgresql`` package, started once per session on
127.0.0.1 (a free port) with its data directory and socket in a temporary directory.  It is
only started when a test asks for it; ``-m "not postgres"`` runs without it.  When the server
binaries are missing the fixture fails (it never skips: CI must prove PostgreSQL works).
"""

from __future__ import annotations

import itertools
import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
import sqlalchemy as sa
from playwright.sync_api import Browser, Page, sync_playwright
from sqlalchemy.pool import NullPool

from support.server import free_port
from twintowns.store import make_engine, migrate

_PG_TOOLS = ("initdb", "pg_ctl")
_INSTALL_HINT = (
    "PostgreSQL server binaries (initdb, pg_ctl) not found in /usr/lib/postgresql/*/bin, "
    "`pg_config --bindir` or PATH: install them with `apt-get install postgresql` "
    "(or `make system-deps`)."
)
_database_numbers = itertools.count(1)


def _has_tools(directory: Path) -> bool:
    return all((directory / tool).is_file() for tool in _PG_TOOLS)


def _version_key(directory: Path) -> tuple[int, ...]:
    version = directory.parent.name  # /usr/lib/postgresql/<version>/bin
    return tuple(int(part) for part in version.split(".") if part.isdigit())


def find_pg_bindir() -> Path | None:
    """The directory holding initdb and pg_ctl (newest Debian version first), or None."""
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=_version_key, reverse=True)
    try:
        found = subprocess.run(
            ["pg_config", "--bindir"], capture_output=True, text=True, check=True
        ).stdout.strip()
        candidates.append(Path(found))
    except (OSError, subprocess.CalledProcessError):
        pass
    on_path = shutil.which("initdb")
    if on_path is not None:
        candidates.append(Path(on_path).resolve().parent)
    return next((c for c in candidates if _has_tools(c)), None)


class _Server:
    """Runs PostgreSQL tools as the ``postgres`` user when we are root (initdb refuses root)."""

    def __init__(self, bindir: Path, root: Path) -> None:
        self.bindir = bindir
        self.root = root
        self.data = root / "data"
        self.log = root / "server.log"
        self.as_root = os.geteuid() == 0

    def run(self, tool: str, *args: str) -> subprocess.CompletedProcess[str]:
        command: Sequence[str] = [str(self.bindir / tool), *args]
        if self.as_root:
            command = ["runuser", "-u", "postgres", "--", *command]
        env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
        env["LC_ALL"] = "C"
        return subprocess.run(
            command, cwd=self.root, env=env, capture_output=True, text=True, check=False
        )

    def log_text(self) -> str:
        try:
            return self.log.read_text(errors="replace")[-3000:]
        except OSError:
            return "(no server log)"

    def start(self) -> int:
        init = self.run(
            "initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust",
            "-E", "UTF8", "--locale=C", "--no-sync",
        )  # fmt: skip
        if init.returncode != 0:
            pytest.fail(f"initdb failed:\n{init.stdout}\n{init.stderr}", pytrace=False)
        for _attempt in range(3):  # another process may grab the free port first
            port = free_port()
            options = (
                f"-c listen_addresses=127.0.0.1 -p {port} -k {self.root} "
                "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
            )
            started = self.run(
                "pg_ctl", "start", "-w", "-t", "60", "-D", str(self.data), "-l", str(self.log),
                "-o", options,
            )  # fmt: skip
            if started.returncode == 0:
                return port
        pytest.fail(
            f"pg_ctl start failed:\n{started.stdout}\n{started.stderr}\n{self.log_text()}",
            pytrace=False,
        )

    def stop(self) -> None:
        self.run("pg_ctl", "stop", "-D", str(self.data), "-m", "fast", "-w", "-t", "60")


def _autocommit(url: str) -> sa.Engine:
    return sa.create_engine(url, isolation_level="AUTOCOMMIT", poolclass=NullPool)


@pytest.fixture(scope="session")
def postgresql_url() -> Iterator[str]:
    """URL of a database on a PostgreSQL server started for this test session."""
    bindir = find_pg_bindir()
    if bindir is None:
        pytest.fail(_INSTALL_HINT, pytrace=False)
    root = Path(tempfile.mkdtemp(prefix="twintowns-pg-"))
    server = _Server(bindir, root)
    if server.as_root:
        try:
            account = pwd.getpwnam("postgres")
        except KeyError:
            shutil.rmtree(root, ignore_errors=True)
            pytest.fail(f"no `postgres` user to run the server as. {_INSTALL_HINT}", pytrace=False)
        os.chown(root, account.pw_uid, account.pw_gid)
    try:
        port = server.start()
        admin = _autocommit(f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres")
        with admin.connect() as conn:
            conn.exec_driver_sql("CREATE DATABASE twintowns")
        admin.dispose()
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/twintowns"
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """URL of a fresh, empty (unmigrated) database: an SQLite file or a new PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'registry.sqlite'}"
        return
    server_url: str = request.getfixturevalue("postgresql_url")
    name = f"t_{next(_database_numbers)}"
    admin = _autocommit(server_url)
    with admin.connect() as conn:
        conn.exec_driver_sql(f"CREATE DATABASE {name}")
    try:
        yield sa.make_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.dispose()


@pytest.fixture
def engine(database_url: str) -> Iterator[sa.Engine]:
    """A migrated, empty registry database on each backend."""
    registry = make_engine(database_url)
    migrate(registry)
    yield registry
    registry.dispose()


@pytest.fixture(scope="session")
def bundled_registry_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An SQLite registry filled with the bundled data (curated + world snapshot), built once
    per session; tests copy it rather than paying for the first-use load each time."""
    from twintowns.registry import Registry
    from twintowns.settings import Settings

    path = tmp_path_factory.mktemp("bundled") / "registry.sqlite"
    registry = Registry.open(Settings(database_url=f"sqlite:///{path}"))
    with registry.engine.connect() as conn:  # fold the WAL into the file before copying it
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    registry.engine.dispose()
    return path


@pytest.fixture
def bundled_db_url(bundled_registry_file: Path, tmp_path: Path) -> str:
    """A private copy of the bundled registry for one test."""
    copy = tmp_path / "registry.sqlite"
    shutil.copyfile(bundled_registry_file, copy)
    return f"sqlite:///{copy}"


# One browser for the whole session: Playwright's sync API cannot start a second instance
# while the first one's event loop runs, so every browser test shares this fixture.
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's headless chromium."""
    if not CHROMIUM.is_file():
        pytest.fail(
            f"{CHROMIUM} is missing: install Debian's browser with `apt-get install chromium` "
            "(the browser tests never download one)",
            pytrace=False,
        )
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh page the size of a laptop screen; its JavaScript errors fail the test."""
    context = browser.new_context(viewport={"width": 1400, "height": 850})
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    yield opened
    context.close()
    assert not errors, errors
