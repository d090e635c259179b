"""Charts drawn on the server from figures, the same way in every module, page and PDF.

A module's `charts.py` turns its figures into one of three shapes and says nothing about
drawing: `bar_chart` (horizontal bars, single, grouped or stacked; `row_chart` for other rows
of marks, such as the landscape matrix), `column_chart` (stacked columns along time) or
`tag_cloud` (keywords sized by count). Rows and tag clouds render as HTML with `{{ chart }}`
(the title is the chart's accessible name); columns with
`{% include "core/charts/_columns.html" with chart=chart title=... title_id=... %}`, an SVG
with a `<title>`. Every chart keeps a table of its figures beside it on the page. Text is
drawn in the active language and direction, numbers with `format_decimal`/`format_percent`,
which the tables use too. The look lives in `aigov/static/aigov/charts.css`, which report
PDFs load as well.
"""

from aigov.core.charts.columns import Column, ColumnChart, column_chart
from aigov.core.charts.rows import (
    Bar,
    LegendEntry,
    Row,
    RowChart,
    Segment,
    Strip,
    bar_chart,
    row_chart,
    strip,
)
from aigov.core.charts.tags import TagCloud, tag_cloud
from aigov.core.charts.text import (
    NO_VALUE,
    format_decimal,
    format_percent,
    reading_direction,
    text_width,
)

# Okabe-Ito: distinct for the common forms of colour blindness; grey for "other" and "none".
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9"]
GREY = "#767676"

__all__ = [
    "GREY",
    "NO_VALUE",
    "PALETTE",
    "Bar",
    "Column",
    "ColumnChart",
    "LegendEntry",
    "Row",
    "RowChart",
    "Segment",
    "Strip",
    "TagCloud",
    "bar_chart",
    "column_chart",
    "format_decimal",
    "format_percent",
    "reading_direction",
    "row_chart",
    "strip",
    "tag_cloud",
    "text_width",
]
