"""Charts of the compute pages (usage by country, income group, region and node), drawn with
the shared helper (aigov.core.charts) beside a table of the same figures."""

from aigov.compute.selectors import LandscapeRow, UsageRow
from aigov.core.charts import PALETTE, Bar, RowChart, Segment, bar_chart, format_decimal


def usage_bars(rows: list[UsageRow], *, title: str) -> RowChart:
    """Horizontal bars, one per group, longest first, with the units written after each."""
    return bar_chart(
        [
            (
                row.label,
                [
                    Bar(
                        [Segment(float(row.units), PALETTE[0], f"{row.label}: {row.units}")],
                        text=format_decimal(row.units, 2),
                    )
                ],
            )
            for row in rows
        ],
        title=title,
    )


def landscape_bars(rows: list[LandscapeRow], *, title: str) -> RowChart:
    """Horizontal bars of each group's TOP500 performance (Rmax, PFlop/s), largest first."""
    return bar_chart(
        [
            (
                row.label,
                [
                    Bar(
                        [Segment(float(row.rmax_pflops), PALETTE[0], row.label)],
                        text=format_decimal(row.rmax_pflops, 1),
                    )
                ],
            )
            for row in rows
        ],
        title=title,
    )
