"""Load the governance initiatives and their participants (`aigov load-reference`, landscape).

Reads data/reference/initiatives.csv and initiative_participants.csv (settings.REFERENCE_DATA_DIR):
the seven non-UN intergovernmental AI initiatives of the HLAB report's Figures 8 and 12 and who
takes part in each. Participants are taxonomy countries (the EU as EUU, the Holy See as VAT), so
this loader runs after the taxonomy's.
"""

import csv
import datetime
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
from aigov.landscape.models import Initiative, Participation
from aigov.taxonomy.selectors import country_list

BINDING = {"yes": True, "no": False}


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
                "short_name": row["short_name"],
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


def load_landscape(
    *, actor: Any, report: LoadReport, progress: Progress | None = None, dry_run: bool = False
) -> None:
    """Validate both landscape files, then upsert them in one transaction.

    Raise ReferenceDataError listing every bad row (nothing written). With dry_run, roll back.
    """
    base = Path(settings.REFERENCE_DATA_DIR)
    problems: list[RowProblem] = []
    initiatives = _read_initiatives(problems, base / "initiatives.csv")
    participations = _read_participants(
        problems, base / "initiative_participants.csv", {i["slug"] for i in initiatives}
    )
    if problems:
        raise ReferenceDataError(problems)

    with transaction.atomic():
        plan: list[tuple[str, type, str, list[dict[str, Any]], list[str]]] = [
            ("initiatives", Initiative, "landscape.initiative", initiatives, ["slug"]),
            (
                "participations",
                Participation,
                "landscape.participation",
                participations,
                ["initiative_id", "participant_id", "started_on"],
            ),
        ]
        upsert_all(
            actor=actor,
            report=report,
            progress=progress,
            steps=[UpsertStep(*step) for step in plan],
        )
        if dry_run:
            transaction.set_rollback(True)
