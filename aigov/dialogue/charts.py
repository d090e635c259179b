"""Bar charts of counts the reader may see, drawn with the shared helper (aigov.core.charts)."""

from collections.abc import Sequence
from dataclasses import dataclass

from aigov.core import charts
from aigov.dialogue.selectors import BalanceRow, GroupCount

VISIBLE_COLOUR = "#1f5f8b"
RESTRICTED_COLOUR = "#9bb8cc"
BALANCE_COLOUR = "#0072B2"


@dataclass(frozen=True)
class Counted:
    label: str
    count: int
    restricted: int | None


@dataclass(frozen=True)
class CountChart:
    """The counts, for the table beside the chart, and the chart itself (`{{ chart.figure }}`)."""

    bars: list[Counted]
    figure: charts.RowChart


def _counts_text(count: int, restricted: int | None) -> str:
    if restricted is None:
        return charts.format_decimal(count, 0)
    visible, other = charts.format_decimal(count, 0), charts.format_decimal(restricted, 0)
    return f"{visible} + {other}"


def _chart(counts: list[Counted], *, colour: str) -> CountChart:
    rows = [
        (
            counted.label,
            [
                charts.Bar(
                    [
                        charts.Segment(counted.count, colour),
                        charts.Segment(counted.restricted or 0, RESTRICTED_COLOUR),
                    ],
                    text=_counts_text(counted.count, counted.restricted),
                )
            ],
        )
        for counted in counts
    ]
    return CountChart(bars=counts, figure=charts.bar_chart(rows))


def bar_chart(groups: Sequence[GroupCount]) -> CountChart:
    """Return the chart of incidents per group; a restricted count (shown only from the
    threshold) is a second, lighter segment after the visible one."""
    counts = [Counted(group.name, group.count, group.restricted) for group in groups]
    return _chart(counts, colour=VISIBLE_COLOUR)


def balance_chart(rows: Sequence[BalanceRow]) -> CountChart:
    """Return the chart of a registration balance (one bar per UN regional group or role)."""
    return _chart([Counted(row.label, row.count, None) for row in rows], colour=BALANCE_COLOUR)
