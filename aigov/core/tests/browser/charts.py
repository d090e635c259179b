"""What a reader sees of a chart drawn by aigov.core.charts: where each label sits against its
bars, whether it is cut, and how large its text is drawn on screen."""

from dataclasses import dataclass
from typing import Any

from playwright.sync_api import Browser, Page

from aigov.core.tests.browser.plugin import LiveServer

# For every row of the charts matched: the box of its label and of each of its bars, and whether
# the label's text overflows its box; for every piece of chart text, the size it is drawn at
# (an SVG scaled to fit draws its text smaller than its font-size says, by the scale of its CTM).
MEASURE = """(selector) => {
  const box = (element) => {
    const r = element.getBoundingClientRect();
    return {left: r.left, right: r.right, top: r.top, bottom: r.bottom};
  };
  const rows = [], sizes = [];
  for (const chart of document.querySelectorAll(selector)) {
    for (const row of chart.querySelectorAll('.chart-row')) {
      const label = row.querySelector('.chart-label');
      rows.push({
        text: label.textContent,
        label: box(label),
        cut: label.scrollWidth > label.clientWidth + 1,
        bars: [...row.querySelectorAll('svg.chart-bar')].map(box),
      });
    }
    for (const element of chart.querySelectorAll('.chart-label, .chart-value, li, text')) {
      let size = parseFloat(getComputedStyle(element).fontSize);
      if (element instanceof SVGElement) size *= element.getScreenCTM().a;
      sizes.push(size);
    }
  }
  return {rows, sizes};
}"""


@dataclass(frozen=True)
class ChartRow:
    text: str
    label: dict[str, float]
    bars: list[dict[str, float]]
    cut: bool


def _overlap(one: dict[str, float], other: dict[str, float]) -> bool:
    return (
        one["left"] < other["right"] - 0.5
        and other["left"] < one["right"] - 0.5
        and one["top"] < other["bottom"] - 0.5
        and other["top"] < one["bottom"] - 0.5
    )


@dataclass(frozen=True)
class ChartLayout:
    rows: list[ChartRow]
    text_sizes: list[float]

    def overlapping(self) -> list[str]:
        """The labels whose box covers one of their bars."""
        return [r.text for r in self.rows if any(_overlap(r.label, bar) for bar in r.bars)]

    def cut(self) -> list[str]:
        return [row.text for row in self.rows if row.cut]

    def labels_above(self) -> bool:
        """Whether every label sits wholly above its bars (a narrow chart, one per line)."""
        return all(row.label["bottom"] <= bar["top"] + 0.5 for row in self.rows for bar in row.bars)

    def labels_at_the_right(self) -> bool:
        """Whether every label sits wholly right of its bars (right to left, side by side)."""
        return all(row.label["left"] >= bar["right"] - 0.5 for row in self.rows for bar in row.bars)


def chart_layout(page: Page, selector: str) -> ChartLayout:
    """Measure the charts matching `selector` on the page as it is laid out now."""
    measured: dict[str, Any] = page.evaluate(MEASURE, selector)
    rows = [ChartRow(r["text"], r["label"], r["bars"], r["cut"]) for r in measured["rows"]]
    return ChartLayout(rows, measured["sizes"])


def chart_layout_at(
    browser: Browser, server: LiveServer, *, path: str, selector: str, width: int
) -> ChartLayout:
    """Open `path` in a window `width` CSS pixels wide and measure its charts."""
    context = browser.new_context(base_url=server.url, viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        response = page.goto(path)
        assert response is not None and response.ok, path
        return chart_layout(page, selector)
    finally:
        context.close()
