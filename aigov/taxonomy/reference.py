"""Load the shared vocabulary (`aigov load-reference`, the taxonomy part).

Sources, in order of preference:
- countries: hdx-python-country (ISO codes, M49, the UN's own names in the six languages, from
  the OCHA Countries & Territories Taxonomy, offline), country_converter (UN membership and
  admission year), pycountry (other spellings, used only as search aliases — they are not UN
  terms); data/reference/un_regional_groups.csv and income_groups.csv for regional and income
  groups; aigov/taxonomy/data/least_developed_countries.csv for LDC status;
- languages: pycountry (ISO 639-1 codes, which are BCP 47 tags) named by langcodes/language_data;
- SDGs, targets, risk pulse items: data/reference/*.csv;
- risk taxonomy, lifecycle stages and topics: aigov/taxonomy/data/*.csv; the risk taxonomy's
  official Chinese text (HLAB report, Chinese edition, Box 4): data/reference/risk_taxonomy_zh.csv;
  its Arabic, French, Russian and Spanish text, and the risk pulse items' translations, from
  aigov/taxonomy/data/risk_*_translations.csv (machine translations, marked so);
- M49 region names are not stored translated: pages name them through ICU (CLDR), see
  aigov.taxonomy.regions.
"""

import csv
import datetime
import gettext
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from aigov.core.reference import (
    LoadReport,
    Progress,
    ReferenceDataError,
    RowProblem,
    UpsertStep,
    upsert_all,
)
from aigov.taxonomy.models import (
    Confidence,
    Country,
    IncomeGroup,
    Language,
    LifecycleScheme,
    LifecycleStage,
    RegionalGroup,
    RiskArea,
    RiskDomain,
    RiskPulseItem,
    SdgTarget,
    SustainableDevelopmentGoal,
    Topic,
)

PACKAGE_DATA = Path(__file__).resolve().parent / "data"
UN_LANGUAGES = {
    "ar": "Arabic",
    "zh-hans": "Chinese",
    "en": "English",
    "fr": "French",
    "ru": "Russian",
    "es": "Spanish",
}
# pycountry locales whose country names serve as search aliases (not shown as labels).
ALIAS_LOCALES = ["es", "de", "pt", "it", "fr", "ru", "zh_CN", "ar", "nl", "sw", "id", "tr"]
RTL_SCRIPTS = {"Arab", "Hebr", "Thaa", "Syrc", "Nkoo", "Adlm", "Rohg", "Mand", "Samr"}

# The files (and libraries) each kind of record is read from, as conflicts name them.
COUNTRY_SOURCES = (
    "hdx-python-country, un_regional_groups.csv, income_groups.csv, least_developed_countries.csv"
)
LANGUAGE_SOURCES = "pycountry and langcodes"
RISK_SOURCES = "risk_taxonomy.csv, risk_taxonomy_zh.csv, risk_taxonomy_translations.csv"
# The languages besides English a taxonomy file may give names in, by column suffix.
NAME_COLUMNS = {"fr": "fr", "es": "es", "ru": "ru", "zh": "zh-hans", "ar": "ar"}
CHINESE_RISK_SOURCE = (
    "Chinese: HLAB final report, Chinese edition, Box 4 (方框4), verbatim "
    "(data/reference/risk_taxonomy_zh.csv)"
)

HDX_SOURCE = "hdx-python-country: OCHA Countries & Territories Taxonomy (names per UNTERM/M49)"
COCO_SOURCE = "country_converter: UN membership and year of admission"


def _rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    with path.open(newline="", encoding="utf-8") as handle:
        for number, row in enumerate(csv.DictReader(handle), start=2):
            yield number, {k: (v or "").strip() for k, v in row.items()}


def _reference(name: str) -> Path:
    return Path(settings.REFERENCE_DATA_DIR) / name


class _Collector:
    def __init__(self) -> None:
        self.problems: list[RowProblem] = []

    def add(self, path: Path, row: int, field: str, message: str) -> None:
        self.problems.append(RowProblem(path.name, row, field, message))


# ---------------------------------------------------------------- reading and validating


def _read_countries(problems: _Collector) -> list[dict[str, Any]]:
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

    groups_path, income_path = _reference("un_regional_groups.csv"), _reference("income_groups.csv")
    groups: dict[str, str] = {}
    for number, row in _rows(groups_path):
        if row["group"] not in RegionalGroup.values:
            problems.add(
                groups_path, number, "group", f"{row['group']!r} is not a UN regional group"
            )
        groups[row["iso3"]] = row["group"]
    incomes: dict[str, dict[str, str]] = {}
    for number, row in _rows(income_path):
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
    for number, row in _rows(ldc_path):
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


def _read_languages() -> list[dict[str, Any]]:
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


def _read_sdgs(problems: _Collector) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    goals_path, targets_path = _reference("sdg_goals.csv"), _reference("sdg_targets.csv")
    goal_source = (
        "data/reference/sdg_goals.csv: A/RES/70/1 goal texts; UN DGC icon labels and colours"
    )
    goals = []
    for number, row in _rows(goals_path):
        if not row["goal"].isdigit():
            problems.add(goals_path, number, "goal", "not a goal number")
            continue
        names = {
            "en": row["short_title_en"],
            "zh-hans": row["short_title_zh"],
            "fr": row["short_title_fr"],
            "es": row["short_title_es"],
            "ar": row["short_title_ar"],
            "ru": row["short_title_ru"],
        }
        goals.append(
            {
                "number": int(row["goal"]),
                "names": {k: v for k, v in names.items() if v},
                "names_provenance": {k: "source" for k, v in names.items() if v},
                "full_titles": {"en": row["full_title_en"]},
                "colour": row["color_hex"],
                "source": goal_source,
            }
        )
    targets = []
    positions: dict[str, int] = {}
    for number, row in _rows(targets_path):
        if not row["goal"].isdigit() or not row["target"].startswith(f"{row['goal']}."):
            problems.add(
                targets_path,
                number,
                "target",
                f"{row['target']!r} does not belong to goal {row['goal']!r}",
            )
            continue
        positions[row["goal"]] = positions.get(row["goal"], 0) + 1
        targets.append(
            {
                "code": row["target"],
                "goal_id": int(row["goal"]),
                "position": positions[row["goal"]],
                "titles": {"en": row["title_en"]},
                "source": "data/reference/sdg_targets.csv: A/RES/70/1 as in the A/RES/71/313 annex",
            }
        )
    return goals, targets


def _names(english: str, chinese: str) -> dict[str, dict[str, str]]:
    """Return names in English and, when the official text has it, Chinese; both as published."""
    names = {"en": english, "zh-hans": chinese} if chinese else {"en": english}
    return {"names": names, "names_provenance": dict.fromkeys(names, "source")}


def _read_risks_chinese(problems: _Collector, domains: dict[str, str]) -> dict[str, dict[str, str]]:
    """Return the official Chinese of each risk category by slug (risk_taxonomy_zh.csv).

    `domains` maps each category of risk_taxonomy.csv to its domain, whose Chinese name every
    row of that domain must spell alike.
    """
    path = _reference("risk_taxonomy_zh.csv")
    chinese: dict[str, dict[str, str]] = {}
    domain_names: dict[str, str] = {}
    for number, row in _rows(path):
        slug = row["category_slug"]
        if slug not in domains:
            problems.add(
                path, number, "category_slug", f"{slug!r} is not a category of risk_taxonomy.csv"
            )
            continue
        for column in ("domain_zh", "category_zh"):
            if not row[column]:
                problems.add(path, number, column, "must not be empty")
        named = domain_names.setdefault(domains[slug], row["domain_zh"])
        if named != row["domain_zh"]:
            problems.add(
                path,
                number,
                "domain_zh",
                f"{row['domain_zh']!r} differs from {named!r}, the name an earlier row gives "
                f"the domain {domains[slug]}",
            )
        chinese[slug] = row
    return chinese


def _translations_by_key(
    problems: _Collector, path: Path, key: str, known: set[str]
) -> dict[str, dict[str, dict[str, str]]]:
    """Return the rows of a translations file (key, language, ..., provenance) by key and
    language; every key must be known, every language one of the six, every text a provenance."""
    found: dict[str, dict[str, dict[str, str]]] = {}
    for number, row in _rows(path):
        language = NAME_COLUMNS.get(row["language"], row["language"])
        if row[key] not in known:
            problems.add(path, number, key, f"{row[key]!r} is not in the English file")
        elif language not in {code for code, _name in settings.LANGUAGES} - {"en"}:
            problems.add(path, number, "language", f"{row['language']!r} is not a UN language")
        elif row["provenance"] not in {"source", "human", "machine", "reviewed"}:
            problems.add(path, number, "provenance", "must be source, human, machine or reviewed")
        elif language in found.get(row[key], {}):
            problems.add(path, number, "language", f"a second {language} row for {row[key]!r}")
        else:
            found.setdefault(row[key], {})[language] = row
    return found


def _with_translations(
    names: dict[str, Any], translated: dict[str, dict[str, str]], column: str
) -> dict[str, Any]:
    """Add the texts of `column` from translation rows to `names` (a `_names` result), with
    their provenance; languages the official text already gives are kept."""
    merged = {"names": dict(names["names"]), "names_provenance": dict(names["names_provenance"])}
    for language, row in translated.items():
        if row[column] and language not in merged["names"]:
            merged["names"][language] = row[column]
            merged["names_provenance"][language] = row["provenance"]
    return merged


def _read_risks(
    problems: _Collector,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    path = PACKAGE_DATA / "risk_taxonomy.csv"
    rows = list(_rows(path))
    chinese = _read_risks_chinese(
        problems, {row["category_slug"]: row["domain_slug"] for _number, row in rows}
    )
    others = _translations_by_key(
        problems,
        PACKAGE_DATA / "risk_taxonomy_translations.csv",
        "category_slug",
        {row["category_slug"] for _number, row in rows},
    )
    domains: dict[str, dict[str, Any]] = {}
    areas: list[dict[str, Any]] = []
    for number, row in rows:
        if row["confidence"] not in Confidence.values:
            problems.add(
                path, number, "confidence", f"{row['confidence']!r} is not high, medium or unknown"
            )
        zh = chinese.get(row["category_slug"], {})
        translated = others.get(row["category_slug"], {})
        source = f"{row['source']}; {CHINESE_RISK_SOURCE}" if zh else row["source"]
        if row["domain_slug"] not in domains:
            domains[row["domain_slug"]] = {
                "slug": row["domain_slug"],
                **_with_translations(
                    _names(row["domain_en"], zh.get("domain_zh", "")), translated, "domain"
                ),
                "position": len(domains) + 1,
                "source": source,
            }
        examples = {"en": row["examples_en"], "zh-hans": zh.get("examples_zh", "")}
        if row["examples_en"]:
            examples |= {language: t["examples"] for language, t in translated.items()}
        areas.append(
            {
                "slug": row["category_slug"],
                "domain_id": row["domain_slug"],
                "position": sum(1 for a in areas if a["domain_id"] == row["domain_slug"]) + 1,
                **_with_translations(
                    _names(row["category_en"], zh.get("category_zh", "")), translated, "category"
                ),
                "examples": {language: text for language, text in examples.items() if text},
                "source": source,
                "confidence": row["confidence"],
            }
        )
    pulse_path = _reference("risk_pulse_items.csv")
    pulse_rows = list(_rows(pulse_path))
    pulse_translations = _translations_by_key(
        problems,
        PACKAGE_DATA / "risk_pulse_translations.csv",
        "letter",
        {row["letter"] for _number, row in pulse_rows if row["confirmed"] == "yes"},
    )
    pulse = []
    for number, row in pulse_rows:
        if row["confirmed"] not in {"yes", "no"}:
            problems.add(pulse_path, number, "confirmed", "must be yes or no")
        confirmed = row["confirmed"] == "yes"
        pulse.append(
            {
                "letter": row["letter"],
                "texts": {
                    "en": row["item_en"],
                    **{k: t["text"] for k, t in pulse_translations.get(row["letter"], {}).items()},
                },
                "confidence": Confidence.HIGH if confirmed else Confidence.UNKNOWN,
                "source": row["source"],
            }
        )
    return list(domains.values()), areas, pulse


def _read_lifecycle(
    problems: _Collector,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[tuple[str, str, str, str]]]:
    schemes = [
        {"slug": row["slug"], **_row_names(row), "source": row["source"]}
        for _number, row in _rows(PACKAGE_DATA / "lifecycle_schemes.csv")
    ]
    scheme_slugs = {s["slug"] for s in schemes}
    path = PACKAGE_DATA / "lifecycle_stages.csv"
    stages, links = [], []
    known = set()
    for number, row in _rows(path):
        if row["scheme"] not in scheme_slugs:
            problems.add(path, number, "scheme", f"unknown scheme {row['scheme']!r}")
        stages.append(
            {
                "scheme_id": row["scheme"],
                "slug": row["slug"],
                "position": int(row["position"]),
                **_row_names(row),
            }
        )
        known.add((row["scheme"], row["slug"]))
        for target in filter(None, row["maps_to"].split(";")):
            other_scheme, _sep, other_slug = target.partition(":")
            links.append((row["scheme"], row["slug"], other_scheme, other_slug))
    for scheme, slug, other_scheme, other_slug in links:
        if (other_scheme, other_slug) not in known:
            problems.add(
                path,
                0,
                "maps_to",
                f"{scheme}:{slug} maps to unknown stage {other_scheme}:{other_slug}",
            )
    return schemes, stages, links


def _row_names(row: dict[str, str]) -> dict[str, dict[str, str]]:
    """Return the names of a row with `name_en`, `name_<language>` columns and one
    `names_provenance` for the languages other than English (whose text is the source's)."""
    names = {"en": row["name_en"]}
    names |= {
        code: row[f"name_{suffix}"]
        for suffix, code in NAME_COLUMNS.items()
        if row.get(f"name_{suffix}")
    }
    provenance = {code: ("source" if code == "en" else row["names_provenance"]) for code in names}
    return {"names": names, "names_provenance": provenance}


def _read_topics() -> list[dict[str, Any]]:
    return [
        {"slug": row["slug"], **_row_names(row), "source": row["source"]}
        for _number, row in _rows(PACKAGE_DATA / "topics.csv")
    ]


# ---------------------------------------------------------------- writing


def load_taxonomy(
    *, actor: Any, report: LoadReport, progress: Progress | None = None, dry_run: bool = False
) -> None:
    """Validate every taxonomy file, then upsert all of it in one transaction.

    Raise ReferenceDataError listing every bad row (nothing written). With dry_run, roll back.
    """
    problems = _Collector()
    countries = _read_countries(problems)
    languages = _read_languages()
    goals, targets = _read_sdgs(problems)
    domains, areas, pulse = _read_risks(problems)
    schemes, stages, links = _read_lifecycle(problems)
    topics = _read_topics()
    if problems.problems:
        raise ReferenceDataError(problems.problems)

    with transaction.atomic():
        plan: list[tuple[str, type, str, list[dict[str, Any]], list[str], str]] = [
            ("countries", Country, "taxonomy.country", countries, ["iso3"], COUNTRY_SOURCES),
            ("languages", Language, "taxonomy.language", languages, ["tag"], LANGUAGE_SOURCES),
            (
                "sdgs",
                SustainableDevelopmentGoal,
                "taxonomy.sdg",
                goals,
                ["number"],
                "sdg_goals.csv",
            ),
            ("sdg targets", SdgTarget, "taxonomy.sdg_target", targets, ["code"], "sdg_targets.csv"),
            ("risk domains", RiskDomain, "taxonomy.risk_domain", domains, ["slug"], RISK_SOURCES),
            ("risk areas", RiskArea, "taxonomy.risk_area", areas, ["slug"], RISK_SOURCES),
            (
                "risk pulse items",
                RiskPulseItem,
                "taxonomy.risk_pulse_item",
                pulse,
                ["letter"],
                "risk_pulse_items.csv",
            ),
            (
                "lifecycle schemes",
                LifecycleScheme,
                "taxonomy.lifecycle_scheme",
                schemes,
                ["slug"],
                "lifecycle_schemes.csv",
            ),
            (
                "lifecycle stages",
                LifecycleStage,
                "taxonomy.lifecycle_stage",
                stages,
                ["scheme_id", "slug"],
                "lifecycle_stages.csv",
            ),
            ("topics", Topic, "taxonomy.topic", topics, ["slug"], "topics.csv"),
        ]
        upsert_all(
            actor=actor,
            report=report,
            progress=progress,
            steps=[UpsertStep(*step) for step in plan],
        )
        _link_lifecycle(links, report)
        if dry_run:
            transaction.set_rollback(True)


def _link_lifecycle(links: list[tuple[str, str, str, str]], report: LoadReport) -> None:
    stages = {(s.scheme_id, s.slug): s for s in LifecycleStage.objects.all()}
    counts = report.for_kind("lifecycle mappings")
    for scheme, slug, other_scheme, other_slug in links:
        stage, other = stages[(scheme, slug)], stages[(other_scheme, other_slug)]
        if stage.maps_to.filter(pk=other.pk).exists():
            counts.unchanged += 1
        else:
            stage.maps_to.add(other)
            counts.created += 1
