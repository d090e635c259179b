"""Compute figures in the report for resolution 78/311 (/capacity/report/): the federation's
capacity, allocations, usage by income group and region, time-critical uses; for the report's
readers only."""

import csv
import datetime
import io
import json
from decimal import Decimal

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client
from django.utils import timezone

from aigov.accounts.access import Purpose
from aigov.accounts.services import system_actor
from aigov.accounts.tests.factories import UserFactory
from aigov.capacity.tests.factories import editor, make_node
from aigov.compute import report, selectors, services
from aigov.compute.models import AllocationRequest
from aigov.compute.tests.factories import (
    make_allocation,
    make_operator,
    make_project,
    make_request,
    make_resource,
)
from aigov.core.errors import NotAllowed
from aigov.taxonomy.models import Country

pytestmark = pytest.mark.django_db


def _charge(allocation, hours: int) -> None:
    job = services.job_submit(
        actor=allocation.project.lead,
        allocation=allocation,
        command="true",
        units=Decimal(1),
        walltime_minutes=60,
    )
    ended = services.SchedulerReport(state="completed", exit_code=0, elapsed_seconds=hours * 3600)
    services.job_record(actor=system_actor(Purpose.COMPUTE_DISPATCH), job=job, report=ended)


@pytest.fixture
def federation():
    kenya = make_node(operators=[make_operator()], country="KEN")
    gpus = make_resource(node=kenya, capacity=Decimal(300), period="quarter")
    make_resource(node=kenya, capacity=Decimal(50))  # a second GPU resource, same node
    cores = make_resource(
        country="BRA", kind="cpu", unit="core_hour", capacity=Decimal(1200), period="year"
    )
    malawi = make_allocation(project=make_project(country="MWI"), resource=gpus)
    brazil = make_allocation(project=make_project(country="BRA"), resource=cores)
    _charge(malawi, 1)
    _charge(brazil, 1)
    cyclone = make_request(
        project=make_project(country="MOZ"),
        resource=gpus,
        amount=Decimal(5),
        priority="time_critical",
        time_critical_reason="Cyclone landfall expected in 48 hours.",
    )
    services.request_decide(actor=editor(), request=cyclone, decision="approve")
    late = make_request(
        project=make_project(country="MOZ"),
        resource=gpus,
        amount=Decimal(2),
        priority="time_critical",
        time_critical_reason="Cholera outbreak modelling.",
    )
    AllocationRequest.objects.filter(pk=late.pk).update(
        review_due_at=timezone.now() - datetime.timedelta(hours=1)
    )
    services.request_decide(actor=editor(), request=late, decision="reject", note="Out of scope.")
    make_request(
        project=make_project(country="MOZ"),
        resource=gpus,
        priority="time_critical",
        time_critical_reason="Flood early warning.",
    )
    return malawi


def test_the_report_counts_capacity_allocations_usage_and_time_critical_uses(federation):
    figures = selectors.compute_report(actor=editor(), today=timezone.localdate())
    capacity = {row.unit: row for row in figures.capacity}
    # 300 a quarter + 50 a month; 1,200 a year.
    assert capacity["gpu_hour"].per_month == Decimal(150)
    assert (capacity["gpu_hour"].resources, capacity["gpu_hour"].nodes) == (2, 1)
    assert capacity["gpu_hour"].countries == 1
    assert capacity["core_hour"].per_month == Decimal(100)
    allocations = {row.unit: row for row in figures.allocations}
    # Malawi's 10 and Mozambique's 5 (time-critical); 1 GPU-hour used by Malawi.
    assert (allocations["gpu_hour"].allocations, allocations["gpu_hour"].open_today) == (2, 2)
    assert allocations["gpu_hour"].granted == Decimal(15)
    assert allocations["gpu_hour"].used == Decimal(1)
    assert allocations["core_hour"].used == Decimal(1)
    by_income = {row.key: row.units for row in figures.usage_by_income_group["gpu_hour"]}
    assert by_income == {Country.objects.get(pk="MWI").income_group: Decimal(1)}
    by_region = {row.key: row.units for row in figures.usage_by_region["core_hour"]}
    assert by_region == {Country.objects.get(pk="BRA").regional_group: Decimal(1)}
    assert "tb_month" not in figures.usage_by_region
    critical = figures.time_critical
    assert (critical.requested, critical.approved, critical.rejected, critical.pending) == (
        3,
        1,
        1,
        1,
    )
    assert (critical.decided_in_time, critical.decided_late) == (1, 1)
    assert critical.used == {}  # nothing ran under the time-critical allocation yet


def test_the_section_is_in_the_report_page_for_the_secretariat_only(client: Client, federation):
    secretariat = editor()
    Authenticator.objects.create(user=secretariat, type=Authenticator.Type.TOTP, data={"x": 1})
    client.force_login(secretariat)
    page = client.get("/en/capacity/report/")
    assert page.status_code == 200
    html = page.content.decode()
    for text in (
        'id="report-compute"',
        "The federation&#x27;s capacity",
        'id="report-compute-allocations"',
        'id="report-compute-income-gpu_hour"',
        'id="report-compute-region-core_hour"',
        "Time-critical uses",
        "Decided after the review deadline",
        "<svg",
    ):
        assert text in html, text
    for user in (UserFactory(), federation.project.lead, make_operator()):
        client.force_login(user)
        assert client.get("/en/capacity/report/").status_code == 404
        with pytest.raises(NotAllowed):
            selectors.compute_report(actor=user, today=timezone.localdate())


def test_an_empty_federation_says_so():
    section = report.section(editor())
    texts = {table.key: (table.rows, table.empty) for table in section.tables}
    assert texts["compute-capacity"] == ([], "No node offers compute yet.")
    assert texts["compute-income"] == ([], "No usage yet.")


def test_the_reports_downloads_and_api_carry_the_section_for_its_readers_only(
    client: Client, federation
):
    secretariat = editor()
    Authenticator.objects.create(user=secretariat, type=Authenticator.Type.TOTP, data={"x": 1})
    client.force_login(secretariat)
    rows = list(csv.DictReader(io.StringIO(client.get("/en/capacity/report/?format=csv").text)))
    assert rows[0]["dimension"] == "total" and rows[0]["section"] == ""  # people trained first
    capacity = [row for row in rows if row["dimension"] == "compute-capacity"]
    gpu_resources = next(
        row for row in capacity if row["label"] == "GPU-hours" and row["column"] == "Resources"
    )
    assert (gpu_resources["section"], gpu_resources["value"]) == ("compute", "2")
    assert any(row["dimension"] == "compute-time-critical" for row in rows)
    data = json.loads(client.get("/en/capacity/report/?format=json").content)
    assert {"dimension", "people", "section", "table", "column", "value"} <= set(data[0])
    assert any(row["section"] == "compute" for row in data)
    assert client.get("/en/capacity/report/?format=xlsx").content[:2] == b"PK"
    answer = client.get("/api/capacity/reports/people-trained").json()
    assert answer["items"][0]["dimension"] == "total"  # the existing keys, unchanged
    section = next(s for s in answer["sections"] if s["key"] == "compute")
    tables = {table["key"]: table for table in section["tables"]}
    assert tables["compute-capacity"]["columns"][1] == "Resources"
    assert ["GPU-hours", "2", "1", "1"] in [r[:4] for r in tables["compute-capacity"]["rows"]]
    assert "compute-time-critical" in tables
    for user in (UserFactory(), federation.project.lead, make_operator()):
        client.force_login(user)
        assert client.get("/en/capacity/report/?format=csv").status_code == 404
        assert client.get("/en/capacity/report/?format=json").status_code == 404
        assert client.get("/api/capacity/reports/people-trained").status_code == 403
