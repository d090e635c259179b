"""Reads for the gap matrix: how many standards cover each pair of taxonomy terms."""

from dataclasses import dataclass, field
from typing import Any, Literal

from django.db import connection
from django.db.models import Exists, OuterRef, QuerySet, Value
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from aigov.accounts.access import Actor
from aigov.core.errors import InvalidInput, field_error
from aigov.standards.models import Standard, Status, TopicOrigin
from aigov.standards.selectors.register import (
    COUNTED_STATUSES,
    CURRENT,
    LIFECYCLE_SCHEME,
    _standards_visible_to,
)
from aigov.taxonomy.selectors import lifecycle_stage_list, risk_area_list, sdg_list, topic_list

# Statuses counted in the gap matrix, by the column name of its cells.
COUNTED = dict(zip(COUNTED_STATUSES, ("published", "under_development"), strict=True))


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
    tagged: bool = True  # some standard the reader may see carries the tag, whatever its status
    derived: bool = False  # on some of them, the tag was derived from title or scope


@dataclass(frozen=True)
class Coverage:
    """The gap matrix: per (row, column), how many standards are published / in development.

    Rows and columns are the tags some standard carries; a tag no standard carries (`untagged_rows`,
    `untagged_cols`) is not a gap but a tag nobody has applied yet, and is listed apart.
    """

    rows_axis: str
    cols_axis: str
    rows: list[AxisItem]
    cols: list[AxisItem]
    cells: dict[Any, dict[Any, dict[str, int]]]
    untagged_rows: list[AxisItem] = field(default_factory=list)
    untagged_cols: list[AxisItem] = field(default_factory=list)

    @property
    def has_derived(self) -> bool:
        """Whether some row's tag was derived from a title or scope on some standard."""
        return any(row.derived for row in self.rows)

    def as_json(self) -> dict[str, Any]:
        """Return the shape `aigov standards gaps --format json` prints (issue 5, issue 18)."""
        return {
            "rows": [row.name for row in self.rows],
            "cols": [col.name for col in self.cols],
            "cells": {
                row.name: {col.name: dict(self.cells[row.key][col.key]) for col in self.cols}
                for row in self.rows
            },
            "untagged": {
                "rows": [row.name for row in self.untagged_rows],
                "cols": [col.name for col in self.untagged_cols],
            },
        }

    def filters(self, row: AxisItem, col: AxisItem) -> dict[str, str]:
        """Return the standard_list filters that list exactly the standards of a cell."""
        return {self.rows_axis: row.slug, self.cols_axis: col.slug, "status": CURRENT}

    def table(self) -> list[tuple[AxisItem, list[dict[str, Any]]]]:
        """Return rows of (row item, cells), each cell with its counts, total, heat level and
        the query string of the register's page that lists its standards.

        Level 0 is an empty cell, 1 a thin one (at most THIN standards), 2-4 fuller ones.
        """
        table = []
        for row in self.rows:
            cells = []
            for col in self.cols:
                counts = self.cells[row.key][col.key]
                total = counts["published"] + counts["under_development"]
                cells.append(
                    {
                        "col": col,
                        **counts,
                        "total": total,
                        "level": heat_level(total),
                        "query": urlencode(self.filters(row, col)),
                    }
                )
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


def _is_narrowed(visible: QuerySet[Standard]) -> bool:
    """Return whether the standards an actor may see are fewer than all (a filtered scope)."""
    return bool(visible.query.where)


def _usage(axis: str, visible: QuerySet[Standard], **link_filters: Any) -> Exists:
    """Return whether some standard in `visible` carries the tag (OuterRef pk) on `axis`."""
    m2m, column = _THROUGH_FIELD[axis]
    links = getattr(Standard, m2m).through.objects.filter(
        **{column: OuterRef("pk")}, **link_filters
    )
    if _is_narrowed(visible):
        links = links.filter(standard__in=visible.values("pk"))
    return Exists(links)


def _axis_items(axis: str, visible: QuerySet[Standard]) -> list[AxisItem]:
    """Return the tags of `axis` in display order, each saying whether a standard in `visible`
    carries it (and, for topics, whether it was derived on some of them)."""
    if axis not in _THROUGH_FIELD:
        raise _unknown_axis("axis", axis, (*ROW_AXES, *COLUMN_AXES))
    nobody = visible.query.is_empty()
    tagged: Any = Value(False) if nobody else _usage(axis, visible)
    if axis == "topic":
        derived = Value(False) if nobody else _usage(axis, visible, origin=TopicOrigin.DERIVED)
        topics = topic_list().annotate(tagged=tagged, derived=derived).order_by("slug")
        return [
            AxisItem(slug, names.get("en", slug), names, slug, is_tagged, is_derived)
            for slug, names, is_tagged, is_derived in topics.values_list(
                "slug", "names", "tagged", "derived"
            )
        ]
    if axis == "risk_area":
        areas = risk_area_list().annotate(tagged=tagged)
        return [
            AxisItem(slug, names.get("en", slug), names, slug, is_tagged)
            for slug, names, is_tagged in areas.values_list("slug", "names", "tagged")
        ]
    if axis == "lifecycle_stage":
        stages = (
            lifecycle_stage_list(scheme=LIFECYCLE_SCHEME)
            .prefetch_related(None)
            .annotate(tagged=tagged)
            .order_by("position")
        )
        return [
            AxisItem(pk, names.get("en", slug), names, slug, is_tagged)
            for pk, slug, names, is_tagged in stages.values_list("pk", "slug", "names", "tagged")
        ]
    if axis == "sdg":
        goals = sdg_list().prefetch_related(None).annotate(tagged=tagged)
        return [
            AxisItem(number, f"SDG {number}", names, str(number), is_tagged)
            for number, names, is_tagged in goals.values_list("number", "names", "tagged")
        ]
    raise AssertionError(axis)


def _unknown_axis(field: str, value: str, axes: tuple[str, ...]) -> InvalidInput:
    return InvalidInput(
        errors=[
            field_error(
                field,
                "invalid_choice",
                _("%(value)s is not an axis of the gap matrix; use one of: %(axes)s.")
                % {"value": value, "axes": ", ".join(axes)},
            )
        ]
    )


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
    row_axis: str, col_axis: str, col_keys: list[Any], visible: QuerySet[Standard]
) -> list[tuple[Any, str, int, int]]:
    """Return (row tag, status, column mask, standards) for the counted standards in `visible`.

    Each standard's columns are folded into one integer (bit i set when it has column i), so
    the database groups by (row tag, status, mask): a few hundred groups instead of one row per
    (standard, row tag, column tag). The caller spreads each group over the columns of its mask.
    Plain SQL because the ORM cannot join a grouped derived table; it runs on SQLite and
    PostgreSQL alike. When the reader may see fewer than all standards, the query keeps those
    it may see (the scope's own SQL, as a subquery), so each count is that of the register's
    list for the same filters.
    """
    if not col_keys or visible.query.is_empty():
        return []
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
    )
    params = [*col_keys, *[str(status) for status in statuses]]
    if _is_narrowed(visible):
        scope_sql, scope_params = (
            visible.order_by().values("pk").query.get_compiler(connection=connection).as_sql()
        )
        sql += f"AND s.{quote('id')} IN ({scope_sql}) "
        params += list(scope_params)
    sql += f"GROUP BY r.{quote(row_tag)}, s.status, m.mask"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(row, status, int(mask), int(n)) for row, status, mask, n in cursor.fetchall()]


def coverage_matrix(
    *, actor: Actor, rows: str = "topic", cols: str = "lifecycle_stage"
) -> Coverage:
    """Count, per row tag and column tag, the published and in-development standards.

    A standard counts once in every cell its tags reach; withdrawn, revised and proposed ones
    count nowhere. Only the standards `actor` may see count (standards.view_standard: all of
    them today, none for a deactivated account), so a cell's count is that of the register's
    list with the cell's filters (Coverage.filters). A tag no visible standard carries, in any
    status, is no row or column of the matrix but listed as untagged. Three queries: the two
    axes (each tag with whether it is used) and one grouped count (see _coverage_rows). Raise
    InvalidInput for an unknown axis.
    """
    if rows not in ROW_AXES or cols not in COLUMN_AXES:
        if rows not in ROW_AXES:
            raise _unknown_axis("rows", rows, ROW_AXES)
        raise _unknown_axis("cols", cols, COLUMN_AXES)
    visible = _standards_visible_to(actor)
    row_items, col_items = _axis_items(rows, visible), _axis_items(cols, visible)
    tagged_rows = [row for row in row_items if row.tagged]
    tagged_cols = [col for col in col_items if col.tagged]
    col_keys = [col.key for col in tagged_cols]
    cells: dict[Any, dict[Any, dict[str, int]]] = {
        row.key: {col.key: {"published": 0, "under_development": 0} for col in tagged_cols}
        for row in tagged_rows
    }
    for row_key, status, mask, n in _coverage_rows(rows, cols, col_keys, visible):
        counts = cells.get(row_key)
        if counts is None:
            continue
        name = COUNTED[Status(status)]
        for index, col_key in enumerate(col_keys):
            if mask >> index & 1:
                counts[col_key][name] += n
    return Coverage(
        rows_axis=rows,
        cols_axis=cols,
        rows=tagged_rows,
        cols=tagged_cols,
        cells=cells,
        untagged_rows=[row for row in row_items if not row.tagged],
        untagged_cols=[col for col in col_items if not col.tagged],
    )


def coverage_counts_by_loop(*, rows: str, cols: str) -> dict[str, Any]:
    """Return the matrix counted one cell at a time, for a reader who sees every standard: slow,
    but plain enough to be the tests' oracle (bench/standards.py compares the matrix with one
    GROUP BY instead); a tag is untagged when no standard carries it."""
    row_m2m = _THROUGH_FIELD[rows][0]
    col_m2m = _THROUGH_FIELD[cols][0]
    everything = Standard.objects.all()

    def split(axis: str, m2m: str) -> tuple[list[AxisItem], list[AxisItem]]:
        items = _axis_items(axis, everything)
        used = set(everything.values_list(f"{m2m}__pk", flat=True))
        return (
            [item for item in items if item.key in used],
            [item for item in items if item.key not in used],
        )

    row_items, untagged_rows = split(rows, row_m2m)
    col_items, untagged_cols = split(cols, col_m2m)
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
        "untagged": {
            "rows": [row.name for row in untagged_rows],
            "cols": [col.name for col in untagged_cols],
        },
    }
