"""Load the governance landscape (`aigov load-reference`, landscape).

Reads data/reference/initiatives.csv and initiative_participants.csv (settings.REFERENCE_DATA_DIR):
the seven non-UN intergovernmental AI initiatives of the HLAB report's Figures 8 and 12 and who
takes part in each. Participants are taxonomy countries (the EU as EUU, the Holy See as VAT), so
this loader runs after the taxonomy's.

The initiatives' Chinese names are the report's own (data/reference/initiatives_zh.csv, marked
`source`). From this module's own data/ folder: the initiative names in Arabic, French, Russian
and Spanish (machine translations, marked so), and a small sample of the policy library and of
UN instruments, each row with its official source and a confidence. The library grows through
the secretariat's edits and imports; these rows only seed it with cases a source confirms.
"""

import csv
import datetime
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from aigov.accounts.access import Actor
from aigov.core.reference import (
    LoadReport,
    Progress,
    ReferenceDataError,
    RowProblem,
    UpsertStep,
    upsert_all,
)
from aigov.core.translation import normalise_language
from aigov.landscape.models import Initiative, Participation, Policy, UnInstrument
from aigov.taxonomy.models import Confidence, RiskArea, SustainableDevelopmentGoal, Topic
from aigov.taxonomy.selectors import country_list

BINDING = {"yes": True, "no": False}
MODULE_DATA = Path(__file__).resolve().parent / "data"


def _rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    with path.open(newline="", encoding="utf-8") as handle:
        for number, row in enumerate(csv.DictReader(handle), start=2):
            yield number, {k: (v or "").strip() for k, v in row.items()}


def _date(
    problems: list[RowProblem], path: Path, number: int, field: str, value: str
) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        problems.append(RowProblem(path.name, number, field, f"{value!r} is not a YYYY-MM-DD date"))
        return None


def _read_initiatives(problems: list[RowProblem], path: Path) -> list[dict[str, Any]]:
    records = []
    for number, row in _rows(path):
        if row["kind"] not in Initiative.Kind.values:
            problems.append(
                RowProblem(
                    path.name,
                    number,
                    "kind",
                    f"{row['kind']!r} is not one of {', '.join(Initiative.Kind.values)}",
                )
            )
        if row["binding"] not in BINDING:
            problems.append(RowProblem(path.name, number, "binding", "must be yes or no"))
        if not row["year"].isdigit():
            problems.append(RowProblem(path.name, number, "year", "not a year"))
        start_on = (
            _date(problems, path, number, "start_date", row["start_date"])
            if row["start_date"]
            else None
        )
        records.append(
            {
                "slug": row["slug"],
                "names": {"en": row["name_en"]},
                "names_provenance": {"en": "source"},
                "short_names": {"en": row["short_name"]} if row["short_name"] else {},
                "short_names_provenance": {"en": "source"} if row["short_name"] else {},
                "kind": row["kind"],
                "instrument": row["instrument"],
                "year": int(row["year"]) if row["year"].isdigit() else 0,
                "start_on": start_on,
                "is_binding": BINDING.get(row["binding"], False),
                "url": row["url"],
                "source": row["source_note"],
            }
        )
    return records


def _read_participants(
    problems: list[RowProblem], path: Path, slugs: set[str]
) -> list[dict[str, Any]]:
    known = set(country_list().values_list("iso3", flat=True))
    records, seen = [], set()
    for number, row in _rows(path):
        if row["initiative_slug"] not in slugs:
            problems.append(
                RowProblem(
                    path.name,
                    number,
                    "initiative_slug",
                    f"{row['initiative_slug']!r} is not an initiative in initiatives.csv",
                )
            )
        if row["participant_iso3"] not in known:
            problems.append(
                RowProblem(
                    path.name,
                    number,
                    "participant_iso3",
                    f"{row['participant_iso3']!r} is not a known ISO alpha-3 code (EU: EUU)",
                )
            )
        if row["basis"] not in Participation.Basis.values:
            problems.append(
                RowProblem(
                    path.name,
                    number,
                    "basis",
                    f"{row['basis']!r} is not one of {', '.join(Participation.Basis.values)}",
                )
            )
        started_on = _date(problems, path, number, "start_date", row["start_date"])
        ended_on = (
            _date(problems, path, number, "end_date", row["end_date"]) if row["end_date"] else None
        )
        if started_on and ended_on and ended_on <= started_on:
            problems.append(
                RowProblem(path.name, number, "end_date", "must be later than start_date")
            )
        key = (row["initiative_slug"], row["participant_iso3"], row["start_date"])
        if key in seen:
            problems.append(
                RowProblem(
                    path.name,
                    number,
                    "start_date",
                    "repeats an earlier row for the same initiative, participant and start date",
                )
            )
        seen.add(key)
        records.append(
            {
                "initiative_id": row["initiative_slug"],
                "participant_id": row["participant_iso3"],
                "started_on": started_on,
                "basis": row["basis"],
                "ended_on": ended_on,
                "source_url": row["source_url"],
                "source_note": row["source_note"],
            }
        )
    return records


def _translated_names(problems: list[RowProblem], path: Path, slugs: set[str]) -> dict[str, Any]:
    """Return {slug: {field: (texts, provenance)}} for `names` and `short_names` from the
    translations file (a Chinese row gives only the short name: the name is the report's)."""
    found: dict[str, Any] = {}
    for number, row in _rows(path):
        if row["slug"] not in slugs:
            problems.append(RowProblem(path.name, number, "slug", f"{row['slug']!r} is unknown"))
            continue
        language = normalise_language(row["language"])
        fields = found.setdefault(row["slug"], {"names": ({}, {}), "short_names": ({}, {})})
        for field, column in (("names", "name"), ("short_names", "short_name")):
            if row[column]:
                texts, provenance = fields[field]
                texts[language] = row[column]
                provenance[language] = row[
                    f"{column}_provenance" if column != "name" else "provenance"
                ]
    return found


def _tags(
    problems: list[RowProblem], path: Path, number: int, field: str, value: str, known: set[str]
) -> list[str]:
    """Return the `;`-separated tags of a cell, reporting those not in `known`."""
    tags = [tag.strip() for tag in value.split(";") if tag.strip()]
    unknown = [tag for tag in tags if tag not in known]
    if unknown:
        problems.append(RowProblem(path.name, number, field, f"unknown: {', '.join(unknown)}"))
    return tags


def _confidence(problems: list[RowProblem], path: Path, number: int, value: str) -> str:
    if value not in Confidence.values:
        problems.append(RowProblem(path.name, number, "confidence", f"{value!r} is not known"))
    return value


def _optional_date(
    problems: list[RowProblem], path: Path, number: int, field: str, value: str
) -> datetime.date | None:
    return _date(problems, path, number, field, value) if value else None


def _read_policies(problems: list[RowProblem], path: Path) -> list[dict[str, Any]]:
    countries = set(country_list().values_list("iso3", flat=True))
    risk_areas = set(RiskArea.objects.values_list("slug", flat=True))
    sdgs = {str(n) for n in SustainableDevelopmentGoal.objects.values_list("number", flat=True)}
    records = []
    for number, row in _rows(path):
        for field, choices in (("kind", Policy.Kind.values), ("status", Policy.Status.values)):
            if row[field] not in choices:
                problems.append(
                    RowProblem(path.name, number, field, f"{row[field]!r} is not one of {choices}")
                )
        if row["jurisdiction"] not in countries:
            problems.append(
                RowProblem(path.name, number, "jurisdiction", f"{row['jurisdiction']!r} unknown")
            )
        dates = {
            f"{name}_on": _optional_date(problems, path, number, f"{name}_on", row[f"{name}_on"])
            for name in ("proposed", "adopted", "in_force", "repealed")
        }
        records.append(
            {
                "slug": row["slug"],
                "jurisdiction_id": row["jurisdiction"],
                "names": {"en": row["title_en"]},
                "names_provenance": {"en": "source"},
                "kind": row["kind"],
                "status": row["status"],
                **dates,
                "url": row["url"],
                "source": row["source_note"],
                "confidence": _confidence(problems, path, number, row["confidence"]),
                "risk_areas": _tags(
                    problems, path, number, "risk_areas", row["risk_areas"], risk_areas
                ),
                "sdgs": [int(n) for n in _tags(problems, path, number, "sdgs", row["sdgs"], sdgs)],
            }
        )
    return records


def _read_instruments(problems: list[RowProblem], path: Path) -> list[dict[str, Any]]:
    topics = set(Topic.objects.values_list("slug", flat=True))
    records = []
    for number, row in _rows(path):
        if row["binding"] not in BINDING:
            problems.append(RowProblem(path.name, number, "binding", "must be yes or no"))
        records.append(
            {
                "slug": row["slug"],
                "symbol": row["symbol"],
                "names": {"en": row["title_en"]},
                "names_provenance": {"en": "source"},
                "issuing_body": row["issuing_body"],
                "adopted_on": _date(problems, path, number, "adopted_on", row["adopted_on"]),
                "is_binding": BINDING.get(row["binding"], False),
                "url": row["url"],
                "source": row["source_note"],
                "confidence": _confidence(problems, path, number, row["confidence"]),
                "topics": _tags(problems, path, number, "topics", row["topics"], topics),
            }
        )
    return records


def _chinese_names(problems: list[RowProblem], path: Path, slugs: set[str]) -> dict[str, Any]:
    """Return {slug: (name, source note)}: the report's Chinese names (initiatives_zh.csv)."""
    found: dict[str, Any] = {}
    for number, row in _rows(path):
        if row["slug"] not in slugs:
            problems.append(
                RowProblem(
                    path.name,
                    number,
                    "slug",
                    f"{row['slug']!r} is not an initiative in initiatives.csv",
                )
            )
        if not row["name_zh"]:
            problems.append(RowProblem(path.name, number, "name_zh", "must not be empty"))
        found[row["slug"]] = (row["name_zh"], row["source_note"])
    return found


def load_landscape(
    *, actor: Actor, report: LoadReport, progress: Progress | None = None, dry_run: bool = False
) -> None:
    """Validate both landscape files, then upsert them in one transaction.

    Raise ReferenceDataError listing every bad row (nothing written). With dry_run, roll back.
    """
    base = Path(settings.REFERENCE_DATA_DIR)
    problems: list[RowProblem] = []
    initiatives = _read_initiatives(problems, base / "initiatives.csv")
    slugs = {i["slug"] for i in initiatives}
    participations = _read_participants(problems, base / "initiative_participants.csv", slugs)
    translations = _translated_names(problems, MODULE_DATA / "initiative_names.csv", slugs)
    chinese = _chinese_names(problems, base / "initiatives_zh.csv", slugs)
    for initiative in initiatives:
        for field, (texts, provenance) in translations.get(initiative["slug"], {}).items():
            initiative[field] = {**initiative[field], **texts}
            initiative[f"{field}_provenance"] = {**initiative[f"{field}_provenance"], **provenance}
        if initiative["slug"] in chinese:
            name, note = chinese[initiative["slug"]]
            initiative["names"]["zh-hans"] = name
            initiative["names_provenance"]["zh-hans"] = "source"
            initiative["source"] = f"{initiative['source']}; Chinese name: {note}"
    policies = _read_policies(problems, MODULE_DATA / "policies.csv")
    instruments = _read_instruments(problems, MODULE_DATA / "un_instruments.csv")
    if problems:
        raise ReferenceDataError(problems)

    with transaction.atomic():
        steps = [
            UpsertStep(
                "initiatives",
                Initiative,
                "landscape.initiative",
                initiatives,
                ["slug"],
                "initiatives.csv, initiatives_zh.csv, initiative_names.csv",
            ),
            UpsertStep(
                "participations",
                Participation,
                "landscape.participation",
                participations,
                ["initiative_id", "participant_id", "started_on"],
                "initiative_participants.csv",
            ),
            UpsertStep(
                "policies",
                Policy,
                "landscape.policy",
                policies,
                ["slug"],
                "policies.csv",
                ("risk_areas", "sdgs"),
            ),
            UpsertStep(
                "UN instruments",
                UnInstrument,
                "landscape.un_instrument",
                instruments,
                ["slug"],
                "un_instruments.csv",
                ("topics",),
            ),
        ]
        upsert_all(actor=actor, report=report, progress=progress, steps=steps)
        if dry_run:
            transaction.set_rollback(True)
