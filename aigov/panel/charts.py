"""Charts of survey results, drawn with the shared helper (aigov.core.charts) from the analysis
figures: pages show them as they are, and report PDFs render the same HTML."""

from collections.abc import Sequence
from typing import Any

from django.utils.safestring import SafeString

from aigov.core.charts import Bar, Segment, bar_chart, format_decimal, format_percent, tag_cloud

SHARE_COLOUR = "#1f5f8b"
TRACK_COLOUR = "#e8eef4"


def figures_text(figures: dict[str, Any]) -> str:
    """The figures written after a bar: share answering 4 or 5, mean, number of valid answers."""
    share, mean, answers = figures.get("top2_share"), figures.get("mean"), figures.get("n")
    return f"{format_percent(share)} · {format_decimal(mean)} · n={int(answers or 0)}"


def item_chart(title: str, rows: Sequence[tuple[str, dict[str, Any]]]) -> SafeString:
    """Horizontal bars of the share answering 4 or 5, one row per group, mean and n beside."""
    chart = bar_chart(
        [
            (
                label,
                [
                    Bar(
                        [Segment(figures.get("top2_share") or 0, SHARE_COLOUR)],
                        text=figures_text(figures),
                    )
                ],
            )
            for label, figures in rows
        ],
        maximum=1,
        title=title,
        track=TRACK_COLOUR,
    )
    return chart.__html__()


def tag_chart(title: str, tags: Sequence[tuple[str, int]]) -> SafeString:
    """Keywords sized by the number of answers using them (like the report's Figure 3)."""
    return tag_cloud(tags, title=title).__html__()
