"""Resolutions awaiting a person's review: a name a source wrote and what it was taken to be."""

from __future__ import annotations

from dataclasses import dataclass

from twintowns.model.source import Citation

COUNTRY_MISMATCH = "country-mismatch"
"""The review method of a place resolved outside the country its source states (the importer
queues it; the quality report counts it)."""


@dataclass(frozen=True, slots=True)
class ReviewItem:
    """A low-confidence or failed resolution of a place mention.

    Attributes
    ----------
    name, country:
        The mention as the source wrote it.
    citation:
        The source and the first row that wrote it.
    mentions:
        How many rows of the source wrote it.
    place_id:
        The place it was taken to be, or ``None`` when unresolved.
    gazetteer_key:
        The gazetteer entry behind ``place_id``, if any.
    method, confidence:
        How it was resolved and how sure that is.
    candidates:
        Gazetteer keys of the other places considered.
    """

    name: str
    country: str
    citation: Citation
    mentions: int
    place_id: str | None
    gazetteer_key: str | None
    method: str
    confidence: float
    candidates: tuple[str, ...] = ()
