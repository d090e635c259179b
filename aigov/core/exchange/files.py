"""Reading and writing the files of imports and exports: CSV, XLSX and JSON, all UTF-8.

Errors must point at the row a person sees, so the readers keep every row's number: the header
is row 1 of a CSV or XLSX file, blank rows are skipped but counted, and a JSON file is a list of
objects numbered from 1. That is why they are written over the csv and json modules and openpyxl
rather than tablib's loaders, which drop blank CSV lines (shifting every later row), align JSON
objects by the first object's keys, and refuse ragged rows outright.

Writing uses tablib for CSV and JSON. XLSX is written with openpyxl (tablib's own backend) so
that text starting with "=" stays text: tablib would store it as a formula, which a spreadsheet
runs when the file is opened.
"""

import csv
import datetime
import io
import json
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, BinaryIO

import openpyxl
import tablib
from django.utils.translation import gettext as _
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from aigov.core.errors import InvalidInput
from aigov.core.exchange.report import RowError


class FileFormat(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"
    JSON = "json"


def file_format_for(*, explicit: str | None = None, filename: str | None = None) -> FileFormat:
    """Return the explicit format, else the one the file name's extension names.

    Raise InvalidInput when neither gives one of csv, xlsx or json.
    """
    name = (explicit or "").strip().lower().lstrip(".")
    if not name and filename and "." in filename:
        name = filename.rsplit(".", 1)[-1].lower()
    try:
        return FileFormat(name)
    except ValueError as unknown:
        message = _(
            "Give the file format (csv, xlsx or json), or use a file name ending in one of them."
        )
        raise InvalidInput(
            errors=[{"row": None, "field": None, "code": "unknown_format", "message": message}]
        ) from unknown


@dataclass(frozen=True)
class SourceRow:
    """One non-blank row of a file: its number as a person sees it and its values by column."""

    number: int
    values: dict[str, Any]


@dataclass
class ParsedFile:
    """The rows of a file. `columns` is the header of a CSV or XLSX file, None for JSON."""

    columns: list[str] | None = None
    header_row: int | None = None
    rows: list[SourceRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def read_file(content: bytes, file_format: FileFormat) -> ParsedFile:
    """Return the header and rows of `content`; a file that cannot be read yields errors."""
    if file_format == FileFormat.XLSX:
        return _read_xlsx(content)
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as undecodable:
        line = content[: undecodable.start].count(b"\n") + 1
        message = _(
            "The file is not UTF-8 text (the first bad character is on line %(line)d); save it as "
            "UTF-8 (in spreadsheet programs: CSV UTF-8) and try again."
        ) % {"line": line}
        return ParsedFile(errors=[RowError(row=None, field=None, code="encoding", message=message)])
    if file_format == FileFormat.CSV:
        return _read_csv(text)
    return _read_json(text)


def _header_name(cell: Any) -> str:
    return "" if cell is None else str(cell).strip().lower()


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _table(numbered_rows: Iterable[tuple[int, Sequence[Any]]]) -> ParsedFile:
    """Turn numbered rows (the first non-blank one being the header) into a ParsedFile."""
    parsed = ParsedFile()
    for number, cells in numbered_rows:
        if all(_is_blank(cell) for cell in cells):
            continue
        if parsed.columns is None:
            parsed.columns = [_header_name(cell) for cell in cells]
            parsed.header_row = number
            seen: set[str] = set()
            for name in parsed.columns:
                if name and name in seen:
                    message = _("The column %(column)s appears twice in the header; keep one.") % {
                        "column": name
                    }
                    parsed.errors.append(
                        RowError(row=number, field=name, code="duplicate_column", message=message)
                    )
                seen.add(name)
            continue
        values: dict[str, Any] = {}
        for position, cell in enumerate(cells):
            name = parsed.columns[position] if position < len(parsed.columns) else ""
            if name:
                values.setdefault(name, "" if cell is None else cell)
            elif not _is_blank(cell):
                message = _(
                    "Column %(letter)s has a value but no name in the header row; name the column "
                    "or empty it."
                ) % {"letter": get_column_letter(position + 1)}
                parsed.errors.append(
                    RowError(row=number, field=None, code="unnamed_column", message=message)
                )
        for name in parsed.columns:
            if name:
                values.setdefault(name, "")
        parsed.rows.append(SourceRow(number=number, values=values))
    if parsed.columns is None:
        message = _("The file has no header row; the first row must name the columns.")
        parsed.errors.append(RowError(row=None, field=None, code="empty_file", message=message))
    return parsed


def _read_csv(text: str) -> ParsedFile:
    reader = csv.reader(io.StringIO(text, newline=""))
    rows: list[tuple[int, Sequence[Any]]] = []
    # Records, not lines, are numbered: a quoted cell may span lines but is one spreadsheet row.
    number = 0
    try:
        for number, cells in enumerate(reader, start=1):
            rows.append((number, cells))
    except csv.Error as unreadable:
        message = _("This row cannot be read as CSV (%(reason)s); check its quotes.") % {
            "reason": unreadable
        }
        parsed = _table(rows)
        parsed.errors.append(
            RowError(row=number + 1, field=None, code="invalid_csv", message=message)
        )
        return parsed
    return _table(rows)


def _xlsx_value(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _read_xlsx(content: bytes) -> ParsedFile:
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as unreadable:
        message = _(
            "The file cannot be read as an XLSX workbook (%(reason)s); save it as .xlsx and "
            "try again."
        ) % {"reason": unreadable}
        return ParsedFile(
            errors=[RowError(row=None, field=None, code="invalid_xlsx", message=message)]
        )
    try:
        if not workbook.worksheets:
            return _table([])
        sheet = workbook.worksheets[0]
        numbered = [
            (number, [_xlsx_value(value) for value in values])
            for number, values in enumerate(sheet.iter_rows(min_row=1, values_only=True), start=1)
        ]
    finally:
        workbook.close()
    return _table(numbered)


def _read_json(text: str) -> ParsedFile:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as unreadable:
        message = _(
            "The file is not valid JSON: %(reason)s (line %(line)d, column %(column)d)."
        ) % {
            "reason": unreadable.msg,
            "line": unreadable.lineno,
            "column": unreadable.colno,
        }
        return ParsedFile(
            errors=[RowError(row=None, field=None, code="invalid_json", message=message)]
        )
    if not isinstance(document, list):
        message = _("A JSON import must be a list of objects, one per row, like an export.")
        return ParsedFile(
            errors=[RowError(row=None, field=None, code="invalid_json", message=message)]
        )
    parsed = ParsedFile()
    for number, item in enumerate(document, start=1):
        if not isinstance(item, dict):
            message = _("Each row must be an object with one member per column.")
            parsed.errors.append(
                RowError(row=number, field=None, code="invalid_row", message=message)
            )
            continue
        values: dict[str, Any] = {}
        for key, value in item.items():
            name = _header_name(key)
            if isinstance(value, (list, dict)):
                message = _("The value must be text, a number, true, false or null.")
                parsed.errors.append(
                    RowError(row=number, field=name, code="invalid", message=message)
                )
                continue
            values[name] = "" if value is None else value
        parsed.rows.append(SourceRow(number=number, values=values))
    return parsed


def _plain_text(value: Any) -> str:
    """Return a cell's text in CSV: ISO dates, lower-case booleans, empty for nothing."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (datetime.date, datetime.datetime, datetime.time)):
        return value.isoformat()
    return str(value)


def _json_value(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (datetime.date, datetime.datetime, datetime.time)):
        return value.isoformat()
    return str(value)


def _xlsx_cell(sheet: Any, value: Any) -> WriteOnlyCell:
    if isinstance(value, (datetime.date, datetime.datetime, datetime.time)):
        value = value.isoformat()
    elif value is not None and not isinstance(value, (bool, int, float, str)):
        value = str(value)
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # text, even when it starts with "=" (never a formula)
    return cell


def write_file(
    *,
    columns: Sequence[str],
    rows: Iterable[Mapping[str, Any]],
    file_format: FileFormat,
    stream: BinaryIO,
    title: str = "",
) -> int:
    """Write `rows` (values by column) to `stream` in `file_format`; return how many rows."""
    count = 0
    if file_format == FileFormat.XLSX:
        workbook = openpyxl.Workbook(write_only=True)
        sheet = workbook.create_sheet(title=(title or "export")[:31])
        sheet.freeze_panes = "A2"
        header = []
        for name in columns:
            cell = _xlsx_cell(sheet, name)
            cell.font = Font(bold=True)
            header.append(cell)
        sheet.append(header)
        for row in rows:
            sheet.append([_xlsx_cell(sheet, row.get(name)) for name in columns])
            count += 1
        workbook.save(stream)
        return count
    table = tablib.Dataset(headers=list(columns))
    convert = _plain_text if file_format == FileFormat.CSV else _json_value
    for row in rows:
        table.append([convert(row.get(name)) for name in columns])
        count += 1
    stream.write(table.export(file_format.value).encode("utf-8"))
    return count
