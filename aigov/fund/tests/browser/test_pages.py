"""What only a browser sees on the fund's pages: they fit a 390 px phone, axe-core finds nothing
serious in English and Arabic, Arabic runs right to left, the flow chart is drawn."""

import pytest
from playwright.sync_api import Browser, Page, expect

from aigov.core.tests.browser.plugin import LiveServer, serious_axe_violations
from aigov.core.tests.browser.signin import sign_in_as

pytestmark = pytest.mark.browser

# Run inside the server's environment with `aigov shell`: the services, as the system actor
# (an operator's job opens the fund and records what the pages show).
SETUP = """
import datetime
from decimal import Decimal
from aigov.accounts.access import Purpose, job
from aigov.fund import services
from django.contrib.auth import get_user_model
from aigov.fund.models import Call, Fund
if not Fund.objects.exists():
    actor = job(Purpose.OPERATOR)
    fund = services.fund_create(actor=actor, slug="browser-fund", name="Global fund for AI",
        is_default=True, iati_organisation_identifier="XI-IATI-BROWSER")
    donor = services.contributor_create(actor=actor, name="Kingdom of Longnameshire-upon-Sea",
        kind="government")
    services.contribution_record(actor=actor, fund=fund, contributor=donor, kind="financial",
        amount=Decimal("250000"), currency="USD", value_date=datetime.date(2026, 3, 2),
        description="Core contribution")
    services.contribution_record(actor=actor, fund=fund, contributor=donor, kind="in_kind",
        amount=Decimal("36000"), currency="USD", value_date=datetime.date(2026, 3, 5),
        description="GPU hours", quantity=Decimal("12000"), unit="GPU hour",
        valuation_method="market_rate")
    services.call_open(actor=actor, fund=fund, title="AI capacity in the least developed countries",
        opens_on=datetime.date(2026, 3, 1), closes_on=datetime.date(2026, 5, 31),
        sdg_targets=["4.4"])
    grant = services.grant_commit(actor=actor, fund=fund, title="Applied AI master's programme",
        recipient_country="NER", amount=Decimal("120000"), currency="USD", sdgs=[4, 9],
        committed_on=datetime.date(2026, 4, 1))
    services.disbursement_record(actor=actor, grant=grant, amount=Decimal("70000"),
        currency="USD", value_date=datetime.date(2026, 4, 2))
    applicant = get_user_model().objects.create_user(email="browser-applicant@example.org")
    services.application_submit(actor=applicant, call=Call.objects.get(), organisation_name=
        "Université Abdou Moumouni", country="NER", title="Applied AI master's programme",
        summary="Two cohorts.", requested_amount=Decimal("120000"), currency="USD")
"""

PHONE = {"width": 390, "height": 844}
PAGES = ["/fund/", "/fund/?by=income_group", "/fund/grants/", "/fund/calls/"]


@pytest.fixture(scope="module")
def fund_server(aigov_server: LiveServer) -> LiveServer:
    aigov_server.aigov("shell", "-c", SETUP)
    return aigov_server


@pytest.mark.parametrize("language", ["en", "ar"])
def test_fund_pages_fit_a_phone_with_no_serious_axe_violations(
    fund_server: LiveServer, browser: Browser, language: str
):
    context = browser.new_context(base_url=fund_server.url, viewport=PHONE)
    page = context.new_page()
    try:
        grant_link = None
        for path in PAGES:
            response = page.goto(f"/{language}{path}")
            assert response is not None and response.ok, (path, response and response.status)
            width, viewport = page.evaluate(
                "[document.documentElement.scrollWidth, window.innerWidth]"
            )
            assert width <= viewport, (path, width)
            assert serious_axe_violations(page) == [], path
            if path == "/fund/grants/":
                grant_link = page.locator("table a").first.get_attribute("href")
        assert grant_link
        page.goto(grant_link)
        assert serious_axe_violations(page) == []
        if language == "ar":
            expect(page.locator("html")).to_have_attribute("dir", "rtl")
    finally:
        context.close()


def test_the_flow_chart_is_drawn(fund_server: LiveServer, browser: Browser):
    context = browser.new_context(base_url=fund_server.url)
    page = context.new_page()
    try:
        page.goto("/en/fund/")
        expect(page.locator("figure.fund-flow svg path")).to_have_count(2)
        expect(page.locator("figure.fund-flow svg")).to_contain_text("Longnameshire")
    finally:
        context.close()


@pytest.mark.parametrize("language", ["en", "ar"])
def test_signed_in_pages_fit_a_phone_with_no_serious_axe_violations(
    fund_server: LiveServer, browser: Browser, language: str
):
    context = browser.new_context(base_url=fund_server.url, viewport=PHONE)
    page = context.new_page()
    try:
        email = sign_in_as(page, fund_server, role="secretariat")
        fund_server.aigov(
            "shell",
            "-c",
            "from django.contrib.auth import get_user_model\n"
            "from aigov.fund.models import Contributor\n"
            f"user = get_user_model().objects.get(email={email!r})\n"
            "Contributor.objects.get(name__startswith='Kingdom').members.add(user)\n",
        )
        application, call, grant = fund_server.aigov(
            "shell",
            "-c",
            "from aigov.fund.models import Application, Call, Grant\n"
            "print(Application.objects.get().pk, Call.objects.get().pk, Grant.objects.get().pk)",
        ).split()[-3:]  # the shell's last line: it may print a notice before
        forms = [
            "/fund/contributions/new/",
            "/fund/pledges/new/",
            "/fund/calls/new/",
            f"/fund/calls/{call}/apply/",
            "/fund/grants/new/",
            f"/fund/grants/{grant}/disburse/",
        ]
        paths = ["/fund/statement/", "/fund/books/", f"/fund/applications/{application}/"]
        for path in paths + forms:
            response = page.goto(f"/{language}{path}")
            assert response is not None and response.ok, (path, response and response.status)
            _fits_with_no_serious_violation(page, path)
            if path == f"/fund/applications/{application}/":
                expect(page.locator("main")).to_contain_text("Abdou Moumouni")
            if path in forms:
                # Sent empty: each field says what is missing, and the page still fits.
                page.locator("main form button[type=submit]").click()
                expect(page.locator("main .errorlist").first).to_be_visible()
                _fits_with_no_serious_violation(page, f"{path} (refused)")
    finally:
        context.close()


def _fits_with_no_serious_violation(page: Page, path: str) -> None:
    width, viewport = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width <= viewport, (path, width)
    assert serious_axe_violations(page) == [], path
