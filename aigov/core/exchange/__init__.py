"""Import and export of datasets in CSV, XLSX and JSON (`aigov import`, `aigov export`).

Modules register datasets from their AppConfig.ready() (see `registry`); `flow` validates every
row of an import before writing any and writes them all in one transaction; `files` reads and
writes the formats keeping each row's number as a person sees it; `limits` and `xlsx` keep a
file within the limits of the settings (README, "Imports and exports").
"""

from aigov.core.exchange.files import FileFormat
from aigov.core.exchange.flow import Progress, dataset_export, dataset_export_to, dataset_import
from aigov.core.exchange.formulas import formula_escaped, formula_unescaped
from aigov.core.exchange.limits import ImportLimits, JsonTooDeep, json_parse
from aigov.core.exchange.registry import (
    Column,
    Dataset,
    Exporter,
    Importer,
    Outcome,
    dataset_get,
    datasets,
    register_dataset,
    unregister_dataset,
)
from aigov.core.exchange.report import ImportReport, RowError

__all__ = [
    "Column",
    "Dataset",
    "Exporter",
    "FileFormat",
    "ImportLimits",
    "ImportReport",
    "Importer",
    "JsonTooDeep",
    "Outcome",
    "Progress",
    "RowError",
    "dataset_export",
    "dataset_export_to",
    "dataset_get",
    "dataset_import",
    "datasets",
    "formula_escaped",
    "formula_unescaped",
    "json_parse",
    "register_dataset",
    "unregister_dataset",
]
