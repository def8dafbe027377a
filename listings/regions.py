"""Where remote applicants may live: ISO 3166 country codes and named regions.

A remote job lists countries and/or regions; a search for a country finds jobs
open to that country directly, through a region containing it, or worldwide.
"""

from functools import lru_cache

from django_countries import countries

EU = [
    "AT",
    "BE",
    "BG",
    "HR",
    "CY",
    "CZ",
    "DK",
    "EE",
    "FI",
    "FR",
    "DE",
    "GR",
    "HU",
    "IE",
    "IT",
    "LV",
    "LT",
    "LU",
    "MT",
    "NL",
    "PL",
    "PT",
    "RO",
    "SK",
    "SI",
    "ES",
    "SE",
]
EUROPE = [
    *EU,
    *[
        "GB",
        "CH",
        "NO",
        "IS",
        "LI",
        "UA",
        "RS",
        "BA",
        "ME",
        "MK",
        "AL",
        "MD",
        "GE",
        "AM",
        "AZ",
        "TR",
        "AD",
        "MC",
        "SM",
        "VA",
        "XK",
    ],
]
NORTH_AMERICA = ["US", "CA", "MX"]
LATAM = [
    "MX",
    "GT",
    "BZ",
    "SV",
    "HN",
    "NI",
    "CR",
    "PA",
    "CU",
    "DO",
    "HT",
    "JM",
    "TT",
    "BS",
    "BB",
    "CO",
    "VE",
    "EC",
    "PE",
    "BO",
    "BR",
    "PY",
    "UY",
    "AR",
    "CL",
    "GY",
    "SR",
]
MIDDLE_EAST = ["AE", "SA", "QA", "KW", "BH", "OM", "YE", "IQ", "IR", "JO", "LB", "SY", "IL", "PS", "EG"]
AFRICA = [
    "DZ",
    "AO",
    "BJ",
    "BW",
    "BF",
    "BI",
    "CV",
    "CM",
    "CF",
    "TD",
    "KM",
    "CD",
    "CG",
    "CI",
    "DJ",
    "EG",
    "GQ",
    "ER",
    "SZ",
    "ET",
    "GA",
    "GM",
    "GH",
    "GN",
    "GW",
    "KE",
    "LS",
    "LR",
    "LY",
    "MG",
    "MW",
    "ML",
    "MR",
    "MU",
    "MA",
    "MZ",
    "NA",
    "NE",
    "NG",
    "RW",
    "ST",
    "SN",
    "SC",
    "SL",
    "SO",
    "ZA",
    "SS",
    "SD",
    "TZ",
    "TG",
    "TN",
    "UG",
    "ZM",
    "ZW",
]
APAC = [
    "AU",
    "NZ",
    "JP",
    "KR",
    "CN",
    "HK",
    "TW",
    "SG",
    "MY",
    "TH",
    "VN",
    "PH",
    "ID",
    "IN",
    "PK",
    "BD",
    "LK",
    "NP",
    "MN",
    "KH",
    "LA",
    "MM",
    "BN",
    "FJ",
    "PG",
]

REGIONS = {
    # code: (label, member countries); WORLDWIDE has no list: it admits everyone.
    "WORLDWIDE": ("Anywhere in the world", ()),
    "EUROPE": ("Europe", tuple(EUROPE)),
    "EU": ("European Union", tuple(EU)),
    "NORTH_AMERICA": ("North America", tuple(NORTH_AMERICA)),
    "LATAM": ("Latin America", tuple(LATAM)),
    "EMEA": ("Europe, Middle East and Africa", tuple(dict.fromkeys([*EUROPE, *MIDDLE_EAST, *AFRICA]))),
    "APAC": ("Asia-Pacific", tuple(APAC)),
}

REGION_CHOICES = [(code, label) for code, (label, _) in REGIONS.items()]


def region_label(code):
    return REGIONS[code][0]


def location_codes_admitting(country_code):
    """Every applicant-location code under which someone in this country may apply."""
    country_code = country_code.upper()
    regions = [code for code, (_, members) in REGIONS.items() if country_code in members]
    return [country_code, "WORLDWIDE", *regions]


@lru_cache(maxsize=512)
def country_name(code):
    """The English name of a country code (the code itself when unknown). Kept: a
    lookup through django-countries costs ~50 us, and feeds and lists name dozens."""
    return countries.name(code) or code
