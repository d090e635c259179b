"""The services and selectors one rule at a time: fees and why, requests and decisions, the
account's movements, refunds, the fair share against its from-every-job baseline."""

import datetime
import math
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.utils import timezone

from aigov.accounts.access import Purpose
from aigov.accounts.services import system_actor
from aigov.accounts.tests.factories import UserFactory
from aigov.capacity.tests.factories import editor, make_node
from aigov.compute import selectors, services
from aigov.compute.models import AllocationRequest, CountryUsage, Job, Movement
from aigov.compute.tests.factories import (
    make_allocation,
    make_operator,
    make_project,
    make_request,
    make_resource,
)
from aigov.core.errors import InvalidInput, InvalidState, NotAllowed

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("income_group", "amount", "waived", "reason"),
    [
        ("L", "0.00", True, "waived_low_income"),
        ("LM", "0.00", True, "waived_lower_middle_income"),
        ("UM", "12.50", False, "reduced_upper_middle_income"),
        ("H", "25.00", False, "full"),
        ("", "25.00", False, "full"),
    ],
)
def test_fee_is_units_times_rate_with_waivers_by_income_group(income_group, amount, waived, reason):
    resource = make_resource(rate=Decimal("2.50"), currency="EUR")
    fee = services.fee_for(resource=resource, amount=Decimal(10), income_group=income_group)
    assert (fee.amount, fee.currency, fee.waived, fee.reason) == (
        Decimal(amount),
        "EUR",
        waived,
        reason,
    )


def test_the_upper_middle_reduction_is_a_setting(settings):
    settings.AIGOV_COMPUTE_UPPER_MIDDLE_REDUCTION = "0.2"
    fee = services.fee_for(resource=make_resource(), amount=Decimal(10), income_group="UM")
    assert fee.amount == Decimal("20.00")
    settings.AIGOV_COMPUTE_UPPER_MIDDLE_REDUCTION = "2"
    with pytest.raises(ValueError, match="between 0 and 1"):
        services.fee_for(resource=make_resource(), amount=Decimal(10), income_group="UM")


def test_a_time_critical_request_needs_a_reason_and_gets_a_review_deadline():
    project, resource = make_project(), make_resource(time_critical_review_hours=6)
    before = AllocationRequest.objects.count(), LogEntry.objects.count()
    with pytest.raises(InvalidInput) as refused:
        make_request(project=project, resource=resource, priority="time_critical")
    assert refused.value.errors[0]["field"] == "time_critical_reason"
    assert (AllocationRequest.objects.count(), LogEntry.objects.count()) == before
    request = make_request(
        project=project,
        resource=resource,
        priority="time_critical",
        time_critical_reason="Cyclone landfall expected in 48 hours.",
    )
    due = request.review_due_at - timezone.now()
    assert datetime.timedelta(hours=5, minutes=59) < due <= datetime.timedelta(hours=6)


def test_only_the_team_requests_and_only_the_node_operator_or_secretariat_decide():
    operator = make_operator()
    resource = make_resource(node=make_node(operators=[operator], country="KEN"))
    project = make_project()
    with pytest.raises(NotAllowed):
        make_request(project=project, resource=resource, actor=UserFactory())
    request = make_request(project=project, resource=resource)
    for outsider in (
        project.lead,
        make_operator(),
        UserFactory(role="focal_point", role__country="MWI"),
    ):
        with pytest.raises(NotAllowed):
            services.request_decide(actor=outsider, request=request, decision="approve")
    services.request_decide(actor=operator, request=request, decision="reject", note="No room.")
    request.refresh_from_db()
    assert (request.status, request.decided_by, request.decision_note) == (
        "rejected",
        operator,
        "No room.",
    )
    assert LogEntry.objects.filter(additional_data__action="compute.request.reject").count() == 1
    with pytest.raises(InvalidState):
        services.request_decide(actor=editor(), request=request, decision="approve")


def test_a_returned_request_is_changed_and_submitted_again():
    request = make_request(project=make_project(country="BRA"), resource=make_resource())
    services.request_decide(actor=editor(), request=request, decision="return", note="Fewer.")
    resubmitted = services.request_resubmit(
        actor=request.project.lead, request=request, amount=Decimal(4), justification="Fewer."
    )
    assert (resubmitted.status, resubmitted.amount, resubmitted.fee_amount) == (
        "submitted",
        Decimal(4),
        Decimal("5.00"),  # 4 x 2.50, halved for an upper-middle-income country
    )


def test_a_change_request_grants_more_to_the_same_allocation():
    allocation = make_allocation(amount=Decimal(10))
    change = make_request(
        project=allocation.project,
        resource=allocation.resource,
        amount=Decimal(5),
        kind="change",
        allocation=allocation,
    )
    services.request_decide(actor=editor(), request=change, decision="approve", amount=Decimal(3))
    assert selectors.allocation_account(allocation=allocation).granted == Decimal(13)


def test_bad_job_input_is_refused_and_changes_nothing():
    allocation = make_allocation()
    before = Job.objects.count(), Movement.objects.count(), LogEntry.objects.count()
    for units, walltime, command in [
        (Decimal(0), 10, "true"),
        (Decimal("-1"), 10, "true"),
        (Decimal("0.00001"), 10, "true"),
        (Decimal(1), 0, "true"),
        (Decimal(1), 10, "  "),
    ]:
        with pytest.raises(InvalidInput):
            services.job_submit(
                actor=allocation.project.lead,
                allocation=allocation,
                command=command,
                units=units,
                walltime_minutes=walltime,
            )
    with pytest.raises(NotAllowed):
        services.job_submit(
            actor=UserFactory(), allocation=allocation, command="true", units=1, walltime_minutes=1
        )
    assert (Job.objects.count(), Movement.objects.count(), LogEntry.objects.count()) == before


def test_a_job_ending_charges_once_and_a_refund_gives_units_back():
    allocation = make_allocation(amount=Decimal(10))
    job = services.job_submit(
        actor=allocation.project.lead,
        allocation=allocation,
        command="true",
        units=Decimal(4),
        walltime_minutes=60,
    )
    assert selectors.allocation_account(allocation=allocation).remaining == Decimal(6)
    dispatcher = system_actor(Purpose.COMPUTE_DISPATCH)
    ended = services.SchedulerReport(state="completed", exit_code=0, elapsed_seconds=1800)
    services.job_record(actor=dispatcher, job=job, report=ended)
    services.job_record(actor=dispatcher, job=job, report=ended)  # reported twice
    account = selectors.allocation_account(allocation=allocation)
    assert (account.used, account.held, account.remaining) == (Decimal(2), 0, Decimal(8))
    with pytest.raises(NotAllowed):
        services.job_record(actor=allocation.project.lead, job=job, report=ended)
    with pytest.raises(InvalidInput):
        services.movement_refund(actor=editor(), job=job, units=Decimal(3), note="Too much.")
    services.movement_refund(actor=editor(), job=job, units=Decimal(2), note="Node failure.")
    assert selectors.allocation_account(allocation=allocation).remaining == Decimal(10)
    assert CountryUsage.objects.get(country_id="MWI").decayed_usage == pytest.approx(0, abs=1e-6)


def test_fair_share_matches_the_baseline_and_decays_with_the_half_life():
    kenya = make_resource(node=make_node(country="KEN"), capacity=Decimal(3000))
    india = make_resource(node=make_node(country="IND"), capacity=Decimal(1000))
    dispatcher = system_actor(Purpose.COMPUTE_DISPATCH)
    week_ago = timezone.now() - datetime.timedelta(days=7)
    for country, resource, hours, when in [
        ("MWI", kenya, 3600 * 8, week_ago),
        ("MWI", india, 3600 * 2, timezone.now()),
        ("BRA", kenya, 3600 * 4, timezone.now()),
    ]:
        allocation = make_allocation(
            project=make_project(country=country), resource=resource, amount=Decimal(100)
        )
        job = services.job_submit(
            actor=allocation.project.lead,
            allocation=allocation,
            command="true",
            units=Decimal(10),
            walltime_minutes=600,  # 1 unit an hour
        )
        services.job_record(
            actor=dispatcher,
            job=job,
            report=services.SchedulerReport(
                state="completed", exit_code=0, elapsed_seconds=hours, finished_at=when
            ),
        )
    now = timezone.now()
    rows = {row.country: row for row in selectors.fairshare(as_of=now)}
    baseline = {row.country: row for row in selectors.fairshare_baseline(as_of=now)}
    assert set(rows) == set(baseline) == {"MWI", "BRA", "KEN", "IND"}
    for country, row in rows.items():
        assert row.share == pytest.approx(baseline[country].share)
        assert row.usage == pytest.approx(baseline[country].usage, rel=1e-6)
        assert row.factor == pytest.approx(math.pow(2, -row.usage / row.share))
    # Malawi's 8 hours a week ago count as 4 (one half-life), plus 2 today: 6 against Brazil's 4.
    assert rows["MWI"].decayed_usage == pytest.approx(6, rel=1e-3)
    assert rows["BRA"].decayed_usage == pytest.approx(4, rel=1e-3)
    # Shares: a floor of 0.01 for each holder, the rest by contributed capacity (3:1).
    assert rows["KEN"].share == pytest.approx(0.98 * 0.75)
    assert rows["IND"].share == pytest.approx(0.98 * 0.25)
    assert rows["MWI"].share == rows["BRA"].share == pytest.approx(0.01)
    assert sum(row.share for row in rows.values()) == pytest.approx(1)


def test_the_secretariat_sets_the_policy_and_bad_values_change_nothing():
    with pytest.raises(NotAllowed):
        services.policy_set(
            actor=make_operator(), floor="0.1", time_critical_reserve="0.1", half_life_days=7
        )
    with pytest.raises(InvalidInput) as refused:
        services.policy_set(
            actor=editor(), floor="2", time_critical_reserve="1", half_life_days="0"
        )
    assert {e["field"] for e in refused.value.errors} == {
        "floor",
        "time_critical_reserve",
        "half_life_days",
    }
    assert services.policy_current().pk is None
    policy = services.policy_set(
        actor=editor(), floor="0.05", time_critical_reserve="0.2", half_life_days="14"
    )
    assert services.policy_current() == policy


def test_time_critical_jobs_then_the_highest_factor_go_first_in_a_node_queue():
    resource = make_resource()
    heavy = make_allocation(project=make_project(country="BRA"), resource=resource)
    light = make_allocation(project=make_project(country="MWI"), resource=resource)
    CountryUsage.objects.create(country_id="BRA", decayed_usage=100, as_of=timezone.now())
    urgent_request = make_request(
        project=make_project(country="DEU"),
        resource=resource,
        priority="time_critical",
        time_critical_reason="Earthquake response.",
    )
    services.request_decide(actor=editor(), request=urgent_request, decision="approve")
    urgent = urgent_request.granted_allocation
    jobs = {}
    for name, allocation in [("heavy", heavy), ("light", light), ("urgent", urgent)]:
        jobs[name] = services.job_submit(
            actor=allocation.project.lead,
            allocation=allocation,
            command="true",
            units=Decimal(1),
            walltime_minutes=10,
        )
    queue = selectors.job_queue(actor=editor(), resource=resource)
    assert queue == [jobs["urgent"], jobs["light"], jobs["heavy"]]


def test_usage_by_sdg_counts_a_project_under_each_of_its_goals(client):
    from aigov.accounts.tests.factories import UserFactory as _User

    lead = _User()
    headers = {"HTTP_AUTHORIZATION": "Bearer " + _token(lead)}
    created = client.post(
        "/api/compute/projects",
        {
            "title": "Malaria and floods",
            "country": "MWI",
            "purpose": "P",
            "sdg_targets": ["3.3", "13.1"],
        },
        content_type="application/json",
        **headers,
    )
    assert created.status_code == 201, created.content
    assert sorted(created.json()["sdg_targets"]) == ["13.1", "3.3"]
    refused = client.post(
        "/api/compute/projects",
        {"title": "T", "country": "MWI", "purpose": "P", "sdg_targets": ["99.z"]},
        content_type="application/json",
        **headers,
    )
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "sdg_targets"
    from aigov.compute.models import Project

    project = Project.objects.get(pk=created.json()["id"])
    allocation = make_allocation(project=project, amount=Decimal(10))
    job = services.job_submit(
        actor=lead, allocation=allocation, command="true", units=Decimal(2), walltime_minutes=60
    )
    services.job_record(
        actor=system_actor(Purpose.COMPUTE_DISPATCH),
        job=job,
        report=services.SchedulerReport(state="completed", exit_code=0, elapsed_seconds=3600),
    )
    rows = selectors.usage_by(dimension="sdg", unit="gpu_hour")
    assert [(row.key, row.label, row.units) for row in rows] == [
        ("13", "SDG 13", Decimal(2)),
        ("3", "SDG 3", Decimal(2)),
    ]
    page = client.get("/en/compute/usage/").content.decode()
    assert "By Sustainable Development Goal" in page and "SDG 13" in page


def _token(user) -> str:
    from aigov.accounts import services as account_services

    return account_services.token_create(actor=user, user=user, scopes=["read", "write"]).raw
