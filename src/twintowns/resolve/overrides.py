"""Curated resolution decisions, kept in the repository so every rebuild repeats them.

``data/resolve/overrides.yaml`` maps a mention (name and country exactly as a source wrote
them) to a gazetteer key (``gn:2653941``), or to ``null`` to reject a mention.  ``twintowns
review accept/override`` writes here.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import yaml

from twintowns.errors import DataFileError
from twintowns.model import normalise_name
from twintowns.yamlfile import line_of, read_yaml

OverrideKey = tuple[str, str]


def overrides_file() -> Path:
    """The overrides file shipped with the package (in the repository for a development
    install, so decisions are committed with the code)."""
    return Path(str(resources.files("twintowns") / "data" / "resolve" / "overrides.yaml"))


def override_key(name: str, country: str | None) -> OverrideKey:
    """The folded key an override is looked up by."""
    return (normalise_name(name), normalise_name(country or ""))


def load_overrides(path: Path | None = None) -> dict[OverrideKey, str | None]:
    """Read the overrides; a malformed entry names its file and line.

    Raises
    ------
    DataFileError
        For an entry without a name or with a key that is not a gazetteer key.
    """
    path = path or overrides_file()
    if not path.exists():
        return {}
    tree = read_yaml(path) or {}
    decisions: dict[OverrideKey, str | None] = {}
    for index, item in enumerate(tree.get("overrides") or []):
        line = line_of(tree, ("overrides", index))
        if not isinstance(item, dict) or not item.get("name"):
            raise DataFileError("an override needs a name", path=str(path), line=line)
        target = item.get("place")
        if target is not None and not str(target).startswith(("gn:", "adm1:")):
            raise DataFileError(f"not a gazetteer key: {target!r}", path=str(path), line=line)
        decisions[override_key(str(item["name"]), item.get("country"))] = target
    return decisions


def save_override(
    name: str, country: str | None, target: str | None, note: str, path: Path | None = None
) -> None:
    """Add or replace one decision, keeping the file sorted so diffs stay readable."""
    path = path or overrides_file()
    tree = (read_yaml(path) or {}) if path.exists() else {}
    items = [
        dict(i)
        for i in tree.get("overrides") or []
        if override_key(i["name"], i.get("country")) != override_key(name, country)
    ]
    items.append({"name": name, "country": country or "", "place": target, "note": note})
    items.sort(key=lambda i: (normalise_name(i["name"]), normalise_name(i.get("country") or "")))
    header = "# Resolution decisions made in review (twintowns review); rebuilds repeat them.\n"
    path.write_text(
        header + yaml.safe_dump({"overrides": items}, allow_unicode=True, sort_keys=False),
        encoding="utf-8",
    )
