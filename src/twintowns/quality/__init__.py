"""Data quality: the one quality report of twintowns (``twintowns quality``, and its alias
``twintowns analyse quality``; the lab's report shows the same checks).

:mod:`~twintowns.quality.report` counts what the registry holds and what is doubtful, per
source, with the truth checks; :mod:`~twintowns.quality.checks` holds the graph checks
(one-sided links, duplicates across levels, non-town endpoints, missing coordinates, country
and population) with their one definition of which places and twinnings are checked.
"""

from __future__ import annotations

from twintowns.model import COUNTRY_MISMATCH
from twintowns.quality.checks import Check, checked_places, run_checks
from twintowns.quality.report import (
    GUESS_METHODS,
    NEWER_SNAPSHOT,
    OLDER_SNAPSHOT,
    TRUTH_KEYS,
    Lapse,
    QualityReport,
    quality_report,
    source_agreement,
)

__all__ = [
    "COUNTRY_MISMATCH",
    "GUESS_METHODS",
    "NEWER_SNAPSHOT",
    "OLDER_SNAPSHOT",
    "TRUTH_KEYS",
    "Check",
    "Lapse",
    "QualityReport",
    "checked_places",
    "quality_report",
    "run_checks",
    "source_agreement",
]
