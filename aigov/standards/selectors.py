"""Reads of the AI Standards Exchange: the register, the gap matrix, definitions and reviews.

Standards and definitions are public reference data; reviews are narrowed by
`standards.view_review` (hidden ones are absent for everyone but the secretariat and author).
"""

from collections import Counter
from dataclasses import dataclass
from typing import Any, Literal

from django.db import connection
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext

from aigov.accounts.models import Organisation
from aigov.core.errors import InvalidInput, NotFound
from aigov.standards.models import (
    AssessmentTool,
    Concept,
    Definition,
    Follow,
    GapProposal,
    Review,
    Standard,
    Status,
    StatusChange,
)
from aigov.standards.permissions import visible
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
    # Standards are public reference data (every visitor reads them); a deactivated account
    # reads nothing, so counts, charts, exports and e-mail all start here.
    return visible(actor, "standards.view_standard", Standard.objects.all())


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
    readable = _standards_visible_to(actor)
    return (
        Organisation.objects.filter(pk__in=readable.values("body_id"))
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


@dataclass(frozen=True)
class BodyYearCounts:
    """Standards per body and year: the question of the HLAB report's Figure 13."""

    status: str
    years: list[int]
    bodies: list[tuple[int, str, int]]  # (body id, name, total), largest first
    counts: dict[int, dict[int, int]]  # body id -> year -> standards
    undated: int  # standards of this status without a year (not in the chart)

    def total_for_year(self, year: int) -> int:
        """Return the standards of all bodies in `year`."""
        return sum(by_year.get(year, 0) for by_year in self.counts.values())

    def table(self) -> dict[str, Any]:
        """Return the table beside the chart: rows (body, counts per year, total) and totals."""
        totals = [self.total_for_year(year) for year in self.years]
        return {
            "rows": [
                ((body_id, name), [self.counts[body_id].get(year, 0) for year in self.years], total)
                for body_id, name, total in self.bodies
            ],
            "totals": totals,
            "grand_total": sum(totals),
        }

    def as_json(self) -> dict[str, Any]:
        """Return the shape of /api/standards/trends/by-body-year."""
        return {
            "status": self.status,
            "years": self.years,
            "bodies": [
                {
                    "id": body_id,
                    "name": name,
                    "total": total,
                    "counts": {str(year): self.counts[body_id].get(year, 0) for year in self.years},
                }
                for body_id, name, total in self.bodies
            ],
            "totals": {str(year): self.total_for_year(year) for year in self.years},
            "undated": self.undated,
        }


def counts_by_body_and_year(*, actor: Any, status: str = Status.PUBLISHED) -> BodyYearCounts:
    """Count the standards `actor` may see, in `status`, per body and year (HLAB Figure 13).

    Years run without gaps from the first to the last year counted; bodies are ordered by their
    total, largest first. Raise InvalidInput for an unknown status.
    """
    if status not in Status.values:
        raise InvalidInput(
            errors=[{"field": "status", "code": "invalid_choice", "message": status}]
        )
    readable = _standards_visible_to(actor).filter(status=status)
    rows = list(
        readable.filter(year__isnull=False)
        .values_list("body_id", "body__name", "year")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts: dict[int, dict[int, int]] = {}
    names: dict[int, str] = {}
    for body_id, name, year, n in rows:
        counts.setdefault(body_id, {})[year] = n
        names[body_id] = name
    years_seen = [year for _b, _n, year, _c in rows]
    years = list(range(min(years_seen), max(years_seen) + 1)) if years_seen else []
    bodies = sorted(
        ((body_id, names[body_id], sum(by_year.values())) for body_id, by_year in counts.items()),
        key=lambda body: (-body[2], body[1]),
    )
    return BodyYearCounts(
        status=str(status),
        years=years,
        bodies=bodies,
        counts=counts,
        undated=readable.filter(year__isnull=True).count(),
    )


def status_pipeline(*, actor: Any) -> list[tuple[str, str, int]]:
    """Return (status, label, number of standards) for every status, in lifecycle order."""
    readable = _standards_visible_to(actor)
    counts = dict(readable.values_list("status").annotate(n=Count("pk")).order_by())
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


def review_list(
    *, actor: Any, standard: Standard | None = None, concept: Concept | None = None
) -> QuerySet[Review]:
    """Return the reviews of `standard` (or of `concept`) the actor may see, oldest first."""
    subject: dict[str, Any] = (
        {"standard": standard} if standard is not None else {"concept": concept}
    )
    return (
        visible(actor, "standards.view_review", Review.objects.filter(**subject))
        .select_related("author", "author__organisation")
        .order_by("created_at", "id")
    )


def review_get(*, actor: Any, pk: int) -> Review:
    """Return one review the actor may see; raise NotFound for a missing or hidden one."""
    review = (
        visible(actor, "standards.view_review", Review.objects.all())
        .select_related("standard", "concept", "author")
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


def review_summary(
    *, actor: Any, standard: Standard | None = None, concept: Concept | None = None
) -> ReviewSummary:
    """Summarise the positions and mean scores of the top-level reviews the actor may see.

    Hidden reviews never count, even for the secretariat: a summary is shown to everyone.
    """
    reviews = list(
        review_list(actor=actor, standard=standard, concept=concept)
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


def gap_proposal_list(*, actor: Any) -> QuerySet[GapProposal]:
    """Return the gap proposals `actor` may see with their endorsement counts, most endorsed first.

    Gap proposals are public, like the matrix they comment on, except those moderation hid:
    only the secretariat and the author see those.
    """
    return (
        visible(actor, "standards.view_gap", GapProposal.objects.all())
        .select_related("author", "topic", "risk_area", "lifecycle_stage")
        .annotate(endorsement_count=Count("endorsements"))
        .order_by("-endorsement_count", "-created_at", "-id")
    )


def gap_proposal_get(*, actor: Any, pk: int) -> GapProposal:
    """Return one gap proposal the actor may see; raise NotFound (also for a hidden one)."""
    gap = gap_proposal_list(actor=actor).filter(pk=pk).first()
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


# --- Following -------------------------------------------------------------------------------


def follow_list(*, actor: Any) -> QuerySet[Follow]:
    """Return what `actor` follows (nothing for an anonymous visitor), standards and topics."""
    if not getattr(actor, "is_authenticated", False):
        return Follow.objects.none()
    return (
        Follow.objects.filter(user=actor)
        .select_related("standard", "topic")
        .order_by("created_at", "id")
    )


def follow_get(*, actor: Any, pk: int) -> Follow:
    """Return one of `actor`'s follows; raise NotFound for another's or a missing one."""
    follow = follow_list(actor=actor).filter(pk=pk).first()
    if follow is None:
        raise NotFound()
    return follow


def follow_of(*, actor: Any, standard: Standard) -> Follow | None:
    """Return `actor`'s follow of `standard`, if any."""
    return follow_list(actor=actor).filter(standard=standard).first()


def standard_followers(*, standard: Standard) -> list[Follow]:
    """Return one follow per user who follows `standard` or one of its topics, and may see it.

    A user following both gets the standard's follow (its unsubscribe link is the nearest to
    what changed). Followers whose account is deactivated, or who may not see the standard,
    are left out.
    """
    follows = (
        Follow.objects.filter(
            Q(standard=standard) | Q(topic__in=standard.topics.values("pk")),
            user__is_active=True,
        )
        .exclude(user__email="")
        .select_related("user", "topic")
        .order_by("user_id", "id")
    )
    chosen: dict[int, Follow] = {}
    for follow in follows:
        current = chosen.get(follow.user_id)
        if current is None or (follow.standard_id and not current.standard_id):
            chosen[follow.user_id] = follow
    return [
        follow
        for follow in chosen.values()
        if _standards_visible_to(follow.user).filter(pk=standard.pk).exists()
    ]


def status_change_get(*, pk: int) -> StatusChange:
    """Return one status change with its standard; raise NotFound."""
    change = StatusChange.objects.select_related("standard", "standard__body").filter(pk=pk).first()
    if change is None:
        raise NotFound()
    return change


def topic_for_follow(*, slug: str) -> Any:
    """Return the topic of `slug`; raise InvalidInput naming the field when there is none."""
    topic = topic_list().filter(slug=slug).first()
    if topic is None:
        raise InvalidInput(
            errors=[
                {
                    "field": "topic",
                    "code": "invalid_choice",
                    "message": gettext("%(value)s is not a topic.") % {"value": slug},
                }
            ]
        )
    return topic


# --- Self-assessment tools -------------------------------------------------------------------


def assessment_tool_list(
    *,
    actor: Any,
    kind: str | None = None,
    standard: int | None = None,
    language: str | None = None,
    q: str | None = None,
) -> QuerySet[AssessmentTool]:
    """Return the self-assessment tools `actor` may see, filtered; standards prefetched.

    `standard` is a standard's id; `language` a BCP 47 tag the tool is available in. Only the
    standards the actor may see are prefetched.
    """
    tools = visible(actor, "standards.view_tool", AssessmentTool.objects.all())
    if kind:
        tools = tools.filter(kind=kind)
    if standard is not None:
        tools = tools.filter(standards__pk=standard)
    if language:
        # JSON containment is not on SQLite; the tag list is short and quoted, so a text match
        # on the quoted tag finds exactly that tag on both databases.
        tools = tools.filter(languages__icontains=f'"{language}"')
    if q:
        tools = tools.filter(
            Q(name__icontains=q) | Q(provider__icontains=q) | Q(summaries__icontains=q)
        )
    return tools.prefetch_related(
        Prefetch(
            "standards",
            queryset=_standards_visible_to(actor).select_related("body").order_by("reference"),
        )
    ).order_by("name", "slug")


def assessment_tool_get(*, actor: Any, slug: str) -> AssessmentTool:
    """Return one tool with the standards it covers; raise NotFound."""
    tool = assessment_tool_list(actor=actor).filter(slug=slug).first()
    if tool is None:
        raise NotFound()
    return tool


# --- Links to landscape policies -------------------------------------------------------------


def standard_policies(*, actor: Any, standard: Standard) -> QuerySet[Any]:
    """Return the landscape policies linked to `standard` that `actor` may see."""
    from aigov.landscape.selectors import policy_list

    return (
        policy_list(actor=actor)
        .filter(linked_standards=standard)
        .select_related("jurisdiction")
        .order_by("slug")
    )


def policy_standards(*, actor: Any, policy: Any) -> QuerySet[Standard]:
    """Return the standards `actor` may see that are linked to a landscape policy."""
    return (
        _standards_visible_to(actor)
        .filter(policies=policy)
        .select_related("body")
        .order_by("reference")
    )
