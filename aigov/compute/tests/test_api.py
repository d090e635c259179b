"""The API's contracts: shapes, 422 on bad input with nothing changed, 404 for what the caller
may not see (so lists and counts never show it), 403 for a decision by the wrong person."""

import datetime
from decimal import Decimal

import pytest
from auditlog.models import LogEntry

from aigov.accounts import services as account_services
from aigov.accounts.tests.factories import UserFactory
from aigov.capacity.tests.factories import editor as make_secretariat
from aigov.capacity.tests.factories import make_node
from aigov.compute.models import AllocationRequest, Job, Movement, Project
from aigov.compute.tests.factories import (
    make_allocation,
    make_job,
    make_operator,
    make_project,
    make_request,
    make_resource,
)

pytestmark = pytest.mark.django_db


def _bearer(user):
    issued = account_services.token_create(actor=user, user=user, scopes=["read", "write"])
    return {"HTTP_AUTHORIZATION": f"Bearer {issued.raw}"}


def _post(client, path, body, user):
    return client.post(path, body, content_type="application/json", **_bearer(user))


def test_resources_are_listed_with_the_contract_fields(client):
    resource = make_resource(
        memory_gb=40, scheduler="slurm", slurm_cluster="c", slurm_partition="p"
    )
    make_resource(memory_gb=16)
    body = client.get("/api/compute/resources", {"min_memory_gb": 32}).json()
    assert body["count"] == 1
    item = body["items"][0]
    assert {
        key: item[key] for key in ("id", "node", "kind", "unit", "scheduler", "rate", "currency")
    } == {
        "id": resource.pk,
        "node": resource.node.slug,
        "kind": "gpu",
        "unit": "gpu_hour",
        "scheduler": "slurm",
        "rate": 2.5,
        "currency": "USD",
    }


@pytest.mark.parametrize(
    "body",
    [
        {"title": "", "country": "MWI", "purpose": "x"},
        {"title": "T", "country": "XXX", "purpose": "x"},
        {"title": "T", "country": "MWI"},
        {"title": "T" * 301, "country": "MWI", "purpose": "x"},
        {"title": "T", "country": "MWI", "purpose": " "},
    ],
)
def test_bad_project_input_is_422_and_changes_nothing(client, body):
    headers = _bearer(UserFactory())  # issuing the token is audited too
    before = Project.objects.count(), LogEntry.objects.count()
    answer = client.post("/api/compute/projects", body, content_type="application/json", **headers)
    assert answer.status_code == 422
    assert answer["Content-Type"] == "application/problem+json"
    assert answer.json()["errors"][0]["field"] in {"title", "country", "purpose"}
    assert (Project.objects.count(), LogEntry.objects.count()) == before


def test_a_visitor_cannot_write(client):
    answer = client.post(
        "/api/compute/projects",
        {"title": "T", "country": "MWI", "purpose": "P"},
        content_type="application/json",
    )
    assert answer.status_code == 401


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"amount": "0"}, "amount"),
        ({"amount": "1.00001"}, "amount"),
        ({"priority": "urgent"}, "priority"),
        ({"priority": "time_critical"}, "time_critical_reason"),
        ({"resource": 999999}, "resource"),
        ({"ends_on": "2020-01-01"}, None),
    ],
)
def test_bad_request_input_is_422_and_changes_nothing(client, change, field):
    project, resource = make_project(), make_resource()
    body = {
        "project": project.pk,
        "resource": resource.pk,
        "amount": "5",
        "justification": "J",
        "priority": "standard",
        **change,
    }
    headers = _bearer(project.lead)  # issuing the token is audited too
    before = AllocationRequest.objects.count(), LogEntry.objects.count()
    answer = client.post("/api/compute/requests", body, content_type="application/json", **headers)
    assert answer.status_code == 422, answer.content
    if field:
        assert field in {error["field"] for error in answer.json()["errors"]}
    assert (AllocationRequest.objects.count(), LogEntry.objects.count()) == before


def test_a_request_for_someone_elses_project_is_refused(client):
    project = make_project()
    answer = _post(
        client,
        "/api/compute/requests",
        {
            "project": project.pk,
            "resource": make_resource().pk,
            "amount": "5",
            "justification": "J",
            "priority": "standard",
        },
        UserFactory(),
    )
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "project"
    assert not AllocationRequest.objects.exists()


def test_records_are_hidden_from_who_may_not_see_them(client):
    operator, other_operator = make_operator(), make_operator()
    resource = make_resource(node=make_node(operators=[operator], country="KEN"))
    make_resource(node=make_node(operators=[other_operator], country="ZAF"))
    allocation = make_allocation(resource=resource)
    pending = make_request(project=allocation.project, resource=resource)
    job = make_job(allocation=allocation)
    paths = [
        f"/api/compute/projects/{allocation.project.pk}",
        f"/api/compute/requests/{pending.pk}",
        f"/api/compute/allocations/{allocation.pk}",
        f"/api/compute/jobs/{job.pk}",
    ]
    for stranger in (UserFactory(), other_operator):
        for path in paths:
            assert client.get(path, **_bearer(stranger)).status_code == 404, path
    for path in paths:
        assert client.get(path).status_code == 404, path
    for insider in (allocation.project.lead, operator):
        for path in paths:
            assert client.get(path, **_bearer(insider)).status_code == 200, path
    # A decision by an operator of another node: the request is not theirs to see.
    answer = _post(
        client,
        f"/api/compute/requests/{pending.pk}/decision",
        {"decision": "approve"},
        other_operator,
    )
    assert answer.status_code == 404
    # The team sees the request but may not decide it.
    answer = _post(
        client,
        f"/api/compute/requests/{pending.pk}/decision",
        {"decision": "approve"},
        allocation.project.lead,
    )
    assert answer.status_code == 403
    pending.refresh_from_db()
    assert pending.status == "submitted"


def test_a_decision_answers_status_and_allocation(client):
    operator = make_operator()
    resource = make_resource(node=make_node(operators=[operator], country="KEN"))
    request = make_request(project=make_project(), resource=resource, amount=Decimal(8))
    bad = _post(
        client, f"/api/compute/requests/{request.pk}/decision", {"decision": "return"}, operator
    )
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "note"
    answer = _post(
        client,
        f"/api/compute/requests/{request.pk}/decision",
        {"decision": "approve", "amount": "6", "note": "Six for now."},
        operator,
    )
    body = answer.json()
    assert body["status"] == "approved"
    account = client.get(
        f"/api/compute/allocations/{body['allocation']}", **_bearer(request.project.lead)
    ).json()
    assert {key: account[key] for key in ("id", "unit", "granted", "used", "remaining")} == {
        "id": body["allocation"],
        "unit": "gpu_hour",
        "granted": 6,
        "used": 0,
        "remaining": 6,
    }


def test_bad_job_input_is_422_and_a_job_on_anothers_allocation_is_refused(client):
    allocation = make_allocation()
    before = Job.objects.count(), Movement.objects.count()
    for body in [
        {"allocation": allocation.pk, "command": "", "units": "1", "walltime_minutes": 1},
        {"allocation": allocation.pk, "command": "x", "units": "-1", "walltime_minutes": 1},
        {"allocation": allocation.pk, "command": "x", "units": "1", "walltime_minutes": 0},
        {"allocation": allocation.pk, "command": "x", "units": "1"},
    ]:
        answer = _post(client, "/api/compute/jobs", body, allocation.project.lead)
        assert answer.status_code == 422, body
    stranger = _post(
        client,
        "/api/compute/jobs",
        {"allocation": allocation.pk, "command": "x", "units": "1", "walltime_minutes": 1},
        UserFactory(),
    )
    assert stranger.status_code == 422
    assert stranger.json()["errors"][0]["field"] == "allocation"
    assert (Job.objects.count(), Movement.objects.count()) == before


def test_fair_share_of_an_empty_federation_is_an_empty_list(client):
    assert client.get("/api/compute/fairshare").json() == {"count": 0, "items": []}


def test_a_queued_job_is_cancelled_and_its_hold_released(client):
    allocation = make_allocation(amount=Decimal(5))
    job = make_job(allocation=allocation, units=2)
    Movement.objects.create(allocation=allocation, kind="hold", units=-2, job=job)
    path = f"/api/compute/jobs/{job.pk}/cancel"
    assert _post(client, path, {}, UserFactory()).status_code == 404
    answer = _post(client, path, {}, allocation.project.lead)
    assert answer.status_code == 200
    assert (answer.json()["state"], answer.json()["usage"]) == ("cancelled", 0)
    kinds = list(Movement.objects.filter(job=job).order_by("pk").values_list("kind", "units"))
    assert kinds == [("hold", Decimal(-2)), ("release", Decimal(2))]
    assert _post(client, path, {}, allocation.project.lead).status_code == 409


def test_a_running_local_job_cannot_be_cancelled(client):
    allocation = make_allocation()
    job = make_job(allocation=allocation, command="sleep 60", state="running")
    answer = _post(client, f"/api/compute/jobs/{job.pk}/cancel", {}, allocation.project.lead)
    assert answer.status_code == 409
    job.refresh_from_db()
    assert job.state == "running"


def test_a_renewal_moves_the_allocations_end_and_grants_more(client):
    allocation = make_allocation(amount=Decimal(10))
    lead = allocation.project.lead
    answer = _post(
        client,
        "/api/compute/requests",
        {
            "project": allocation.project.pk,
            "resource": allocation.resource.pk,
            "amount": "4",
            "justification": "Another season.",
            "kind": "renewal",
            "allocation": allocation.pk,
        },
        lead,
    )
    assert answer.status_code == 201, answer.content
    renewal = answer.json()
    assert (renewal["kind"], renewal["allocation"]) == ("renewal", allocation.pk)
    assert renewal["starts_on"] == (allocation.ends_on + datetime.timedelta(days=1)).isoformat()
    decided = _post(
        client,
        f"/api/compute/requests/{renewal['id']}/decision",
        {"decision": "approve"},
        make_secretariat(),
    )
    assert decided.json() == {"status": "approved", "allocation": allocation.pk}
    account = client.get(f"/api/compute/allocations/{allocation.pk}", **_bearer(lead)).json()
    assert account["granted"] == 14
    assert account["ends_on"] == renewal["ends_on"]
    # Someone else's allocation cannot be changed, even from one's own project.
    stranger = UserFactory()
    other = _post(
        client,
        "/api/compute/requests",
        {
            "project": make_project(lead=stranger).pk,
            "resource": allocation.resource.pk,
            "amount": "4",
            "justification": "Mine now.",
            "kind": "change",
            "allocation": allocation.pk,
        },
        stranger,
    )
    assert other.status_code == 422
    assert [error["field"] for error in other.json()["errors"]] == ["allocation"]
