"""What the municipal partnership registers share: a start year that becomes a dated signing.

The German (2015) and Czech (2013) registers give each link the year it began.  This module
owns reading that year -- a placeholder or an unknown marker means *no date*, a value outside
the registers' plausible range is a malformed field reported with its file and line -- and the
signing event a year becomes (year precision, citing the row) -- and the plainer spellings
of a partner's name both registers write with a unit word or an abbreviated "Saint".
"""

from __future__ import annotations

import re
from collections.abc import Collection

from twintowns.model import Citation, Event, EventType, FuzzyDate, RowProblem
from twintowns.sources.base import OnProblem
from twintowns.sources.tabular import Row

__all__ = ["FIRST_YEAR", "plain_forms", "signing", "start_year"]

FIRST_YEAR = 1900
"""No municipal partnership of either register is older (their earliest: Rottweil-Brugg,
1913); a smaller number is a typing error (the Czech register's 1238), not a year."""


def start_year(
    text: str,
    row: Row,
    on_problem: OnProblem,
    *,
    unknown: Collection[str],
    last_year: int,
) -> int | None:
    """The start year a register row gives, or None when it gives none.

    Parameters
    ----------
    text:
        The field as written.
    row:
        The row, for the problem's file and line.
    on_problem:
        Receives a malformed value (not a whole number, or outside ``FIRST_YEAR..last_year``);
        the row's link is still read, without a date.
    unknown:
        Values the register writes for "not known" (``0``; ``2000`` in the German register,
        a placeholder on 922 rows): no date, and no problem either.
    last_year:
        The register's own year: no link can have begun after it was compiled.
    """
    value = text.strip()
    if not value or value in unknown:
        return None
    year = int(value) if value.isdigit() else None
    if year is None or not FIRST_YEAR <= year <= last_year:
        on_problem(
            RowProblem(
                str(row.path),
                row.line,
                f"start year {value!r} is not a year {FIRST_YEAR}-{last_year}; "
                "the link is kept without a date",
            )
        )
        return None
    return year


def signing(year: int | None, source_id: str, row: Row, description: str) -> tuple[Event, ...]:
    """The dated signing a register's start year stands for (none without a year)."""
    if year is None:
        return ()
    return (
        Event(
            EventType.SIGNING,
            FuzzyDate(year),
            Citation(source_id, row.locator),
            description=description,
        ),
    )


# A municipality named with its unit word ("Gemeinde Wenzenbach", "Markt Thiersheim", "Obec
# Kráľova Lehota", "Miasto i Gmina Polanica Zdroj", "Comune di Verbicaro"): the town it is
# named after.  Districts and regions ("Powiat", "Kreis", "Region") are not towns: kept as they are.
_UNIT_PREFIX = re.compile(
    r"^(?:stadt|gemeinde|markt|marktgemeinde|stadtgemeinde|obec|m[eě]sto|miasto i gmina|"
    r"miasto|comune di|commune de|ville de|municipality of|town of|city of)\s+(?P<base>\S.*)$",
    re.IGNORECASE,
)
# "St. Brieuc", "Ste. Maxime", "St. Andrä-Wördern": GeoNames writes Saint-Brieuc, Sainte-Maxime,
# Sankt Andrä-Wördern; both spellings are offered, a wrong one simply matches nothing.
_SAINT = re.compile(r"^(?P<abbr>St|Ste)\.?\s+(?P<rest>\S.*)$")


def plain_forms(name: str) -> tuple[str, ...]:
    """Plainer spellings of a register's place name the gazetteer may use, if any: the name
    without its unit word, and "St."/"Ste." written out (tried after the name as written)."""
    forms: list[str] = []
    unit = _UNIT_PREFIX.match(name.strip())
    if unit:
        forms.append(unit["base"].strip())
    for text in (*forms, name.strip()):
        saint = _SAINT.match(text)
        if saint:
            rest = saint["rest"]
            forms += (
                [f"Sainte-{rest}"] if saint["abbr"] == "Ste" else [f"Saint-{rest}", f"Sankt {rest}"]
            )
    return tuple(forms)
