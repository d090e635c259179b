"""Reads of the AI Standards Exchange: the register, the gap matrix, definitions and reviews.

Standards and definitions are public reference data; reviews are narrowed by
`standards.view_review` (hidden ones are absent for everyone but the secretariat and author).
"""

from collections import Counter
from dataclasses import dataclass
from typing import Any, Literal

from django.db import connection
from django.db.models import Count, Prefetch, Q, QuerySet

from aigov.accounts.models import Organisation
from aigov.core.errors import InvalidInput, NotFound
from aigov.standards.models import (
    Concept,
    Definition,
    GapProposal,
    Review,
    Standard,
    Status,
    StatusChange,
)
from aigov.standards.permissions import reviews_visible_to
from aigov.taxonomy.selectors import lifecycle_stage_list, risk_area_list, sdg_list, topic_list

LIFECYCLE_SCHEME = "iso-iec-22989"
SORTS = {
    "reference": ("reference",),
    "-reference": ("-reference",),
    "year": ("year", "reference"),
    "-year": ("-year", "reference"),
    "body": ("body__name", "reference"),
    "-body": ("-body__name", "reference"),
    "status": ("status", "reference"),
}
REVIEW_CRITERIA = (
    "measurability",
    "process_inclusiveness",
    "human_rights",
    "fitness_for_developing_countries",
)
# Statuses counted in the gap matrix, by the column name of its cells. A revised standard has a
# newer edition that counts instead; withdrawn and proposed ones count nowhere.
COUNTED = {Status.PUBLISHED: "published", Status.UNDER_DEVELOPMENT: "under_development"}


def _standards_visible_to(actor: Any) -> QuerySet[Standard]:
    # Standards are public reference data: every visitor, signed in or not, reads all of them.
    return Standard.objects.all()


def standard_list(
    *,
    actor: Any,
    sdo: int | None = None,
    status: str | None = None,
    topic: str | None = None,
    lifecycle_stage: str | None = None,
    risk_area: str | None = None,
    sdg: int | None = None,
    q: str | None = None,
    sort: str = "reference",
) -> QuerySet[Standard]:
    """Return the standards `actor` may see, filtered and sorted; tags prefetched.

    `lifecycle_stage` is a slug of the ISO/IEC 22989 scheme; `sort` is a key of SORTS.
    """
    standards = _standards_visible_to(actor)
    if sdo is not None:
        standards = standards.filter(body_id=sdo)
    if status:
        standards = standards.filter(status=status)
    if topic:
        standards = standards.filter(topics__slug=topic)
    if lifecycle_stage:
        standards = standards.filter(
            lifecycle_stages__scheme_id=LIFECYCLE_SCHEME, lifecycle_stages__slug=lifecycle_stage
        )
    if risk_area:
        standards = standards.filter(risk_areas__slug=risk_area)
    if sdg is not None:
        standards = standards.filter(sdgs__number=sdg)
    if q:
        standards = standards.filter(Q(reference__icontains=q) | Q(titles__icontains=q))
    return (
        standards.select_related("body", "supersedes")
        .prefetch_related(
            "topics",
            Prefetch("lifecycle_stages", queryset=lifecycle_stage_list(scheme=LIFECYCLE_SCHEME)),
            "risk_areas",
            "sdgs",
        )
        .order_by(*SORTS.get(sort, SORTS["reference"]))
    )


def standard_get(*, actor: Any, pk: int) -> Standard:
    """Return one standard with its tags, history and editions; raise NotFound."""
    standard = (
        standard_list(actor=actor)
        .prefetch_related(
            Prefetch("status_changes", queryset=StatusChange.objects.order_by("recorded_at", "id")),
            "superseded_by",
        )
        .filter(pk=pk)
        .first()
    )
    if standard is None:
        raise NotFound()
    return standard


def standard_related(*, actor: Any, standard: Standard, limit: int = 8) -> list[Standard]:
    """Return the standards sharing most topics and lifecycle stages with `standard`."""
    topics = [topic.pk for topic in standard.topics.all()]
    stages = [stage.pk for stage in standard.lifecycle_stages.all()]
    shared = (
        _standards_visible_to(actor)
        .exclude(pk=standard.pk)
        .annotate(
            shared_topics=Count("topics", filter=Q(topics__in=topics), distinct=True),
            shared_stages=Count(
                "lifecycle_stages", filter=Q(lifecycle_stages__in=stages), distinct=True
            ),
        )
        .filter(shared_topics__gt=0)
        .select_related("body")
        .order_by("-shared_topics", "-shared_stages", "reference")
    )
    return list(shared[:limit])


def sdo_list(*, actor: Any) -> QuerySet[Organisation]:
    """Return the standards bodies that have at least one standard the actor may see."""
    visible = _standards_visible_to(actor)
    return (
        Organisation.objects.filter(pk__in=visible.values("body_id"))
        .annotate(standard_count=Count("standards"))
        .order_by("name")
    )


# --- Gap analysis ----------------------------------------------------------------------------

RowAxis = Literal["topic", "risk_area"]
ColumnAxis = Literal["lifecycle_stage", "sdg"]
ROW_AXES: tuple[str, ...] = ("topic", "risk_area")
COLUMN_AXES: tuple[str, ...] = ("lifecycle_stage", "sdg")


@dataclass(frozen=True)
class AxisItem:
    key: Any
    name: str  # the English name, as standards.csv writes it
    names: dict[str, str]
    slug: str


@dataclass(frozen=True)
class Coverage:
    """The gap matrix: per (row, column), how many standards are published / in development."""

    rows_axis: str
    cols_axis: str
    rows: list[AxisItem]
    cols: list[AxisItem]
    cells: dict[Any, dict[Any, dict[str, int]]]

    def as_json(self) -> dict[str, Any]:
        """Return the shape `aigov standards gaps --format json` prints (issue 5)."""
        return {
            "rows": [row.name for row in self.rows],
            "cols": [col.name for col in self.cols],
            "cells": {
                row.name: {col.name: dict(self.cells[row.key][col.key]) for col in self.cols}
                for row in self.rows
            },
        }

    def table(self) -> list[tuple[AxisItem, list[dict[str, Any]]]]:
        """Return rows of (row item, cells), each cell with its counts, total and heat level.

        Level 0 is an empty cell, 1 a thin one (at most THIN standards), 2-4 fuller ones.
        """
        table = []
        for row in self.rows:
            cells = []
            for col in self.cols:
                counts = self.cells[row.key][col.key]
                total = counts["published"] + counts["under_development"]
                cells.append({"col": col, **counts, "total": total, "level": heat_level(total)})
            table.append((row, cells))
        return table


THIN = 2


def heat_level(total: int) -> int:
    """Return 0 (empty), 1 (thin: 1 to THIN), 2 (up to 5), 3 (up to 10) or 4 (more)."""
    if total == 0:
        return 0
    if total <= THIN:
        return 1
    if total <= 5:
        return 2
    return 3 if total <= 10 else 4


def _axis_items(axis: str) -> list[AxisItem]:
    if axis == "topic":
        return [
            AxisItem(t.slug, t.names.get("en", t.slug), t.names, t.slug)
            for t in topic_list().order_by("slug")
        ]
    if axis == "risk_area":
        return [
            AxisItem(a.slug, a.names.get("en", a.slug), a.names, a.slug) for a in risk_area_list()
        ]
    if axis == "lifecycle_stage":
        return [
            AxisItem(s.pk, s.names.get("en", s.slug), s.names, s.slug)
            for s in lifecycle_stage_list(scheme=LIFECYCLE_SCHEME)
            .prefetch_related(None)
            .order_by("position")
        ]
    if axis == "sdg":
        return [
            AxisItem(g.number, f"SDG {g.number}", g.names, str(g.number))
            for g in sdg_list().prefetch_related(None)
        ]
    raise InvalidInput(errors=[{"field": "axis", "code": "invalid_choice", "message": axis}])


_THROUGH_FIELD = {
    "topic": ("topics", "topic_id"),
    "risk_area": ("risk_areas", "riskarea_id"),
    "lifecycle_stage": ("lifecycle_stages", "lifecyclestage_id"),
    "sdg": ("sdgs", "sustainabledevelopmentgoal_id"),
}


def _link_table(axis: str) -> tuple[str, str, str]:
    """Return the tag link table of `axis`, its standard column and its tag column."""
    m2m, _column = _THROUGH_FIELD[axis]
    through = getattr(Standard, m2m).through
    standard_field = through._meta.get_field("standard")
    tag_field = next(
        f for f in through._meta.concrete_fields if f.is_relation and f.name != "standard"
    )
    return through._meta.db_table, standard_field.column, tag_field.column


def _coverage_rows(
    row_axis: str, col_axis: str, col_keys: list[Any]
) -> list[tuple[Any, str, int, int]]:
    """Return (row tag, status, column mask, standards) for the counted standards.

    Each standard's columns are folded into one integer (bit i set when it has column i), so
    the database groups by (row tag, status, mask): a few hundred groups instead of one row per
    (standard, row tag, column tag). The caller spreads each group over the columns of its mask.
    Plain SQL because the ORM cannot join a grouped derived table; it runs on SQLite and
    PostgreSQL alike.
    """
    row_table, row_standard, row_tag = _link_table(row_axis)
    col_table, col_standard, col_tag = _link_table(col_axis)
    standard_table = Standard._meta.db_table
    quote = connection.ops.quote_name
    bits = " ".join(f"WHEN %s THEN {1 << i}" for i in range(len(col_keys)))
    statuses = list(COUNTED)
    # Only quoted table and column names from model metadata are formatted in; values are
    # parameters.
    # The derived table folds each standard's columns into a mask, reading the link table's
    # (standard, tag) index in order; the outer query then joins the standard and its row tags.
    sql = (
        f"SELECT r.{quote(row_tag)}, s.status, m.mask, COUNT(*) "  # noqa: S608
        f"FROM (SELECT c.{quote(col_standard)} AS standard_id,"
        f"      SUM(CASE c.{quote(col_tag)} {bits} ELSE 0 END) AS mask"
        f"      FROM {quote(col_table)} c GROUP BY c.{quote(col_standard)}) m "
        f"JOIN {quote(standard_table)} s ON s.{quote('id')} = m.standard_id "
        f"JOIN {quote(row_table)} r ON r.{quote(row_standard)} = m.standard_id "
        f"WHERE s.status IN ({', '.join(['%s'] * len(statuses))}) "
        f"GROUP BY r.{quote(row_tag)}, s.status, m.mask"
    )
    if not col_keys:
        return []
    with connection.cursor() as cursor:
        cursor.execute(sql, [*col_keys, *[str(status) for status in statuses]])
        return [(row, status, int(mask), int(n)) for row, status, mask, n in cursor.fetchall()]


def coverage_matrix(*, actor: Any, rows: str = "topic", cols: str = "lifecycle_stage") -> Coverage:
    """Count, per row tag and column tag, the published and in-development standards.

    A standard counts once in every cell its tags reach; withdrawn, revised and proposed ones
    count nowhere. Three queries: the two axes and one grouped count (see _coverage_rows).
    Standards are public, so the matrix is the same for every actor. Raise InvalidInput for
    an unknown axis.
    """
    if rows not in ROW_AXES or cols not in COLUMN_AXES:
        raise InvalidInput(
            errors=[
                {
                    "field": "rows" if rows not in ROW_AXES else "cols",
                    "code": "invalid_choice",
                    "message": rows if rows not in ROW_AXES else cols,
                }
            ]
        )
    row_items, col_items = _axis_items(rows), _axis_items(cols)
    col_keys = [col.key for col in col_items]
    cells: dict[Any, dict[Any, dict[str, int]]] = {
        row.key: {col.key: {"published": 0, "under_development": 0} for col in col_items}
        for row in row_items
    }
    for row_key, status, mask, n in _coverage_rows(rows, cols, col_keys):
        counts = cells.get(row_key)
        if counts is None:
            continue
        name = COUNTED[Status(status)]
        for index, col_key in enumerate(col_keys):
            if mask >> index & 1:
                counts[col_key][name] += n
    return Coverage(rows_axis=rows, cols_axis=cols, rows=row_items, cols=col_items, cells=cells)


def coverage_counts_by_loop(*, rows: str, cols: str) -> dict[str, Any]:
    """Return the matrix counted one cell at a time (the benchmark's naive baseline)."""
    row_items, col_items = _axis_items(rows), _axis_items(cols)
    row_m2m = _THROUGH_FIELD[rows][0]
    col_m2m = _THROUGH_FIELD[cols][0]
    cells: dict[str, dict[str, dict[str, int]]] = {}
    for row in row_items:
        cells[row.name] = {}
        for col in col_items:
            here = Standard.objects.filter(**{f"{row_m2m}__pk": row.key, f"{col_m2m}__pk": col.key})
            cells[row.name][col.name] = {
                "published": here.filter(status=Status.PUBLISHED).count(),
                "under_development": here.filter(status=Status.UNDER_DEVELOPMENT).count(),
            }
    return {
        "rows": [row.name for row in row_items],
        "cols": [col.name for col in col_items],
        "cells": cells,
    }


def counts_by_body_and_year(*, actor: Any) -> list[dict[str, Any]]:
    """Return published standards per body and year (the HLAB report's Figure 13 question)."""
    visible = _standards_visible_to(actor)
    return list(
        visible.filter(status=Status.PUBLISHED, year__isnull=False)
        .values("body__name", "year")
        .annotate(n=Count("pk"))
        .order_by("body__name", "year")
    )


def status_pipeline(*, actor: Any) -> list[tuple[str, str, int]]:
    """Return (status, label, number of standards) for every status, in lifecycle order."""
    visible = _standards_visible_to(actor)
    counts = dict(visible.values_list("status").annotate(n=Count("pk")).order_by())
    return [(value, str(label), counts.get(value, 0)) for value, label in Status.choices]


# --- Definitions -----------------------------------------------------------------------------


def concept_list() -> QuerySet[Concept]:
    """Return every concept with its number of definitions."""
    return Concept.objects.annotate(definition_count=Count("definitions")).order_by("slug")


def concept_get(*, slug: str) -> Concept:
    """Return one concept with its definitions; raise NotFound."""
    concept = (
        concept_list()
        .prefetch_related(
            Prefetch(
                "definitions",
                queryset=Definition.objects.order_by(
                    "source_year", "source_slug", "language", "id"
                ),
            )
        )
        .filter(slug=slug)
        .first()
    )
    if concept is None:
        raise NotFound()
    return concept


def definition_register() -> QuerySet[Concept]:
    """Return every concept with its definitions prefetched (for SKOS export)."""
    return Concept.objects.prefetch_related(
        Prefetch(
            "definitions", queryset=Definition.objects.order_by("source_slug", "language", "id")
        )
    ).order_by("slug")


# --- Deliberation ----------------------------------------------------------------------------


def review_list(*, actor: Any, standard: Standard) -> QuerySet[Review]:
    """Return the reviews of `standard` the actor may see, oldest first, with their authors."""
    return (
        reviews_visible_to(actor, Review.objects.filter(standard=standard))
        .select_related("author", "author__organisation")
        .order_by("created_at", "id")
    )


def review_get(*, actor: Any, pk: int) -> Review:
    """Return one review the actor may see; raise NotFound for a missing or hidden one."""
    review = (
        reviews_visible_to(actor, Review.objects.all())
        .select_related("standard", "author")
        .filter(pk=pk)
        .first()
    )
    if review is None:
        raise NotFound()
    return review


@dataclass(frozen=True)
class ReviewSummary:
    positions: dict[str, int]
    mean_scores: dict[str, float | None]
    reviews: int


def review_summary(*, actor: Any, standard: Standard) -> ReviewSummary:
    """Summarise the positions and mean scores of the top-level reviews the actor may see.

    Hidden reviews never count, even for the secretariat: a summary is shown to everyone.
    """
    reviews = list(
        review_list(actor=actor, standard=standard)
        .filter(parent__isnull=True, is_hidden=False)
        .values_list("position", "scores")
    )
    positions = Counter(position for position, _scores in reviews if position)
    means: dict[str, float | None] = {}
    for criterion in REVIEW_CRITERIA:
        values = [scores[criterion] for _p, scores in reviews if criterion in (scores or {})]
        means[criterion] = round(sum(values) / len(values), 2) if values else None
    return ReviewSummary(
        positions={value: positions.get(value, 0) for value in Review.Position.values},
        mean_scores=means,
        reviews=len(reviews),
    )


# --- Gap proposals ---------------------------------------------------------------------------


def gap_proposal_list(*, actor: Any = None) -> QuerySet[GapProposal]:
    """Return every gap proposal with its endorsement count, most endorsed first.

    Gap proposals are public, like the matrix they comment on.
    """
    return (
        GapProposal.objects.select_related("author", "topic", "risk_area", "lifecycle_stage")
        .annotate(endorsement_count=Count("endorsements"))
        .order_by("-endorsement_count", "-created_at", "-id")
    )


def gap_proposal_get(*, pk: int) -> GapProposal:
    """Return one gap proposal; raise NotFound."""
    gap = gap_proposal_list().filter(pk=pk).first()
    if gap is None:
        raise NotFound()
    return gap


def gap_endorsed_ids(*, actor: Any) -> set[int]:
    """Return the ids of the gap proposals `actor` has endorsed (none for anonymous)."""
    if not getattr(actor, "is_authenticated", False):
        return set()
    return set(actor.gap_endorsements.values_list("gap_id", flat=True))


def status_change_recent(*, limit: int = 50) -> list[StatusChange]:
    """Return the latest status changes, newest first, with their standards (for the feed)."""
    return list(
        StatusChange.objects.select_related("standard", "standard__body").order_by(
            "-recorded_at", "-id"
        )[:limit]
    )
