"""SDGs and targets, the risk taxonomy, lifecycle stages and topics, read and checked."""

from pathlib import Path
from typing import Any

from django.conf import settings

from aigov.taxonomy.models import (
    Confidence,
)
from aigov.taxonomy.reference.common import (
    CHINESE_RISK_SOURCE,
    NAME_COLUMNS,
    PACKAGE_DATA,
    Collector,
    csv_rows,
    reference_path,
)


def read_sdgs(problems: Collector) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    goals_path, targets_path = reference_path("sdg_goals.csv"), reference_path("sdg_targets.csv")
    goal_source = (
        "data/reference/sdg_goals.csv: A/RES/70/1 goal texts; UN DGC icon labels and colours"
    )
    goals = []
    for number, row in csv_rows(goals_path):
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
    for number, row in csv_rows(targets_path):
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


def _read_risks_chinese(problems: Collector, domains: dict[str, str]) -> dict[str, dict[str, str]]:
    """Return the official Chinese of each risk category by slug (risk_taxonomy_zh.csv).

    `domains` maps each category of risk_taxonomy.csv to its domain, whose Chinese name every
    row of that domain must spell alike.
    """
    path = reference_path("risk_taxonomy_zh.csv")
    chinese: dict[str, dict[str, str]] = {}
    domain_names: dict[str, str] = {}
    for number, row in csv_rows(path):
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
    problems: Collector, path: Path, key: str, known: set[str]
) -> dict[str, dict[str, dict[str, str]]]:
    """Return the rows of a translations file (key, language, ..., provenance) by key and
    language; every key must be known, every language one of the six, every text a provenance."""
    found: dict[str, dict[str, dict[str, str]]] = {}
    for number, row in csv_rows(path):
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


def read_risks(
    problems: Collector,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    path = PACKAGE_DATA / "risk_taxonomy.csv"
    rows = list(csv_rows(path))
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
    pulse_path = reference_path("risk_pulse_items.csv")
    pulse_rows = list(csv_rows(pulse_path))
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


def read_lifecycle(
    problems: Collector,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[tuple[str, str, str, str]]]:
    schemes = [
        {"slug": row["slug"], **_row_names(row), "source": row["source"]}
        for _number, row in csv_rows(PACKAGE_DATA / "lifecycle_schemes.csv")
    ]
    scheme_slugs = {s["slug"] for s in schemes}
    path = PACKAGE_DATA / "lifecycle_stages.csv"
    stages, links = [], []
    known = set()
    for number, row in csv_rows(path):
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


def read_topics() -> list[dict[str, Any]]:
    return [
        {"slug": row["slug"], **_row_names(row), "source": row["source"]}
        for _number, row in csv_rows(PACKAGE_DATA / "topics.csv")
    ]
