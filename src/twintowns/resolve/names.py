"""Reading place names as datasets write them: qualifiers, administrative words, scripts.

``"Phoenix, Arizona"`` -> base ``Phoenix``, qualifier ``Arizona``; ``"Pankow (Berlin)"`` ->
``Pankow`` / ``Berlin``; ``"Landkreis Harburg"`` -> ``Harburg`` with a county hint.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from anyascii import anyascii

from twintowns.model import PlaceLevel, normalise_name

_QUALIFIED = re.compile(r"^(?P<base>[^(),]+?)\s*(?:\((?P<paren>[^()]+)\)|,\s*(?P<comma>.+))$")

# Words that make a name an administrative unit rather than a town (folded forms).
_ADMIN_WORDS: dict[str, PlaceLevel] = {
    "landkreis": PlaceLevel.COUNTY,
    "kreis": PlaceLevel.COUNTY,
    "county": PlaceLevel.COUNTY,
    "district": PlaceLevel.DISTRICT,
    "powiat": PlaceLevel.COUNTY,
    "province": PlaceLevel.PROVINCE,
    "provincia": PlaceLevel.PROVINCE,
    "prefecture": PlaceLevel.PREFECTURE,
    "oblast": PlaceLevel.REGION,
    "region": PlaceLevel.REGION,
    "regione": PlaceLevel.REGION,
    "departement": PlaceLevel.COUNTY,
    "department": PlaceLevel.COUNTY,
    "state": PlaceLevel.STATE,
    "governorate": PlaceLevel.REGION,
    "voivodeship": PlaceLevel.REGION,
    "canton": PlaceLevel.REGION,
    # "Sesimbra Municipality": the municipality is named after, and stands for, its town
    "municipality": PlaceLevel.TOWN,
    "kommune": PlaceLevel.TOWN,
}


@dataclass(frozen=True, slots=True)
class NameParts:
    """A name split into its parts."""

    full: str
    base: str
    qualifier: str | None = None
    level: PlaceLevel | None = None  # from an administrative word, if any


def split_name(name: str) -> NameParts:
    """Split qualifiers and administrative words off a place name.

    ``"Berlin – Pankow"`` (a city's district, as the Wikipedia lists write it) gives base
    ``Pankow`` and qualifier ``Berlin``.
    """
    text = " ".join(name.split())
    match = _QUALIFIED.match(text)
    base, qualifier = text, None
    if " – " in text or " - " in text:
        head, _, tail = text.replace(" – ", " - ").rpartition(" - ")
        base, qualifier = tail.strip(), head.strip()
    elif match is not None:
        base = match["base"].strip()
        qualifier = (match["paren"] or match["comma"] or "").strip() or None
    words = base.split()
    folded = [normalise_name(w) for w in words]
    kept = [w for w, f in zip(words, folded, strict=True) if f not in _ADMIN_WORDS]
    level = None
    if kept and len(kept) < len(words):
        # keep the original spelling: the base becomes a place's English name
        level = next(_ADMIN_WORDS[f] for f in folded if f in _ADMIN_WORDS)
        base = " ".join(kept)
    return NameParts(text, base, qualifier, level)


def ascii_form(name: str) -> str:
    """A Latin transliteration, for names written in other scripts (Волгоград -> Volgograd)."""
    return anyascii(name)


# GeoNames lists IATA/ICAO airport codes (LQQ, BLX, EDDM) among a town's alternate names.
_CODE = re.compile(r"^[A-Z0-9]{2,4}$")


def is_code(name: str) -> bool:
    """True for a code-like token (``LQQ``, ``BLX``, ``EDDM``, ``12``), never a display name."""
    text = name.strip()
    return bool(_CODE.match(text)) or not any(c.isalpha() for c in text)


def english_display(english: list[str], primary: str) -> list[str]:
    """English names ordered for display: the first is the one to show.

    ``english`` are the names English-language sources wrote, most written first;
    ``primary`` is the gazetteer's own name of the place.  Codes and names without letters are
    dropped (a source wrote "12" for Iran).  When sources wrote the gazetteer's name too, it
    comes first: GeoNames follows renamings (Kyiv) that older English sources predate (Kiev).
    """
    kept = [n for n in dict.fromkeys(english) if not is_code(n)]
    wanted = normalise_name(primary)
    same = [n for n in kept if normalise_name(n) == wanted]
    return [*same, *(n for n in kept if n not in same)]
