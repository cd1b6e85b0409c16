"""Source plug-in for the German municipal partnership register of 2015 (muenchdo/TwinTowns).

This module owns reading ``germany-partnerships-2015/partnerstaedte_final.csv``: one row per
link of a German municipality or district (``gemeindename``, with its postcode centroid) to a
partner abroad (``partnergemeinde``, ``land`` in German), the year the link began (``seit``)
and its form (``form``: p Partnerschaft, f Freundschaft, k Kontakt).  Each row becomes the
German side's claim, of the kind its form names, with a signing event dated to the year
(year precision, citing the file and line).  ``seit = 2000`` is a placeholder on 922 rows and
means *year unknown*.  Partner coordinates are unreliable (a dummy point on many rows) and are
not read: partners are resolved by name and country.  The German side keeps its postcode
coordinates, which place a municipality, not a district.

Licence as stated: the repository is MIT; the register the facts come from is not named and
its terms are not stated (see the dataset's ``PROVENANCE.md``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from twintowns.model import FuzzyDate, PlaceMention, RawClaim, Source, TwinningKind
from twintowns.sources.base import OnProblem
from twintowns.sources.registers import plain_forms, signing, start_year
from twintowns.sources.tabular import (
    CSV,
    BadRow,
    Row,
    bundled_dataset_dir,
    expect_header,
    parse_rows,
    point,
    read_table,
    required_text,
)

__all__ = ["FILE", "FOLDER", "FORMS", "GERMAN_COUNTRIES", "INFO", "LANDER", "Germany2015Source"]

FOLDER = "germany-partnerships-2015"
FILE = "partnerstaedte_final.csv"
_HEADER = (
    "gemeindename",
    "plz",
    "bundesland",
    "latitude",
    "longitude",
    "partnergemeinde",
    "land",
    "kontinent",
    "seit",
    "form",
    "latitude_partner",
    "longitude_partner",
)
_PLACEHOLDER_YEAR = "2000"  # 922 rows, 499 of them contacts: Berlin-London "since 2000"

INFO = Source(
    id="germany-partnerships-2015",
    title=(
        "German municipal partnerships with start years and forms (muenchdo/TwinTowns, "
        "partnerstaedte_final.csv; underlying register not named, its forms match the RGRE "
        "partnership database)"
    ),
    publisher="TwinTowns project, TU München (Dominik Muench)",
    url="https://github.com/muenchdo/TwinTowns",
    retrieved=None,
    licence=(
        "MIT (repository, Copyright (c) 2015 Dominik Muench); "
        "underlying register's terms not stated"
    ),
    published=FuzzyDate(2015),
)

FORMS: dict[str, tuple[TwinningKind, str]] = {
    "p": (TwinningKind.PARTNER_TOWN, "Partnerschaft"),
    "f": (TwinningKind.FRIENDSHIP_CITY, "Freundschaft"),
    "k": (TwinningKind.CONTACT, "Kontakt"),
}
"""The register's form letter -> the twinning kind, and the form's German name."""

# The partner country as the register writes it (German) -> ISO 3166-1 alpha-2.  "Kongo"
# (Brazzaville or Kinshasa?) is left out on purpose: the partner is resolved without a country.
GERMAN_COUNTRIES: dict[str, str] = {
    "Frankreich": "FR", "Polen": "PL", "Großbritannien": "GB", "Italien": "IT",
    "Österreich": "AT", "Ungarn": "HU", "Tschech. Republik": "CZ", "Niederlande": "NL",
    "USA": "US", "Rußland": "RU", "Belgien": "BE", "Schweiz": "CH", "Dänemark": "DK",
    "Israel": "IL", "Türkei": "TR", "Finnland": "FI", "China": "CN", "Schweden": "SE",
    "Spanien": "ES", "Japan": "JP", "Ukraine": "UA", "Litauen": "LT", "Griechenland": "GR",
    "Kroatien": "HR", "Slow. Republik": "SK", "Rumänien": "RO", "Lettland": "LV",
    "Nicaragua": "NI", "Estland": "EE", "Portugal": "PT", "Luxemburg": "LU",
    "Slowenien": "SI", "Norwegen": "NO", "Irland": "IE", "Ruanda": "RW", "Belarus": "BY",
    "Bulgarien": "BG", "Burkina Faso": "BF", "Bosnien-Herzegowina": "BA", "Brasilien": "BR",
    "Tunesien": "TN", "Tansania": "TZ", "Serbien": "RS", "Kanada": "CA",
    "Palästinensische Autonomiebehörde": "PS", "Mali": "ML", "Indien": "IN",
    "Südafrika": "ZA", "Taiwan": "TW", "Moldawien": "MD", "Kenia": "KE", "Mexiko": "MX",
    "Georgien": "GE", "Mazedonien": "MK", "Ägypten": "EG", "Argentinien": "AR",
    "Indonesien": "ID", "Südkorea": "KR", "Republik Korea": "KR", "Namibia": "NA",
    "Togo": "TG", "Peru": "PE", "Senegal": "SN", "Kap Verde": "CV", "Philipinen": "PH",
    "Malta": "MT", "Kasachstan": "KZ", "Zypern": "CY", "Usbekistan": "UZ", "Kosovo": "XK",
    "Honduras": "HN", "Iran": "IR", "Simbabwe": "ZW", "Benin": "BJ", "Äthiopien": "ET",
    "Vietnam": "VN", "Aserbaidschan": "AZ", "Zaire": "CD", "Mongolei": "MN",
    "Paraguay": "PY", "Ghana": "GH", "Bolivien": "BO", "Island": "IS", "Katar": "QA",
    "Venezuela": "VE", "Vereinigte Arabische Emirate": "AE", "Malawi": "MW",
    "Costa Rica": "CR", "Marokko": "MA", "Syrien": "SY", "Australien": "AU",
    "Sri Lanka": "LK", "Guatemala": "GT", "Elfenbeinküste": "CI", "Tadschikistan": "TJ",
    "Kamerun": "CM", "Gambia": "GM", "Bangladesch": "BD", "Uganda": "UG",
}  # fmt: skip

# The register's Land (German) -> the name GeoNames gives the first-level subdivision, which the
# gazetteer uses: a place GeoNames lacks is made from the register only where its postcode
# point lies in the Land the row states.
LANDER: dict[str, str] = {
    "Baden-Württemberg": "Baden-Wurttemberg", "Bayern": "Bavaria", "Berlin": "State of Berlin",
    "Brandenburg": "Brandenburg", "Bremen": "City state Bremen", "Hamburg": "Hamburg",
    "Hessen": "Hesse", "Mecklenburg-Vorpommern": "Mecklenburg-Vorpommern",
    "Niedersachsen": "Lower Saxony", "Nordrhein-Westfalen": "North Rhine-Westphalia",
    "Rheinland-Pfalz": "Rheinland-Pfalz", "Saarland": "Saarland", "Sachsen": "Saxony",
    "Sachsen-Anhalt": "Saxony-Anhalt", "Schleswig-Holstein": "Schleswig-Holstein",
    "Thüringen": "Thuringia",
}  # fmt: skip

# German abbreviations of the register's municipality names, spelled out as GeoNames writes
# them ("Garching b.München" is "Garching bei München"; "Lauf a.d.Pegnitz" "an der").
_ABBREVIATIONS = (
    (re.compile(r"\ba\.\s*d\.\s*"), "an der "),
    (re.compile(r"\bi\.\s*d\.\s*"), "in der "),
    (re.compile(r"\bv\.\s*d\.\s*"), "vor der "),
    (re.compile(r"\ba\.\s*"), "am "),
    (re.compile(r"\bb\.\s*"), "bei "),
    (re.compile(r"\bi\.\s*"), "im "),
)
# A trailing "(Elbe)", "(Westerwald)": a river or region telling namesakes apart, which the
# postcode point does as well.  Administrative words are not qualifiers: "Apensen
# (Samtgemeinde)" is a collective municipality, "Ansbach (Kreis)" a district, not the town.
_TRAILING = re.compile(r"^(?P<base>[^()]+?)\s*\((?P<what>[^()]+)\)$")
_UNITS = re.compile(r"kreis|gemeinde|amt\b|bezirk|region|verband|stadt", re.IGNORECASE)


_ABBREVIATED = re.compile(r"^(?P<base>[^()]+?)\s*\b[abiv]\.\s*\S.*$")
# "Hattersheim am Main", "Rottenburg am Neckar", "Rüdersdorf bei Berlin": the river, region or
# city spelled out after the name, which GeoNames often leaves off (Hattersheim, Rottenburg).
_SPELLED = re.compile(
    r"^(?P<base>[^()]+?)\s+(?:am|an der|im|in der|bei|ob der|auf der|vor der)\s+[^()]+$"
)
_NEAR = re.compile(r"^(?P<base>.+?)\s+b\.\s*[^()]+$")  # "Kozienice b. Radom": near Radom
_GMINA = re.compile(r"^Gmina\s+(?P<base>.+)$")  # a Polish municipality, named after its seat


def german_forms(name: str, *, located: bool = True) -> tuple[str, ...]:
    """Further spellings of a German municipality's name the gazetteer may use, if any:
    abbreviations spelled out, the name an abbreviated or spelled-out qualifier qualifies
    ("Weißenburg i.Bay.", "Hattersheim am Main"; only when ``located``: the row's coordinates
    then tell namesakes apart), and the name without a river or region in brackets."""
    forms = []
    spelled = name
    for pattern, words in _ABBREVIATIONS:
        spelled = pattern.sub(words, spelled)
    if spelled != name:
        forms.append(spelled)
    cut = _ABBREVIATED.match(name) if located else None
    if cut:  # "Weißenburg i.Bay.": the name the abbreviation qualifies
        forms.append(cut["base"])
    spelled_out = _SPELLED.match(spelled) if located else None
    if spelled_out and spelled_out["base"] not in forms:
        forms.append(spelled_out["base"])
    trailing = _TRAILING.match(name)
    if trailing and not _UNITS.search(trailing["what"]):
        forms.append(trailing["base"])
    return tuple(forms)


def partner_forms(name: str) -> tuple[str, ...]:
    """Further spellings of a partner's name: as for German names, but "X b. Y" (X near Y)
    is X, and "Gmina X" the municipality named after its seat X.  The register often adds the
    German name in brackets ("Krokowa (Krockow)"); the name without it is tried only after
    the resolver found no place for the name with it."""
    near = _NEAR.match(name)
    if near:
        name = near["base"]
    gmina = _GMINA.match(name)
    forms = [name] if near else []
    if gmina:
        forms.append(gmina["base"])
    forms += [f for f in german_forms(name, located=False) if f not in forms]
    forms += [f for f in plain_forms(name) if f not in forms]
    return tuple(forms)


@dataclass(frozen=True, slots=True)
class Germany2015Source:
    """The 2015 register: each row the German side's claim, dated by its start year."""

    path: Path

    @classmethod
    def from_directory(cls, directory: Path) -> Germany2015Source:
        """The dataset in ``directory``, under its original file name."""
        return cls(directory / FILE)

    @classmethod
    def bundled(cls) -> Germany2015Source:
        """The copy shipped in ``twintowns/data/world``."""
        return cls.from_directory(bundled_dataset_dir(FOLDER))

    @property
    def info(self) -> Source:
        """The register's citation (2015; licence as stated)."""
        return INFO

    def claims(self, on_problem: OnProblem) -> Iterator[RawClaim]:
        """Yield one claim per row, in file order.

        Parameters
        ----------
        on_problem:
            Receives malformed rows (skipped) and malformed start years (the link is kept
            without a date).

        Raises
        ------
        DataFileError
            If the file is missing or does not have the register's header.
        """
        rows = read_table(self.path, CSV, on_problem, header=True)
        expect_header(rows, self.path, _HEADER)
        yield from parse_rows(rows, partial(_claim, on_problem=on_problem), on_problem)


def _claim(row: Row, on_problem: OnProblem) -> RawClaim:
    name, _, land_de, lat, lon, partner, land, _, seit, form, _, _ = row.fields
    german = required_text(name, "German municipality (gemeindename)")
    kind_and_form = FORMS.get(form.strip().lower())
    if form.strip() and kind_and_form is None:
        raise BadRow(f"form {form!r} is not p, f or k")
    year = start_year(seit, row, on_problem, unknown={_PLACEHOLDER_YEAR}, last_year=2015)
    what = kind_and_form[1] if kind_and_form else "link (form not given)"
    return RawClaim(
        claimant=_german_side(german, lat, lon, land_de.strip()),
        partner=_partner(required_text(partner, "partner (partnergemeinde)"), land.strip()),
        locator=row.locator,
        events=signing(year, INFO.id, row, f"{what} since {year} (German register)"),
        kind=kind_and_form[0] if kind_and_form else None,
    )


def _partner(name: str, land: str) -> PlaceMention:
    return PlaceMention(
        name=name,
        country=land or None,
        country_iso=GERMAN_COUNTRIES.get(land),
        labels=tuple(("de", form) for form in partner_forms(name)),
    )


def _german_side(name: str, lat: str, lon: str, land: str) -> PlaceMention:
    """The German municipality or district: the register is its record (its name, Land and
    postcode point), so a place GeoNames lacks may be made from it (``vouched``)."""
    position = point(lat, lon, "German side") if lat.strip() and lon.strip() else None
    return PlaceMention(
        name=name,
        country="Deutschland",
        country_iso="DE",
        lat=None if position is None else position[0],
        lon=None if position is None else position[1],
        labels=tuple(("de", form) for form in (*german_forms(name), *plain_forms(name))),
        vouched=land in LANDER,  # a place is made only where its Land can be checked
        region=LANDER.get(land),
    )
