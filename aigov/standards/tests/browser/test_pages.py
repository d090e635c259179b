"""What only a browser sees on the standards pages: axe-core, right-to-left, no JavaScript."""

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from aigov.core.tests.browser.plugin import LiveServer, serious_axe_violations

pytestmark = pytest.mark.browser

STANDARDS_PAGES = [
    "/standards/",
    "/standards/gaps/",
    "/standards/gaps/?rows=risk_area&cols=sdg",
    "/standards/concepts/",
    "/standards/concepts/ai-system/",
    "/standards/gaps/proposals/",
]


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize("path", STANDARDS_PAGES)
def test_standards_pages_have_no_serious_axe_violations(page: Page, language: str, path: str):
    response = page.goto(f"/{language}{path}")
    assert response is not None and response.ok, response and response.status
    assert serious_axe_violations(page) == []


@pytest.mark.parametrize("language", ["en", "ar"])
def test_standard_detail_has_no_serious_axe_violations(page: Page, language: str):
    page.goto(f"/{language}/standards/")
    page.locator("main table a").first.click()
    expect(page.locator("main h2", has_text=re.compile(".")).first).to_be_visible()
    assert serious_axe_violations(page) == []


def test_gap_matrix_in_arabic_runs_right_to_left(page: Page):
    page.goto("/ar/standards/gaps/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("table.gap-matrix thead th")).to_have_count(7)
    expect(page.locator("table.gap-matrix td.level-0").first).to_be_visible()


def test_filtering_the_register_works_without_javascript(
    browser: Browser, aigov_server: LiveServer
):
    context = browser.new_context(base_url=aigov_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/en/standards/")
    page.locator("select[name=topic]").select_option("energy-environment")
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r".*/en/standards/\?.*topic=energy-environment"))
    expect(page.locator("main table caption")).to_have_text("11 standards")
    context.close()
