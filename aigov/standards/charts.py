"""The roadmap page's chart, drawn with the shared helper (aigov.core.charts) beside a table of
the same figures: standards per year, stacked by body. Bodies beyond the palette share one grey
band, as the HLAB report's Figure 13 keeps only the largest bodies apart."""

from django.utils.translation import gettext as _

from aigov.core.charts import GREY, PALETTE, Column, ColumnChart, LegendEntry, Segment, column_chart
from aigov.standards.selectors import BodyYearCounts

OTHER_COLOUR = GREY


def body_year_chart(counts: BodyYearCounts) -> ColumnChart:
    """Stack, per year, the standards of each of the largest bodies, the others in one band."""
    shown = counts.bodies[: len(PALETTE)]
    others = [body_id for body_id, _name, _total in counts.bodies[len(PALETTE) :]]
    bands = [(PALETTE[index], name, [body_id]) for index, (body_id, name, _t) in enumerate(shown)]
    if others:
        bands.append((OTHER_COLOUR, _("Other bodies"), others))
    columns = []
    for year in counts.years:
        segments = []
        for fill, label, body_ids in bands:
            number = sum(counts.counts[body_id].get(year, 0) for body_id in body_ids)
            segments.append(Segment(number, fill, f"{year}: {label} {number}"))
        columns.append(Column(label=str(year), segments=segments))
    legend = [LegendEntry(fill, str(label)) for fill, label, _ids in bands]
    return column_chart(columns, bar_width=26, gap=8, plot_height=200, legend=legend)
