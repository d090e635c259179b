"""Calls, applications, reviews, decisions and pledges through the API, with who may do what."""

from aigov.accounts.tests.factories import UserFactory
from aigov.fund.models import Application, Review
from aigov.fund.tests import factories

CALL = {
    "title": "AI capacity in the least developed countries",
    "opens_on": "2026-03-01",
    "closes_on": "2026-05-31",
    "sdg_targets": ["4.4", "9.c"],
    "budget": "500000",
}
APPLICATION = {
    "organisation_name": "Université Abdou Moumouni",
    "country": "NER",
    "title": "Applied AI master's programme",
    "summary": "Two cohorts.",
    "requested_amount": "120000",
    "currency": "USD",
}


def _post(client, path, body):
    return client.post(path, body, content_type="application/json")


def test_call_to_decision(client, secretariat, fund):
    applicant, expert, stranger = UserFactory(), UserFactory(role="expert"), UserFactory()
    client.force_login(applicant)
    assert _post(client, "/api/fund/calls", CALL).status_code == 403
    client.force_login(secretariat)
    assert _post(client, "/api/fund/calls", {**CALL, "closes_on": "2026-01-01"}).status_code == 422
    opened = _post(client, "/api/fund/calls", CALL)
    assert opened.status_code == 201, opened.content
    assert opened.json()["sdg_targets"] == ["4.4", "9.c"]
    call_id = opened.json()["id"]

    client.force_login(applicant)
    applied = _post(client, f"/api/fund/calls/{call_id}/applications", APPLICATION)
    assert applied.status_code == 201, applied.content
    application_id = applied.json()["id"]
    bad = _post(client, f"/api/fund/calls/{call_id}/applications", {**APPLICATION, "country": "X"})
    assert bad.status_code == 422
    assert Application.objects.count() == 1
    # An applicant neither reviews nor decides, and reads only its own applications.
    review = {"has_conflict": False, "score": 4}
    assert _post(
        client, f"/api/fund/applications/{application_id}/reviews", review
    ).status_code == (403)
    decision = {"approve": True}
    assert (
        _post(client, f"/api/fund/applications/{application_id}/decision", decision).status_code
        == 403
    )
    client.force_login(stranger)
    assert client.get("/api/fund/applications").json()["count"] == 0
    assert _post(
        client, f"/api/fund/applications/{application_id}/reviews", review
    ).status_code == (404)

    client.force_login(expert)
    path = f"/api/fund/applications/{application_id}/reviews"
    conflicted = {"has_conflict": True, "score": 5}
    assert _post(client, path, conflicted).status_code == 422
    assert not Review.objects.exists()
    assert _post(client, path, review).status_code == 201
    assert _post(client, path, review).status_code == 409

    client.force_login(secretariat)
    decided = _post(client, f"/api/fund/applications/{application_id}/decision", decision)
    assert decided.status_code == 200 and decided.json()["status"] == "approved"
    again = _post(client, f"/api/fund/applications/{application_id}/decision", decision)
    assert again.status_code == 409
    assert [r["score"] for r in client.get(path).json()["items"]] == [4]


def test_pledges(client, secretariat, fund):
    donor = factories.donor()
    factories.contributor_for(secretariat, donor)
    client.force_login(donor)
    pledge = {"amount": "1000000", "currency": "EUR", "pledged_on": "2026-01-15"}
    recorded = _post(client, "/api/fund/pledges", pledge)
    assert recorded.status_code == 201, recorded.content
    assert recorded.json()["amount"] == "1000000.00"
    assert _post(client, "/api/fund/pledges", {**pledge, "currency": "EURO"}).status_code == 422
