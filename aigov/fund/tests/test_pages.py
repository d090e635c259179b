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
