"""The size bound on data files, checked before a byte is parsed.

Every file-based reader (curated YAML, CSV/TSV sources) refuses a file larger than the
configured maximum (:attr:`twintowns.settings.Settings.max_file_bytes`) with a one-line
:class:`~twintowns.errors.DataFileError`, instead of spending minutes and gigabytes on it.
The size is taken from the file system first; reading is bounded as well, for files whose size
the file system does not know in advance (a pipe, a device).
"""

from __future__ import annotations

from pathlib import Path

from twintowns.errors import DataFileError
from twintowns.settings import DEFAULT_MAX_FILE_BYTES

__all__ = ["DEFAULT_MAX_FILE_BYTES", "check_size", "read_bounded"]


def _too_big(path: Path, size: int | None, max_bytes: int) -> DataFileError:
    found = "more" if size is None else f"{size:,} bytes,"
    return DataFileError(
        f"file is {found} larger than the limit of {max_bytes:,} bytes "
        "(setting max_file_bytes, TWINTOWNS_MAX_FILE_BYTES)",
        path=str(path),
    )


def check_size(path: Path, max_bytes: int = DEFAULT_MAX_FILE_BYTES) -> None:
    """Raise unless ``path`` is at most ``max_bytes`` long (a missing file is the reader's
    problem, reported when it opens it).

    Raises
    ------
    DataFileError
        If the file is larger, naming it and the setting that bounds it.
    """
    try:
        size = path.stat().st_size
    except OSError:
        return
    if size > max_bytes:
        raise _too_big(path, size, max_bytes)


def read_bounded(path: Path, max_bytes: int = DEFAULT_MAX_FILE_BYTES) -> bytes:
    """The bytes of ``path``, refusing more than ``max_bytes``.

    Raises
    ------
    DataFileError
        If the file cannot be read or is larger than ``max_bytes``.
    """
    check_size(path, max_bytes)
    try:
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise DataFileError(f"cannot read file: {exc.strerror or exc}", path=str(path)) from exc
    if len(data) > max_bytes:
        raise _too_big(path, None, max_bytes)
    return data
