"""CSV exports cannot inject formulas into the reader's spreadsheet (issue 17, part 9): text
starting with =, +, -, @, a tab or a carriage return gets a quote before it, in every CSV export,
as OWASP recommends; numbers stay numbers; the CSV import removes the quote again, so an export
re-imports unchanged. XLSX exports store such text as text."""

import csv
import io
import json

import openpyxl
import pytest
from django.core.management import call_command
from django.test import Client

from aigov.accounts import services
from aigov.accounts.models import Organisation
from aigov.accounts.services import system_actor
from aigov.accounts.tests.factories import UserFactory
from aigov.core.exchange import dataset_export, dataset_import, formula_escaped
from aigov.core.exchange.files import FileFormat, write_file

# Messages and numbers read in English, whatever language an earlier test left active.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]


LINK = '=HYPERLINK("http://x","y")'


def _csv_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        (LINK, "'" + LINK),
        ("+1 202 555 0100", "'+1 202 555 0100"),
        ("-3", "'-3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tindented", "'\tindented"),
        ("\rreturn", "'\rreturn"),
        ("'=already quoted", "''=already quoted"),
        ("'plain quote", "'plain quote"),
        ("Plain = text", "Plain = text"),
        ("", ""),
    ],
)
def test_text_a_spreadsheet_would_run_is_escaped(text, escaped):
    assert formula_escaped(text) == escaped


def test_numbers_stay_numbers_and_text_is_escaped_in_csv():
    stream = io.BytesIO()
    rows = [{"count": -3, "share": -0.5, "title": "-3", "note": LINK}]
    write_file(
        columns=["count", "share", "title", "note"],
        rows=rows,
        file_format=FileFormat.CSV,
        stream=stream,
    )
    assert _csv_rows(stream.getvalue().decode())[1] == ["-3", "-0.5", "'-3", "'" + LINK]


def test_the_export_command_escapes_a_formula_in_a_name(tmp_path):
    services.organisation_create(actor=system_actor(), name=LINK, kind="other")
    out = io.StringIO()
    call_command("export", "organisations", stdout=out)
    names = [line[0] for line in _csv_rows(out.getvalue())[1:]]
    assert "'" + LINK in names and LINK not in names
    # The XLSX export keeps it as text, never a formula.
    target = tmp_path / "organisations.xlsx"
    call_command("export", "organisations", "--output", str(target), stderr=io.StringIO())
    sheet = openpyxl.load_workbook(target).worksheets[0]
    cells = [cells[0] for cells in sheet.iter_rows(min_row=2) if cells[0].value == LINK]
    assert len(cells) == 1 and cells[0].data_type == "s"


def test_a_csv_export_reimports_unchanged():
    names = [LINK, "'=quoted already", "-minus", "Plain"]
    for name in names:
        services.organisation_create(actor=system_actor(), name=name, kind="other")
    exported = dataset_export(actor=system_actor(), slug="organisations", file_format="csv")
    assert "'-minus" in exported.decode()
    Organisation.objects.filter(name__in=names).update(kind="company")
    report = dataset_import(
        actor=system_actor(), slug="organisations", content=exported, file_format="csv"
    )
    assert report.errors == [] and report.created == 0
    assert set(Organisation.objects.filter(name__in=names).values_list("name", "kind")) == {
        (name, "other") for name in names
    }


def test_a_page_download_escapes_a_formula_in_a_title(client: Client):
    from aigov.capacity.tests.factories import make_node, make_offering, make_provider

    operator = UserFactory(role="node_operator")
    node = make_node(operators=[operator])
    make_offering(slug="linked", node=node, provider=make_provider(node=node), titles={"en": LINK})
    client.force_login(operator)
    download = client.get("/en/capacity/offerings/import/?format=csv").content.decode()
    titles = [row["title_en"] for row in csv.DictReader(io.StringIO(download.lstrip("\ufeff")))]
    assert titles == ["'" + LINK]
    as_json = json.loads(client.get("/en/capacity/offerings/import/?format=json").content)
    assert [row["title_en"] for row in as_json] == [LINK]  # JSON is data, not a spreadsheet


def test_the_incident_export_escapes_a_formula_in_a_report_title(client: Client):
    from aigov.dialogue.tests.factories import file_report

    file_report(title=LINK)
    exported = client.get("/api/dialogue/incidents/export", {"format": "csv"}).content.decode()
    titles = [row["title"] for row in csv.DictReader(io.StringIO(exported.lstrip("\ufeff")))]
    assert titles == ["'" + LINK]


def test_the_representation_csv_escapes_a_formula_in_a_country_name():
    from aigov.taxonomy.models import Country

    kenya = Country.objects.get(iso3="KEN")
    Country.objects.filter(pk=kenya.pk).update(names={**kenya.names, "en": LINK})
    out = io.StringIO()
    call_command(
        "landscape", "representation", "--as-of", "2024-09-01", "--format", "csv", stdout=out
    )
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert next(row["name_en"] for row in rows if row["iso3"] == "KEN") == "'" + LINK
