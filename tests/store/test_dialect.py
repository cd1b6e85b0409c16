"""URL handling: one URL picks the backend; the psycopg 3 driver is the default for PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest

from twintowns.errors import ConfigurationError
from twintowns.store import make_engine
from twintowns.store.dialect import normalise_url


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://alice:secret@db.example.org:6543/registry",
        "postgresql+psycopg2://alice:secret@db.example.org:6543/registry",
        "postgresql+psycopg://alice:secret@db.example.org:6543/registry",
    ],
)
def test_postgresql_urls_use_psycopg(url: str) -> None:
    parsed = normalise_url(url)
    assert parsed.drivername == "postgresql+psycopg"
    assert (parsed.username, parsed.password) == ("alice", "secret")
    assert (parsed.host, parsed.port, parsed.database) == ("db.example.org", 6543, "registry")


def test_postgresql_engine_uses_psycopg() -> None:
    engine = make_engine("postgresql://alice@db.example.org/registry")  # never connects
    assert engine.dialect.name == "postgresql"
    assert engine.dialect.driver == "psycopg"


def test_sqlite_file_gets_its_directory(tmp_path: Path) -> None:
    target = tmp_path / "deep" / "er" / "registry.sqlite"
    parsed = normalise_url(f"sqlite:///{target}")
    assert target.parent.is_dir()
    assert not target.exists()  # only the directory: the database is created on connect
    assert parsed.drivername == "sqlite"
    assert parsed.database == str(target)


def test_existing_sqlite_directory_is_fine(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'registry.sqlite'}"
    assert normalise_url(url) == normalise_url(url)


@pytest.mark.parametrize("url", ["sqlite://", "sqlite:///:memory:"])
def test_in_memory_sqlite_needs_no_directory(url: str) -> None:
    assert normalise_url(url).get_backend_name() == "sqlite"


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("mysql://user@localhost/registry", "unsupported database backend 'mysql'"),
        ("mysql+pymysql://user@localhost/registry", "unsupported"),
        ("oracle://user@localhost/registry", "unsupported"),
        ("garbage", "invalid database URL"),
        ("", "invalid database URL"),
        ("://nothing", "invalid database URL"),
    ],
)
def test_bad_urls_are_configuration_errors(url: str, message: str) -> None:
    with pytest.raises(ConfigurationError, match=message):
        normalise_url(url)
    with pytest.raises(ConfigurationError):
        make_engine(url)


def test_configuration_errors_exit_with_usage_code() -> None:
    with pytest.raises(ConfigurationError) as caught:
        normalise_url("mysql://user@localhost/registry")
    assert caught.value.exit_code == 2
