"""M49 regions and sub-regions named in the reader's language.

Countries keep the English M49 names their source gives (`Country.region`, `subregion`); the
other five languages name them from CLDR through ICU, by M49 code. English keeps the M49 name
itself (CLDR's English differs: "Southeast Asia" for M49's "South-eastern Asia").
"""

import functools

import icu
from django.conf import settings
from django.utils import translation

from aigov.core.translation import normalise_language

# The English M49 names the countries' source uses, with their M49 codes.
M49_CODES = {
    "Africa": "002",
    "Americas": "019",
    "Asia": "142",
    "Europe": "150",
    "Oceania": "009",
    "Australia and New Zealand": "053",
    "Caribbean": "029",
    "Central America": "013",
    "Central Asia": "143",
    "Channel Islands": "830",
    "Eastern Africa": "014",
    "Eastern Asia": "030",
    "Eastern Europe": "151",
    "Latin America and the Caribbean": "419",
    "Melanesia": "054",
    "Micronesia": "057",
    "Middle Africa": "017",
    "Northern Africa": "015",
    "Northern America": "021",
    "Northern Europe": "154",
    "Polynesia": "061",
    "South America": "005",
    "South-eastern Asia": "035",
    "Southern Africa": "018",
    "Southern Asia": "034",
    "Southern Europe": "039",
    "Sub-Saharan Africa": "202",
    "Western Africa": "011",
    "Western Asia": "145",
    "Western Europe": "155",
}
# CLDR has no name for the Channel Islands (M49 830): the UNSD M49 page's names.
NOT_IN_CLDR = {
    "830": {
        "ar": "جزر القنال",
        "zh-hans": "海峡群岛",
        "fr": "Îles Anglo-Normandes",
        "ru": "Нормандские острова",
        "es": "Islas del Canal",
    },
}


@functools.lru_cache(maxsize=8)
def _display_names(language: str) -> icu.LocaleDisplayNames:
    return icu.LocaleDisplayNames.createInstance(icu.Locale.forLanguageTag(language))


def region_name(english: str, language: str | None = None) -> str:
    """Return the name of an M49 region given by its English name, in `language` (default:
    the active one); an unknown name is returned as it is."""
    reader = normalise_language(language or translation.get_language() or settings.LANGUAGE_CODE)
    code = M49_CODES.get(english)
    if code is None or reader == "en":
        return english
    if code in NOT_IN_CLDR:
        return NOT_IN_CLDR[code].get(reader, english)
    name = str(_display_names(reader).regionDisplayName(code))
    return english if name == code else name
