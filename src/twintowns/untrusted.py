"""Untrusted text kept in its place: terminal controls, spreadsheet formulas and link schemes.

This module owns the three checks every shell and exporter shares, so that each is written once:

- :func:`strip_controls` removes terminal escape sequences (CSI, OSC such as OSC 8 hyperlinks,
  DCS and the other string controls, in their 7-bit ``ESC`` and 8-bit C1 forms) and every other
  C0/C1 control character, keeping newline and tab.  The CLI runs every printed value through
  it (and through rich's markup escaping: see :func:`twintowns.cli.render.safe`).
- :func:`csv_cell` neutralises a cell a spreadsheet would evaluate as a formula, per OWASP's
  CSV-injection guidance: text starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
  return is prefixed with a single quote.  Numbers written as numbers (``int``/``float``) are
  left alone, so a numeric column keeps its negative coordinates; a *text* cell starting with
  ``-`` is prefixed, because a spreadsheet evaluates ``-2+3`` typed as text just the same.
- :func:`is_http_url` / :func:`check_http_url` accept only absolute ``http``/``https`` URLs, so
  ``javascript:``, ``data:`` or ``file:`` links never enter the registry from any source.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

__all__ = [
    "FORMULA_PREFIXES",
    "check_http_url",
    "csv_cell",
    "csv_row",
    "is_http_url",
    "strip_controls",
]

# Escape sequences first (so their parameters go with them), then any lone control left over.
# String controls (OSC, DCS, SOS, PM, APC) run to their terminator (BEL or ST); an
# unterminated one runs to the end of the text, which is what a terminal would swallow too.
_SEQUENCES = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]"  # CSI: colours, cursor moves, screen clears
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f]).*?(?:\x07|\x1b\\|\x9c|\Z)"  # OSC 8 links etc.
    r"|\x1b[ -/]*[0-~]?",  # other ESC sequences (charset switches, keypad modes), or lone ESC
    re.DOTALL,
)
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_CONTROLS_AND_LINES = re.compile(r"[\x00-\x1f\x7f-\x9f]")

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
"""Characters that make a spreadsheet read a cell as a formula (OWASP, CSV injection)."""


def strip_controls(text: str, *, keep_lines: bool = True) -> str:
    """``text`` without terminal escape sequences or control characters.

    Parameters
    ----------
    text:
        Any text from data or users.
    keep_lines:
        Keep newlines and tabs (the default); when False they go too, for one-line output.

    Returns
    -------
    str
        The printable text: nothing in it can move the cursor, recolour, retitle the
        terminal or make a hyperlink.
    """
    cleaned = _SEQUENCES.sub("", text)
    return (_CONTROLS if keep_lines else _CONTROLS_AND_LINES).sub("", cleaned)


def csv_cell(value: Any) -> Any:
    """One CSV/TSV cell made safe to open in a spreadsheet.

    Parameters
    ----------
    value:
        The cell's value.  Text starting with one of :data:`FORMULA_PREFIXES` gets a leading
        ``'``; numbers, booleans and None are returned unchanged (a number written as a
        number is not evaluated, and a numeric column must stay numeric).

    Returns
    -------
    Any
        The value to hand to the CSV writer.
    """
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def csv_row(record: Mapping[str, Any]) -> dict[str, Any]:
    """Every cell of a record through :func:`csv_cell`."""
    return {key: csv_cell(value) for key, value in record.items()}


def is_http_url(text: str) -> bool:
    """True when ``text`` is an absolute ``http://`` or ``https://`` URL with a host.

    Whitespace and control characters anywhere make it false: browsers strip some of them,
    which is how ``java\\tscript:`` style tricks pass naive scheme checks.
    """
    if any(ch.isspace() or ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F for ch in text):
        return False
    try:
        parts = urlsplit(text)
    except ValueError:  # e.g. a malformed IPv6 host
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


def check_http_url(text: str) -> str:
    """``text`` when :func:`is_http_url` accepts it.

    Raises
    ------
    ValueError
        Otherwise, saying which schemes are accepted (callers wrap it in their own error with
        the file and line; pydantic reports a ``ValueError`` at the field's location).
    """
    if not is_http_url(text):
        shown = strip_controls(text, keep_lines=False)[:80]
        raise ValueError(f"URL {shown!r} is not an http(s) URL (only http:// and https:// links)")
    return text
