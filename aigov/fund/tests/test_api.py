"""The API contracts of issue 21: shapes, 422 with nothing written, 409, 401/403/404."""

from typing import Any

import pytest
from auditlog.models import LogEntry

from aigov.fund.models import (
    AccountBalance,
    Contribution,
    Disbursement,
    Grant,
    Leg,
    Transaction,
)
from aigov.fund.tests import factories


def _counts() -> tuple[int, ...]:
    return tuple(
        model.objects.count()
        for model in (Contribution, Transaction, Leg, AccountBalance, Grant, Disbursement, LogEntry)
    )


def _post(client: Any, path: str, body: Any) -> Any:
    return client.post(path, body, content_type="application/json")


FINANCIAL = {
    "kind": "financial",
    "amount": "1000",
    "currency": "USD",
    "value_date": "2026-03-02",
    "description": "Core contribution",
}
IN_KIND = {
    **FINANCIAL,
    "kind": "in_kind",
    "amount": "600",
    "quantity": "200",
    "unit": "GPU hour",
    "valuation_method": "cost",
}


@pytest.fixture
def donor_client(client: Any, secretariat: Any, fund: Any) -> Any:
    donor = factories.donor()
    factories.contributor_for(secretariat, donor)
    client.force_login(donor)
    return client


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"kind": "gift"}, "kind"),
        ({"amount": "-5"}, "amount"),
        ({"amount": "0"}, "amount"),
        ({"amount": "10.001"}, "amount"),
        ({"amount": True}, "amount"),
        ({"currency": "XXY"}, "currency"),
        ({"currency": "usd"}, "currency"),
        ({"value_date": "02/03/2026"}, "value_date"),
        ({"description": ""}, "description"),
        ({"evidence_links": ["not a link"]}, "evidence_links"),
        ({"restricted_countries": ["ZZZ"]}, "restricted_countries"),
    ],
)
def test_invalid_contributions_are_refused_and_write_nothing(donor_client, change, field):
    before = _counts()
    response = _post(donor_client, "/api/fund/contributions", {**FINANCIAL, **change})
    assert response.status_code == 422, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert field in {error["field"] for error in response.json()["errors"]}
    assert _counts() == before


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"quantity": None}, "quantity"),
        ({"unit": ""}, "unit"),
        ({"valuation_method": None}, "valuation_method"),
        ({"valuation_method": "guess"}, "valuation_method"),
        # Unbalanced: 200 x 4 is 800, not the 600 posted.
        ({"unit_value": "4"}, "amount"),
    ],
)
def test_invalid_or_unbalanced_in_kind_is_refused_and_writes_nothing(donor_client, change, field):
    before = _counts()
    response = _post(donor_client, "/api/fund/contributions", {**IN_KIND, **change})
    assert response.status_code == 422, response.content
    assert field in {error["field"] for error in response.json()["errors"]}
    assert _counts() == before


def test_in_kind_valuation_is_kept(donor_client):
    response = _post(donor_client, "/api/fund/contributions", {**IN_KIND, "unit_value": "3"})
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["quantity"], body["unit"], body["unit_value"], body["amount"]) == (
        "200.0000",
        "GPU hour",
        "3.0000",
        "600.00",
    )
    legs = Leg.objects.filter(transaction_id=body["transaction"]).order_by("account__code")
    assert [(leg.account.code, leg.amount) for leg in legs] == [("1200", 600), ("4200", -600)]


def test_who_may_record_and_grant(client, secretariat, fund):
    assert _post(client, "/api/fund/contributions", FINANCIAL).status_code == 401
    stranger = factories.donor()  # a donor who is no contributor's member
    client.force_login(stranger)
    response = _post(client, "/api/fund/contributions", FINANCIAL)
    assert response.status_code == 422  # names no contributor, and has none
    other = factories.contributor_for(secretariat, factories.donor(), name="Other donor")
    response = _post(client, "/api/fund/contributions", {**FINANCIAL, "contributor": other.pk})
    assert response.status_code == 404  # another donor's: as if missing
    grant = {"title": "T", "recipient_country": "NER", "amount": "10", "currency": "USD"}
    assert _post(client, "/api/fund/grants", grant).status_code == 403
    assert client.get("/api/fund/ledger/trial-balance").status_code == 403


def test_grant_needs_available_money_and_disbursement_its_currency(client, secretariat, fund):
    contributor = factories.contributor_for(secretariat, factories.donor())
    factories.give(secretariat, fund, contributor, "100")
    client.force_login(secretariat)
    body = {"title": "T", "recipient_country": "NER", "amount": "100.01", "currency": "USD"}
    before = _counts()
    assert _post(client, "/api/fund/grants", body).status_code == 409
    assert _post(client, "/api/fund/grants", {**body, "recipient_country": "XXX"}).status_code == (
        422
    )
    assert _counts() == before
    created = _post(client, "/api/fund/grants", {**body, "amount": "100"})
    assert created.status_code == 201
    grant_id = created.json()["id"]
    path = f"/api/fund/grants/{grant_id}/disbursements"
    wrong = _post(client, path, {"amount": "10", "currency": "EUR", "value_date": "2026-03-04"})
    assert wrong.status_code == 422
    assert _post(client, "/api/fund/grants/999999/disbursements", {}).status_code in (404, 422)
    assert client.get("/api/fund/grants/999999").status_code == 404


def test_trial_balance_shape(client, secretariat, fund):
    contributor = factories.contributor_for(secretariat, factories.donor())
    factories.give(secretariat, fund, contributor, "10", currency="CHF")
    client.force_login(secretariat)
    assert client.get("/api/fund/ledger/trial-balance").json() == {
        "items": [
            {"account": "1000", "currency": "CHF", "debit": "10.00", "credit": "0.00"},
            {"account": "4000", "currency": "CHF", "debit": "0.00", "credit": "10.00"},
        ],
        "totals": {"CHF": {"debit": "10.00", "credit": "10.00"}},
    }


def test_evidence_documents_are_checked_and_read_only_by_who_may_see(client, secretariat, fund):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from aigov.fund.models import EvidenceDocument

    alice = factories.donor()
    alpha = factories.contributor_for(secretariat, alice)
    private = factories.give(secretariat, fund, alpha, "10", is_public=False)
    client.force_login(alice)
    path = f"/api/fund/contributions/{private.pk}/documents"
    fake = SimpleUploadedFile("note.pdf", b"not a pdf", content_type="application/pdf")
    refused = client.post(path, {"file": fake})
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["code"] == "content_mismatch"
    assert not EvidenceDocument.objects.exists()
    pdf = SimpleUploadedFile("note.pdf", b"%PDF-1.7 delivery note", content_type="text/plain")
    created = client.post(path, {"file": pdf})
    assert created.status_code == 201, created.content
    url = created.json()["url"]
    assert created.json()["content_type"] == "application/pdf"
    assert b"".join(client.get(url).streaming_content) == b"%PDF-1.7 delivery note"
    client.force_login(factories.donor())
    assert client.get(url).status_code == 404
    assert client.post(path, {"file": pdf}).status_code == 404
    client.logout()
    assert client.get(url).status_code == 404
