"""A country profile in a browser: English and Arabic, on a phone (390 px) and a desktop
(1366 px): it fits the screen, axe-core finds nothing serious, and every link of every section
leads to a page that opens."""

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from aigov.core.tests.browser.plugin import (
    LiveServer,
    running_server,
    serious_axe_violations,
    server_database,
)
from aigov.core.tests.browser.signin import sign_in_as
from aigov.taxonomy.profiles import country_sections

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 768}
PAGE_WIDTH = "[document.documentElement.scrollWidth, window.innerWidth]"

# Records of the United States in every module the reference data leaves empty (the reference
# data already holds its seven initiatives and one policy), run inside the server.
RECORDS = """
import datetime
from aigov.accounts.models import User
from aigov.capacity.models import Node
from aigov.capacity.tests.factories import make_offering
from aigov.dialogue.tests.factories import file_report, make_session, make_statement
from aigov.landscape.models import Policy
Policy.objects.create(slug="usa-ai-rmf", jurisdiction_id="USA", kind="guideline",
    status="adopted", adopted_on=datetime.date(2023, 1, 26),
    names={"en": "AI Risk Management Framework", "ar": "إطار إدارة مخاطر الذكاء الاصطناعي"})
Node.objects.create(slug="washington-centre", names={"en": "Washington centre"},
    kind="national_centre", region="WEOG", country_id="USA")
make_offering(titles={"en": "AI governance for officials", "ar": "حوكمة الذكاء الاصطناعي"},
    languages=["en"])
file_report(title="Facial recognition misidentified a shopper", countries=["USA"])
file_report(title="A confidential report", countries=["USA"], confidentiality="secretariat")
make_statement(actor=User.objects.get(email=SECRETARIAT), session=make_session(),
    speaker="United States of America", titles={"en": "Statement of the United States"})
"""


@pytest.fixture(scope="module")
def profile_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A server of its own, so that these records reach no other browser test."""
    var_dir = tmp_path_factory.mktemp("aigov_profile_var")
    with (
        server_database("country_profile") as database_url,
        running_server(var_dir, database_url) as server,
    ):
        yield server


@pytest.fixture(scope="module")
def records(profile_server: LiveServer, browser: Browser) -> str:
    """Make the records as the secretariat (who also makes the statement); return its e-mail."""
    context = browser.new_context(base_url=profile_server.url)
    secretariat = sign_in_as(context.new_page(), profile_server, role="secretariat")
    context.close()
    profile_server.aigov("shell", "-c", f"SECRETARIAT = {secretariat!r}\n" + RECORDS)
    return secretariat


def _visitor(browser: Browser, server: LiveServer, viewport: dict[str, int]) -> Page:
    # axe-core goes in through the DevTools protocol (serious_axe_violations), not a <script>.
    return browser.new_context(base_url=server.url, viewport=viewport).new_page()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390px", "1366px"])
@pytest.mark.parametrize("language", ["en", "ar"])
def test_profile_fits_the_screen_has_no_serious_axe_violation_and_its_links_open(
    browser: Browser, profile_server: LiveServer, records: str, language: str, viewport
):
    page = _visitor(browser, profile_server, viewport)
    response = page.goto(f"/{language}/countries/USA/")
    assert response is not None and response.status == 200
    expect(page.locator("html")).to_have_attribute("dir", "rtl" if language == "ar" else "ltr")
    expect(page.locator("main h1")).to_have_text(
        "الولايات المتحدة الأمريكية" if language == "ar" else "United States of America"
    )
    width, screen = page.evaluate(PAGE_WIDTH)
    assert width <= screen, f"{width} px wide on a {screen} px screen"
    assert serious_axe_violations(page) == []

    sections = page.locator(".profile-sections > li")
    expect(sections).to_have_count(len(country_sections()))  # every registered section
    incidents = page.locator("#dialogue-incidents")
    expect(incidents).to_contain_text("Facial recognition misidentified a shopper")
    expect(incidents).not_to_contain_text("A confidential report")
    expect(incidents.locator("h2 .badge")).to_have_text("1")
    expect(page.locator("#panel-experts")).to_contain_text(
        "لا شيء حتى الآن." if language == "ar" else "None yet."
    )

    links = page.locator(".profile-sections a").evaluate_all("links => links.map(a => a.href)")
    assert len(links) >= 10, links
    for address in dict.fromkeys(links):
        answer = page.request.get(address)
        assert answer.ok, f"{address}: {answer.status}"
    page.context.close()


def test_contents_jump_to_their_section_and_see_all_expands_one(
    browser: Browser, profile_server: LiveServer, records: str
):
    page = _visitor(browser, profile_server, PHONE)
    page.goto("/en/countries/USA/")
    page.locator(".profile-contents a[href='#dialogue-incidents']").click()
    expect(page).to_have_url(f"{profile_server.url}/en/countries/USA/#dialogue-incidents")
    expect(page.locator("#dialogue-incidents")).to_be_in_viewport()

    initiatives = page.locator("#landscape-initiatives")
    expect(initiatives.locator("ul > li")).to_have_count(5)
    initiatives.get_by_role("link", name="See all 7").click()
    page.wait_for_url("**/en/countries/USA/?more=landscape.initiatives#landscape-initiatives")
    expect(page.locator("#landscape-initiatives ul > li")).to_have_count(7)
    page.context.close()


def test_the_secretariat_sees_the_confidential_report_counted_and_listed(
    browser: Browser, profile_server: LiveServer, records: str
):
    context = browser.new_context(base_url=profile_server.url, viewport=DESKTOP)
    page = context.new_page()
    sign_in_as(page, profile_server, role="secretariat")
    page.goto("/en/countries/USA/")
    incidents = page.locator("#dialogue-incidents")
    expect(incidents).to_contain_text("A confidential report")
    expect(incidents.locator("h2 .badge")).to_have_text("2")
    context.close()


def test_searching_a_name_in_russian_opens_the_profile_first(
    browser: Browser, profile_server: LiveServer, records: str
):
    page = _visitor(browser, profile_server, PHONE)
    page.goto("/ru/search/?q=Соединенные Штаты Америки")
    first = page.locator("#search-results a").first
    expect(first).to_have_attribute("href", "/ru/countries/USA/")
    first.click()
    page.wait_for_url("**/ru/countries/USA/")
    expect(page.locator("main h1")).to_have_text("Соединенные Штаты Америки")
    page.context.close()
