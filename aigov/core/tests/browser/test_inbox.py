"""The inbox in a browser: a secretariat member signs in, sees the number waiting in the
header, opens the inbox on a desktop and on a phone, in English and in Arabic, and follows an
item to the page where they act on it."""

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from aigov.core.tests.browser.plugin import (
    LiveServer,
    running_server,
    serious_axe_violations,
    server_database,
)
from aigov.core.tests.browser.signin import sign_in_as

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
WIDE = {"width": 1366, "height": 768}
FITS = "document.documentElement.scrollWidth <= window.innerWidth"

# A change proposal and a nomination from Kenya's focal point, which the demonstration data
# does not make, so that the inbox shows the landscape's and the panel's queues too.
RECORDS = """
from aigov.accounts.models import User
from aigov.landscape import selectors as landscape, services as proposals
from aigov.panel import roster
kenya = User.objects.get(email="inbox-focal-point@example.org")
initiative = landscape.initiative_list().first()
proposals.proposal_submit(actor=kenya, subject="participation", data={
    "initiative": initiative.slug, "participant": "KEN", "basis": "endorser",
    "started_on": "2024-05-01", "source_url": "https://example.org/statement"})
roster.expert_nominate(actor=kenya, name="Wanjiru Kamau", gender="female",
    nationalities=["KEN"], residence="KEN", disciplines=["law"], affiliation_type="academia",
    country="KEN")
"""


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A server of its own with the demonstration data, which reaches no other browser test."""
    var_dir = tmp_path_factory.mktemp("aigov_inbox_var")
    with (
        server_database("inbox") as database_url,
        running_server(var_dir, database_url, before_search=[("demo", "load")]) as server,
    ):
        server.create_user(email="inbox-focal-point@example.org", role="focal_point", country="KEN")
        server.aigov("shell", "-c", RECORDS)
        yield server


@pytest.fixture(scope="module")
def signed_in(browser: Browser, demo_server: LiveServer) -> Iterator[BrowserContext]:
    """A desktop-sized context signed in as a secretariat member (axe goes in as an inline
    script, which the pages' Content-Security-Policy forbids: hence bypass_csp)."""
    context = browser.new_context(base_url=demo_server.url, viewport=WIDE, bypass_csp=True)
    sign_in_as(context.new_page(), demo_server, role="secretariat")
    yield context
    context.close()


def _waiting(page: Page) -> int:
    return int(page.locator("main p[role=status]").inner_text().split()[0])


def test_the_header_counts_what_waits_and_leads_to_the_inbox(
    signed_in: BrowserContext, tmp_path: Path
) -> None:
    page = signed_in.new_page()
    page.goto("/en/")
    inbox_link = page.locator('.nav-list a[href="/en/inbox/"]')
    badge = inbox_link.locator(".nav-count")
    expect(badge).to_be_visible()
    number = int(badge.inner_text())
    assert number > 0
    inbox_link.click()
    expect(page).to_have_url(re.compile(r".*/en/inbox/$"))
    expect(page.locator("h1")).to_have_text("Inbox")
    page.screenshot(path=str(tmp_path / "inbox-1366.png"), full_page=False)
    assert _waiting(page) == number
    queues = page.locator(".inbox-queues").inner_text()
    for title in (
        "Change proposals to review",
        "Nominations to review",
        "Reviews to moderate",
        "Gap proposals to moderate",
        "Incident reports to take up",
    ):
        assert title in queues
    # Oldest first: the demonstration's records came before Kenya's proposal and nomination.
    moments = page.locator(".inbox-item time").evaluate_all(
        "times => times.map(time => time.getAttribute('datetime'))"
    )
    assert moments == sorted(moments) and len(moments) == min(number, 50)
    assert page.evaluate(FITS)
    assert serious_axe_violations(page) == []


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize("viewport", [WIDE, PHONE], ids=["1366", "390"])
def test_the_inbox_reads_on_a_desktop_and_a_phone_in_english_and_arabic(
    signed_in: BrowserContext, language: str, viewport: dict[str, int]
) -> None:
    page = signed_in.new_page()
    page.set_viewport_size(viewport)
    page.goto(f"/{language}/inbox/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl" if language == "ar" else "ltr")
    expect(page.locator(".inbox-item").first).to_be_visible()
    assert page.evaluate(FITS), page.evaluate("document.documentElement.scrollWidth")
    assert serious_axe_violations(page) == []
    if viewport == PHONE:
        # The navigation folds into the menu; its button carries the number.
        menu = page.locator(".site-menu > summary")
        expect(menu.locator(".nav-count")).to_be_visible()
        menu.click()
        expect(page.locator(".nav-list .nav-count")).to_be_visible()


def test_an_item_leads_to_the_page_where_one_acts(signed_in: BrowserContext) -> None:
    page = signed_in.new_page()
    page.goto("/en/inbox/?queue=panel.nominations")
    link = page.locator(".inbox-title a", has_text="Wanjiru Kamau")
    href = link.get_attribute("href")
    assert href is not None and "#nomination-" in href
    link.click()
    expect(page).to_have_url(re.compile(re.escape(href) + "$"))
    row = page.locator(f"#{href.split('#')[1]}")
    expect(row).to_contain_text("Wanjiru Kamau")
    expect(row.locator("button[type=submit]")).to_have_text("Record the review")
    page.goto("/en/inbox/?queue=landscape.proposals")
    page.locator(".inbox-title a").first.click()
    expect(page).to_have_url(re.compile(r".*/en/landscape/proposals/\d+/$"))
    expect(page.locator("main")).to_contain_text("Waiting for review")


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize("viewport", [WIDE, PHONE], ids=["1366", "390"])
def test_the_audit_log_and_the_time_zone_choice_fit_and_read(
    signed_in: BrowserContext, language: str, viewport: dict[str, int]
) -> None:
    page = signed_in.new_page()
    page.set_viewport_size(viewport)
    for path in ("/audit/", "/accounts/profile/"):
        page.goto(f"/{language}{path}")
        assert page.evaluate(FITS), (path, page.evaluate("document.documentElement.scrollWidth"))
        assert serious_axe_violations(page) == [], path
    page.goto(f"/{language}/audit/")
    page.locator("select[name=module]").select_option("standards")
    page.locator("main form.filters button[type=submit]").click()
    expect(page).to_have_url(re.compile(r".*module=standards.*"))
    expect(page.locator("table.audit-log tbody tr").first).to_contain_text("standards.")
