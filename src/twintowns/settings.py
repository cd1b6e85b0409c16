"""Typed settings, read from ``TWINTOWNS_*`` environment variables.

One :class:`Settings` object is built by the shell (CLI, API factory, tests) and passed in;
nothing reads the environment at import time.
"""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_data_dir
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_MAX_FILE_BYTES = 64 * 1024 * 1024
"""Largest data file read by default (64 MiB: the biggest bundled file is under 2 MB)."""


def default_data_dir() -> Path:
    """Return the per-user data directory twintowns uses by default."""
    return Path(user_data_dir("twintowns", appauthor=False))


def _default_database_url() -> str:
    return f"sqlite:///{default_data_dir() / 'twintowns.sqlite'}"


class Settings(BaseSettings):
    """All knobs of twintowns.

    Attributes
    ----------
    database_url:
        SQLAlchemy URL of the registry database.  Default: an SQLite file in the user's data
        directory.  ``postgresql+psycopg://...`` selects PostgreSQL.
    auto_load:
        Fill an empty registry with the bundled data on first use.
    echo_sql:
        Log every SQL statement (debugging).
    tile_url:
        An online raster tile server (``https://tile.example.org/{z}/{x}/{y}.png``) for the
        atlas to draw under the arcs instead of its packaged offline basemap.  Off by default.
    refresh_seconds:
        How often the API checks the registry for new writes (to refresh its cached view).
    max_file_bytes:
        Largest data file (curated YAML, a source's CSV) read; a bigger one is refused before
        it is parsed.
    """

    model_config = SettingsConfigDict(env_prefix="TWINTOWNS_", extra="ignore")

    database_url: str = Field(default_factory=_default_database_url)
    auto_load: bool = True
    echo_sql: bool = False
    tile_url: str | None = None
    refresh_seconds: float = 1.0
    allowed_hosts: list[str] = Field(
        default_factory=lambda: ["localhost", "127.0.0.1", "::1", "testserver"]
    )
    """Host headers the API answers (others get 400: guards against DNS rebinding); ``*``
    allows any."""
    flag_burst: int = Field(default=10, ge=1)
    """How many flags one client address may post at once (``POST /learn/flags``)."""
    flag_rate_per_minute: float = Field(default=6.0, gt=0)
    """How fast a client address earns new flags after its burst (per minute)."""
    flag_max_total: int = Field(default=5_000, ge=0)
    """Most flags stored; beyond it ``POST /learn/flags`` answers 507."""
    flag_max_bytes: int = Field(default=2_000_000, ge=0)
    """Most bytes of flag text (notes and kept item text) stored; beyond it 507."""
    max_file_bytes: int = Field(default=DEFAULT_MAX_FILE_BYTES, gt=0)
    """Largest data file (curated YAML, a source's CSV/TSV) read, in bytes."""
    snapshot_dir: Path | None = None
    """Where the registry snapshot's cache files live (default: beside an SQLite file, else
    the user's cache directory); only the registry's owner may write there."""
    answer_cache: bool = True
    """Keep the encoded JSON of the API's repeated reads (searches, a place's partners,
    pages of twinnings) with the snapshot they came from (false: encode every answer)."""
    login_burst: int = Field(default=5, ge=1)
    """How many sign-in attempts one client address (or one user name) may make at once."""
    login_rate_per_minute: float = Field(default=2.0, gt=0)
    """How fast sign-in attempts come back after the burst (per minute)."""
    write_burst: int = Field(default=30, ge=1)
    """How many proposals and reviews one account or client address may post at once."""
    write_rate_per_minute: float = Field(default=20.0, gt=0)
    """How fast an account's or address's writes come back after the burst (per minute)."""
    secure_cookies: bool = False
    """Mark the session cookie ``Secure`` (set it when the atlas is served over https)."""
    dormant_years: int = Field(default=10, ge=1, le=200)
    """Years without a recorded activity or attestation after which a twinning is flagged
    "dormant?" (a question, not a status)."""
    overrides_path: Path | None = None
    """Where resolution decisions made on the web go (``/resolutions``); None: the package's
    own overrides file, as ``twintowns review`` writes it."""
