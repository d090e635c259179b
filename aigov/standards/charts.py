"""Chart geometry for the roadmap page, computed on the server and drawn as SVG by a template.

The chart is a picture of figures the page also gives as a table, so it carries a title for
screen readers and needs no JavaScript. Colours are the Okabe-Ito palette (distinct for the
common forms of colour blindness); bodies beyond the palette share one grey band, as the HLAB
report's Figure 13 keeps only the largest bodies apart.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from aigov.standards.selectors import BodyYearCounts

PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9"]
OTHER_COLOUR = "#767676"


@dataclass(frozen=True)
class Bar:
    x: int
    y: int
    height: int
    fill: str
    title: str


@dataclass(frozen=True)
class LegendEntry:
    fill: str
    label: str


@dataclass(frozen=True)
class BodyYearChart:
    width: int
    height: int
    bar_width: int
    baseline: int
    left: int
    bars: list[Bar]
    ticks: list[tuple[int, str]]  # (x of the bar's middle, year)
    scale: list[tuple[int, int]]  # (y, value) of the horizontal grid lines
    legend: list[LegendEntry]


def body_year_chart(counts: BodyYearCounts) -> BodyYearChart:
    """Stack, per year, the standards of each of the largest bodies, the others in one band."""
    bar_width, gap, plot_height, top, left = 26, 8, 200, 10, 36
    shown = counts.bodies[: len(PALETTE)]
    others = [body_id for body_id, _name, _total in counts.bodies[len(PALETTE) :]]
    bands = [(PALETTE[index], name, [body_id]) for index, (body_id, name, _t) in enumerate(shown)]
    if others:
        bands.append((OTHER_COLOUR, _("Other bodies"), others))
    highest = max([counts.total_for_year(year) for year in counts.years] + [1])
    step = max(1, -(-highest // 4))
    scale_top = -(-highest // step) * step
    baseline = top + plot_height
    bars: list[Bar] = []
    ticks: list[tuple[int, str]] = []
    for index, year in enumerate(counts.years):
        x = left + index * (bar_width + gap)
        y = baseline
        for fill, label, body_ids in bands:
            number = sum(counts.counts[body_id].get(year, 0) for body_id in body_ids)
            if not number:
                continue
            height = max(1, round(number * plot_height / scale_top))
            y -= height
            bars.append(Bar(x, y, height, fill, f"{year}: {label} {number}"))
        ticks.append((x + bar_width // 2, str(year)))
    scale = [
        (baseline - round(value * plot_height / scale_top), value)
        for value in range(0, scale_top + 1, step)
    ]
    return BodyYearChart(
        width=left + max(len(counts.years), 1) * (bar_width + gap),
        height=baseline + 24,
        bar_width=bar_width,
        baseline=baseline,
        left=left,
        bars=bars,
        ticks=ticks,
        scale=scale,
        legend=[LegendEntry(fill, label) for fill, label, _ids in bands],
    )
