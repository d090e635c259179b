"""Compute's demonstration data: `aigov demo load` makes resources on the demonstration nodes,
projects, requests in every state, allocations and completed jobs with charged usage, all
marked; `aigov demo clear` removes exactly them and the countries' usage they added."""

from decimal import Decimal

import pytest
from django.db.models import Sum

from aigov.accounts.access import Purpose
from aigov.accounts.services import system_actor
from aigov.compute import selectors, services
from aigov.compute.models import (
    Allocation,
    AllocationRequest,
    CountryUsage,
    Job,
    Movement,
    Project,
    Resource,
)
from aigov.compute.tests.factories import (
    make_allocation,
    make_project,
    make_request,
    make_resource,
)
from aigov.core.demo import demo_clear, demo_load
from aigov.core.errors import InvalidState, NotAllowed

pytestmark = pytest.mark.django_db

MODELS = (Resource, Project, AllocationRequest, Allocation, Job, Movement)


def _actor():
    return system_actor(Purpose.DEMO_DATA)


def _charged_real_allocation() -> Allocation:
    allocation = make_allocation(amount=Decimal(10))
    job = services.job_submit(
        actor=allocation.project.lead,
        allocation=allocation,
        command="true",
        units=Decimal(4),
        walltime_minutes=60,
    )
    ended = services.SchedulerReport(state="completed", exit_code=0, elapsed_seconds=1800)
    services.job_record(actor=system_actor(Purpose.COMPUTE_DISPATCH), job=job, report=ended)
    return allocation


def _demo_counts() -> dict[str, int]:
    return {model.__name__: model.objects.filter(is_demo=True).count() for model in MODELS}


def test_load_makes_marked_records_in_every_state(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # the jobs' dispatch, after commit
        report = demo_load(actor=_actor())
    assert report.counts["compute resources"].created >= 5
    assert report.counts["compute projects"].created == 4
    for model in MODELS:
        assert not model.objects.filter(is_demo=False).exists(), model
    requests = AllocationRequest.objects.all()
    assert set(requests.values_list("status", flat=True)) == {
        "submitted",
        "approved",
        "returned",
        "rejected",
    }
    urgent = requests.get(priority="time_critical")
    assert urgent.status == "approved" and urgent.project.country.income_group == "L"
    assert urgent.fee_waived
    assert all(p.lead.is_demo and p.title.startswith("Demo ") for p in Project.objects.all())
    assert all(r.slug.startswith("demo-") and r.node.is_demo for r in Resource.objects.all())
    jobs = Job.objects.all()
    assert jobs.count() == Allocation.objects.count() == 5
    for job in jobs:
        # Recorded ended by the demonstration job; the dispatch after commit ran nothing.
        assert (job.state, job.exit_code) == ("completed", 0)
        assert job.output.startswith("Demonstration job")
        assert 0 < job.usage <= job.units
        account = selectors.allocation_account(allocation=job.allocation)
        assert account.used == job.usage and account.held == 0
    assert CountryUsage.objects.filter(decayed_usage__gt=0).count() >= 3
    assert selectors.fairshare()  # every demonstration country holding an allocation


def test_a_second_load_creates_nothing():
    demo_load(actor=_actor())
    counts = _demo_counts()
    again = demo_load(actor=_actor())
    assert again.counts["compute projects"].created == 0
    assert again.counts["compute resources"].created == 0
    assert _demo_counts() == counts


def test_clear_removes_exactly_the_demo_records_and_their_usage():
    real = _charged_real_allocation()
    real_account = selectors.allocation_account(allocation=real)
    real_usage = {row.country_id: row.decayed_usage for row in CountryUsage.objects.all()}
    real_rows = {model.__name__: model.objects.count() for model in MODELS}
    demo_load(actor=_actor())
    assert CountryUsage.objects.aggregate(total=Sum("decayed_usage"))["total"] > sum(
        real_usage.values()
    )
    removed = demo_clear(actor=_actor())
    assert removed["compute.Movement"] > 0 and removed["compute.Job"] == 5
    assert _demo_counts() == dict.fromkeys(real_rows, 0)
    assert {model.__name__: model.objects.count() for model in MODELS} == real_rows
    assert selectors.allocation_account(allocation=real) == real_account
    # The countries' usage is the real jobs' alone again (decayed by the seconds the test took).
    usage = {row.country_id: row.decayed_usage for row in CountryUsage.objects.all()}
    assert {c: u for c, u in usage.items() if u > 0}.keys() == real_usage.keys()
    for country, value in real_usage.items():
        assert usage[country] == pytest.approx(value, rel=1e-4)


def test_clear_refuses_while_a_real_request_asks_a_demo_resource():
    demo_load(actor=_actor())
    counts = _demo_counts()
    make_request(project=make_project(), resource=Resource.objects.filter(is_demo=True).first())
    with pytest.raises(InvalidState):
        demo_clear(actor=_actor())
    assert _demo_counts() == counts


def test_the_demo_job_writes_in_no_one_elses_stead_on_real_records():
    project = make_project()
    with pytest.raises(NotAllowed):
        services.request_submit(
            actor=_actor(),
            project=project,
            resource=make_resource(),
            amount=Decimal(1),
            justification="Not the demonstration job's to ask.",
            on_behalf_of=project.lead,
        )
    with pytest.raises(NotAllowed):
        services.job_submit(
            actor=_actor(),
            allocation=make_allocation(),
            command="true",
            units=Decimal(1),
            walltime_minutes=1,
            on_behalf_of=project.lead,
        )
