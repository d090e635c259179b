"""Grant reports through the page and the API: the grantee (or the secretariat) reports a
narrative, results and expenditure; bad input and spending beyond what was disbursed are
refused with nothing written; nobody else may report (issue 21)."""

import datetime
from decimal import Decimal
from typing import Any

from lxml import etree

from aigov.accounts.tests.factories import UserFactory
from aigov.fund import iati, services
from aigov.fund.models import Expenditure, GrantReport, Result
from aigov.fund.tests import factories
from aigov.fund.tests.test_iati import CODED


def _grantee_grant(secretariat: Any, fund: Any) -> tuple[Any, Any]:
    """A grant of 2000 USD on a member's approved application, 500 of it disbursed."""
    contributor = factories.contributor_for(secretariat, factories.donor(), name="Donorland")
    factories.give(secretariat, fund, contributor, "5000")
    call = services.call_open(
        actor=secretariat,
        fund=fund,
        title="AI skills",
        opens_on=factories.DAY,
        closes_on=factories.DAY + datetime.timedelta(days=60),
    )
    grantee = UserFactory()
    application = services.application_submit(
        actor=grantee,
        call=call,
        organisation_name="A university",
        country="NER",
        title="Applied AI master's",
        summary="Two cohorts.",
        requested_amount=Decimal("2000"),
        currency="USD",
    )
    services.review_submit(
        actor=UserFactory(role="expert"), application=application, has_conflict=False, score=4
    )
    services.application_decide(actor=secretariat, application=application, approve=True)
    grant = factories.grant(secretariat, fund, "2000", application=application, sdgs=[4])
    factories.disburse(secretariat, grant, "500")
    return grantee, grant


FORM = {
    "period_start": "2026-03-01",
    "period_end": "2026-09-30",
    "narrative": "First cohort enrolled.",
    "result_1_indicator": "Students enrolled",
    "result_1_baseline": "0",
    "result_1_target": "40",
    "result_1_actual": "38",
    "result_1_measured_on": "2026-09-01",
    "expenditure_2_spent_on": "2026-08-15",
    "expenditure_2_amount": "300",
    "expenditure_2_description": "Tuition",
}


def _transactions_of_type(activities: Any, code: str) -> list[str]:
    grant = activities.find("iati-activity[@hierarchy='2']")
    return [
        t.find("value").text
        for t in grant.iter("transaction")
        if t.find("transaction-type").get("code") == code
    ]


def _valid_activities(client: Any) -> Any:
    document = etree.fromstring(client.get("/api/fund/iati/activities.xml").content)
    schema = iati.schema("activities")
    assert schema.validate(document), schema.error_log
    for (element, attribute), codelist in CODED.items():
        for node in document.iter(element):
            assert node.get(attribute) in iati.codelist(codelist), (element, attribute)
    return document


def test_the_grantee_reports_on_the_page(client, secretariat, fund):
    grantee, grant = _grantee_grant(secretariat, fund)
    client.force_login(grantee)
    page = client.get(f"/en/fund/grants/{grant.pk}/").content.decode()
    assert "Report on this grant" in page
    assert client.get(f"/en/fund/grants/{grant.pk}/report/").status_code == 200
    response = client.post(f"/en/fund/grants/{grant.pk}/report/", FORM)
    assert response.status_code == 302
    report = GrantReport.objects.get()
    assert (report.grant, report.submitted_by, report.narrative) == (
        grant,
        grantee,
        "First cohort enrolled.",
    )
    assert [(r.indicator, r.actual) for r in report.results.all()] == [
        ("Students enrolled", Decimal("38"))
    ]
    spent = report.expenditures.get()
    assert (spent.amount, spent.currency, spent.description) == (Decimal("300"), "USD", "Tuition")
    page = client.get(f"/en/fund/grants/{grant.pk}/").content.decode()
    assert "First cohort enrolled." in page and "Tuition" in page and "Students enrolled" in page
    assert _transactions_of_type(_valid_activities(client), "4") == ["300.00"]


def test_bad_input_is_shown_beside_the_fields_and_kept(client, secretariat, fund):
    grantee, grant = _grantee_grant(secretariat, fund)
    client.force_login(grantee)
    bad = {
        **FORM,
        "period_end": "2026-01-01",  # before the start: the service refuses it
        "result_1_actual": "",  # a half-filled row
        "expenditure_3_amount": "-5",
    }
    response = client.post(f"/en/fund/grants/{grant.pk}/report/", bad)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Fill this in, or empty the whole row." in page
    assert 'value="Students enrolled"' in page and "First cohort enrolled." in page
    assert not GrantReport.objects.exists()
    response = client.post(
        f"/en/fund/grants/{grant.pk}/report/", {**FORM, "period_end": "2026-01-01"}
    )
    assert response.status_code == 400
    assert "A period ends after it starts." in response.content.decode()
    assert not (GrantReport.objects.exists() or Result.objects.exists())


def test_spending_more_than_disbursed_is_refused(client, secretariat, fund):
    grantee, grant = _grantee_grant(secretariat, fund)
    client.force_login(grantee)
    over = {
        **FORM,
        "expenditure_4_spent_on": "2026-09-01",
        "expenditure_4_amount": "200.01",
    }
    response = client.post(f"/en/fund/grants/{grant.pk}/report/", over)
    assert response.status_code == 400
    page = response.content.decode()
    assert "A grantee spends no more than was disbursed (500.00 USD)." in page
    assert 'value="200.01"' in page and 'value="Tuition"' in page
    assert not (GrantReport.objects.exists() or Expenditure.objects.exists())
    # Through the API, reports add up: 300 now, then 200.01 more is refused.
    body = {
        "period_start": "2026-03-01",
        "period_end": "2026-09-30",
        "narrative": "Spent.",
        "expenditures": [{"amount": "300", "spent_on": "2026-08-15"}],
    }
    path = f"/api/fund/grants/{grant.pk}/reports"
    assert client.post(path, body, content_type="application/json").status_code == 201
    body["expenditures"] = [{"amount": "200.01", "spent_on": "2026-09-01"}]
    response = client.post(path, body, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["errors"][0]["code"] == "more_than_disbursed"
    assert Expenditure.objects.count() == 1


def test_the_api_reports_with_results_and_expenditure(client, secretariat, fund):
    grantee, grant = _grantee_grant(secretariat, fund)
    client.force_login(grantee)
    body = {
        "period_start": "2026-03-01",
        "period_end": "2026-09-30",
        "narrative": "First cohort enrolled.",
        "results": [
            {
                "indicator": "Students enrolled",
                "baseline": "0",
                "target": "40",
                "actual": "38",
                "measured_on": "2026-09-01",
            }
        ],
        "expenditures": [{"amount": "300", "spent_on": "2026-08-15", "description": "Tuition"}],
    }
    path = f"/api/fund/grants/{grant.pk}/reports"
    response = client.post(path, body, content_type="application/json")
    assert response.status_code == 201
    created = response.json()
    assert created["grant"] == grant.pk and created["period_end"] == "2026-09-30"
    assert created["results"] == [
        {
            "indicator": "Students enrolled",
            "baseline": "0",
            "target": "40",
            "actual": "38",
            "measured_on": "2026-09-01",
        }
    ]
    assert created["expenditures"] == [
        {"amount": "300.00", "currency": "USD", "spent_on": "2026-08-15", "description": "Tuition"}
    ]
    assert _transactions_of_type(_valid_activities(client), "4") == ["300.00"]
    # Bad input: 422, nothing written.
    for wrong in (
        {**body, "period_end": "2026-01-01"},
        {**body, "narrative": " "},
        {**body, "expenditures": [{"amount": "-1", "spent_on": "2026-08-15"}]},
        {**body, "expenditures": [{"amount": "1", "spent_on": "15/08/2026"}]},
        [body],
    ):
        assert client.post(path, wrong, content_type="application/json").status_code == 422
    assert GrantReport.objects.count() == 1 and Expenditure.objects.count() == 1
    assert (
        client.post(
            "/api/fund/grants/999999/reports", body, content_type="application/json"
        ).status_code
        == 404
    )


def test_the_secretariat_may_report_and_nobody_else(client, secretariat, fund):
    grantee, grant = _grantee_grant(secretariat, fund)
    path, api = f"/en/fund/grants/{grant.pk}/report/", f"/api/fund/grants/{grant.pk}/reports"
    body = {"period_start": "2026-03-01", "period_end": "2026-09-30", "narrative": "Done."}
    # A visitor is sent to sign in (page) or told to (API).
    response = client.get(path)
    assert response.status_code == 302 and "login" in response["Location"]
    assert client.post(api, body, content_type="application/json").status_code == 401
    # Another member (and a donor): 403, and no link on the grant's page.
    for other in (UserFactory(), factories.donor()):
        client.force_login(other)
        assert (
            "Report on this grant"
            not in client.get(f"/en/fund/grants/{grant.pk}/").content.decode()
        )
        assert client.get(path).status_code == 403
        assert client.post(path, FORM).status_code == 403
        assert client.post(api, body, content_type="application/json").status_code == 403
    # The grantee reports on their own grant only, not on one committed without them.
    other_grant = factories.grant(secretariat, fund, "10", title="Another grant")
    client.force_login(grantee)
    assert client.get(f"/en/fund/grants/{other_grant.pk}/report/").status_code == 403
    other_api = f"/api/fund/grants/{other_grant.pk}/reports"
    assert client.post(other_api, body, content_type="application/json").status_code == 403
    assert not GrantReport.objects.exists()
    client.force_login(secretariat)
    assert "Report on this grant" in client.get(f"/en/fund/grants/{grant.pk}/").content.decode()
    assert client.post(path, FORM).status_code == 302
    assert GrantReport.objects.get().submitted_by == secretariat
