"""Where the taxonomy's reference files are, the sources they name, and how their rows are read."""

import csv
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings

from aigov.core.reference import (
    RowProblem,
)

PACKAGE_DATA = Path(__file__).resolve().parents[1] / "data"
UN_LANGUAGES = {
    "ar": "Arabic",
    "zh-hans": "Chinese",
    "en": "English",
    "fr": "French",
    "ru": "Russian",
    "es": "Spanish",
}
# pycountry locales whose country names serve as search aliases (not shown as labels).
ALIAS_LOCALES = ["es", "de", "pt", "it", "fr", "ru", "zh_CN", "ar", "nl", "sw", "id", "tr"]
RTL_SCRIPTS = {"Arab", "Hebr", "Thaa", "Syrc", "Nkoo", "Adlm", "Rohg", "Mand", "Samr"}

# The files (and libraries) each kind of record is read from, as conflicts name them.
COUNTRY_SOURCES = (
    "hdx-python-country, un_regional_groups.csv, income_groups.csv, least_developed_countries.csv"
)
LANGUAGE_SOURCES = "pycountry and langcodes"
RISK_SOURCES = "risk_taxonomy.csv, risk_taxonomy_zh.csv, risk_taxonomy_translations.csv"
# The languages besides English a taxonomy file may give names in, by column suffix.
NAME_COLUMNS = {"fr": "fr", "es": "es", "ru": "ru", "zh": "zh-hans", "ar": "ar"}
CHINESE_RISK_SOURCE = (
    "Chinese: HLAB final report, Chinese edition, Box 4 (方框4), verbatim "
    "(data/reference/risk_taxonomy_zh.csv)"
)

HDX_SOURCE = "hdx-python-country: OCHA Countries & Territories Taxonomy (names per UNTERM/M49)"
COCO_SOURCE = "country_converter: UN membership and year of admission"


def csv_rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    with path.open(newline="", encoding="utf-8") as handle:
        for number, row in enumerate(csv.DictReader(handle), start=2):
            yield number, {k: (v or "").strip() for k, v in row.items()}


def reference_path(name: str) -> Path:
    return Path(settings.REFERENCE_DATA_DIR) / name


class Collector:
    def __init__(self) -> None:
        self.problems: list[RowProblem] = []

    def add(self, path: Path, row: int, field: str, message: str) -> None:
        self.problems.append(RowProblem(path.name, row, field, message))
