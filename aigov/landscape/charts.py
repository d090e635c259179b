"""Chart geometry for the landscape pages, computed on the server and drawn as SVG by templates.

Charts are pictures of figures the page also gives as a table, so they carry a title for screen
readers and need no JavaScript. Colours are the Okabe-Ito palette, which stays distinct for the
common forms of colour blindness.
"""

from dataclasses import dataclass

from aigov.landscape.selectors import HalfYear, RepresentationMatrix
from aigov.taxonomy.models import RegionalGroup

PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9"]
NON_MEMBER_COLOUR = "#767676"


def group_colours() -> dict[str, str]:
    """Return a colour per UN regional group, and grey for participants outside them."""
    colours = {str(group): PALETTE[i] for i, group in enumerate(RegionalGroup.values)}
    colours[""] = NON_MEMBER_COLOUR
    return colours


@dataclass(frozen=True)
class Cell:
    x: int
    y: int
    fill: str
    title: str


@dataclass(frozen=True)
class MatrixChart:
    width: int
    height: int
    label_width: int
    row_height: int
    cell_width: int
    rows: list[tuple[int, str]]  # (y of the row's middle, label)
    cells: list[Cell]
    groups: list[tuple[int, int, str, str]]  # (x, width, colour, group) of each group's band


def matrix_chart(matrix: RepresentationMatrix, *, labels: list[str]) -> MatrixChart:
    """Lay out the Member States x initiatives matrix as a grid: one column per Member State.

    Columns are grouped by UN regional group and, within a group, ordered by how many
    initiatives the country takes part in, so gaps show as empty stretches.
    """
    label_width, row_height, cell_width, band = 150, 18, 4, 8
    colours = group_colours()
    order = sorted(
        matrix.rows,
        key=lambda row: (
            RegionalGroup.values.index(row.regional_group)
            if row.regional_group in RegionalGroup.values
            else 99,
            -row.count,
            row.iso3,
        ),
    )
    cells: list[Cell] = []
    groups: list[tuple[int, int, str, str]] = []
    for column, row in enumerate(order):
        x = label_width + column * cell_width
        if not groups or groups[-1][3] != row.regional_group:
            groups.append(
                (x, 0, colours.get(row.regional_group, NON_MEMBER_COLOUR), row.regional_group)
            )
        start, _width, colour, group = groups[-1]
        groups[-1] = (start, x + cell_width - start, colour, group)
        for index, taking_part in enumerate(row.cells):
            if taking_part:
                cells.append(
                    Cell(
                        x=x,
                        y=band + index * row_height,
                        fill=colours.get(row.regional_group, NON_MEMBER_COLOUR),
                        title=f"{row.iso3}: {labels[index]}",
                    )
                )
    rows = [(band + i * row_height + row_height // 2, label) for i, label in enumerate(labels)]
    return MatrixChart(
        width=label_width + len(order) * cell_width,
        height=band + len(labels) * row_height,
        label_width=label_width,
        row_height=row_height,
        cell_width=cell_width,
        rows=rows,
        cells=cells,
        groups=groups,
    )


@dataclass(frozen=True)
class Bar:
    x: int
    y: int
    height: int
    fill: str
    title: str


@dataclass(frozen=True)
class TimeChart:
    width: int
    height: int
    bar_width: int
    baseline: int
    bars: list[Bar]
    ticks: list[tuple[int, str]]  # (x, label) under each year's first half
    markers: list[tuple[int, int, str]]  # (x, y, title): a new initiative in that half-year
    scale: list[tuple[int, int]]  # (y, value) of the horizontal grid lines


def over_time_chart(halves: list[HalfYear], *, group_labels: dict[str, str]) -> TimeChart:
    """Stack, per half-year, the participations begun by UN regional group; mark new initiatives."""
    bar_width, gap, plot_height, top, left = 22, 6, 180, 30, 36
    colours = group_colours()
    highest = max([sum(half.joined.values()) for half in halves] + [1])
    step = max(1, round(highest / 4))
    scale_top = ((highest + step - 1) // step) * step
    baseline = top + plot_height
    bars, ticks, markers = [], [], []
    for index, half in enumerate(halves):
        x = left + index * (bar_width + gap)
        y = baseline
        for group in [*RegionalGroup.values, ""]:
            count = half.joined.get(str(group), 0)
            if not count:
                continue
            height = round(count * plot_height / scale_top)
            y -= height
            label = group_labels.get(str(group), str(group))
            bars.append(Bar(x, y, height, colours[str(group)], f"{half.label}: {label} {count}"))
        if half.half == 1:
            ticks.append((x, str(half.year)))
        for number, initiative in enumerate(half.new_initiatives):
            markers.append((x + bar_width // 2, top - 8 - number * 10, initiative.name))
    scale = [
        (baseline - round(value * plot_height / scale_top), value)
        for value in range(0, scale_top + 1, step)
    ]
    return TimeChart(
        width=left + max(len(halves), 1) * (bar_width + gap),
        height=baseline + 24,
        bar_width=bar_width,
        baseline=baseline,
        bars=bars,
        ticks=ticks,
        markers=markers,
        scale=scale,
    )
