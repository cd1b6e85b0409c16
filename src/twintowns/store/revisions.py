"""The newest schema revision this version ships, read from the revision files as text.

Every command checks a database's version stamp against it on start, so it must cost neither
Alembic nor SQLAlchemy (the quick read path, :mod:`twintowns.store.lite`, runs without both).
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

_REVISION = re.compile(r"^(down_revision|revision)\s*(?::[^=]*)?=\s*(.+?)\s*$", re.MULTILINE)


@cache
def shipped_head() -> str | None:
    """The newest revision, read from the revision files' ``revision``/``down_revision`` lines
    without Alembic; None unless they form one line of revisions (then Alembic decides)."""
    revisions: set[str] = set()
    parents: set[str] = set()
    versions = resources.files("twintowns.store") / "migrations" / "versions"
    for entry in versions.iterdir():
        if not entry.name.endswith(".py") or entry.name.startswith("_"):
            continue
        found = dict(_REVISION.findall(entry.read_text(encoding="utf-8")))
        revision, parent = found.get("revision", ""), found.get("down_revision", "")
        if not re.fullmatch(r"[\"'][\w-]+[\"']", revision):
            return None
        revisions.add(revision.strip("\"'"))
        if parent != "None":
            parents.add(parent.strip("\"'"))
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 and parents <= revisions else None
