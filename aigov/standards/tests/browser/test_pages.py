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
    "/standards/trends/",
    "/standards/trends/?status=under_development",
    "/standards/tools/",
    "/standards/unsubscribe/not-a-token/",
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


def _sign_in(page: Page, *, email: str, password: str) -> None:
    page.goto("/en/accounts/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(password)
    page.locator("main form button[type=submit]").click()


def test_trends_chart_runs_right_to_left_with_its_table(page: Page):
    page.goto("/ar/standards/trends/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    chart = page.locator("figure .column-chart[dir=rtl] svg[role=img]")
    expect(chart.locator("rect").first).to_be_visible()
    expect(page.locator("main table tfoot th")).to_be_visible()


@pytest.mark.parametrize("language", ["en", "ar"])
def test_following_a_standard_and_a_topic(page: Page, aigov_server: LiveServer, language: str):
    email = f"follower-{language}@example.org"
    password = aigov_server.create_user(email=email, role="expert")
    _sign_in(page, email=email, password=password)
    page.goto(f"/{language}/standards/")
    page.locator("main table a").first.click()
    page.locator("main form[action$='/follow/'] button").click()
    expect(page.locator("main form[action$='/follow/'] button")).to_be_visible()
    assert serious_axe_violations(page) == []
    page.goto(f"/{language}/standards/following/")
    page.locator("select[name=topic]").select_option("energy-environment")
    page.locator("main form[action$='/following/'] button").click()
    expect(page.locator("main ul li form")).to_have_count(2)
    assert serious_axe_violations(page) == []


def test_a_tool_imported_by_the_secretariat_is_shown(
    page: Page, aigov_server: LiveServer, tmp_path
):
    tools = tmp_path / "tools.json"
    tools.write_text(
        '[{"slug": "browser-tool", "name": "Browser test checklist", "provider": "Test",'
        ' "kind": "checklist", "languages": "ar;en", "standards": "ISO/IEC 42001:2023"}]',
        encoding="utf-8",
    )
    aigov_server.aigov("import", "standard-tools", str(tools))
    for language in ("en", "ar"):
        page.goto(f"/{language}/standards/tools/browser-tool/")
        expect(page.locator("main h1")).to_contain_text("Browser test checklist")
        expect(page.locator("main a", has_text="ISO/IEC 42001:2023")).to_be_visible()
        assert serious_axe_violations(page) == []
