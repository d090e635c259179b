"""Charts of the landscape pages, drawn with the shared helper (aigov.core.charts) beside tables
of the same figures. The matrix stays here: it is rows of the shared helper whose marks are
Member States rather than bars."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from aigov.core.charts import (
    GREY,
    PALETTE,
    Column,
    ColumnChart,
    LegendEntry,
    Row,
    RowChart,
    Segment,
    column_chart,
    row_chart,
    strip,
)
from aigov.core.collation import join_list
from aigov.core.translation import pick
from aigov.landscape.selectors import HalfYear, RepresentationMatrix
from aigov.taxonomy.models import RegionalGroup

NON_MEMBER_COLOUR = GREY


def group_colours() -> dict[str, str]:
    """Return a colour per UN regional group, and grey for participants outside them."""
    colours = {str(group): PALETTE[i] for i, group in enumerate(RegionalGroup.values)}
    colours[""] = NON_MEMBER_COLOUR
    return colours


def matrix_chart(matrix: RepresentationMatrix, *, labels: list[str]) -> RowChart:
    """Lay out the Member States x initiatives matrix: one row per initiative, one column per
    Member State, under a band naming the regional groups.

    Columns are grouped by UN regional group and, within a group, ordered by how many
    initiatives the country takes part in, so gaps show as empty stretches (ties keep the
    matrix's order: by name).
    """
    colours = group_colours()
    group_names = dict(RegionalGroup.choices)
    order = sorted(
        matrix.rows,
        key=lambda row: (
            RegionalGroup.values.index(row.regional_group)
            if row.regional_group in RegionalGroup.values
            else 99,
            -row.count,
        ),
    )
    bands: list[tuple[float, float, str, str]] = []
    for column, row in enumerate(order):
        if bands and bands[-1][3] == str(group_names.get(row.regional_group, "")):
            start, length, colour, name = bands[-1]
            bands[-1] = (start, length + 1, colour, name)
        else:
            colour = colours.get(row.regional_group, NON_MEMBER_COLOUR)
            bands.append((column, 1, colour, str(group_names.get(row.regional_group, ""))))
    total = len(order)
    rows = [Row(_("UN regional group"), (strip(total=total, spans=bands),))]
    # Each column's name and colour once, not once per mark (a page has thousands of marks).
    columns = [
        (column, pick(row.names).text, colours.get(row.regional_group, NON_MEMBER_COLOUR), row)
        for column, row in enumerate(order)
    ]
    for index, label in enumerate(labels):
        cells = [
            (column, 1, colour, f"{name}: {label}")
            for column, name, colour, row in columns
            if row.cells[index]
        ]
        rows.append(Row(label, (strip(total=total, spans=cells),)))
    return row_chart(rows, variant="matrix")


# Above this many new initiatives in a half-year, one dot stands for them all (the chart's height
# grows with the dots of the busiest half-year).
MARKERS_PER_HALF = 3


def _markers(half: HalfYear) -> list[str]:
    names = [initiative.name for initiative in half.new_initiatives]
    if len(names) <= MARKERS_PER_HALF:
        return names
    text = ngettext(
        "%(count)s new initiative, among them %(names)s",
        "%(count)s new initiatives, among them %(names)s",
        len(names),
    )
    return [text % {"count": len(names), "names": join_list(names[:MARKERS_PER_HALF])}]


def over_time_chart(halves: list[HalfYear], *, group_labels: dict[str, str]) -> ColumnChart:
    """Stack, per half-year, the participations begun by UN regional group; mark new initiatives."""
    colours = group_colours()
    columns = [
        Column(
            label=str(half.year) if half.half == 1 else "",
            segments=[
                Segment(
                    half.joined.get(str(group), 0),
                    colours[str(group)],
                    f"{half.label}: {group_labels.get(str(group), str(group))} "
                    f"{half.joined.get(str(group), 0)}",
                )
                for group in [*RegionalGroup.values, ""]
            ],
            markers=_markers(half),
        )
        for half in halves
    ]
    legend = [LegendEntry(colours[str(g)], group_labels.get(str(g), str(g))) for g in colours]
    legend.append(LegendEntry("#000", _("New initiative"), shape="dot"))
    return column_chart(columns, legend=legend)
