"""A small gazetteer of real places (GeoNames ids, coordinates and populations as GeoNames
gives them) with the homonyms, exonyms and levels resolution has to get right."""

from __future__ import annotations

from twintowns.model import PlaceLevel
from twintowns.resolve.gazetteer import Entry

CITY, TOWN, PROVINCE = PlaceLevel.CITY, PlaceLevel.TOWN, PlaceLevel.PROVINCE

ENTRIES = [
    Entry(
        "gn:2653941",
        "Cambridge",
        CITY,
        "GB",
        "England",
        52.2,
        0.11667,
        145674,
        2653941,
        ("Cantabrigia",),
    ),
    Entry(
        "gn:4931972", "Cambridge", CITY, "US", "Massachusetts", 42.3751, -71.10561, 110402, 4931972
    ),
    Entry("gn:5913695", "Cambridge", CITY, "CA", "Ontario", 43.3601, -80.31269, 129920, 5913695),
    Entry(
        "gn:2510409", "Toledo", TOWN, "ES", "Castille-La Mancha", 39.8581, -4.02263, 86526, 2510409
    ),
    Entry("gn:5174035", "Toledo", CITY, "US", "Ohio", 41.66394, -83.55521, 265638, 5174035),
    Entry(
        "gn:2925533",
        "Frankfurt am Main",
        CITY,
        "DE",
        "Hesse",
        50.11552,
        8.68417,
        650000,
        2925533,
        ("Frankfurt",),
    ),
    Entry(
        "gn:2925535",
        "Frankfurt (Oder)",
        TOWN,
        "DE",
        "Brandenburg",
        52.34714,
        14.55062,
        57107,
        2925535,
        ("Frankfurt",),
    ),
    Entry(
        "gn:472757",
        "Volgograd",
        CITY,
        "RU",
        "Volgograd",
        48.71939,
        44.50183,
        1013533,
        472757,
        ("Stalingrad", "Wolgograd", "Волгоград"),
    ),
    Entry("gn:2652221", "Coventry", CITY, "GB", "England", 52.40656, -1.51217, 345324, 2652221),
    Entry(
        "gn:702550",
        "Lviv",
        CITY,
        "UA",
        "Lviv",
        49.83826,
        24.02324,
        717803,
        702550,
        ("Lwów", "Lemberg"),
    ),
    Entry(
        "adm1:UA.lviv",
        "Lviv",
        PROVINCE,
        "UA",
        None,
        49.8,
        24.0,
        2500000,
        None,
        ("L’vivs’ka Oblast’",),
    ),
    Entry(
        "gn:3041732", "Mariehamn", TOWN, "AX", "Mariehamns stad", 60.09726, 19.93481, 10682, 3041732
    ),
    Entry("gn:2855598", "Pankow", TOWN, "DE", "Berlin", 52.56926, 13.40186, 65375, 2855598),
    Entry("gn:2950159", "Berlin", CITY, "DE", "Berlin", 52.52437, 13.41053, 3426354, 2950159),
    Entry(
        "gn:3067696",
        "Prague",
        CITY,
        "CZ",
        "Prague",
        50.08804,
        14.42076,
        1165581,
        3067696,
        ("Prag", "Praha"),
    ),
    Entry(
        "gn:2921044",
        "Germany",
        PlaceLevel.COUNTRY,
        "DE",
        None,
        52.52437,
        13.41053,
        82927922,
        2921044,
        ("Deutschland",),
    ),
]
