"""Load the standards and definitions registers (`aigov load-reference`, standards).

Reads data/reference/standards.csv and definitions.csv (settings.REFERENCE_DATA_DIR). Tags are
resolved against the taxonomy by their English names, exactly as the CSV writes them: topics
(`testing & evaluation`), lifecycle stages of the ISO/IEC 22989 scheme (`verification &
validation`) and, when a file has those columns, risk areas (slug or English name) and SDGs
(goal numbers). An unknown tag is a ReferenceDataError naming file, row and field, and nothing is
written. Each standard keeps its row's `source_note` as source and its `confidence`.

Topics the file never uses (the course themes of the taxonomy: generative AI, machine learning,
…) are derived from each row's title and summary by the term rules of topic_rules.py, and stored
as derived with the words that matched; the file's own topics are stored as curated.

A reload writes only the rows the file changed since the last load, and never over a standard
someone edited since through the services (aigov.core.reference.SourceLoad reports those as
conflicts). A status the file changes gets a new status-history entry, and its followers hear
of it as they do of a change made on a page.
"""

import csv
import datetime
import functools
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from aigov.accounts import services as account_services
from aigov.accounts.access import Actor
from aigov.accounts.models import Organisation
from aigov.accounts.selectors import organisation_list
from aigov.core import audit
from aigov.core.reference import (
    LoadReport,
    Progress,
    ReferenceDataError,
    RowProblem,
    SourceLoad,
    UpsertStep,
    report_progress,
    upsert_all,
)
from aigov.core.tasks import enqueue
from aigov.standards.models import Concept, Definition, Standard, Status, StatusChange
from aigov.standards.tagging import standard_tags_set
from aigov.standards.topic_rules import Derivation, derive_topics
from aigov.taxonomy.models import Confidence
from aigov.taxonomy.selectors import (
    lifecycle_stage_list,
    risk_area_list,
    sdg_list,
    topic_list,
)

LIFECYCLE_SCHEME = "iso-iec-22989"
CSV_STATUSES = {
    "proposal": Status.PROPOSAL,
    "under development": Status.UNDER_DEVELOPMENT,
    "published": Status.PUBLISHED,
    "revised": Status.REVISED,
    "withdrawn": Status.WITHDRAWN,
}
YES_NO = {"yes": True, "no": False}
# Source notes such as "S2 (pub 2022-07-19), S5" give the publication date.
PUBLISHED_ON = re.compile(r"\bpub (\d{4}-\d{2}-\d{2})\b")


def _rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    with path.open(newline="", encoding="utf-8") as handle:
        for number, row in enumerate(csv.DictReader(handle), start=2):
            yield number, {k: (v or "").strip() for k, v in row.items() if k is not None}


def split_tags(value: str) -> list[str]:
    return [part.strip() for part in value.split(";") if part.strip()]


@dataclass
class Vocabulary:
    """The taxonomy terms a tag may name, by the name used in files."""

    topics: dict[str, str] = field(default_factory=dict)
    stages: dict[str, int] = field(default_factory=dict)
    risk_areas: dict[str, str] = field(default_factory=dict)
    sdgs: dict[str, int] = field(default_factory=dict)


def vocabulary() -> Vocabulary:
    """Return the taxonomy's topics, ISO/IEC 22989 stages, risk areas and SDGs by file name."""
    words = Vocabulary()
    for topic in topic_list():
        words.topics[topic.names.get("en", topic.slug)] = topic.slug
        words.topics.setdefault(topic.slug, topic.slug)
    for stage in lifecycle_stage_list(scheme=LIFECYCLE_SCHEME):
        words.stages[stage.names.get("en", stage.slug)] = stage.pk
        words.stages.setdefault(stage.slug, stage.pk)
    for area in risk_area_list():
        words.risk_areas[area.slug] = area.slug
        words.risk_areas.setdefault(area.names.get("en", area.slug), area.slug)
    for goal in sdg_list():
        words.sdgs[str(goal.number)] = goal.number
        words.sdgs[f"SDG {goal.number}"] = goal.number
    return words


def _resolve(
    problems: list[RowProblem],
    where: tuple[str, int],
    column: str,
    value: str,
    known: dict[str, Any],
    what: str,
) -> list[Any]:
    resolved = []
    for tag in split_tags(value):
        if tag in known:
            resolved.append(known[tag])
        else:
            problems.append(
                RowProblem(where[0], where[1], column, f"{tag!r} is not a known {what}")
            )
    return resolved


@dataclass
class StandardRow:
    number: int
    sdo: str
    values: dict[str, Any]
    topics: list[str]
    derived_topics: dict[str, Derivation]
    stages: list[int]
    risk_areas: list[str]
    sdgs: list[int]
    published_on: datetime.date | None


def read_standards(problems: list[RowProblem], path: Path) -> list[StandardRow]:
    """Validate every row of a standards file; append each problem to `problems`."""
    words = vocabulary()
    known_topics = set(words.topics.values())
    rows: list[StandardRow] = []
    seen: dict[str, int] = {}
    for number, row in _rows(path):
        where = (path.name, number)
        problems.extend(
            RowProblem(path.name, number, required, "must not be empty")
            for required in ("sdo", "reference", "title", "status")
            if not row.get(required)
        )
        status = CSV_STATUSES.get(row.get("status", "").lower())
        if row.get("status") and status is None:
            problems.append(
                RowProblem(
                    path.name,
                    number,
                    "status",
                    f"{row['status']!r} is not one of {', '.join(CSV_STATUSES)}",
                )
            )
        year = row.get("year", "")
        if year and not (year.isdigit() and 1900 <= int(year) <= 2100):
            problems.append(RowProblem(path.name, number, "year", f"{year!r} is not a year"))
        measures = row.get("measures_or_evaluates", "no").lower() or "no"
        if measures not in YES_NO:
            problems.append(
                RowProblem(path.name, number, "measures_or_evaluates", "must be yes or no")
            )
        confidence = row.get("confidence", "high") or "high"
        if confidence not in Confidence.values:
            problems.append(
                RowProblem(
                    path.name,
                    number,
                    "confidence",
                    f"{confidence!r} is not one of {', '.join(Confidence.values)}",
                )
            )
        reference = row.get("reference", "")
        if reference in seen:
            problems.append(
                RowProblem(
                    path.name, number, "reference", f"repeats row {seen[reference]}'s reference"
                )
            )
        seen[reference] = number
        match = PUBLISHED_ON.search(row.get("source_note", ""))
        topics = _resolve(problems, where, "topics", row.get("topics", ""), words.topics, "topic")
        derived = derive_topics(
            title=row.get("title", ""), summary=row.get("summary_en", ""), curated=set(topics)
        )
        rows.append(
            StandardRow(
                number=number,
                sdo=row.get("sdo", ""),
                values={
                    "reference": reference,
                    "titles": {"en": row.get("title", "")},
                    "doc_type": row.get("doc_type", ""),
                    "status": status or Status.PUBLISHED,
                    "year": int(year) if year.isdigit() else None,
                    "has_measurement_methods": YES_NO.get(measures, False),
                    "url": row.get("url", ""),
                    "summaries": {"en": row["summary_en"]} if row.get("summary_en") else {},
                    "confidence": confidence,
                    "source": row.get("source_note", ""),
                },
                topics=topics,
                derived_topics={slug: why for slug, why in derived.items() if slug in known_topics},
                stages=_resolve(
                    problems,
                    where,
                    "lifecycle_stages",
                    row.get("lifecycle_stages", ""),
                    words.stages,
                    "ISO/IEC 22989 lifecycle stage",
                ),
                risk_areas=_resolve(
                    problems,
                    where,
                    "risk_areas",
                    row.get("risk_areas", ""),
                    words.risk_areas,
                    "risk area",
                ),
                sdgs=_resolve(problems, where, "sdgs", row.get("sdgs", ""), words.sdgs, "SDG"),
                published_on=datetime.date.fromisoformat(match.group(1)) if match else None,
            )
        )
    return rows


def _body(actor: Actor, name: str, bodies: dict[str, Organisation]) -> Organisation:
    if name not in bodies:
        existing = organisation_list(actor=actor).filter(name=name, country__isnull=True).first()
        bodies[name] = existing or account_services.organisation_create(
            actor=actor, name=name, kind=Organisation.Kind.SDO
        )
    return bodies[name]


def _set_tags(actor: Actor, standard: Standard, row: StandardRow) -> bool:
    """Replace the standard's tags with the row's; return whether any changed (audited)."""
    return standard_tags_set(
        actor=actor, standard=standard, tags=_row_tags(row), derived=row.derived_topics
    )


def _history(actor: Actor, standard: Standard, row: StandardRow, *, created: bool) -> None:
    last = standard.status_changes.order_by("-recorded_at", "-id").first()
    if last is not None and last.status == standard.status:
        return
    published = standard.status == Status.PUBLISHED
    change = StatusChange.objects.create(
        standard=standard,
        status=standard.status,
        changed_on=row.published_on if published else None,
        year=standard.year if published else None,
        origin=(
            StatusChange.Origin.REFERENCE_LOAD if created else StatusChange.Origin.REFERENCE_CHANGE
        ),
        source=standard.source,
    )
    audit.record(actor=actor, action="standards.status_change.create", obj=change)
    if not created:
        # Followers hear of a change the file made as they do of one made on a page.
        from aigov.standards.tasks import notify_followers

        enqueue(notify_followers, change_id=change.pk)


def _row_tags(row: StandardRow) -> dict[str, list[Any]]:
    # Derived topics are part of the row: a rule that starts to match changes the row, and the
    # next load applies it as it applies a change of the file.
    return {
        "topics": [*row.topics, *row.derived_topics],
        "lifecycle_stages": row.stages,
        "risk_areas": row.risk_areas,
        "sdgs": row.sdgs,
    }


def apply_standards(
    *, actor: Actor, report: LoadReport, progress: Progress | None, rows: list[StandardRow]
) -> None:
    """Load validated standards rows, their tags and status history (inside a transaction).

    Only rows standards.csv changed since the last load are written, and only to standards
    nobody edited since (SourceLoad); a status the file changes gets a history entry.
    """
    bodies: dict[str, Organisation] = {}
    with SourceLoad(
        actor=actor,
        report=report,
        kind="standards",
        model=Standard,
        action="standards.standard",
        source="standards.csv",
    ) as load:
        for row in report_progress(progress, "standards", rows):
            body = _body(actor, row.sdo, bodies)
            values = {**row.values, "body_id": body.pk}
            reference = values.pop("reference")
            loaded = load.upsert(
                key={"reference": reference},
                values=values,
                related=_row_tags(row),
                set_related=functools.partial(_set_tags, actor, row=row),
            )
            if loaded.is_written:
                assert isinstance(loaded.record, Standard)
                _history(actor, loaded.record, row, created=loaded.outcome == "created")


def definition_fingerprint(values: dict[str, Any]) -> str:
    parts = [
        values["concept_id"],
        values["source_slug"],
        values["language"],
        values["article_or_clause"],
        values["text"],
    ]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def read_definitions(
    problems: list[RowProblem], path: Path
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Validate a definitions file; return its concepts and its definitions as field values."""
    concepts: dict[str, dict[str, Any]] = {}
    definitions = []
    for number, row in _rows(path):
        problems.extend(
            RowProblem(path.name, number, required, "must not be empty")
            for required in ("concept_slug", "concept_en", "source_slug", "language")
            if not row.get(required)
        )
        # A citation without text is allowed when the source is not quoted (e.g. paywalled).
        if not row.get("definition_text") and row.get("verbatim", "yes") == "yes":
            problems.append(
                RowProblem(path.name, number, "definition_text", "must not be empty when verbatim")
            )
        if row.get("verbatim", "yes") not in YES_NO:
            problems.append(RowProblem(path.name, number, "verbatim", "must be yes or no"))
        year = row.get("source_year", "")
        if year and not year.isdigit():
            problems.append(RowProblem(path.name, number, "source_year", f"{year!r} is not a year"))
        slug = row.get("concept_slug", "")
        concepts.setdefault(slug, {"slug": slug, "labels": {"en": row.get("concept_en", "")}})
        values = {
            "concept_id": slug,
            "source_slug": row.get("source_slug", ""),
            "source_title": row.get("source_title", ""),
            "source_type": row.get("source_type", ""),
            "source_year": int(year) if year.isdigit() else None,
            "article_or_clause": row.get("article_or_clause", ""),
            "language": row.get("language", ""),
            "text": row.get("definition_text", ""),
            "url": row.get("url", ""),
            "is_verbatim": YES_NO.get(row.get("verbatim", "yes"), True),
            "source_note": row.get("source_note", ""),
        }
        values["fingerprint"] = definition_fingerprint(values)
        definitions.append(values)
    return list(concepts.values()), definitions


def load_standards(
    *, actor: Actor, report: LoadReport, progress: Progress | None = None, dry_run: bool = False
) -> None:
    """Validate standards.csv and definitions.csv, then upsert both in one transaction.

    Raise ReferenceDataError listing every bad row (nothing written). With dry_run, roll back.
    """
    base = Path(settings.REFERENCE_DATA_DIR)
    problems: list[RowProblem] = []
    rows = read_standards(problems, base / "standards.csv")
    concepts, definitions = read_definitions(problems, base / "definitions.csv")
    if problems:
        raise ReferenceDataError(problems)
    with transaction.atomic():
        apply_standards(actor=actor, report=report, progress=progress, rows=rows)
        # Not apply_definitions (the SKOS import's plain upsert): a reference load keeps what
        # operators changed since the last load.
        upsert_all(
            actor=actor,
            report=report,
            progress=progress,
            steps=[
                UpsertStep(
                    "concepts", Concept, "standards.concept", concepts, ["slug"], "definitions.csv"
                ),
                UpsertStep(
                    "definitions",
                    Definition,
                    "standards.definition",
                    definitions,
                    ["fingerprint"],
                    "definitions.csv",
                ),
            ],
        )
        if dry_run:
            transaction.set_rollback(True)
