"""Countries (names, codes, UN membership, groups) and languages, read and checked."""

import datetime
import gettext
import warnings
from typing import Any

from aigov.taxonomy.models import (
    Country,
    IncomeGroup,
    RegionalGroup,
)
from aigov.taxonomy.reference.common import (
    ALIAS_LOCALES,
    COCO_SOURCE,
    HDX_SOURCE,
    PACKAGE_DATA,
    RTL_SCRIPTS,
    UN_LANGUAGES,
    Collector,
    csv_rows,
    reference_path,
)


def read_countries(problems: Collector) -> list[dict[str, Any]]:
    from hdx.location.country import Country as HdxCountry

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import country_converter as coco

        converter = coco.CountryConverter()
    members = {
        str(row.ISO3): int(row.UNmember)
        for row in converter.data.itertuples()
        if str(row.UNmember) not in {"<NA>", "nan"}
    }
    alias_catalogues = []
    import pycountry

    for locale in ALIAS_LOCALES:
        try:
            alias_catalogues.append(
                gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[locale])
            )
        except OSError:
            continue

    groups_path = reference_path("un_regional_groups.csv")
    income_path = reference_path("income_groups.csv")
    groups: dict[str, str] = {}
    for number, row in csv_rows(groups_path):
        if row["group"] not in RegionalGroup.values:
            problems.add(
                groups_path, number, "group", f"{row['group']!r} is not a UN regional group"
            )
        groups[row["iso3"]] = row["group"]
    incomes: dict[str, dict[str, str]] = {}
    for number, row in csv_rows(income_path):
        if row["income_group"] and row["income_group"] not in IncomeGroup.values:
            problems.add(
                income_path,
                number,
                "income_group",
                f"{row['income_group']!r} is not L, LM, UM or H",
            )
        incomes[row["iso3"]] = row
    ldc_path = PACKAGE_DATA / "least_developed_countries.csv"
    ldcs: dict[str, str] = {}
    for number, row in csv_rows(ldc_path):
        if row["scheduled_graduation_on"]:
            try:
                datetime.date.fromisoformat(row["scheduled_graduation_on"])
            except ValueError:
                problems.add(ldc_path, number, "scheduled_graduation_on", "not a date (YYYY-MM-DD)")
        ldcs[row["iso3"]] = row["scheduled_graduation_on"]

    hdx = HdxCountry.countriesdata(use_live=False)["countries"]
    for iso3 in sorted(set(groups) | set(incomes) | set(ldcs)):
        if iso3 not in hdx:
            problems.add(
                groups_path,
                0,
                "iso3",
                f"{iso3} is not an ISO 3166 alpha-3 code known to hdx-python-country",
            )
    if set(groups) != set(members):
        missing = sorted(set(members) ^ set(groups))
        problems.add(
            groups_path,
            0,
            "iso3",
            f"differs from the 193 UN Member States of country_converter: {missing}",
        )

    records = []
    for iso3, info in sorted(hdx.items()):
        if len(iso3) != 3 or info.get("Deprecated") == "Y":
            continue
        names = {}
        for code, label in UN_LANGUAGES.items():
            names[code] = info.get(f"M49 {label}") or info.get(f"{label} Short") or ""
        names = {k: v for k, v in names.items() if v}
        if "en" not in names:
            names["en"] = info.get("Preferred Term") or iso3
        english = info.get("ISO 3166-1 Alpha 2-Codes") and info.get("Preferred Term")
        spellings = {cat.gettext(str(english)) for cat in alias_catalogues if english} | {
            info.get("Preferred Term") or "",
            info.get("ISO Alt Term") or "",
            info.get("DGACM Alt Term") or "",
        }
        aliases = sorted(spellings - set(names.values()) - {""})
        income = incomes.get(iso3, {})
        graduation = ldcs.get(iso3) or None
        sources = [HDX_SOURCE]
        if iso3 in members:
            sources.append(COCO_SOURCE)
        if iso3 in groups:
            sources.append("UN regional group: data/reference/un_regional_groups.csv (UN DGACM)")
        if iso3 in incomes:
            sources.append(
                "Income group: data/reference/income_groups.csv (World Bank CLASS_FY2026)"
            )
        if iso3 in ldcs:
            sources.append("LDC: aigov/taxonomy/data/least_developed_countries.csv (UN DESA list)")
        records.append(
            {
                "iso3": iso3,
                "iso2": info.get("ISO 3166-1 Alpha 2-Codes") or "",
                "m49": (info.get("m49 numerical code") or "").zfill(3)
                if info.get("m49 numerical code")
                else "",
                "kind": Country.Kind.COUNTRY
                if info.get("Independent") == "Y"
                else Country.Kind.TERRITORY,
                "names": names,
                "names_provenance": dict.fromkeys(names, "source"),
                "formal_names": {"en": info["English Formal"]}
                if info.get("English Formal")
                else {},
                "aliases": aliases,
                "region": info.get("Region Name") or "",
                "subregion": info.get("Intermediate Region Name")
                or info.get("Sub-region Name")
                or "",
                "is_un_member": iso3 in members,
                "un_member_since": members.get(iso3),
                "regional_group": groups.get(iso3, ""),
                "income_group": income.get("income_group", ""),
                "income_fiscal_year": income.get("fiscal_year", ""),
                "income_note": income.get("note", ""),
                "is_ldc": iso3 in ldcs,
                "ldc_graduation_on": datetime.date.fromisoformat(graduation)
                if graduation
                else None,
                "source": "; ".join(sources),
            }
        )
    records.append(
        {
            "iso3": "EUU",
            "iso2": "",
            "m49": "",
            "kind": Country.Kind.REGIONAL_ORGANISATION,
            "names": {
                "en": "European Union",
                "fr": "Union européenne",
                "es": "Unión Europea",
                "ru": "Европейский союз",
                "zh-hans": "欧洲联盟",
                "ar": "الاتحاد الأوروبي",
            },
            "names_provenance": {
                "en": "source",
                "fr": "human",
                "es": "human",
                "ru": "human",
                "zh-hans": "human",
                "ar": "human",
            },
            "formal_names": {},
            "aliases": ["EU", "Europäische Union", "欧盟"],
            "region": "",
            "subregion": "",
            "is_un_member": False,
            "un_member_since": None,
            "regional_group": "",
            "income_group": "",
            "income_fiscal_year": "",
            "income_note": "",
            "is_ldc": False,
            "ldc_graduation_on": None,
            "source": (
                "Regional organisation coded EUU (World Bank code), as in "
                "data/reference/initiative_participants.csv"
            ),
        }
    )
    return records


def read_languages() -> list[dict[str, Any]]:
    import langcodes
    import pycountry

    records = []
    tags = sorted(
        {lang.alpha_2 for lang in pycountry.languages if hasattr(lang, "alpha_2")}
        | {"zh-Hans", "zh-Hant"}
    )
    for tag in tags:
        language = langcodes.Language.get(tag)
        names = {}
        for code in UN_LANGUAGES:
            display = language.display_name("zh-Hans" if code == "zh-hans" else code)
            if display and display.lower() != tag.lower():
                names[code] = display
        script = language.maximize().script
        records.append(
            {
                "tag": tag,
                "names": names,
                "names_provenance": dict.fromkeys(names, "source"),
                "is_un_official": tag in {"ar", "zh", "zh-Hans", "en", "fr", "ru", "es"},
                "is_rtl": script in RTL_SCRIPTS,
                "source": "ISO 639-1 codes (pycountry); names from CLDR (langcodes)",
            }
        )
    return records
