"""Import and export of the compute catalogue (`compute-resources`, CSV, XLSX, JSON): an export
re-imports unchanged, bad rows are named by row and field and nothing is half-imported, node
operators import their own nodes' resources only; the catalogue page's downloads."""

import csv
import io
import json
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from aigov.accounts.services import system_actor
from aigov.capacity.tests.factories import make_node
from aigov.compute.models import Resource
from aigov.compute.tests.factories import make_operator, make_resource
from aigov.core.exchange import dataset_export, dataset_import

pytestmark = pytest.mark.django_db

SLUG = "compute-resources"


def _csv(rows: list[dict[str, str]]) -> bytes:
    stream = io.StringIO()
    writer = csv.DictWriter(stream, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return stream.getvalue().encode()


def _row(node, slug: str, **values: str) -> dict[str, str]:
    row = {
        "slug": slug,
        "node": node.slug,
        "name": f"Resource {slug}",
        "kind": "gpu",
        "unit": "gpu_hour",
        "capacity": "500",
        "rate": "1.20",
        "scheduler": "",
        "slurm_cluster": "",
    }
    row.update(values)
    return row


@pytest.mark.parametrize("file_format", ["csv", "xlsx", "json"])
def test_an_export_reimports_unchanged(file_format):
    make_resource(
        slug="slurm-a100",
        scheduler="slurm",
        slurm_cluster="lumi",
        slurm_partition="gpu",
        fp16_tflops=Decimal("312.00"),
        energy_source="hydro",
        carbon_intensity=24,
        energy_per_unit_kwh=Decimal("0.4"),
        is_active=False,
    )
    make_resource(slug="cpu-cores", kind="cpu", unit="core_hour", period="year")
    exported = dataset_export(actor=system_actor(), slug=SLUG, file_format=file_format)
    report = dataset_import(
        actor=system_actor(), slug=SLUG, content=exported, file_format=file_format
    )
    assert report.errors == [] and report.rows == 2
    assert (report.created, report.updated, report.unchanged) == (0, 0, 2)


def test_a_file_adds_and_changes_resources_and_a_second_run_changes_nothing(tmp_path):
    node = make_node(country="GHA")
    make_resource(node=node, slug="known", capacity=Decimal(100))
    path = tmp_path / "resources.csv"
    path.write_bytes(
        _csv(
            [
                _row(node, "known", capacity="250"),
                _row(node, "new-slurm", scheduler="slurm", slurm_cluster="accra"),
            ]
        )
    )
    out, logged = io.StringIO(), LogEntry.objects.count()
    call_command("import", SLUG, str(path), stdout=out, stderr=io.StringIO())
    assert "created 1, updated 1, unchanged 0" in out.getvalue()
    assert LogEntry.objects.count() == logged + 2  # each write audited
    assert Resource.objects.get(slug="known").capacity == Decimal(250)
    created = Resource.objects.get(slug="new-slurm")
    # Left empty: the defaults.
    assert (created.period, created.currency, created.is_active) == ("month", "USD", True)
    assert (created.scheduler, created.slurm_cluster, created.node) == ("slurm", "accra", node)
    out = io.StringIO()
    call_command("import", SLUG, str(path), stdout=out, stderr=io.StringIO())
    assert "created 0, updated 0, unchanged 2" in out.getvalue()


def test_bad_rows_are_named_by_row_and_field_and_nothing_is_written(tmp_path):
    node = make_node()
    make_resource(node=node, slug="known", capacity=Decimal(100))
    rows = [
        _row(node, "good"),  # row 2: fine, but not written since others are bad
        _row(node, "known", capacity="999"),  # row 3: fine too
        _row(node, "bad-kind", kind="quantum"),  # row 4
        {**_row(node, "no-node"), "node": "atlantis"},  # row 5
        _row(node, "no-cluster", scheduler="slurm"),  # row 6: refused by the model's rules
        _row(node, "minus", rate="-1"),  # row 7
        _row(node, "good"),  # row 8: the same slug as row 2
    ]
    before = Resource.objects.count(), LogEntry.objects.count()
    report = dataset_import(actor=system_actor(), slug=SLUG, content=_csv(rows), file_format="csv")
    problems = {(error.row, error.field) for error in report.errors}
    assert {(4, "kind"), (7, "rate"), (8, "slug")} <= problems
    assert (report.created, report.updated) == (0, 0)
    assert (Resource.objects.count(), LogEntry.objects.count()) == before
    # With the form's problems fixed, the rows refused while writing are named too, and the
    # good rows written before them are rolled back.
    report = dataset_import(
        actor=system_actor(),
        slug=SLUG,
        content=_csv([rows[0], rows[1], rows[3], rows[4]]),
        file_format="csv",
    )
    problems = {(error.row, error.field) for error in report.errors}
    assert problems == {(4, "node"), (5, "slurm_cluster")}
    assert (Resource.objects.count(), LogEntry.objects.count()) == before
    assert Resource.objects.get(slug="known").capacity == Decimal(100)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps([{**rows[0], "capacity": "lots"}]))
    err = io.StringIO()
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import", SLUG, str(path), stdout=io.StringIO(), stderr=err)
    assert "capacity" in err.getvalue()


def test_an_operator_imports_only_their_nodes_resources():
    operator = make_operator()
    mine, theirs = make_node(operators=[operator]), make_node()
    make_resource(node=theirs, slug="theirs")
    rows = [
        _row(mine, "theirs", name="Taken over"),
        _row(theirs, "elsewhere"),
        _row(mine, "my-new"),
    ]
    report = dataset_import(actor=operator, slug=SLUG, content=_csv(rows), file_format="csv")
    assert {(error.row, error.field) for error in report.errors} == {(2, "slug"), (3, "node")}
    assert not Resource.objects.filter(slug__in=["elsewhere", "my-new"]).exists()
    assert Resource.objects.get(slug="theirs").name != "Taken over"
    report = dataset_import(actor=operator, slug=SLUG, content=_csv(rows[2:]), file_format="csv")
    assert report.created == 1 and Resource.objects.get(slug="my-new").node == mine


def test_the_catalogue_downloads_every_resource_in_the_import_columns(client: Client):
    make_resource(slug="open-one")
    make_resource(slug="closed-one", is_active=False)
    page = client.get("/en/compute/")
    assert 'href="?format=xlsx"' in page.content.decode()
    download = client.get("/en/compute/?format=csv")
    assert download.status_code == 200
    rows = list(csv.DictReader(io.StringIO(download.content.decode().lstrip("\ufeff"))))
    assert [row["slug"] for row in rows] == ["closed-one", "open-one"]
    assert rows[0]["is_active"].lower() == "false"
    report = dataset_import(
        actor=system_actor(), slug=SLUG, content=download.content, file_format="csv"
    )
    assert report.errors == [] and report.unchanged == 2
    assert client.get("/en/compute/?format=pdf").status_code == 404
