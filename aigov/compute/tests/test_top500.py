"""The TOP500 import (`aigov compute import-top500 FILE`) and the compute landscape page.

The files here are small TEST DATA written by the tests in the published TOP500 column format:
the systems, sites and figures in them are made up, not taken from any TOP500 list."""

import csv
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from aigov.accounts.tests.factories import UserFactory
from aigov.capacity.tests.factories import make_node
from aigov.compute import selectors, services
from aigov.compute.models import Top500Edition, Top500System
from aigov.compute.tests.factories import make_operator, make_resource
from aigov.core.errors import NotAllowed
from aigov.taxonomy.models import Country

pytestmark = pytest.mark.django_db

HEADER = [
    "Rank", "Previous Rank", "First Appearance", "First Rank", "Name", "Computer", "Site",
    "Manufacturer", "Country", "Year", "Segment", "Total Cores",
    "Accelerator/Co-Processor Cores", "Rmax [TFlop/s]", "Rpeak [TFlop/s]", "Nmax", "Power (kW)",
]  # fmt: skip


def _system(rank: int, country: str, rmax: str, **values: str) -> dict[str, str]:
    row = dict.fromkeys(HEADER, "")
    row.update(
        {
            "Rank": str(rank),
            "Name": f"Test system {rank}",
            "Computer": "Test cluster, made up for a test",
            "Site": f"Test site {rank}",
            "Manufacturer": "Test vendor",
            "Country": country,
            "Year": "2024",
            "Segment": "Research",
            "Total Cores": "1000",
            "Rmax [TFlop/s]": rmax,
            "Rpeak [TFlop/s]": str(Decimal(rmax) * 2) if rmax.replace(".", "").isdigit() else "",
        }
    )
    row.update(values)
    return row


def _csv_file(tmp_path, rows, name="TOP500_202506.csv"):
    path = tmp_path / name
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def _import(path, *extra: str) -> str:
    out = io.StringIO()
    call_command("compute", "import-top500", str(path), *extra, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_a_list_is_imported_with_countries_mapped_and_its_source_recorded(tmp_path):
    path = _csv_file(
        tmp_path,
        [
            _system(1, "United States", "1000.5"),
            _system(2, "Korea, South", "500"),
            _system(150, "Brazil", "20"),
            _system(151, "Kenya", "10"),
        ],
    )
    assert "TOP500 2025-06: 4 systems imported" in _import(path, "--source", "test data")
    listed = Top500Edition.objects.get()
    assert (listed.edition, listed.source) == ("2025-06", "test data")
    systems = {s.rank: s for s in Top500System.objects.all()}
    assert {rank: s.country_id for rank, s in systems.items()} == {
        1: "USA",
        2: "KOR",
        150: "BRA",
        151: "KEN",
    }
    assert systems[2].country_listed == "Korea, South"
    assert systems[1].rmax_tflops == Decimal("1000.5")
    assert systems[1].rpeak_tflops == Decimal("2001.0")
    assert (systems[1].year, systems[1].total_cores, systems[1].segment) == (2024, 1000, "Research")
    # Imported again (a corrected file): the list is replaced, not added to.
    _import(_csv_file(tmp_path, [_system(1, "Kenya", "7")]))
    assert Top500System.objects.get().country_id == "KEN"
    assert Top500Edition.objects.count() == 1


def test_an_older_xlsx_list_in_gflops_is_read_in_tflops(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Rank", "Site", "Computer", "Country", "Year", "Rmax", "Rpeak"])
    sheet.append([1, "Test site", "Test computer", "Japan", 2011, 10510000, 11280384])
    path = tmp_path / "TOP500_201111.xlsx"
    book.save(path)
    _import(path)
    system = Top500System.objects.get()
    assert system.edition.edition == "2011-11"
    assert (system.country_id, system.rmax_tflops) == ("JPN", Decimal("10510"))


def test_a_bad_file_is_named_by_row_and_column_and_nothing_is_imported(tmp_path):
    rows = [
        _system(1, "United States", "100"),
        _system(2, "Atlantis", "90"),  # row 3
        _system(2, "Kenya", "lots"),  # row 4: the same rank, and no number
        _system(4, "Kenya", "", Site=""),  # row 5
    ]
    err = io.StringIO()
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("compute", "import-top500", str(_csv_file(tmp_path, rows)), stderr=err)
    printed = err.getvalue()
    for fragment in (
        "row 3, field Country",
        "row 4, field Rank",
        "row 4, field Rmax",
        "row 5, field Site",
    ):
        assert fragment in printed, fragment
    assert "Atlantis" in printed
    assert not Top500Edition.objects.exists() and not Top500System.objects.exists()
    without_rmax = tmp_path / "list.csv"
    without_rmax.write_text("Rank,Site,Country\n1,Test site,Kenya\n")
    with pytest.raises(CommandError):
        call_command("compute", "import-top500", str(without_rmax), stderr=(err := io.StringIO()))
    assert "Rmax [TFlop/s]" in err.getvalue() or "Rmax" in err.getvalue()
    assert "--edition" in err.getvalue()  # no date in the name, and none given
    assert not Top500Edition.objects.exists()


def test_only_the_secretariat_and_operators_commands_import():
    for user in (UserFactory(), make_operator()):
        with pytest.raises(NotAllowed):
            services.top500_import(actor=user, edition="2025-06", source="x", systems=[])
    assert not Top500Edition.objects.exists()


def test_the_landscape_page_before_and_after_a_list_is_imported(client, tmp_path):
    make_resource(node=make_node(country="KEN"), capacity=Decimal(300), period="quarter")
    page = client.get("/en/compute/landscape/").content.decode()
    assert "No TOP500 list has been imported yet" in page
    assert "<svg" not in page  # nothing to chart but the federation's capacity table
    kenya = Country.objects.get(pk="KEN")
    landscape = selectors.compute_landscape()
    by_income = {row.key: row for row in landscape.dimensions["income_group"]}
    assert by_income[kenya.income_group].gpu_hours == Decimal(100)
    _import(
        _csv_file(
            tmp_path,
            [_system(1, "United States", "1000"), _system(120, "Kenya", "10")],
        ),
        "--source",
        "test data",
    )
    landscape = selectors.compute_landscape()
    by_country = {row.key: row for row in landscape.dimensions["country"]}
    assert (by_country["USA"].systems, by_country["USA"].top) == (1, 1)
    assert (by_country["KEN"].systems, by_country["KEN"].top) == (1, 0)
    assert by_country["KEN"].gpu_hours == Decimal(100)
    assert by_country["USA"].rmax_pflops == Decimal(1)
    regions = {row.key for row in landscape.dimensions["region"]}
    assert {"African", "WEOG"} <= regions
    page = client.get("/en/compute/landscape/").content.decode()
    assert "No TOP500 list has been imported yet" not in page
    assert "2025-06" in page and "test data" in page
    assert "<svg" in page and kenya.name in page
