"""Import files are bounded before they are read (issue 17, part 5): size, rows, columns,
characters per cell, the unpacked size of a workbook and the nesting of JSON. A file over a
limit is refused with an error naming the limit (and the sheet, row or cell), changes nothing,
and is read no further than the limit: the tests prove it by what they put beyond it (XML that
is not well-formed, which a reader that went on would report instead) and by tracemalloc."""

import io
import tracemalloc

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from aigov.accounts.models import Organisation
from aigov.accounts.services import system_actor
from aigov.core.exchange import dataset_import
from aigov.core.tests.workbooks import header_and_rows, row, text_cell, understated, workbook

# Messages and numbers read in English, whatever language an earlier test left active.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]


MB = 1024 * 1024


def _import(content: bytes, filename: str = "organisations.csv"):
    return dataset_import(
        actor=system_actor(), slug="organisations", content=content, filename=filename
    )


def _codes(report) -> list[str]:
    return [error.code for error in report.errors]


def _peak_while(action):
    """Run `action`; return its result and the most memory Python held at once during it."""
    tracemalloc.start()
    try:
        result = action()
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


# --- JSON nesting -------------------------------------------------------------------------------


def test_deeply_nested_json_is_refused_naming_the_limit_not_a_recursion_error(tmp_path):
    before = Organisation.objects.count()
    report = _import(b"[" * 100_000, filename="organisations.json")
    assert _codes(report) == ["too_deep"]
    assert "100,000 levels" in report.errors[0].message and "64" in report.errors[0].message
    nested = tmp_path / "nested.json"
    nested.write_bytes(b'{"a":' * 100_000)
    stderr = io.StringIO()
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import", "organisations", str(nested), stderr=stderr)
    assert "at most 64 levels" in stderr.getvalue()
    assert Organisation.objects.count() == before


def test_json_nesting_within_the_limit_reads_as_before():
    with override_settings(AIGOV_MAX_JSON_DEPTH=2):
        report = _import(b'[{"name": "Depth two", "kind": "academia"}]', filename="o.json")
        assert report.errors == [] and report.created == 1
        deeper = _import(b'[{"name": ["Depth three"], "kind": "academia"}]', filename="o.json")
        assert _codes(deeper) == ["too_deep"]


# --- Size, rows, columns and cells of CSV and JSON ----------------------------------------------


@override_settings(AIGOV_MAX_UPLOAD_BYTES=1000)
def test_a_file_over_the_size_limit_is_refused_unread(tmp_path):
    report = _import(b"name,kind\n" + b"x,academia\n" * 200)
    assert _codes(report) == ["too_large"]
    assert "1000 bytes" in report.errors[0].message.replace("\xa0", " ")
    large = tmp_path / "large.csv"
    large.write_bytes(b"name,kind\n" + b"x,academia\n" * 200)
    with pytest.raises(CommandError, match="larger than 1000"):
        call_command("import", "organisations", str(large))
    assert not Organisation.objects.filter(name="x").exists()


@override_settings(AIGOV_MAX_UPLOAD_BYTES=1000)
def test_standard_input_is_read_no_further_than_the_limit(monkeypatch):
    class Stdin:
        requested: list[int] = []

        class buffer:  # sys.stdin.buffer
            @staticmethod
            def read(size: int = -1) -> bytes:
                Stdin.requested.append(size)
                return (b"name,kind\n" + b"x,academia\n" * 10_000)[:size]

    monkeypatch.setattr("sys.stdin", Stdin)
    with pytest.raises(CommandError, match="larger than 1000"):
        call_command("import", "organisations", "-", "--format", "csv")
    assert Stdin.requested == [1001]


@override_settings(AIGOV_IMPORT_MAX_ROWS=5)
def test_csv_with_more_rows_than_the_limit_is_refused_where_it_stops():
    lines = ["name,kind", *(f"Row {n},academia" for n in range(2, 7)), '"never closed']
    report = _import("\n".join(lines).encode())
    # Row 7 is not read: its open quote would otherwise be the error.
    assert [(e.code, e.row) for e in report.errors] == [("too_many_rows", 6)]
    assert "more than 5 rows" in report.errors[0].message
    assert not Organisation.objects.filter(name__startswith="Row ").exists()


@override_settings(AIGOV_IMPORT_MAX_COLUMNS=3, AIGOV_IMPORT_MAX_CELL_CHARACTERS=20)
def test_csv_and_json_columns_and_cells_over_the_limits_are_named():
    wide = _import(b"name,kind,country,website\nA,academia,KEN,\n")
    assert [(e.code, e.row) for e in wide.errors] == [("too_many_columns", 1)]
    assert "4 columns" in wide.errors[0].message and "at most 3" in wide.errors[0].message
    long_cell = _import(b"name,kind\n" + b"n" * 21 + b",academia\n")
    assert [(e.code, e.row) for e in long_cell.errors] == [("cell_too_long", 2)]
    assert (
        "column A" in long_cell.errors[0].message and "21 characters" in long_cell.errors[0].message
    )
    json_cell = _import(b'[{"name": "' + b"n" * 21 + b'", "kind": "academia"}]', filename="o.json")
    assert [(e.code, e.row, e.field) for e in json_cell.errors] == [("cell_too_long", 1, "name")]
    json_wide = _import(
        b'[{"name": "A", "kind": "academia", "country": "KEN", "website": ""}]', filename="o.json"
    )
    assert _codes(json_wide) == ["too_many_columns"]


def test_a_csv_cell_longer_than_the_csv_reader_takes_is_named_as_such():
    # Python's csv reader stops at 131,072 characters with its own error.
    report = _import(b'name,kind\n"' + b"n" * 200_000 + b'",academia\n')
    assert [(e.code, e.row) for e in report.errors] == [("cell_too_long", 2)]
    assert "32,767" in report.errors[0].message


@override_settings(AIGOV_IMPORT_MAX_ROWS=3)
def test_json_with_more_rows_than_the_limit_is_refused():
    rows = b",".join([b'{"name": "J", "kind": "academia"}'] * 4)
    report = _import(b"[" + rows + b"]", filename="o.json")
    assert _codes(report) == ["too_many_rows"] and "4 rows" in report.errors[0].message


# --- XLSX ---------------------------------------------------------------------------------------


def test_a_sheet_with_a_value_in_row_two_million_is_refused_without_reading_the_rows_between():
    lines = [*header_and_rows(("First", "academia")), row(2_000_000, text_cell("A2000000", "x"))]
    content = workbook(lines, dimension="A1:B2000000")
    report, peak = _peak_while(lambda: _import(content, filename="o.xlsx"))
    assert [(e.code, e.row) for e in report.errors] == [("too_many_rows", 2_000_000)]
    message = report.errors[0].message
    assert "Organisations" in message and "2,000,000" in message and "200,000 rows" in message
    # openpyxl would have produced the 1,999,998 rows in between, in lists.
    assert peak < 5 * MB
    assert not Organisation.objects.filter(name="First").exists()


@override_settings(AIGOV_IMPORT_MAX_ROWS=50_000)  # the default, 200,000, only takes longer
def test_a_dense_sheet_over_the_row_limit_is_read_no_further_than_the_limit():
    def rows():
        yield from header_and_rows()
        for number in range(2, 50_002):
            yield row(number, text_cell(f"A{number}", "n"), text_cell(f"B{number}", "academia"))
        yield '<row r="50002"><c><v>broken'  # not well-formed: a reader going on would say so

    content = workbook(rows(), dimension="A1:B2000000", tail="")
    report, peak = _peak_while(lambda: _import(content, filename="o.xlsx"))
    assert [(e.code, e.row) for e in report.errors] == [("too_many_rows", 50_001)]
    assert "row 50,001" in report.errors[0].message and "50,000 rows" in report.errors[0].message
    assert peak < 5 * MB  # 50,000 rows held in lists would take more


def test_the_dimension_a_sheet_claims_is_not_trusted():
    # 300 rows of two cells in a sheet claiming every row and column Excel has: openpyxl alone
    # pads every row to 16,384 cells (40 MB here), and would trust a smaller claim as well.
    rows = [(f"Claimed {number}", "academia") for number in range(300)]
    content = workbook(header_and_rows(*rows), dimension="A1:XFD1048576")
    report, peak = _peak_while(lambda: _import(content, filename="o.xlsx"))
    assert report.errors == [] and report.created == 300
    assert peak < 5 * MB
    understated = workbook(header_and_rows(*rows), dimension="A1:B2")
    assert _import(understated, filename="o.xlsx").unchanged == 300


def test_a_cell_beyond_the_column_limit_is_named():
    lines = [*header_and_rows(("Wide", "academia")), row(3, text_cell("GS3", "x"))]
    report = _import(workbook(lines), filename="o.xlsx")
    assert [(e.code, e.row) for e in report.errors] == [("too_many_columns", 3)]
    assert "GS3" in report.errors[0].message and "column 201" in report.errors[0].message


def test_an_inline_cell_over_the_character_limit_is_refused_while_it_is_read():
    lines = [*header_and_rows(), row(2, text_cell("A2", "n" * 40_000), text_cell("B2", "academia"))]
    report = _import(workbook(lines), filename="o.xlsx")
    assert [(e.code, e.row) for e in report.errors] == [("cell_too_long", 2)]
    assert "Cell A2 of sheet Organisations" in report.errors[0].message
    assert "32,767" in report.errors[0].message


@pytest.fixture(scope="module")
def huge_cell_workbook() -> bytes:
    """A workbook whose cell A2 is a 300 MB shared string; the file is under 2 MB."""
    chunk = b"n" * MB
    shared = [b"<si><t>name</t></si><si><t>kind</t></si><si><t>", *([chunk] * 300), b"</t></si>"]
    cells = [
        row(1, '<c r="A1" t="s"><v>0</v></c>', '<c r="B1" t="s"><v>1</v></c>'),
        row(2, '<c r="A2" t="s"><v>2</v></c>', text_cell("B2", "academia")),
    ]
    return workbook(cells, shared_strings=shared)


def test_a_300_mb_cell_is_refused_by_the_unpacked_size_with_little_memory(huge_cell_workbook):
    assert len(huge_cell_workbook) < 2 * MB
    report, peak = _peak_while(lambda: _import(huge_cell_workbook, filename="o.xlsx"))
    assert _codes(report) == ["too_large"]
    assert "unpacks to 300.0" in report.errors[0].message.replace("\xa0", " ")
    assert peak < 5 * MB


@override_settings(AIGOV_IMPORT_MAX_UNPACKED_BYTES=1024 * MB)
def test_a_300_mb_cell_is_refused_by_the_cell_limit_with_little_memory(huge_cell_workbook):
    report, peak = _peak_while(lambda: _import(huge_cell_workbook, filename="o.xlsx"))
    assert [(e.code, e.row) for e in report.errors] == [("cell_too_long", 2)]
    assert "Cell A2 of sheet Organisations holds more than 32,767" in report.errors[0].message
    assert peak < 5 * MB


@override_settings(AIGOV_IMPORT_MAX_UNPACKED_BYTES=MB)
def test_a_part_that_understates_its_size_is_refused_not_inflated():
    big = [*header_and_rows(), row(2, text_cell("A2", "n" * (5 * MB)), text_cell("B2", "academia"))]
    honest = workbook(big)
    assert _codes(_import(honest, filename="o.xlsx")) == ["too_large"]
    lying = understated(honest, "xl/worksheets/sheet1.xml", size=1000)
    report, peak = _peak_while(lambda: _import(lying, filename="o.xlsx"))
    assert _codes(report) == ["invalid_xlsx"]
    assert peak < 2 * MB
