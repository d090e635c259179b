"""Report PDFs read back as a reader gets them: pages rasterised with pdftoppm, the chart found
by its colours, its text extracted with pdftotext and compared with the table beside it."""

import io
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext
from pypdf import PdfReader

from aigov.panel import report_figures, reports
from aigov.panel.charts import SHARE_COLOUR, TRACK_COLOUR
from aigov.panel.models import Report
from aigov.panel.tests.conftest import secretariat_user
from aigov.panel.tests.test_reports import author, draft, group, published_survey  # noqa: F401

PDFTOPPM, PDFTOTEXT = shutil.which("pdftoppm"), shutil.which("pdftotext")
pytestmark = pytest.mark.django_db
needs_poppler = pytest.mark.skipif(
    not (PDFTOPPM and PDFTOTEXT), reason="poppler-utils is missing: run `make pdf-deps`"
)
TEXTS = {
    "ar": {"title": "التقرير السنوي", "summary": "", "body": "نص التقرير.\n\n[[figure 1]]"},
    "zh-hans": {"title": "年度报告", "summary": "", "body": "专家的意见。\n\n[[figure 1]]"},
}


@dataclass(frozen=True)
class Raster:
    """A page drawn at 72 dpi, so a pixel is a PDF point, as pdftotext measures."""

    width: int
    height: int
    pixels: bytes

    def box(self, colours: set[tuple[int, int, int]]) -> tuple[int, int, int, int] | None:
        """Return (left, top, right, bottom) of the pixels in `colours`, or None."""
        found = [
            (index % self.width, index // self.width)
            for index in range(self.width * self.height)
            if tuple(self.pixels[index * 3 : index * 3 + 3]) in colours
        ]
        if not found:
            return None
        xs, ys = [x for x, _y in found], [y for _x, y in found]
        return min(xs), min(ys), max(xs), max(ys)


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def _rasters(pdf: Path) -> list[Raster]:
    """Rasterise every page with pdftoppm (binary PPM: a header, then RGB bytes)."""
    prefix = pdf.with_suffix("")
    subprocess.run([str(PDFTOPPM), "-r", "72", str(pdf), str(prefix)], check=True)
    rasters = []
    for path in sorted(pdf.parent.glob(f"{prefix.name}-*.ppm")):
        data = path.read_bytes()
        magic, width, height, _depth, pixels = data.split(maxsplit=4)
        assert magic == b"P6"
        rasters.append(Raster(int(width), int(height), pixels))
    return rasters


def _text(pdf: Path, page: int, box: tuple[float, float, float, float], layout: bool) -> str:
    """Return the text pdftotext reads inside (left, top, right, bottom) of a page."""
    left, top, right, bottom = (round(value) for value in box)
    command = [str(PDFTOTEXT), "-f", str(page), "-l", str(page), *(["-layout"] if layout else [])]
    command += ["-x", str(left), "-y", str(top), "-W", str(right - left), "-H", str(bottom - top)]
    completed = subprocess.run(
        [*command, str(pdf), "-"], check=True, capture_output=True, text=True
    )
    # pdftotext marks runs with bidi embedding controls; the letters are what a reader copies
    return "".join(c for c in completed.stdout if unicodedata.category(c) != "Cf")


@dataclass(frozen=True)
class ReadBack:
    chart_labels: list[str]  # words of the labels beside the bars, top to bottom
    chart_values: str  # the figures after the bars
    table_labels: list[str]  # words of the table's row headers, top to bottom
    table: str


def _read_back(pdf: Path, *, right_to_left: bool) -> ReadBack:
    """Find the chart on the page by its track and bar colours and read its two sides; read
    the table below it row by row."""
    colours = {_rgb(SHARE_COLOUR), _rgb(TRACK_COLOUR)}
    found = [
        (number, raster, tracks)
        for number, raster in enumerate(_rasters(pdf), start=1)
        if (tracks := raster.box(colours)) is not None
    ]
    assert found, "no chart on any page"
    number, raster, tracks = found[0]
    left, top, right, bottom = tracks
    rows = (top - 3, bottom + 3)
    label_side = (right + 2, raster.width) if right_to_left else (0, left - 2)
    value_side = (0, left - 2) if right_to_left else (right + 2, raster.width)
    labels = _text(pdf, number, (label_side[0], rows[0], label_side[1], rows[1]), False)
    values = _text(pdf, number, (value_side[0], rows[0], value_side[1], rows[1]), False)
    table = _text(pdf, number, (0, bottom + 4, raster.width, raster.height), True)
    table_labels = []
    for line in table.splitlines():
        cells = [cell.strip() for cell in line.split("  ") if cell.strip()]
        if right_to_left:
            cells.reverse()
        if len(cells) >= 4 and cells[1].isdigit():  # a row: label, n, mean, share
            table_labels += cells[0].split()
    return ReadBack(labels.split(), values, table_labels, table)


@pytest.fixture
def published(client: Client, author: Any, draft: Report, django_capture_on_commit_callbacks: Any):  # noqa: F811
    """The draft (an item by regional group) published with Arabic and Chinese texts."""
    version = draft.versions.get()
    reports.report_save_version(actor=author, report=draft, texts=TEXTS, embeds=version.embeds)
    secretariat = secretariat_user()
    with django_capture_on_commit_callbacks(execute=True):
        reports.report_approve(actor=secretariat, report=draft, number=2)
        reports.report_publish(actor=secretariat, report=draft)
    return draft


def _pdf(client: Client, language: str, tmp_path: Path) -> Path:
    response = client.get(f"/{language}/panel/reports/annual-2026/pdf/")
    assert response.status_code == 200
    path = tmp_path / f"report-{language}.pdf"
    path.write_bytes(response.content)
    return path


@needs_poppler
def test_arabic_chart_labels_read_joined_and_in_order_as_the_table(
    client: Client, published: Report, tmp_path: Path
) -> None:
    read = _read_back(_pdf(client, "ar", tmp_path), right_to_left=True)
    with translation.override("ar"):
        everyone = gettext("All respondents")
    # Glyphs drawn one by one (WeasyPrint's SVG text) read back reversed: "نيبيجملا عيمج".
    assert read.chart_labels[: len(everyone.split())] == everyone.split()
    assert read.chart_labels == read.table_labels
    assert len(read.table_labels) > 8  # every regional group, not just the first row
    # q1, every respondent: mean 3.43 written the Arabic way in the chart and the table alike
    assert "3,43" in read.chart_values and "3,43" in read.table
    assert "3.43" not in read.chart_values + read.table


@needs_poppler
def test_chinese_chart_labels_use_the_simplified_chinese_face(
    client: Client, published: Report, tmp_path: Path
) -> None:
    path = _pdf(client, "zh-hans", tmp_path)
    read = _read_back(path, right_to_left=False)
    with translation.override("zh-hans"):
        everyone = gettext("All respondents")
    assert read.chart_labels[0] == everyone and read.chart_labels == read.table_labels
    fonts = {
        str(font["/BaseFont"])
        for page in PdfReader(io.BytesIO(path.read_bytes())).pages
        for font in (page["/Resources"].get("/Font") or {}).values()
    }
    assert any("CJK-SC" in font for font in fonts), fonts
    assert not any("CJK-JP" in font for font in fonts), fonts
    page = client.get("/zh-hans/panel/reports/annual-2026/").content.decode()
    assert 'class="chart row-chart" lang="zh-hans" dir="ltr"' in page


def test_figure_caption_is_two_sentences(client: Client, published: Report) -> None:
    response = client.get("/en/panel/reports/annual-2026/pdf/")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    (caption,) = [line for line in text.splitlines() if line.startswith("Figure 1:")]
    assert caption.strip() == "Figure 1: Harm to people"
    assert "Figures as they were when the report was published." in text


def test_a_figure_frozen_with_its_svg_is_drawn_again_from_its_rows() -> None:
    """Publications frozen before charts were HTML stored an SVG beside the rows; the rows are
    what is drawn now, in the reader's direction and number format."""
    stale = '<svg xmlns="http://www.w3.org/2000/svg"><text>cut at a fixed wid</text></svg>'
    frozen = [
        {
            "survey": "pulse",
            "kind": "item",
            "item": "q1",
            "by": "all",
            "drawn": {"en": {"title": "Harm", "svg": stale, "rows": [["All", 7, 24 / 7, 4 / 7]]}},
        }
    ]
    with translation.override("ar"):
        (figure,) = report_figures.thawed(frozen, "ar")  # no Arabic labels: the English ones
    assert "cut at a fixed wid" not in figure.chart
    assert 'dir="rtl"' in figure.chart and "57% · 3,43 · n=7" in figure.chart
    assert figure.rows == [["All", "7", "3,43", "57%"]]
