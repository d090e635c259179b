"""Reading and writing the files of imports and exports: CSV, XLSX and JSON, all UTF-8.

Errors must point at the row a person sees, so the readers keep every row's number: the header
is row 1 of a CSV or XLSX file, blank rows are skipped but counted, and a JSON file is a list of
objects numbered from 1. That is why they are written over the csv and json modules and openpyxl
rather than tablib's loaders, which drop blank CSV lines (shifting every later row), align JSON
objects by the first object's keys, and refuse ragged rows outright. Every reader stops at the
first limit a file exceeds (aigov.core.exchange.limits; XLSX in aigov.core.exchange.xlsx) and
says which, and names what a file of the wrong type or encoding is.

Writing uses tablib for CSV and JSON. XLSX is written with openpyxl (tablib's own backend) so
that text starting with "=" stays text: tablib would store it as a formula, which a spreadsheet
runs when the file is opened. CSV has no types, so text a spreadsheet would run is escaped
with a quote (formula_escaped), and the CSV reader removes it again.
"""

import csv
import datetime
import decimal
import io
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
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

from aigov.core.errors import InvalidInput, field_error
from aigov.core.exchange.formulas import formula_escaped, formula_unescaped
from aigov.core.exchange.kinds import file_kind_error
from aigov.core.exchange.limits import (
    ImportLimits,
    JsonTooDeep,
    count_text,
    file_too_large_message,
    json_parse,
)
from aigov.core.exchange.report import RowError
from aigov.core.exchange.xlsx import WorkbookRefused, workbook_rows


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
        raise InvalidInput(errors=[field_error(None, "unknown_format", message)]) from unknown


@dataclass(frozen=True)
class SourceRow:
    """One non-blank row of a file: its number as a person sees it and its values by column."""

    number: int
    values: dict[str, Any]


@dataclass
class ParsedFile:
    """The rows of a file. `columns` is the header of a CSV or XLSX file, None for JSON.

    `unreadable_rows` holds the rows with a cell that has no value to import (an XLSX formula
    without a saved result): they are reported for that alone, not validated as if the cell were
    empty. `is_refused` says the file was not read at all (over a limit, wrong type).
    """

    columns: list[str] | None = None
    header_row: int | None = None
    rows: list[SourceRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    unreadable_rows: set[int] = field(default_factory=set)
    is_refused: bool = False


def _refused(
    code: str, message: str, row: int | None = None, column: str | None = None
) -> ParsedFile:
    return ParsedFile(
        errors=[RowError(row=row, field=column, code=code, message=message)], is_refused=True
    )


class _Refused(Exception):
    """A file over a limit: `parsed` holds the error that says which."""

    def __init__(self, parsed: ParsedFile) -> None:
        super().__init__(parsed.errors[0].message)
        self.parsed = parsed


def read_file(
    content: bytes, file_format: FileFormat, limits: ImportLimits | None = None
) -> ParsedFile:
    """Return the header and rows of `content`; a file that cannot be read, or is over one of
    `limits` (by default the settings), yields errors saying why, by row and column."""
    limits = limits or ImportLimits.from_settings()
    if len(content) > limits.file_bytes:
        return _refused("too_large", file_too_large_message(len(content), limits.file_bytes))
    wrong = file_kind_error(content, file_format.value)
    if wrong is not None:
        return ParsedFile(errors=[wrong], is_refused=True)
    if file_format == FileFormat.XLSX:
        return _read_xlsx(content, limits)
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as undecodable:
        line = content[: undecodable.start].count(b"\n") + 1
        message = _(
            "The file is not UTF-8 text (the first bad character is on line %(line)d); save it as "
            "UTF-8 (in spreadsheet programs: CSV UTF-8) and try again."
        ) % {"line": line}
        return _refused("encoding", message)
    try:
        if file_format == FileFormat.CSV:
            return _read_csv(text, limits)
        return _read_json(text, limits)
    except _Refused as refused:
        return refused.parsed


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


def _too_many_rows(row: int, limit: int) -> _Refused:
    message = _(
        "The file has more than %(limit)s rows, the most an import may have (the header "
        "included); split it into smaller files."
    ) % {"limit": count_text(limit)}
    return _Refused(_refused("too_many_rows", message, row))


def _too_many_columns(row: int, count: int, limit: int) -> _Refused:
    message = _("Row %(row)d has %(count)s columns; an import may have at most %(limit)s.") % {
        "row": row,
        "count": count_text(count),
        "limit": count_text(limit),
    }
    return _Refused(_refused("too_many_columns", message, row))


def _cell_too_long(
    row: int, column: str, length: int, limit: int, *, field: str | None
) -> _Refused:
    message = _(
        "The value in row %(row)d, column %(column)s, has %(length)s characters; a cell may hold "
        "at most %(limit)s."
    ) % {"row": row, "column": column, "length": count_text(length), "limit": count_text(limit)}
    return _Refused(_refused("cell_too_long", message, row, field))


class _Lines:
    """The lines of a text, counting how many characters the csv reader has taken so far."""

    def __init__(self, text: str) -> None:
        self.source = io.StringIO(text, newline="")
        self.consumed = 0

    def __iter__(self) -> Iterator[str]:
        for line in self.source:
            self.consumed += len(line)
            yield line


def _read_csv(text: str, limits: ImportLimits) -> ParsedFile:
    lines = _Lines(text)
    # strict: a quote left open is an error at the end of the file, not a cell that swallows
    # every later row (which then reads as rows with missing values).
    reader = csv.reader(lines, strict=True)
    rows: list[tuple[int, Sequence[Any]]] = []
    # Records, not lines, are numbered: a quoted cell may span lines but is one spreadsheet row.
    number = 0
    record_start = 0
    try:
        for number, cells in enumerate(reader, start=1):
            if number > limits.rows:
                raise _too_many_rows(number, limits.rows)
            if len(cells) > limits.columns:
                raise _too_many_columns(number, len(cells), limits.columns)
            for position, cell in enumerate(cells):
                if len(cell) > limits.cell_characters:
                    letter = get_column_letter(position + 1)
                    raise _cell_too_long(
                        number, letter, len(cell), limits.cell_characters, field=None
                    )
            rows.append((number, [formula_unescaped(cell) for cell in cells]))
            record_start = lines.consumed
    except csv.Error as unreadable:
        parsed = _table(rows)
        parsed.errors.append(_csv_error(number + 1, str(unreadable), text, record_start, limits))
        return parsed
    return _table(rows)


def _csv_error(
    row: int, reason: str, text: str, record_start: int, limits: ImportLimits
) -> RowError:
    """Say what the csv reader stopped at, in the row where the faulty record starts."""
    # Inside an open quote the reader takes the rest of the file as one cell: at its end it
    # reports the end of data, or, sooner, a cell over its own size limit. An odd number of
    # quotes from the record's start tells the open quote from a long cell.
    open_quote = reason.startswith("unexpected end of data") or (
        reason.startswith("field larger than field limit")
        and text.count('"', record_start) % 2 == 1
    )
    if open_quote:
        message = _(
            'Row %(row)d opens a quoted value that is never closed; add the closing quote (") '
            "or remove the opening one."
        ) % {"row": row}
        return RowError(row=row, field=None, code="unterminated_quote", message=message)
    if reason.startswith("field larger than field limit"):
        message = _(
            "Row %(row)d has a value of more than %(limit)s characters, the most a cell may hold."
        ) % {"row": row, "limit": count_text(limits.cell_characters)}
        return RowError(row=row, field=None, code="cell_too_long", message=message)
    if "expected after '\"'" in reason:
        message = _(
            "Row %(row)d has text after the closing quote of a quoted value; write a quote inside "
            'a quoted value twice ("").'
        ) % {"row": row}
        return RowError(row=row, field=None, code="invalid_csv", message=message)
    message = _("This row cannot be read as CSV (%(reason)s); check its quotes.") % {
        "reason": reason
    }
    return RowError(row=row, field=None, code="invalid_csv", message=message)


def _read_xlsx(content: bytes, limits: ImportLimits) -> ParsedFile:
    try:
        workbook = workbook_rows(content, limits)
    except WorkbookRefused as refused:
        return ParsedFile(errors=[refused.error], is_refused=True)
    parsed = _table(workbook.numbered)
    for problem in workbook.problems:
        columns = parsed.columns or []
        name = columns[problem.column - 1] if problem.column <= len(columns) else ""
        error = RowError(
            row=problem.row, field=name or None, code=problem.code, message=problem.message
        )
        parsed.errors.append(error)
        parsed.unreadable_rows.add(problem.row)
    return parsed


def _read_json(text: str, limits: ImportLimits) -> ParsedFile:
    try:
        document = json_parse(text, limit=limits.json_depth)
    except JsonTooDeep as too_deep:
        return _refused("too_deep", str(too_deep))
    except json.JSONDecodeError as unreadable:
        message = _(
            "The file is not valid JSON: %(reason)s (line %(line)d, column %(column)d)."
        ) % {
            "reason": unreadable.msg,
            "line": unreadable.lineno,
            "column": unreadable.colno,
        }
        return _refused("invalid_json", message)
    if not isinstance(document, list):
        message = _("A JSON import must be a list of objects, one per row, like an export.")
        return _refused("invalid_json", message)
    if len(document) > limits.rows:
        message = _(
            "The file has %(count)s rows; an import may have at most %(limit)s: split it into "
            "smaller files."
        ) % {"count": count_text(len(document)), "limit": count_text(limits.rows)}
        return _refused("too_many_rows", message)
    parsed = ParsedFile()
    for number, item in enumerate(document, start=1):
        if not isinstance(item, dict):
            message = _("Each row must be an object with one member per column.")
            parsed.errors.append(
                RowError(row=number, field=None, code="invalid_row", message=message)
            )
            continue
        if len(item) > limits.columns:
            raise _too_many_columns(number, len(item), limits.columns)
        values: dict[str, Any] = {}
        for key, value in item.items():
            name = _header_name(key)
            if isinstance(value, (list, dict)):
                message = _("The value must be text, a number, true, false or null.")
                parsed.errors.append(
                    RowError(row=number, field=name, code="invalid", message=message)
                )
                continue
            if isinstance(value, str) and len(value) > limits.cell_characters:
                raise _cell_too_long(number, name, len(value), limits.cell_characters, field=name)
            values[name] = "" if value is None else value
        parsed.rows.append(SourceRow(number=number, values=values))
    return parsed


def _plain_text(value: Any) -> str:
    """Return a cell's text in CSV: ISO dates, lower-case booleans, empty for nothing, numbers as
    they are (-3 stays a number), and text that a spreadsheet would run escaped."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (datetime.date, datetime.datetime, datetime.time)):
        return value.isoformat()
    if isinstance(value, (int, float, decimal.Decimal)):
        return str(value)
    return formula_escaped(str(value))


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
