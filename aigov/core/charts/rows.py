"""Charts made of labelled rows: horizontal bars (single, grouped or stacked) and strips of
marks such as the landscape matrix.

A row is a label (HTML text) beside one or more strips; a strip is a small SVG of marks on a
scale of `total` units, stretched to the room the row leaves, and the figure written after it.
Because the labels and figures are text in the page rather than in the SVG, they keep the
reader's font size on a 390 px phone (an SVG scaled to fit shrank them to about 5 px), wrap
instead of being cut, sit beside their bars in both directions, and come out shaped in a PDF.
Marks are laid out from the inline start of the reader's language: mirrored here for
right-to-left, so the SVG itself needs no direction.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from aigov.core.charts.text import chart_language, label_column, reading_direction, svg_number

TEMPLATE = "core/charts/_rows.html"


@dataclass(frozen=True)
class LegendEntry:
    fill: str
    label: str
    shape: str = "square"  # or "dot", for markers


@dataclass(frozen=True)
class Segment:
    """One part of a bar: its value, colour and tooltip."""

    value: float
    fill: str
    title: str = ""


@dataclass(frozen=True)
class Bar:
    """One bar of a row: segments stacked from the start, and the figure written after it."""

    segments: Sequence[Segment]
    text: str = ""


@dataclass(frozen=True)
class Mark:
    """A rectangle of a strip, in the strip's units, already placed for the reader's direction."""

    x: str
    width: str
    fill: str
    title: str


@dataclass(frozen=True)
class Strip:
    total: str
    marks: tuple[Mark, ...]
    text: str = ""
    track: str = ""  # colour of the whole scale behind the marks, or none


@dataclass(frozen=True)
class Row:
    label: str
    strips: tuple[Strip, ...]
    lang: str = ""  # the label's own language, when it differs from the chart's


@dataclass(frozen=True)
class RowChart:
    """Rows ready to draw; `str()` (or `{{ chart }}`) gives the HTML."""

    rows: tuple[Row, ...]
    label_size: str
    value_size: str  # room for the figures after the bars, the same in every row
    direction: str
    language: str
    title: str = ""
    legend: tuple[LegendEntry, ...] = ()
    variant: str = ""  # a CSS class for a kind of chart ("matrix": thin strips, no gaps)

    def __html__(self) -> SafeString:
        return SafeString(render_to_string(TEMPLATE, {"chart": self, "title": self.title}))

    def __str__(self) -> str:
        return self.__html__()


def strip(
    *, total: float, spans: Sequence[tuple[float, float, str, str]], text: str = "", track: str = ""
) -> Strip:
    """Return a strip of `total` units with marks at (start, length, fill, title), counted from
    the inline start of the active language."""
    total = max(total, 1e-9)
    mirrored = reading_direction() == "rtl"
    marks = tuple(
        Mark(
            x=svg_number(total - start - length if mirrored else start),
            width=svg_number(length),
            fill=fill,
            title=title,
        )
        for start, length, fill, title in spans
        if length > 0
    )
    return Strip(total=svg_number(total), marks=marks, text=text, track=track)


def row_chart(
    rows: Sequence[Row],
    *,
    title: str = "",
    legend: Sequence[LegendEntry] = (),
    variant: str = "",
) -> RowChart:
    """Return a chart of `rows` in the active language, its label column sized to its labels."""
    return RowChart(
        rows=tuple(rows),
        label_size=label_column(row.label for row in rows),
        value_size=label_column(
            (strip.text for row in rows for strip in row.strips), widest=20.0, narrowest=0.0
        ),
        direction=reading_direction(),
        language=chart_language(),
        title=title,
        legend=tuple(legend),
        variant=variant,
    )


def bar_chart(
    rows: Sequence[tuple[str, Sequence[Bar]]],
    *,
    maximum: float | None = None,
    title: str = "",
    legend: Sequence[LegendEntry] = (),
    track: str = "",
) -> RowChart:
    """Lay out horizontal bars: one row per (label, bars), each bar's segments stacked on one
    scale from 0 to `maximum` (by default the longest bar); a bar with no positive segment
    keeps its row and its figure but draws nothing."""
    longest = max(
        (sum(max(s.value, 0) for s in bar.segments) for _label, bars in rows for bar in bars),
        default=0.0,
    )
    total = maximum if maximum and maximum > 0 else max(longest, 1.0)
    drawn = []
    for label, bars in rows:
        strips = []
        for bar in bars:
            start, spans = 0.0, []
            for segment in bar.segments:
                length = min(max(segment.value, 0.0), total - start)
                spans.append((start, length, segment.fill, segment.title))
                start += length
            strips.append(strip(total=total, spans=spans, text=bar.text, track=track))
        drawn.append(Row(label=label, strips=tuple(strips)))
    return row_chart(drawn, title=title, legend=legend)
