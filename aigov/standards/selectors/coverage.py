"""Reads for the gap matrix: how many standards cover each pair of taxonomy terms."""

from dataclasses import dataclass
from typing import Any, Literal

from django.db import connection
from django.utils.translation import gettext as _

from aigov.accounts.access import Actor
from aigov.core.errors import InvalidInput, field_error
from aigov.standards.models import Standard, Status
from aigov.standards.selectors.register import LIFECYCLE_SCHEME
from aigov.taxonomy.selectors import lifecycle_stage_list, risk_area_list, sdg_list, topic_list

# Statuses counted in the gap matrix, by the column name of its cells. A revised standard has a
# newer edition that counts instead; withdrawn and proposed ones count nowhere.
COUNTED = {Status.PUBLISHED: "published", Status.UNDER_DEVELOPMENT: "under_development"}


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
    raise _unknown_axis("axis", axis, (*ROW_AXES, *COLUMN_AXES))


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


def coverage_matrix(
    *, actor: Actor, rows: str = "topic", cols: str = "lifecycle_stage"
) -> Coverage:
    """Count, per row tag and column tag, the published and in-development standards.

    A standard counts once in every cell its tags reach; withdrawn, revised and proposed ones
    count nowhere. Three queries: the two axes and one grouped count (see _coverage_rows).
    Standards are public, so the matrix is the same for every actor. Raise InvalidInput for
    an unknown axis.
    """
    if rows not in ROW_AXES or cols not in COLUMN_AXES:
        if rows not in ROW_AXES:
            raise _unknown_axis("rows", rows, ROW_AXES)
        raise _unknown_axis("cols", cols, COLUMN_AXES)
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
    """Return the matrix counted one cell at a time: slow, but plain enough to be the tests'
    oracle (bench/standards.py compares the matrix with one GROUP BY instead)."""
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
