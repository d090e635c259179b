"""Chart geometry for the capacity pages, drawn as SVG by templates beside a table of the same
figures (Okabe-Ito colours, as in aigov.landscape.charts)."""

from dataclasses import dataclass
from typing import Any

from aigov.landscape.charts import PALETTE


@dataclass(frozen=True)
class Bar:
    x: int
    y: int
    width: int
    height: int
    fill: str
    title: str


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    label_width: int
    plot_width: int
    rows: list[tuple[int, str]]  # (y of the row's middle, label)
    bars: list[Bar]
    legend: list[tuple[str, str]]  # (colour, series label)
    ticks: list[tuple[int, int]]  # (x, value)


def grouped_bars(
    *,
    categories: list[tuple[str, str]],
    series: list[tuple[str, dict[str, Any]]],
    maximum: int = 100,
) -> BarChart:
    """Lay out horizontal bars from 0 to `maximum`: one group per category (code, label), one
    bar per series (label, values by category code); a missing value draws no bar."""
    maximum = max(1, maximum)
    label_width, plot_width, bar, gap = 220, 320, 12, 10
    group = max(1, len(series)) * bar + gap
    rows: list[tuple[int, str]] = []
    bars: list[Bar] = []
    for row, (code, label) in enumerate(categories):
        top = gap + row * group
        rows.append((top + (group - gap) // 2, label))
        for index, (name, values) in enumerate(series):
            value = values.get(code)
            if value is None:
                continue
            bars.append(
                Bar(
                    x=label_width,
                    y=top + index * bar,
                    width=max(1, round(plot_width * int(value) / maximum)),
                    height=bar - 2,
                    fill=PALETTE[index % len(PALETTE)],
                    title=f"{label} - {name}: {value}",
                )
            )
    height = gap + len(categories) * group + 20
    steps = [round(maximum * quarter / 4) for quarter in range(5)]
    ticks = [(label_width + round(plot_width * v / maximum), v) for v in dict.fromkeys(steps)]
    legend = [(PALETTE[i % len(PALETTE)], name) for i, (name, _values) in enumerate(series)]
    return BarChart(
        width=label_width + plot_width + 30,
        height=height,
        label_width=label_width,
        plot_width=plot_width,
        rows=rows,
        bars=bars,
        legend=legend,
        ticks=ticks,
    )
