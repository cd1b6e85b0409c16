"""Places: villages to countries, and fictional towns, with names and countries through time."""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, field

from twintowns.model.dates import FuzzyDate
from twintowns.model.source import Citation
from twintowns.model.vocab import PlaceLevel


def normalise_name(text: str) -> str:
    """Fold a name for matching: case, diacritics, punctuation and spacing are ignored.

    ``Düsseldorf`` -> ``dusseldorf``; ``St. Petersburg`` -> ``st petersburg``.
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    kept = []
    for char in decomposed:
        category = unicodedata.category(char)
        if category == "Mn":  # combining accents
            continue
        kept.append(char if category[0] in "LN" else " ")
    return " ".join("".join(kept).split())


@dataclass(frozen=True, slots=True)
class Period:
    """A validity interval; either end may be open (``None``)."""

    start: FuzzyDate | None = None
    end: FuzzyDate | None = None

    def contains(self, when: dt.date) -> bool:
        """True when ``when`` falls in the period (ends are inclusive, open ends unbounded)."""
        if self.start is not None and self.start.start > when:
            return False
        return not (self.end is not None and self.end.end < when)


@dataclass(frozen=True, slots=True)
class PlaceName:
    """A name of a place in one language, valid for a period (Stalingrad until 1961)."""

    text: str
    lang: str = "en"
    valid: Period = field(default_factory=Period)
    preferred: bool = False
    citation: Citation | None = None


@dataclass(frozen=True, slots=True)
class CountryPeriod:
    """The country (ISO 3166-1 alpha-2) a place belongs to during a period."""

    iso: str
    valid: Period = field(default_factory=Period)
    citation: Citation | None = None


class Coordinates(complex):
    """WGS84 latitude and longitude in decimal degrees (``lat``, ``lon``): an immutable value.

    Held as one complex number, ``lat + lon·j``: a 32-byte object that the garbage collector
    does not track, where a dataclass of two floats takes three objects and 96 bytes.  Every
    place has one, so at ten times the world (230,000 places) that is 15 MB of a server's
    memory.  Only ``lat`` and ``lon`` are its interface: arithmetic on it gives plain complex
    numbers, which nothing here uses.
    """

    __slots__ = ()
    __match_args__ = ("lat", "lon")

    def __new__(cls, lat: float, lon: float) -> Coordinates:
        return super().__new__(cls, lat, lon)

    @property
    def lat(self) -> float:
        """Latitude, degrees north."""
        return self.real

    @property
    def lon(self) -> float:
        """Longitude, degrees east."""
        return self.imag

    def __bool__(self) -> bool:
        return True  # a place at 0°, 0° is located (0j would be false)

    def __repr__(self) -> str:
        return f"Coordinates(lat={self.real!r}, lon={self.imag!r})"

    def __reduce__(self) -> tuple[type[Coordinates], tuple[float, float]]:
        return type(self), (self.real, self.imag)


@dataclass(frozen=True, slots=True)
class Place:
    """A locality of any scope that can be twinned.

    Attributes
    ----------
    id:
        twintowns' own stable id (a slug such as ``coventry`` or ``toledo-us-oh``).
    level:
        Administrative scope.
    names, countries:
        Names per language and countries, each with validity and citation.
    wikidata, geonames:
        External identifiers (``Q6225``; GeoNames integer id).
    admin_area:
        Name of the enclosing region as commonly written ("Oregon", "Sinaloa"), for display
        and disambiguation.
    citation:
        Source of the level, identifiers, coordinates and population.
    """

    id: str
    level: PlaceLevel
    names: tuple[PlaceName, ...]
    countries: tuple[CountryPeriod, ...] = ()
    wikidata: str | None = None
    geonames: int | None = None
    admin_area: str | None = None
    coordinates: Coordinates | None = None
    population: int | None = None
    population_year: int | None = None
    citation: Citation | None = None

    def name(self, lang: str = "en", when: dt.date | None = None) -> str:
        """The name to show in ``lang`` at ``when`` (today's name when ``when`` is None).

        Preference: a name in ``lang`` valid at ``when`` (preferred first), then any name valid
        at ``when``, then the first name.
        """
        day = when or dt.date.today()
        valid = [n for n in self.names if n.valid.contains(day)]
        for pool in ([n for n in valid if n.lang == lang], valid, list(self.names)):
            if pool:
                return sorted(pool, key=lambda n: not n.preferred)[0].text
        return self.id

    def country(self, when: dt.date | None = None) -> str | None:
        """ISO code of the country the place belonged to at ``when`` (today when None)."""
        day = when or dt.date.today()
        for period in self.countries:
            if period.valid.contains(day):
                return period.iso
        return self.countries[-1].iso if self.countries else None
