"""Issue 20, "Done when", on the embedded default: a researcher from a low-income country
creates a project, requests GPU-hours (fee waived, and why), an operator approves, a job runs
through the local backend and is charged, a job that would overdraw is refused, and the fair
share reflects usage on two nodes."""

import math
from decimal import Decimal

import pytest

from aigov.accounts import services as account_services
from aigov.accounts.tests.factories import UserFactory
from aigov.capacity.tests.factories import make_node
from aigov.compute.models import Job, Movement
from aigov.compute.tests.factories import make_operator, make_resource


def _bearer(user):
    issued = account_services.token_create(actor=user, user=user, scopes=["read", "write"])
    return {"HTTP_AUTHORIZATION": f"Bearer {issued.raw}"}


def _run_project(client, capture, *, researcher, country, resource, operator, command):
    as_researcher = _bearer(researcher)
    created = client.post(
        "/api/compute/projects",
        {"title": f"Forecasts for {country}", "country": country, "purpose": "Flood forecasts."},
        content_type="application/json",
        **as_researcher,
    )
    assert created.status_code == 201, created.content
    requested = client.post(
        "/api/compute/requests",
        {
            "project": created.json()["id"],
            "resource": resource.pk,
            "amount": "2",
            "justification": "Ensemble runs for the rainy season.",
            "priority": "standard",
        },
        content_type="application/json",
        **as_researcher,
    )
    assert requested.status_code == 201, requested.content
    decided = client.post(
        f"/api/compute/requests/{requested.json()['id']}/decision",
        {"decision": "approve", "amount": "2", "note": "Approved for the season."},
        content_type="application/json",
        **_bearer(operator),
    )
    assert decided.status_code == 200, decided.content
    allocation = decided.json()["allocation"]
    with capture(execute=True):
        submitted = client.post(
            "/api/compute/jobs",
            {"allocation": allocation, "command": command, "units": "1", "walltime_minutes": 1},
            content_type="application/json",
            **as_researcher,
        )
    assert submitted.status_code == 201, submitted.content
    return requested.json(), decided.json(), allocation, submitted.json()["id"], as_researcher


@pytest.mark.django_db
def test_low_income_researcher_to_fair_share_on_two_nodes(
    client, django_capture_on_commit_callbacks
):
    kenya_operator, south_africa_operator = make_operator(), make_operator()
    kenya_gpus = make_resource(node=make_node(operators=[kenya_operator], country="KEN"))
    south_africa_gpus = make_resource(
        node=make_node(operators=[south_africa_operator], country="ZAF", region="African")
    )
    malawi = UserFactory()

    request, decision, allocation, job_id, as_malawi = _run_project(
        client,
        django_capture_on_commit_callbacks,
        researcher=malawi,
        country="MWI",
        resource=kenya_gpus,
        operator=kenya_operator,
        command="sleep 1; echo hello from the job",
    )
    # The fee is waived, and the request says why.
    assert request["status"] == "submitted"
    assert request["fee"]["waived"] is True
    assert request["fee"]["amount"] == 0
    assert request["fee"]["currency"] == "USD"
    assert "low income" in request["fee"]["reason"]
    assert decision["status"] == "approved"

    # The job ran as a real subprocess and its usage was charged.
    job = client.get(f"/api/compute/jobs/{job_id}", **as_malawi).json()
    assert job["state"] == "completed"
    assert job["exit_code"] == 0
    assert "hello from the job" in job["output"]
    assert job["elapsed_seconds"] >= 1
    # 1 unit held for a 1-minute walltime: 60 units an hour, for about a second.
    assert 0.016 <= job["usage"] <= 0.05
    account = client.get(f"/api/compute/allocations/{allocation}", **as_malawi).json()
    assert account["granted"] == 2
    assert account["used"] == job["usage"]
    assert account["remaining"] == pytest.approx(2 - job["usage"])
    assert account["unit"] == "gpu_hour"
    kinds = list(Movement.objects.filter(allocation_id=allocation).values_list("kind", flat=True))
    assert kinds == ["grant", "hold", "release", "charge"]

    # A second job that would overdraw is refused, with what remains, and changes nothing.
    before = Movement.objects.count(), Job.objects.count()
    refused = client.post(
        "/api/compute/jobs",
        {"allocation": allocation, "command": "true", "units": "1.999", "walltime_minutes": 5},
        content_type="application/json",
        **as_malawi,
    )
    assert refused.status_code == 409
    assert refused["Content-Type"] == "application/problem+json"
    assert refused.json()["code"] == "would_overdraw"
    assert Decimal(str(refused.json()["remaining"])) == Decimal(str(account["remaining"]))
    assert (Movement.objects.count(), Job.objects.count()) == before

    # A German project on the South African node: full fee; both countries now have usage.
    germany = UserFactory()
    request, _decision, _allocation, _other_job, _ = _run_project(
        client,
        django_capture_on_commit_callbacks,
        researcher=germany,
        country="DEU",
        resource=south_africa_gpus,
        operator=south_africa_operator,
        command="sleep 2",
    )
    assert request["fee"] == {
        "amount": 5.0,
        "currency": "USD",
        "waived": False,
        "reason": "Full cost recovery: units times the resource's rate.",
        "reason_code": "full",
    }
    fair = client.get("/api/compute/fairshare").json()
    rows = {item["country"]: item for item in fair["items"]}
    assert fair["count"] == len(fair["items"])
    assert {"MWI", "DEU", "KEN", "ZAF"} <= set(rows)
    assert sum(item["share"] for item in fair["items"]) == pytest.approx(1)
    assert sum(item["usage"] for item in fair["items"]) == pytest.approx(1)
    for item in fair["items"]:
        assert item["factor"] == pytest.approx(math.pow(2, -item["usage"] / item["share"]))
    # Germany ran about twice as long as Malawi: more usage, lower factor.
    assert rows["DEU"]["usage"] > rows["MWI"]["usage"] > 0
    assert rows["MWI"]["factor"] > rows["DEU"]["factor"]
    # Contributing countries without usage come first.
    assert rows["KEN"]["factor"] == 1
