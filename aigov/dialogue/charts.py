"""Bar charts drawn on the server as SVG geometry, from counts the reader may see."""

from collections.abc import Sequence
from dataclasses import dataclass

from aigov.dialogue.selectors import BalanceRow, GroupCount

BAR_HEIGHT = 22
LABEL_WIDTH = 0  # labels sit above the bars, so the chart mirrors cleanly in right-to-left pages
CHART_WIDTH = 400


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    restricted: int | None
    y: int
    width: int
    restricted_width: int


@dataclass(frozen=True)
class BarChart:
    bars: list[Bar]
    width: int
    height: int


def bar_chart(groups: Sequence[GroupCount]) -> BarChart:
    """Return the bars of `groups`; a restricted count (shown only from the threshold) is a
    second, hatched segment."""
    largest = max([g.count + (g.restricted or 0) for g in groups] + [1])
    bars = []
    for index, group in enumerate(groups):
        bars.append(
            Bar(
                label=group.name,
                count=group.count,
                restricted=group.restricted,
                y=index * (BAR_HEIGHT * 2),
                width=round(CHART_WIDTH * group.count / largest),
                restricted_width=round(CHART_WIDTH * (group.restricted or 0) / largest),
            )
        )
    return BarChart(bars=bars, width=CHART_WIDTH, height=max(1, len(bars)) * BAR_HEIGHT * 2)


def balance_chart(rows: Sequence[BalanceRow]) -> BarChart:
    """Return the bars of a registration balance (one bar per UN regional group or role)."""
    return bar_chart([GroupCount(row.key, row.label, row.count, None) for row in rows])
