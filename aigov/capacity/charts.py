"""Charts of the capacity pages (readiness scores, people trained), drawn with the shared helper
(aigov.core.charts) beside a table of the same figures."""

from typing import Any

from aigov.core.charts import (
    PALETTE,
    Bar,
    LegendEntry,
    RowChart,
    Segment,
    bar_chart,
    format_decimal,
)


def grouped_bars(
    *,
    categories: list[tuple[str, str]],
    series: list[tuple[str, dict[str, Any]]],
    maximum: int = 100,
) -> RowChart:
    """Horizontal bars from 0 to `maximum`: one row per category (code, label), one bar per
    series (label, values by category code), its value written after it; a missing value
    leaves its bar empty."""
    colours = [PALETTE[index % len(PALETTE)] for index in range(len(series))]
    rows = []
    for code, label in categories:
        bars = []
        for colour, (name, values) in zip(colours, series, strict=True):
            value = values.get(code)
            title = f"{label} - {name}: {value}"
            segments = [] if value is None else [Segment(float(value), colour, title)]
            bars.append(Bar(segments, text=format_decimal(value, 0)))
        rows.append((label, bars))
    legend = [
        LegendEntry(colour, str(name))
        for colour, (name, _values) in zip(colours, series, strict=True)
    ]
    return bar_chart(rows, maximum=max(1, maximum), legend=legend)
