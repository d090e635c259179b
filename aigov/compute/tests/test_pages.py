"""The compute pages: the fee and why on the request form and page, the operator's review
queue and decision, a job from the allocation page, usage and fair share; and who sees what."""

from decimal import Decimal

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from aigov.accounts.tests.factories import UserFactory
from aigov.capacity.tests.factories import make_node
from aigov.compute.models import AllocationRequest, Job
from aigov.compute.tests.factories import (
    make_allocation,
    make_job,
    make_operator,
    make_project,
    make_request,
    make_resource,
)

pytestmark = pytest.mark.django_db


def test_a_low_income_researcher_sees_the_fee_waived_and_why(client):
    researcher = UserFactory()
    resource = make_resource()
    client.force_login(researcher)
    created = client.post(
        reverse("compute:project-create"),
        {
            "title": "Malaria maps",
            "country": "MWI",
            "purpose": "Mapping malaria risk.",
            "sdg_targets": "3.3, 3.d",
        },
    )
    project = researcher.compute_projects_led.get()
    assert created.status_code == 302
    assert sorted(project.sdg_targets.values_list("code", flat=True)) == ["3.3", "3.d"]
    assert created["Location"] == reverse("compute:request-create", args=[project.pk])
    form = client.get(created["Location"])
    assert "Waived: the project&#x27;s country is low income." in form.content.decode()
    submitted = client.post(
        created["Location"],
        {
            "resource": resource.pk,
            "amount": "40",
            "justification": "Risk maps for 28 districts.",
            "priority": "standard",
        },
    )
    request = AllocationRequest.objects.get(project=project)
    assert submitted["Location"] == reverse("compute:request-detail", args=[request.pk])
    page = client.get(submitted["Location"]).content.decode()
    assert "No fee" in page
    assert "Waived: the project&#x27;s country is low income." in page
    assert "Record the decision" not in page  # the researcher does not decide


def test_the_node_operator_decides_from_the_review_queue(client):
    operator = make_operator()
    resource = make_resource(node=make_node(operators=[operator], country="KEN"))
    request = make_request(project=make_project(), resource=resource, amount=Decimal(12))
    other_node_operator = make_operator()
    make_resource(node=make_node(operators=[other_node_operator], country="ZAF"))

    client.force_login(other_node_operator)
    assert request.project.title not in client.get(reverse("compute:review-queue")).content.decode()
    assert client.get(reverse("compute:request-detail", args=[request.pk])).status_code == 404
    refused = client.post(
        reverse("compute:request-decide", args=[request.pk]), {"decision": "approve"}
    )
    assert refused.status_code == 404

    client.force_login(operator)
    assert request.project.title in client.get(reverse("compute:review-queue")).content.decode()
    page = client.get(reverse("compute:request-detail", args=[request.pk])).content.decode()
    assert "Record the decision" in page
    decided = client.post(
        reverse("compute:request-decide", args=[request.pk]),
        {"decision": "approve", "amount": "10", "note": ""},
    )
    assert decided.status_code == 302
    request.refresh_from_db()
    assert request.status == "approved"
    assert request.granted_allocation.movements.get().units == Decimal(10)


def test_returning_without_a_note_is_refused_and_changes_nothing(client):
    operator = make_operator()
    resource = make_resource(node=make_node(operators=[operator], country="KEN"))
    request = make_request(project=make_project(), resource=resource)
    client.force_login(operator)
    refused = client.post(
        reverse("compute:request-decide", args=[request.pk]), {"decision": "return", "note": ""}
    )
    assert refused.status_code == 400
    assert "Say why" in refused.content.decode()
    request.refresh_from_db()
    assert request.status == "submitted"


def test_a_job_from_the_allocation_page_runs_and_shows_its_output(
    client, django_capture_on_commit_callbacks
):
    allocation = make_allocation(amount=Decimal(5))
    client.force_login(allocation.project.lead)
    page = reverse("compute:allocation-detail", args=[allocation.pk])
    with django_capture_on_commit_callbacks(execute=True):
        submitted = client.post(
            page, {"command": "echo from the page", "units": "1", "walltime_minutes": "10"}
        )
    job = Job.objects.get()
    assert submitted["Location"] == reverse("compute:job-detail", args=[job.pk])
    detail = client.get(submitted["Location"]).content.decode()
    assert "from the page" in detail
    assert "Completed" in detail
    mine = client.get(reverse("compute:job-list")).content.decode()
    assert f"Job {job.pk}" in mine
    refused = client.post(page, {"command": "true", "units": "6", "walltime_minutes": "10"})
    assert refused.status_code == 409
    assert "would overdraw" in refused.content.decode()
    assert Job.objects.count() == 1


def test_a_stranger_sees_no_project_request_allocation_or_job(client):
    allocation = make_allocation()
    job = make_job(allocation=allocation)
    client.force_login(UserFactory())
    for name, pk in [
        ("compute:project-detail", allocation.project.pk),
        ("compute:request-create", allocation.project.pk),
        ("compute:request-detail", allocation.request.pk),
        ("compute:allocation-detail", allocation.pk),
        ("compute:job-detail", job.pk),
    ]:
        assert client.get(reverse(name, args=[pk])).status_code == 404, name
    projects = client.get(reverse("compute:project-list")).content.decode()
    assert allocation.project.title not in projects
    assert f"Job {job.pk}" not in client.get(reverse("compute:job-list")).content.decode()


def test_catalogue_filters_n_units_with_at_least_m_gigabytes(client):
    small = make_resource(memory_gb=16, name="Small cards", rate=Decimal(1))
    large = make_resource(
        memory_gb=80, name="Large cards", carbon_intensity=50, energy_per_unit_kwh=Decimal("0.4")
    )
    page = client.get(reverse("compute:index"), {"units": "100", "min_memory_gb": "40"})
    content = page.content.decode()
    offers = page.context["offers"]
    assert [offer.resource for offer in offers] == [large]
    assert offers[0].fee == Decimal("250.00")
    assert offers[0].carbon_kg == Decimal("2.000")  # 100 units x 0.4 kWh x 50 g
    assert "Large cards" in content and small.name in content  # the full list stays below


def test_usage_page_shows_fair_share_and_usage_by_group(client):
    page = client.get(reverse("compute:usage"))
    assert page.status_code == 200
    assert "Fair share" in page.content.decode()


def test_the_country_profile_shows_the_compute_its_nodes_offer(client):
    resource = make_resource(node=make_node(country="KEN"), name="Nairobi A100s")
    make_resource(node=make_node(country="ZAF"), name="Cape Town H100s")
    body = client.get("/api/countries/KEN/profile").json()
    (section,) = [s for s in body["sections"] if s["key"] == "compute.resources"]
    assert section["count"] == 1
    assert section["items"][0]["title"] == "Nairobi A100s"
    assert section["items"][0]["url"] == f"/en/compute/#resource-{resource.pk}"
    assert "1000 GPU-hours a month" in section["items"][0]["note"]


def test_search_finds_a_resource_by_its_accelerator(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        resource = make_resource(name="Nairobi cluster", accelerator_model="NVIDIA H100")
    hits = client.get("/api/search", {"q": "H100", "type": "compute.resource"}).json()
    assert [hit["url"] for hit in hits["items"]] == [f"/en/compute/#resource-{resource.pk}"]
    assert hits["items"][0]["title"] == "Nairobi cluster"


def test_more_units_are_asked_from_the_allocation_page(client):
    allocation = make_allocation(amount=Decimal(5))
    client.force_login(allocation.project.lead)
    page = reverse("compute:allocation-detail", args=[allocation.pk])
    assert "More units or a later end" in client.get(page).content.decode()
    asked = client.post(
        reverse("compute:allocation-extend", args=[allocation.pk]),
        {"kind": "change", "amount": "3", "justification": "A second model."},
    )
    change = AllocationRequest.objects.get(kind="change")
    assert asked["Location"] == reverse("compute:request-detail", args=[change.pk])
    assert (change.allocation, change.amount, change.status) == (allocation, 3, "submitted")
    refused = client.post(
        reverse("compute:allocation-extend", args=[allocation.pk]),
        {"kind": "change", "amount": "-3", "justification": ""},
    )
    assert refused["Location"] == page
    assert AllocationRequest.objects.filter(kind="change").count() == 1
    client.force_login(UserFactory())
    stranger = client.post(
        reverse("compute:allocation-extend", args=[allocation.pk]),
        {"kind": "change", "amount": "3", "justification": "Mine."},
    )
    assert stranger.status_code == 404


def test_the_secretariat_sets_the_fair_share_policy_from_the_usage_page(client):
    from aigov.capacity.tests.factories import editor
    from aigov.compute.models import FairSharePolicy

    page = client.get(reverse("compute:usage")).content.decode()
    assert "a floor of 0.01 for every country" in page
    assert "Put the policy in force" not in page
    operator = make_operator()
    client.force_login(operator)
    refused = client.post(
        reverse("compute:policy-set"),
        {"floor": "0.02", "time_critical_reserve": "0.1", "half_life_days": "14"},
    )
    assert refused.status_code == 302
    assert not FairSharePolicy.objects.exists()
    secretariat = editor()
    # The secretariat's pages need two-factor sign-in set up (aigov.accounts.middleware).
    Authenticator.objects.create(user=secretariat, type=Authenticator.Type.TOTP, data={"x": 1})
    client.force_login(secretariat)
    client.post(
        reverse("compute:policy-set"),
        {"floor": "0.02", "time_critical_reserve": "0.1", "half_life_days": "14"},
    )
    policy = FairSharePolicy.objects.get()
    assert (policy.floor, policy.half_life_days) == (Decimal("0.02"), Decimal(14))
    assert "usage halved every 14 days" in client.get(reverse("compute:usage")).content.decode()
