"""An import says what is wrong with a file (issue 17, part 12): an open CSV quote, an XLSX
formula saved without its result, an encoding, an empty file or a file of another type is named
as such, never reported as the missing values it leads to ("This field is required"); nothing
is written."""

import io

import openpyxl
import pytest

from aigov.accounts.models import Organisation
from aigov.accounts.services import system_actor
from aigov.core.exchange import dataset_import
from aigov.core.tests.workbooks import header_and_rows, row, text_cell, workbook

# Messages and numbers read in English, whatever language an earlier test left active.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]


def _import(content: bytes, filename: str = "organisations.csv"):
    return dataset_import(
        actor=system_actor(), slug="organisations", content=content, filename=filename
    )


def _problems(report) -> list[tuple[str, int | None, str | None]]:
    return [(error.code, error.row, error.field) for error in report.errors]


def _nothing_required(report) -> bool:
    return all("required" not in error.message for error in report.errors)


def test_an_unterminated_quote_is_named_with_its_row():
    content = b'name,kind\nFirst,academia\n"Second,academia\nThird,company\nFourth,other\n'
    report = _import(content)
    assert _problems(report) == [("unterminated_quote", 3, None)]
    assert "Row 3 opens a quoted value that is never closed" in report.errors[0].message
    assert _nothing_required(report)
    assert not Organisation.objects.filter(name="First").exists()


def test_an_unterminated_quote_in_a_large_file_is_named_too():
    # The csv reader stops at its own cell limit (131,072 characters) before the file ends.
    rows = b"".join(b"Name %d,academia\n" % number for number in range(20_000))
    report = _import(b'name,kind\nFirst,academia\n"Open,academia\n' + rows)
    assert _problems(report) == [("unterminated_quote", 3, None)]


def test_text_after_a_closing_quote_is_named():
    report = _import(b'name,kind\n"Quoted" and more,academia\n')
    assert _problems(report) == [("invalid_csv", 2, None)]
    assert "after the closing quote" in report.errors[0].message


def _openpyxl_workbook(*rows: list[object]) -> bytes:
    book = openpyxl.Workbook()
    for values in rows:
        book.active.append(values)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_a_formula_without_a_saved_result_is_named_with_its_cell():
    # openpyxl, pandas and tablib save formulas without calculating them.
    content = _openpyxl_workbook(
        ["name", "kind"], ['=UPPER("institute")', "academia"], ["Plain", '=LOWER("OTHER")']
    )
    report = _import(content, filename="o.xlsx")
    assert _problems(report) == [
        ("formula_without_value", 2, "name"),
        ("formula_without_value", 3, "kind"),
    ]
    assert "Cell A2 holds a formula whose result was not saved" in report.errors[0].message
    assert _nothing_required(report)
    assert not Organisation.objects.filter(name="Plain").exists()


def test_a_formula_with_its_saved_result_imports_the_result():
    formula = '<c r="A2" t="str"><f>UPPER("institute")</f><v>INSTITUTE</v></c>'
    empty_text = '<c r="C2" t="str"><f>""</f><v></v></c>'  # Excel's empty text result
    lines = [
        row(1, text_cell("A1", "name"), text_cell("B1", "kind"), text_cell("C1", "website")),
        row(2, formula, text_cell("B2", "academia"), empty_text),
    ]
    report = _import(workbook(lines), filename="o.xlsx")
    assert report.errors == [] and report.created == 1
    assert Organisation.objects.get(name="INSTITUTE").website == ""


def test_an_error_value_is_named_with_its_cell():
    failed = '<c r="A2" t="e"><f>1/0</f><v>#DIV/0!</v></c>'
    lines = [*header_and_rows(), row(2, failed, text_cell("B2", "academia"))]
    report = _import(workbook(lines), filename="o.xlsx")
    assert _problems(report) == [("error_value", 2, "name")]
    assert "Cell A2 holds the error #DIV/0!" in report.errors[0].message


@pytest.mark.parametrize(
    ("content", "filename", "code", "words"),
    [
        (b"", "o.csv", "empty_file", "The file is empty"),
        (b"\xef\xbb\xbf \r\n", "o.csv", "empty_file", "The file is empty"),
        (b"", "o.json", "empty_file", "The file is empty"),
        (b"", "o.xlsx", "empty_file", "The file is empty"),
        ("name,kind\nÉcole,academia\n".encode("utf-16"), "o.csv", "encoding", "UTF-16"),
        ("name,kind\nÉcole,academia\n".encode("cp1252"), "o.csv", "encoding", "not UTF-8"),
        (b"name,kind\nSchool,academia\n", "o.xlsx", "wrong_type", "text, not an XLSX"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), "o.xlsx", "wrong_type", "97-2003"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), "o.csv", "wrong_type", "97-2003"),
        (b"%PDF-1.7\n\xff\xfe\x00", "o.xlsx", "wrong_type", "not an XLSX workbook"),
    ],
)
def test_empty_files_encodings_and_other_types_are_named(content, filename, code, words):
    report = _import(content, filename=filename)
    assert [error.code for error in report.errors] == [code]
    assert words in report.errors[0].message and _nothing_required(report)


def test_a_workbook_sent_as_csv_or_json_is_named():
    content = _openpyxl_workbook(["name", "kind"], ["School", "academia"])
    for filename, kind in (("o.csv", "CSV"), ("o.json", "JSON")):
        report = _import(content, filename=filename)
        assert [error.code for error in report.errors] == ["wrong_type"]
        assert f"zip archive, such as an XLSX workbook, not {kind} text" in report.errors[0].message


def test_a_zip_archive_that_is_no_workbook_is_named():
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
        )
        archive.writestr("word/document.xml", "<document/>")
    report = _import(buffer.getvalue(), filename="o.xlsx")
    assert [error.code for error in report.errors] == ["wrong_type"]
    assert "holds no Excel workbook" in report.errors[0].message
