"""SVG charts of survey results, drawn on the server from the analysis figures.

Each chart is a self-contained <svg> string with a <title> and a text alternative; it needs no
script or style sheet, so it also goes into exported pages as it is.
"""

from collections.abc import Sequence
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

BAR_WIDTH = 260
LABEL_WIDTH = 170
ROW = 22


def _number(value: float | None, digits: int = 2) -> str:
    return "\u2013" if value is None else f"{value:.{digits}f}"


def item_chart(title: str, rows: Sequence[tuple[str, dict[str, Any]]]) -> SafeString:
    """Horizontal bars of the share answering 4 or 5, one row per group, mean and n beside."""
    height = ROW * len(rows) + 8
    width = LABEL_WIDTH + BAR_WIDTH + 150
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" class="chart" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
    ]
    for index, (label, figures) in enumerate(rows):
        y = 4 + index * ROW
        share = figures.get("top2_share")
        length = round(BAR_WIDTH * (share or 0))
        parts.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{y + 15}" text-anchor="end" font-size="12">'
            f"{escape(label)}</text>"
            f'<rect x="{LABEL_WIDTH}" y="{y + 3}" width="{BAR_WIDTH}" height="{ROW - 6}" '
            'fill="#e8eef4"/>'
            f'<rect x="{LABEL_WIDTH}" y="{y + 3}" width="{length}" height="{ROW - 6}" '
            'fill="#1f5f8b"/>'
            f'<text x="{LABEL_WIDTH + BAR_WIDTH + 6}" y="{y + 15}" font-size="12">'
            f"{_number(None if share is None else share * 100, 0)}% · "
            f"{_number(figures.get('mean'))} · n={int(figures.get('n') or 0)}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text is escaped above


def tag_chart(title: str, tags: Sequence[tuple[str, int]], width: int = 560) -> SafeString:
    """Keyword tags laid out in lines, each sized by its count (like the report's Figure 3)."""
    if not tags:
        return mark_safe("")
    top = max(count for _tag, count in tags)
    x, y, line_height = 0.0, 0.0, 0.0
    placed: list[tuple[str, int, float, float, int]] = []
    for tag, count in tags:
        size = round(12 + 20 * count / top)
        word_width = 0.62 * size * len(tag) + 14
        if x + word_width > width and x > 0:
            x, y = 0.0, y + line_height
            line_height = 0.0
        line_height = max(line_height, size * 1.4)
        placed.append((tag, count, x, y + size, size))
        x += word_width
    height = round(y + line_height + 4)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
        f'role="img" class="chart tags" aria-label="{escape(title)}"><title>{escape(title)}</title>'
    ]
    for tag, count, tx, ty, size in placed:
        parts.append(
            f'<text x="{tx:.0f}" y="{ty:.0f}" font-size="{size}" fill="#1f5f8b">'
            f"<title>{escape(tag)}: {count}</title>{escape(tag)}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text is escaped above
