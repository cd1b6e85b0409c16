"""The registry's names in a reader's language, for the atlas's language switch.

A place's names carry a language tag where the source gave one (Wikidata labels: ``de``
"Mailand"); most alternate names from GeoNames come untagged (``und``).  For Japanese an
untagged name is still recognisable: kana are written in Japanese only, and a Japanese
place's name in kanji alone is its Japanese name.  Other untagged names are left alone (a Latin
name could be any language), so the table holds only names the registry says, or its script
shows, are in the language.
"""

from __future__ import annotations

import re

import orjson

from twintowns.model import Place
from twintowns.query import Snapshot

LANGUAGES: tuple[str, ...] = ("en", "fr", "de", "es", "ja")
"""The languages of the atlas's interface."""

_KANA = re.compile(r"[\u3040-\u30ff]")
_KANJI_ONLY = re.compile(r"[\u3005\u4e00-\u9fff]+")


def _japanese(place: Place) -> str | None:
    """An untagged name of ``place`` that is Japanese by its script (see the module)."""
    untagged = [n.text for n in place.names if n.lang == "und"]
    kana = [text for text in untagged if _KANA.search(text)]
    if kana:
        return kana[0]
    if place.country() == "JP":
        return next((t for t in untagged if _KANJI_ONLY.fullmatch(t)), None)
    return None


def name_in(place: Place, lang: str) -> str | None:
    """The name of ``place`` in ``lang`` when the registry has one that differs from its
    default (English) name, else None."""
    default = place.name()
    tagged = [n for n in place.names if n.lang == lang]
    found = sorted(tagged, key=lambda n: not n.preferred)[0].text if tagged else None
    if found is None and lang == "ja":
        found = _japanese(place)
    return found if found and found != default else None


def names_json(snapshot: Snapshot, lang: str) -> bytes:
    """``{"lang", "names": {place id: name}, "terms": [...]}`` for ``lang``: the places of
    ``snapshot`` with a name of their own in it, and the registry's terms for twinning in it
    (text, kind, literal translation).  Encoded once per snapshot and language."""
    key = ("names-json", lang)
    found = snapshot.memo.get(key)
    if isinstance(found, bytes):
        return found
    names = {}
    if lang != "en":
        for place in snapshot.places.values():
            text = name_in(place, lang)
            if text is not None:
                names[place.id] = text
    terms = [
        {"text": t.text, "kind": t.kind.value if t.kind else None, "literal": t.literal}
        for t in snapshot.terms
        if t.lang == lang
    ]
    body = {"lang": lang, "names": names, "terms": terms}
    return snapshot.memo.put(key, orjson.dumps(body))
