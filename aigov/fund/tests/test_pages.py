"""The fund's pages and downloads: what each reader sees, private records left out."""

import json
from decimal import Decimal

from aigov.fund import services
from aigov.fund.tests import factories
from aigov.fund.tests.test_permissions import _world


def test_pages_without_a_fund_say_so(client, db):
    response = client.get("/en/fund/")
    assert response.status_code == 200
    assert "The fund has not been opened yet." in response.content.decode()
    assert client.get("/en/fund/grants/").status_code == 200
    assert client.get("/en/fund/calls/").status_code == 200


def test_public_page_and_downloads_leave_private_records_out(client, secretariat, fund):
    _world(secretariat, fund)
    services.fund_set_target(
        actor=secretariat,
        fund=fund,
        amount=Decimal("350000000"),
        currency="USD",
        source="HLAB, Governing AI for Humanity (2024), Box 8 (lower bound)",
    )
    grant = factories.grant(secretariat, fund, "400", sdgs=[4])
    factories.disburse(secretariat, grant, "100")
    page = client.get("/en/fund/").content.decode()
    assert "Alphaland" in page and "Betaland" not in page
    assert "1,000" in page and "1,777" not in page
    assert "Box 8 (lower bound)" in page
    assert "<svg" in page and "para. 15" in page
    rows = json.loads(client.get("/en/fund/?format=json").content)
    assert [row["contributor"] for row in rows] == ["Alphaland"]
    flows = client.get("/en/fund/?by=income_group&table=flows&format=csv").content.decode()
    assert "Low income" in flows
    for by in ("country", "region", "sdg"):
        assert client.get(f"/en/fund/?by={by}").status_code == 200
    grants = client.get("/en/fund/grants/?format=csv").content.decode()
    assert "AI skills for civil servants" in grants
    detail = client.get(f"/en/fund/grants/{grant.pk}/").content.decode()
    assert "Nothing disbursed yet." not in detail
    assert client.get("/en/fund/grants/999999/").status_code == 404
    assert client.get("/ar/fund/").status_code == 200


def test_statement_page_shows_a_donor_its_own_only(client, secretariat, fund):
    alice, bob, _alpha, _beta = _world(secretariat, fund)
    assert client.get("/en/fund/statement/").status_code == 302  # sign in first
    client.force_login(alice)
    page = client.get("/en/fund/statement/").content.decode()
    assert "Alphaland" in page and "Betaland" not in page
    client.force_login(bob)
    page = client.get("/en/fund/statement/").content.decode()
    assert "Private gift of Betaland" in page and "Alphaland" not in page
    rows = json.loads(client.get("/en/fund/statement/?format=json").content)
    assert [row["description"] for row in rows] == ["Private gift of Betaland"]


def test_calls_page_hides_nothing_but_drafts(client, secretariat, fund):
    services.call_open(
        actor=secretariat,
        fund=fund,
        title="Compute for researchers",
        opens_on=factories.DAY,
        closes_on=factories.DAY.replace(month=6),
        sdg_targets=["9.5"],
    )
    page = client.get("/en/fund/calls/").content.decode()
    assert "Compute for researchers" in page and "9.5" in page


def test_country_profile_lists_the_grants_to_the_country(client, secretariat, fund):
    contributor = factories.contributor_for(secretariat, factories.donor())
    factories.give(secretariat, fund, contributor, "1000")
    factories.grant(secretariat, fund, "250", title="Data centre skills in Niger")
    page = client.get("/en/countries/NER/").content.decode()
    assert "Grants of the global fund for AI" in page
    assert "Data centre skills in Niger" in page
    assert "Data centre skills in Niger" not in client.get("/en/countries/KEN/").content.decode()


def test_books_page_and_usd_api_for_the_secretariat_only(client, secretariat, fund):
    from aigov.fund import services as fund_services

    fund_services.exchange_rates_import(
        actor=secretariat, text="currency,date,units_per_usd,source\nEUR,2026-03-01,0.8,Test\n"
    )
    contributor = factories.contributor_for(secretariat, factories.donor())
    gift = factories.give(secretariat, fund, contributor, "80", currency="EUR")
    factories.give(secretariat, fund, contributor, "5", currency="JPY")
    client.force_login(factories.donor())
    assert client.get("/en/fund/books/").status_code == 403
    assert client.get("/api/fund/ledger/usd").status_code == 403
    client.force_login(secretariat)
    page = client.get("/en/fund/books/?as_of=2026-03-31").content.decode()
    assert "Debits equal credits in every currency." in page
    assert "No rate imported" in page  # JPY: no figure is made up
    lines = client.get("/api/fund/ledger/usd?as_of=2026-03-31").json()["items"]
    cash = {(line["account"], line["currency"]): line for line in lines}
    assert cash[("1000", "EUR")]["balance_usd"] == "100.00"
    assert cash[("1000", "JPY")]["balance_usd"] is None
    reversed_ = client.post(
        f"/api/fund/ledger/transactions/{gift.transaction_id}/reversal",
        {"reason": "Recorded in the wrong currency"},
        content_type="application/json",
    )
    assert reversed_.status_code == 201
    lines = client.get("/api/fund/ledger/usd?as_of=2026-03-31").json()["items"]
    assert {(x["account"], x["currency"]): x for x in lines}[("1000", "EUR")]["balance"] == "0.00"


def test_grant_list_queries_do_not_grow_with_grants(
    client, secretariat, fund, django_assert_max_num_queries, settings
):
    # Rendered each time: the page cache would answer the first view with no query at all.
    settings.AIGOV_PAGE_CACHE = False
    contributor = factories.contributor_for(secretariat, factories.donor())
    factories.give(secretariat, fund, contributor, "1000")
    factories.grant(secretariat, fund, "10", sdgs=[4])
    client.get("/en/fund/grants/")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get("/en/fund/grants/")
    for number in range(5):
        factories.grant(secretariat, fund, "10", sdgs=[4, 9], title=f"Grant {number}")
    with django_assert_max_num_queries(len(one)):
        client.get("/en/fund/grants/")


def test_home_page_headline_counts_what_the_reader_may_see(client, secretariat, fund):
    from aigov.fund.tests.test_permissions import _world

    _world(secretariat, fund)
    grant = factories.grant(secretariat, fund, "400", recipient_country="NER")
    factories.disburse(secretariat, grant, "100")
    page = client.get("/en/").content.decode()
    assert "The global fund for AI has received USD" in page
    assert "1,000" in page and "1,777" not in page  # the private gift is left out
    assert "AI skills for civil servants" in page  # the grant among the recent changes


def test_review_and_decision_through_the_pages(client, secretariat, fund):
    import datetime

    from aigov.accounts.tests.factories import UserFactory
    from aigov.fund.models import Application

    call = services.call_open(
        actor=secretariat,
        fund=fund,
        title="Call",
        opens_on=factories.DAY,
        closes_on=factories.DAY + datetime.timedelta(days=30),
    )
    applicant, expert = UserFactory(), UserFactory(role="expert")
    application = services.application_submit(
        actor=applicant,
        call=call,
        organisation_name="A university",
        country="NER",
        title="Applied AI",
        summary="Two cohorts.",
        requested_amount=Decimal("100"),
        currency="USD",
    )
    page = f"/en/fund/applications/{application.pk}/"
    client.force_login(UserFactory())
    assert client.get(page).status_code == 404
    client.force_login(expert)
    # A conflict with a score is refused: nothing is recorded.
    client.post(f"{page}review/", {"has_conflict": "yes", "score": "4"})
    assert not application.reviews.exists()
    client.post(f"{page}review/", {"has_conflict": "no", "score": "4", "comments": "Sound."})
    assert application.reviews.get().score == 4
    client.post(f"{page}decide/", {"approve": "yes"})
    assert Application.objects.get().status == "submitted"  # experts do not decide
    client.force_login(secretariat)
    assert "Sound." in client.get(page).content.decode()
    client.post(f"{page}decide/", {"approve": "yes", "note": "Strong."})
    assert Application.objects.get().status == "approved"
