"""Issue 21, "Done when", end to end through the API: a donor records a financial and an
in-kind contribution with its valuation; the secretariat opens a call, grants to an applicant
from a least developed country, disburses in two tranches; an over-disbursement is refused;
the trial balance balances in every currency; the IATI files validate against the schema."""

import datetime
from decimal import Decimal

from lxml import etree

from aigov.accounts.tests.factories import UserFactory
from aigov.fund import iati, services
from aigov.fund.models import AccountBalance, Disbursement, Grant, Leg
from aigov.fund.tests import factories
from aigov.taxonomy.models import Country


def test_done_when(client, secretariat, fund):
    donor = factories.donor()
    factories.contributor_for(secretariat, donor, name="Republic of Testland")
    client.force_login(donor)
    money = client.post(
        "/api/fund/contributions",
        {
            "kind": "financial",
            "amount": "500000.00",
            "currency": "USD",
            "value_date": "2026-03-02",
            "description": "Core contribution 2026",
        },
        content_type="application/json",
    )
    assert money.status_code == 201, money.content
    assert money.json()["amount"] == "500000.00"
    euros = client.post(
        "/api/fund/contributions",
        {
            "kind": "financial",
            "amount": "80000",
            "currency": "EUR",
            "value_date": "2026-03-03",
            "description": "Earmarked for SDG 4",
            "restricted_sdgs": [4],
        },
        content_type="application/json",
    )
    assert euros.status_code == 201, euros.content
    assert euros.json()["is_restricted"] is True
    in_kind = client.post(
        "/api/fund/contributions",
        {
            "kind": "in_kind",
            "amount": "36000",
            "currency": "USD",
            "value_date": "2026-03-05",
            "description": "GPU hours for the call's grantees",
            "quantity": "12000",
            "unit": "GPU hour",
            "valuation_method": "market_rate",
            "unit_value": "3",
            "in_kind_type": "compute_hours",
            "evidence_links": ["https://compute.example.org/pools/1"],
        },
        content_type="application/json",
    )
    assert in_kind.status_code == 201, in_kind.content
    body = in_kind.json()
    assert (body["kind"], body["valuation_method"], body["unit_value"]) == (
        "in_kind",
        "market_rate",
        "3.0000",
    )

    # The secretariat opens a call; an applicant from Niger (a least developed country)
    # applies; an expert reviews without conflict; the secretariat approves and grants.
    niger = Country.objects.get(iso3="NER")
    assert niger.is_ldc
    call = services.call_open(
        actor=secretariat,
        fund=fund,
        title="AI capacity in the least developed countries",
        priority="Capacity development (HLAB Box 15)",
        sdg_targets=["4.4", "9.c"],
        opens_on=datetime.date(2026, 3, 1),
        closes_on=datetime.date(2026, 5, 31),
    )
    applicant = UserFactory()
    application = services.application_submit(
        actor=applicant,
        call=call,
        organisation_name="Université Abdou Moumouni",
        country="NER",
        title="Applied AI master's programme",
        summary="Two cohorts of a master's programme in applied AI.",
        requested_amount=Decimal("120000"),
        currency="USD",
    )
    services.review_submit(
        actor=UserFactory(role="expert"), application=application, has_conflict=False, score=5
    )
    services.review_submit(
        actor=UserFactory(role="expert"),
        application=application,
        has_conflict=True,
        conflict_statement="I taught at this university until 2025.",
    )
    services.application_decide(actor=secretariat, application=application, approve=True)
    client.force_login(secretariat)
    granted = client.post(
        "/api/fund/grants",
        {
            "title": "Applied AI master's programme",
            "recipient_country": "NER",
            "amount": "120000",
            "currency": "USD",
            "application": application.pk,
            "sdgs": [4, 9],
            "tranches": [
                {"amount": "70000", "due_on": "2026-04-01"},
                {"amount": "50000", "due_on": "2026-10-01"},
            ],
        },
        content_type="application/json",
    )
    assert granted.status_code == 201, granted.content
    grant_id = granted.json()["id"]
    path = f"/api/fund/grants/{grant_id}/disbursements"
    for tranche, amount, on in ((1, "70000", "2026-04-02"), (2, "50000", "2026-10-02")):
        paid = client.post(
            path,
            {"amount": amount, "currency": "USD", "value_date": on, "tranche": tranche},
            content_type="application/json",
        )
        assert paid.status_code == 201, paid.content
    state = client.get(f"/api/fund/grants/{grant_id}").json()
    assert state == {
        "id": grant_id,
        "committed": "120000.00",
        "disbursed": "120000.00",
        "remaining": "0.00",
        "currency": "USD",
    }
    legs_before = Leg.objects.count()
    over = client.post(
        path,
        {"amount": "0.01", "currency": "USD", "value_date": "2026-10-03"},
        content_type="application/json",
    )
    assert over.status_code == 409
    assert over["Content-Type"] == "application/problem+json"
    assert over.json()["code"] == "conflict"
    assert Leg.objects.count() == legs_before
    assert Disbursement.objects.count() == 2
    assert Grant.objects.get(pk=grant_id).status == Grant.Status.COMPLETED

    balance = client.get("/api/fund/ledger/trial-balance").json()
    assert set(balance["totals"]) == {"EUR", "USD"}
    for totals in balance["totals"].values():
        assert totals["debit"] == totals["credit"]
    usd = {item["account"]: item for item in balance["items"] if item["currency"] == "USD"}
    # Cash: 500,000 received less 120,000 disbursed; in kind held 36,000; payable cleared.
    assert usd["1000"]["debit"] == "380000.00"
    assert usd["1200"]["debit"] == "36000.00"
    assert usd["5000"]["debit"] == "120000.00"
    assert "2100" not in usd or usd["2100"]["debit"] == usd["2100"]["credit"] == "0.00"
    assert balance["totals"]["USD"]["debit"] == "536000.00"
    assert balance["totals"]["EUR"] == {"debit": "80000.00", "credit": "80000.00"}

    activities = client.get("/api/fund/iati/activities.xml")
    organisation = client.get("/api/fund/iati/organisation.xml")
    assert activities.status_code == organisation.status_code == 200
    for response, name in ((activities, "activities"), (organisation, "organisations")):
        document = etree.fromstring(response.content)
        schema = iati.schema(name)
        assert schema.validate(document), schema.error_log
    tree = etree.fromstring(activities.content)
    grant_activity = tree.find("iati-activity[@hierarchy='2']")
    assert grant_activity.find("recipient-country").get("code") == "NE"
    types = [t.get("code") for t in grant_activity.iter("transaction-type")]
    assert types == ["2", "3", "3"]
    fund_activity = tree.find("iati-activity[@hierarchy='1']")
    assert [t.get("code") for t in fund_activity.iter("transaction-type")] == ["1", "1"]


def test_running_balances_equal_the_sum_of_the_legs(secretariat, fund):
    contributor = factories.contributor_for(secretariat, factories.donor())
    factories.give(secretariat, fund, contributor, "1000")
    factories.give(secretariat, fund, contributor, "250.50", currency="CHF")
    grant = factories.grant(secretariat, fund, "600")
    factories.disburse(secretariat, grant, "100")
    from aigov.fund import selectors

    fast = selectors.trial_balance(actor=secretariat, fund=fund)
    slow = selectors.trial_balance_from_legs(actor=secretariat, fund=fund)
    assert [
        (line.account, line.currency, line.debit, line.credit)
        for line in fast.lines
        if line.debit or line.credit
    ] == [(line.account, line.currency, line.debit, line.credit) for line in slow.lines]
    assert fast.totals == slow.totals and fast.is_balanced
    assert AccountBalance.objects.get(account__code="1000", currency="USD").balance == Decimal(
        "900.00"
    )
