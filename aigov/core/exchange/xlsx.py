"""Reading the first sheet of an XLSX workbook within limits (issue 17, parts 5 and 12).

openpyxl in read-only mode streams a sheet's rows, yet some of its work follows what a file
claims rather than what it holds: it loads the shared strings whole, builds each row's XML
element whole, pads each row to the width the sheet's <dimension> claims and yields every row a
file skips; and with data_only a formula whose result was never saved reads as an empty cell,
which would then be reported as a missing value. So before openpyxl reads anything:

1. the unpacked size of the parts is read from the zip directory (zipfile never inflates a part
   beyond its declared size: a part that claims less fails its checksum instead);
2. expat, a streaming parser holding one chunk of text at a time, goes through the shared
   strings and the first worksheet: rows, columns and characters per cell are counted and the
   first one over a limit stops the reading; formulas without a saved result and error values
   are noted with their cell;
3. openpyxl then reads only the rows and columns that hold a value.
"""

import io
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol
from xml.parsers import expat

import openpyxl
from django.utils.translation import gettext as _
from openpyxl.packaging.manifest import Manifest
from openpyxl.reader.workbook import WorkbookParser
from openpyxl.utils.cell import (
    column_index_from_string,
    coordinate_from_string,
    get_column_letter,
)
from openpyxl.utils.exceptions import CellCoordinatesException, InvalidFileException
from openpyxl.xml.constants import (
    ARC_CONTENT_TYPES,
    SHARED_STRINGS,
    SHEET_MAIN_NS,
    XLSM,
    XLSX,
    XLTM,
    XLTX,
)
from openpyxl.xml.functions import fromstring

from aigov.core.exchange.limits import ImportLimits, count_text, size_text
from aigov.core.exchange.report import RowError

# What reading a damaged or hostile workbook may raise, in zipfile, expat, openpyxl's parsers and
# its descriptors (which raise TypeError and ValueError for values of the wrong kind).
UNREADABLE = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    OSError,
    KeyError,
    IndexError,
    ValueError,
    TypeError,
    AttributeError,
    SyntaxError,  # xml.etree's ParseError
    expat.ExpatError,
    CellCoordinatesException,
    InvalidFileException,
)

_CHUNK = 64 * 1024
# Element names as expat gives them with namespace_separator=" ".
_SI, _T, _ROW, _C, _V, _F = (f"{SHEET_MAIN_NS} {tag}" for tag in ("si", "t", "row", "c", "v", "f"))
_VALUES = (_V, _T)


class WorkbookRefused(Exception):
    """The workbook cannot be read; `error` says why, for the import report."""

    def __init__(self, error: RowError) -> None:
        super().__init__(error.message)
        self.error = error


@dataclass(frozen=True)
class CellProblem:
    """A cell whose value cannot be imported: a formula without a saved result, or an error."""

    row: int
    column: int
    reference: str
    code: str
    message: str


@dataclass
class WorkbookRows:
    """The first sheet's rows, numbered as a person sees them, and the cells that hold no value."""

    sheet: str
    numbered: list[tuple[int, list[Any]]] = field(default_factory=list)
    problems: list[CellProblem] = field(default_factory=list)


def _refuse(code: str, message: str, row: int | None = None) -> WorkbookRefused:
    return WorkbookRefused(RowError(row=row, field=None, code=code, message=message))


def _unreadable(reason: object) -> WorkbookRefused:
    message = _(
        "The file cannot be read as an XLSX workbook (%(reason)s); save it as .xlsx and try again."
    ) % {"reason": reason}
    return _refuse("invalid_xlsx", message)


def workbook_rows(content: bytes, limits: ImportLimits) -> WorkbookRows:
    """Return the rows of the first worksheet of an XLSX file, after checking it is within
    `limits`; raise WorkbookRefused saying what is wrong (the limit, the sheet and cell)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except zipfile.BadZipFile as not_zip:
        raise _unreadable(not_zip) from not_zip
    with archive:
        unpacked = sum(member.file_size for member in archive.infolist())
        if unpacked > limits.unpacked_bytes:
            message = _(
                "The workbook unpacks to %(size)s, more than %(limit)s, the most an import may "
                "unpack to; split it into smaller files."
            ) % {"size": size_text(unpacked), "limit": size_text(limits.unpacked_bytes)}
            raise _refuse("too_large", message)
        try:
            strings_part, title, sheet_part = _parts(archive)
            too_long = _long_shared_strings(archive, strings_part, limits)
            survey = _SheetSurvey(title, limits, too_long)
            _parse(archive, sheet_part, survey)
        except WorkbookRefused:
            raise
        except UNREADABLE as damaged:
            raise _unreadable(damaged) from damaged
        if too_long and not survey.found_long_string:
            message = _(
                "The workbook holds a text of more than %(limit)s characters, the most a cell may "
                "hold (on a sheet other than %(sheet)s); shorten it and try again."
            ) % {"limit": count_text(limits.cell_characters), "sheet": title}
            raise _refuse("cell_too_long", message)
    rows = WorkbookRows(sheet=title, problems=survey.problems)
    try:
        rows.numbered = list(_openpyxl_rows(content, title, survey))
    except UNREADABLE as damaged:
        raise _unreadable(damaged) from damaged
    return rows


def _openpyxl_rows(content: bytes, title: str, survey: "_SheetSurvey") -> Iterator[Any]:
    workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        if sheet.title != title:
            raise _unreadable(_("its first sheet is not the one its workbook part names"))
        if not survey.last_row:
            return
        # Explicit bounds: openpyxl would otherwise trust the sheet's <dimension>.
        values = sheet.iter_rows(
            min_row=1, max_row=survey.last_row, max_col=survey.last_column, values_only=True
        )
        for number, cells in enumerate(values, start=1):
            yield number, [_plain_number(cell) for cell in cells]
    finally:
        workbook.close()


def _plain_number(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _parts(archive: zipfile.ZipFile) -> tuple[str | None, str, str]:
    """Return the shared strings part, and the title and part of the first worksheet, found as
    openpyxl finds them (the content types, then the workbook and its relationships)."""
    manifest = Manifest.from_tree(fromstring(archive.read(ARC_CONTENT_TYPES)))
    strings = manifest.find(SHARED_STRINGS)
    workbook_part = next(
        (part for kind in (XLSX, XLSM, XLTX, XLTM) if (part := manifest.find(kind))), None
    )
    if workbook_part is None:
        message = _(
            "The file is a zip archive but holds no Excel workbook; save it as an Excel workbook "
            "(.xlsx) and try again."
        )
        raise _refuse("wrong_type", message)
    parser = WorkbookParser(archive, workbook_part.PartName[1:])
    parser.parse()
    names = set(archive.namelist())
    for sheet, relationship in parser.find_sheets():
        if relationship.target in names and "chartsheet" not in relationship.Type:
            strings_part = strings.PartName[1:] if strings is not None else None
            return strings_part, str(sheet.name), relationship.target
    raise _refuse("empty_file", _("The workbook has no worksheet; the rows must be on the first."))


def _parse(archive: zipfile.ZipFile, part: str, handler: "_Handler") -> None:
    """Feed a part to expat in chunks; a handler may stop it by raising WorkbookRefused."""
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.buffer_text = True  # one call per run of text, not one per line or entity
    parser.StartElementHandler = handler.start
    parser.EndElementHandler = handler.end
    parser.CharacterDataHandler = handler.text
    # The parts of a workbook have no document type; one could define entities that expand.
    parser.StartDoctypeDeclHandler = _no_doctype
    with archive.open(part) as stream:
        while chunk := stream.read(_CHUNK):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)


def _no_doctype(*_args: Any) -> None:
    raise _unreadable(_("it declares a document type"))


class _Handler(Protocol):
    def start(self, name: str, attributes: dict[str, str]) -> None: ...

    def end(self, name: str) -> None: ...

    def text(self, data: str) -> None: ...


class _SharedStrings:
    """Note which shared strings are longer than a cell may be, counting without keeping them."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.index = -1
        self.length = 0
        self.in_text = False
        self.too_long: set[int] = set()

    def start(self, name: str, attributes: dict[str, str]) -> None:
        if name == _SI:
            self.index += 1
            self.length = 0
        elif name == _T:
            self.in_text = True

    def end(self, name: str) -> None:
        if name == _T:
            self.in_text = False

    def text(self, data: str) -> None:
        if self.in_text:
            self.length += len(data)
            if self.length > self.limit:
                self.too_long.add(self.index)


def _long_shared_strings(
    archive: zipfile.ZipFile, part: str | None, limits: ImportLimits
) -> set[int]:
    if part is None:
        return set()
    handler = _SharedStrings(limits.cell_characters)
    _parse(archive, part, handler)
    return handler.too_long


class _SheetSurvey:
    """Go through a worksheet's cells as openpyxl numbers them; stop at the first over a limit.

    Rows and columns count only where a cell holds a value (or a formula): formatting alone,
    which spreadsheet programs may write far below the data, is no row of an import.
    """

    def __init__(self, title: str, limits: ImportLimits, long_strings: set[int]) -> None:
        self.title, self.limits, self.long_strings = title, limits, long_strings
        self.row = self.column = 0
        self.last_row = self.last_column = 0
        self.problems: list[CellProblem] = []
        self.found_long_string = False
        self._reset_cell()

    def _reset_cell(self, kind: str = "n", reference: str = "") -> None:
        self.kind, self.reference = kind, reference
        self.has_formula = False
        self.value_length = self.formula_length = 0
        self.in_value = self.in_formula = False
        self.value_start = ""  # the first characters: a shared string's number, an error's code

    def start(self, name: str, attributes: dict[str, str]) -> None:
        if name == _ROW:
            self.row = _row_number(attributes.get("r"), self.row)
            self.column = 0
        elif name == _C:
            reference = attributes.get("r")
            if reference:
                letters, _row = coordinate_from_string(reference)
                self.column = column_index_from_string(letters)
            else:
                self.column += 1
            self._reset_cell(attributes.get("t", "n"), reference or self._reference())
        elif name in _VALUES:  # a value, or the text of an inline string
            self.in_value = True
        elif name == _F:
            self.in_formula = self.has_formula = True

    def text(self, data: str) -> None:
        if self.in_value:
            if len(self.value_start) < 32:
                self.value_start += data[:32]
            self.value_length += len(data)
            if self.value_length > self.limits.cell_characters:
                raise self._too_long()
        elif self.in_formula:
            self.formula_length += len(data)
            if self.formula_length > self.limits.cell_characters:
                raise self._too_long()

    def end(self, name: str) -> None:
        if name in _VALUES:
            self.in_value = False
        elif name == _F:
            self.in_formula = False
        elif name == _C:
            self._end_cell()

    def _end_cell(self) -> None:
        has_value = self.value_length > 0
        if not (has_value or self.has_formula):
            return
        if self.row > self.limits.rows:
            message = _(
                "Sheet %(sheet)s has a value in row %(row)s; an import may have at most %(limit)s "
                "rows, the header included: split it into smaller files."
            ) % {
                "sheet": self.title,
                "row": count_text(self.row),
                "limit": count_text(self.limits.rows),
            }
            raise _refuse("too_many_rows", message, self.row)
        if self.column > self.limits.columns:
            message = _(
                "Cell %(cell)s of sheet %(sheet)s is in column %(column)s; an import may have at "
                "most %(limit)s columns."
            ) % {
                "cell": self.reference,
                "sheet": self.title,
                "column": count_text(self.column),
                "limit": count_text(self.limits.columns),
            }
            raise _refuse("too_many_columns", message, self.row)
        shared = self.value_start.strip()
        if self.kind == "s" and shared.isdigit() and int(shared) in self.long_strings:
            self.found_long_string = True
            raise self._too_long()
        self.last_row = max(self.last_row, self.row)
        self.last_column = max(self.last_column, self.column)
        self._note_problem(has_value)

    def _note_problem(self, has_value: bool) -> None:
        # Excel saves a formula's empty text result as an empty value of type "str"; a formula
        # saved by a program that does not calculate (openpyxl, pandas) has no value at all.
        if self.has_formula and not has_value and self.kind != "str":
            message = _(
                "Cell %(cell)s holds a formula whose result was not saved with the file (some "
                "programs save only the formula); open the file in a spreadsheet program and save "
                "it again, or type the value instead of the formula."
            ) % {"cell": self.reference}
            code = "formula_without_value"
        elif self.kind == "e":
            message = _(
                "Cell %(cell)s holds the error %(error)s instead of a value; correct the formula "
                "or type the value."
            ) % {"cell": self.reference, "error": self.value_start}
            code = "error_value"
        else:
            return
        self.problems.append(CellProblem(self.row, self.column, self.reference, code, message))

    def _reference(self) -> str:
        return f"{get_column_letter(self.column)}{self.row}"

    def _too_long(self) -> WorkbookRefused:
        message = _(
            "Cell %(cell)s of sheet %(sheet)s holds more than %(limit)s characters, the most a "
            "cell may hold; shorten it and try again."
        ) % {
            "cell": self.reference,
            "sheet": self.title,
            "limit": count_text(self.limits.cell_characters),
        }
        return _refuse("cell_too_long", message, self.row)


def _row_number(declared: str | None, previous: int) -> int:
    """The row's number as openpyxl reads it: its `r`, else the one after the previous row."""
    if declared is None:
        return previous + 1
    try:
        return int(declared)
    except ValueError:
        number = float(declared)
        if not number.is_integer():
            raise
        return int(number)
