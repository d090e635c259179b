"""What only a browser sees on the landscape pages: axe-core, right-to-left, no JavaScript."""

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from aigov.core.tests.browser.charts import chart_layout_at
from aigov.core.tests.browser.plugin import LiveServer, serious_axe_violations

pytestmark = pytest.mark.browser

LANDSCAPE_PAGES = [
    "/landscape/",
    "/landscape/initiatives/coe-ai-convention-cai-2022/",
    "/landscape/representation/?as_of=2024-09-01",
    "/landscape/over-time/",
    "/landscape/policies/",
    "/landscape/policies/eu-ai-act/",
    "/landscape/un/",
]


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize("path", LANDSCAPE_PAGES)
def test_landscape_pages_have_noserious_axe_violations(page: Page, language: str, path: str):
    response = page.goto(f"/{language}{path}")
    assert response is not None and response.ok, response and response.status
    assert serious_axe_violations(page) == []


def test_representation_page_in_arabic_runs_right_to_left(page: Page):
    page.goto("/ar/landscape/representation/?as_of=2024-09-01")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("table.matrix tbody tr")).to_have_count(5)  # the regional groups
    expect(page.locator(".world-map svg[role=img] path")).not_to_have_count(0)


def test_the_matrix_opens_a_regional_group_without_javascript(
    browser: Browser, aigov_server: LiveServer
):
    context = browser.new_context(base_url=aigov_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/en/landscape/representation/?as_of=2024-09-01")
    page.locator("table.matrix").get_by_role("link", name="African States").click()
    expect(page).to_have_url(re.compile(r".*\?as_of=2024-09-01&group=African#matrix$"))
    expect(page.locator("table.matrix tbody tr")).to_have_count(54)
    expect(page.locator("table.matrix")).to_contain_text("Kenya")
    page.locator("table.matrix").get_by_role("link", name="All regional groups").click()
    expect(page.locator("table.matrix tbody tr")).to_have_count(5)
    context.close()


@pytest.mark.parametrize("width", [1366, 390])
def test_arabic_matrix_labels_sit_beside_their_rows_at_a_readable_size(
    browser: Browser, aigov_server: LiveServer, width: int
):
    layout = chart_layout_at(
        browser,
        aigov_server,
        path="/ar/landscape/representation/?as_of=2024-09-01",
        selector=".matrix-chart",
        width=width,
    )
    assert len(layout.rows) == 8  # the regional groups' band and the seven initiatives
    assert layout.overlapping() == []
    assert layout.cut() == []
    # side by side, the label at the start of the line (the right); on a phone, above its bar
    assert layout.labels_at_the_right() if width == 1366 else layout.labels_above()
    assert min(layout.text_sizes) >= 11, layout.text_sizes


def test_choosing_a_date_works_without_javascript(browser: Browser, aigov_server: LiveServer):
    context = browser.new_context(base_url=aigov_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/en/landscape/representation/")
    page.locator("input[name=as_of]").fill("2019-06-01")
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(
        re.compile(r".*/en/landscape/representation/\?as_of=2019-06-01&group=$")
    )
    expect(page.locator("main")).to_contain_text("Summary as of June 1, 2019")
    # Only the OECD Recommendation had begun: 36 members and 6 non-member adherents.
    summary = page.locator("main dl").first
    expect(summary).to_contain_text("151")
    context.close()


def test_focal_point_proposes_a_participation_on_the_page(page: Page, aigov_server: LiveServer):
    email = "focal-ken@example.org"
    password = aigov_server.create_user(email=email, role="focal_point", country="KEN")
    page.goto("/en/accounts/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(password)
    page.locator("main form button[type=submit]").click()
    expect(page).not_to_have_url(re.compile(r".*/accounts/login/.*"))
    page.goto("/en/landscape/proposals/new/?subject=participation")
    assert serious_axe_violations(page) == []
    page.locator("input[name=initiative]").fill("seoul-ministerial-2024")
    page.locator("input[name=participant]").fill("KEN")
    page.locator("select[name=basis]").select_option("endorser")
    page.locator("input[name=started_on]").fill("2024-06-01")
    page.locator("textarea[name=rationale]").fill("Endorsed by our ministry.")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("main h1")).to_contain_text("Participation")
    expect(page.locator("main dl")).to_contain_text("Waiting for review")
    page.goto("/en/landscape/proposals/")
    expect(page.locator("main table tbody tr")).to_have_count(1)
