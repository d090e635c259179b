"""The readiness and matchmaking Done-when paths in a browser: a focal point completes an
assessment and gets a roadmap linking a real catalogue offering; a need gets ranked offers; axe
on the new pages in English and Arabic."""

import pytest
from playwright.sync_api import Browser, Page, expect

from aigov.capacity.tests.browser.test_pages import COURSE, _sign_in
from aigov.core.tests.browser.plugin import LiveServer, serious_axe_violations

pytestmark = pytest.mark.browser

LOAD_DEMO = (
    "import random;"
    "from aigov.accounts.access import Purpose;"
    "from aigov.accounts.services import system_actor;"
    "from aigov.capacity.demo import load_capacity_demo;"
    "from aigov.core.reference import LoadReport;"
    "load_capacity_demo(actor=system_actor(Purpose.DEMO_DATA), rng=random.Random(1),"
    " report=LoadReport())"
)


def _axe(page: Page, path: str) -> None:
    for language in ("en", "ar"):
        response = page.goto(f"/{language}{path}")
        assert response is not None and response.ok, response and response.status
        assert serious_axe_violations(page) == [], f"{language}{path}"
        if language == "ar":
            expect(page.locator("html")).to_have_attribute("dir", "rtl")


def test_a_focal_point_completes_an_assessment_and_gets_a_roadmap(
    browser: Browser, aigov_server: LiveServer
):
    server = aigov_server
    server.aigov("shell", "-c", LOAD_DEMO)
    email = "focal-readiness@example.org"
    password = server.create_user(email=email, role="focal_point", country="SEN")
    context = browser.new_context(base_url=server.url)
    page = context.new_page()
    _sign_in(page, email=email, password=password)

    page.goto("/en/capacity/readiness/")
    page.locator("select[name=country]").select_option("SEN")
    page.locator("input[name=label]").fill("Browser baseline")
    page.locator("select[name=languages]").select_option(["fr"])
    page.locator("main form button[type=submit]").click()
    expect(page.locator("h1")).to_contain_text("Browser baseline")

    # Answer every question "in place" (3), but no national AI strategy yet (0).
    for radio in page.locator("input[type=radio][value='3']").all():
        radio.check()
    page.locator("input[name='legal.strategy'][value='0']").check()
    page.locator("button[name=submit]").click()
    expect(page.locator("main")).to_contain_text("Submitted")
    roadmap_link = page.locator(f"main ol a[href='/en/capacity/offerings/{COURSE}/']")
    expect(roadmap_link).to_have_count(1)
    expect(page.locator("figure.readiness-chart .chart-row")).to_have_count(5)  # dimensions
    detail = page.url.split(server.url, 1)[-1].removeprefix("/en")
    _axe(page, detail)
    _axe(page, "/capacity/readiness/")

    # Unpublished: a visitor is not shown it; published with consent: they are.
    visitor = browser.new_context(base_url=server.url).new_page()
    assert visitor.goto(f"/en{detail}").status == 404
    page.goto(f"/en{detail}")
    page.locator("main form[action$='/consent/'] button").click()
    assert visitor.goto(f"/en{detail}").status == 200

    # A need gets ranked offers.
    page.goto("/en/capacity/offers/")
    page.locator("input[name=title]").fill("Procurement clinic in French")
    page.locator("select[name=topics]").select_option(["governance", "policy"])
    page.locator("select[name=languages]").select_option(["fr"])
    page.locator("input[name=seats]").fill("60")
    page.locator("main form button[type=submit]").last.click()
    page.goto("/en/capacity/needs/")
    page.locator("input[name=title]").fill("Train 50 officials in French on AI procurement")
    page.locator("select[name=topics]").select_option(["governance"])
    page.locator("select[name=languages]").select_option(["fr"])
    page.locator("input[name=people]").fill("50")
    page.locator("main form button[type=submit]").last.click()
    expect(page.locator("ol.matches > li").first).to_contain_text("Procurement clinic in French")
    expect(page.locator("ol.matches > li").first).to_contain_text("60 seats for 50 people.")
    need_path = page.url.split(server.url, 1)[-1].removeprefix("/en")
    _axe(page, need_path)
    _axe(page, "/capacity/needs/")
    _axe(page, "/capacity/offers/")
    context.close()
