"""Column charts: stacked columns along a time axis (participations per half-year, standards
per year), with a value scale, labels under the columns and dots above them.

The SVG is drawn at its natural size, one unit to one CSS pixel, and scrolls sideways inside its
own box when the screen is narrower: its scale and year labels are then always 12 px, where an
SVG scaled down to a 390 px phone drew them at about 5 px. Its text is digits only, which need
no shaping. Time runs from the inline start: mirrored here for right-to-left, with the scale at
the right, as the page itself reads; the SVG root is `direction="ltr"` so anchors stay physical.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils import formats

from aigov.core.charts.rows import LegendEntry, Segment
from aigov.core.charts.text import chart_language, reading_direction, svg_number, text_width

FONT_SIZE = 12
MARKER_STEP = 10  # vertical distance between the dots stacked above one column


@dataclass(frozen=True)
class Column:
    """One column: its label under the axis ("" for none), stacked segments, dots above it."""

    label: str
    segments: Sequence[Segment]
    markers: Sequence[str] = ()


@dataclass(frozen=True)
class Rect:
    x: str
    y: str
    width: str
    height: str
    fill: str
    title: str


@dataclass(frozen=True)
class Text:
    x: str
    y: str
    text: str


@dataclass(frozen=True)
class ColumnChart:
    """Columns ready to draw with `{% include "core/charts/_columns.html" %}` (it takes the
    chart, a `title` and the `title_id` of that title)."""

    width: str
    height: str
    direction: str
    language: str
    bars: tuple[Rect, ...]
    scale: tuple[Text, ...]  # a grid line at y, its value written at x
    scale_anchor: str
    grid_start: str
    grid_end: str
    ticks: tuple[Text, ...]
    markers: tuple[Text, ...]  # a dot at (x, y), its title as text
    legend: tuple[LegendEntry, ...] = ()


def _scale(highest: float) -> tuple[int, int]:
    """Return (step, top) of a scale from 0 with about four steps of whole numbers."""
    step = max(1, math.ceil(highest / 4))
    return step, max(step, math.ceil(highest / step) * step)


def column_chart(
    columns: Sequence[Column],
    *,
    bar_width: int = 22,
    gap: int = 6,
    plot_height: int = 180,
    legend: Sequence[LegendEntry] = (),
) -> ColumnChart:
    """Lay out `columns` from the inline start of the active language, on one scale from 0."""
    highest = max((sum(s.value for s in column.segments) for column in columns), default=0)
    step, top = _scale(max(highest, 1))
    values = list(range(0, top + 1, step))
    axis = math.ceil(max(text_width(formats.number_format(v)) for v in values) * FONT_SIZE) + 12
    plot_top = max((len(column.markers) for column in columns), default=0) * MARKER_STEP + 8
    baseline = plot_top + plot_height
    width = axis + max(len(columns), 1) * (bar_width + gap)
    mirrored = reading_direction() == "rtl"

    def place(x: float, extent: float = 0) -> str:
        return svg_number(width - x - extent if mirrored else x)

    bars, ticks, markers = [], [], []
    for index, column in enumerate(columns):
        x = axis + index * (bar_width + gap)
        y = float(baseline)
        for segment in column.segments:
            if segment.value <= 0:
                continue
            height = max(1.0, segment.value * plot_height / top)
            y -= height
            bars.append(
                Rect(
                    place(x, bar_width),
                    svg_number(y),
                    svg_number(bar_width),
                    svg_number(height),
                    segment.fill,
                    segment.title,
                )
            )
        middle = place(x + bar_width / 2)
        if column.label:
            ticks.append(Text(middle, svg_number(baseline + FONT_SIZE + 4), column.label))
        for number, marker in enumerate(column.markers):
            markers.append(Text(middle, svg_number(plot_top - 8 - number * MARKER_STEP), marker))
    scale = tuple(
        Text(
            place(axis - 8),
            svg_number(baseline - value * plot_height / top),
            str(formats.number_format(value)),
        )
        for value in values
    )
    return ColumnChart(
        width=svg_number(width),
        height=svg_number(baseline + FONT_SIZE + 10),
        direction="rtl" if mirrored else "ltr",
        language=chart_language(),
        bars=tuple(bars),
        scale=scale,
        scale_anchor="start" if mirrored else "end",
        grid_start=place(axis - 4) if not mirrored else svg_number(0),
        grid_end=svg_number(width) if not mirrored else place(axis - 4),
        ticks=tuple(ticks),
        markers=tuple(markers),
        legend=tuple(legend),
    )
