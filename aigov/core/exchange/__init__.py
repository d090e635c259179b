"""Import and export of datasets in CSV, XLSX and JSON (`aigov import`, `aigov export`).

Modules register datasets from their AppConfig.ready() (see `registry`); `flow` validates every
row of an import before writing any and writes them all in one transaction; `files` reads and
writes the formats keeping each row's number as a person sees it.
"""

from aigov.core.exchange.files import FileFormat
from aigov.core.exchange.flow import Progress, dataset_export, dataset_export_to, dataset_import
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
    "ImportReport",
    "Importer",
    "Outcome",
    "Progress",
    "RowError",
    "dataset_export",
    "dataset_export_to",
    "dataset_get",
    "dataset_import",
    "datasets",
    "register_dataset",
    "unregister_dataset",
]
