"""What only a browser sees: layout direction, htmx, forms without JavaScript, axe-core.

Each test drives Debian's Chromium against the live server of conftest.py.
"""

import os
import re
import time
import uuid

import pytest
from playwright.sync_api import Browser, Page, expect

from aigov.core.tests.browser.plugin import LiveServer, serious_axe_violations
from aigov.core.tests.browser.signin import totp

pytestmark = pytest.mark.browser

LANGUAGE_PREFIXES = ("en", "zh-hans", "ar", "fr", "ru", "es")
FETCH_ME = """async () => {
    const response = await fetch("/api/accounts/me");
    return [response.status, await response.json()];
}"""


def _unique_email(label: str) -> str:
    return f"{label}-{uuid.uuid4().hex[:10]}@example.org"


def _sign_in(page: Page, *, email: str, password: str) -> None:
    page.goto("/en/accounts/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(password)
    page.locator("main form button[type=submit]").click()


def test_server_runs_on_the_database_engine_of_the_test_run(aigov_server: LiveServer):
    output = aigov_server.aigov(
        "shell", "-v0", "-c", "from django.db import connection; print(connection.vendor)"
    )
    expected = (
        "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
    )
    assert output.splitlines()[-1] == expected


# --- Language and direction ---------------------------------------------------------------


def test_root_redirects_to_a_language_prefix(page: Page):
    page.goto("/")
    assert re.search(rf"/({'|'.join(LANGUAGE_PREFIXES)})/$", page.url), page.url


def test_chinese_pages_declare_their_language_left_to_right(page: Page):
    page.goto("/zh-hans/")
    html = page.locator("html")
    expect(html).to_have_attribute("lang", "zh-hans")
    expect(html).to_have_attribute("dir", "ltr")
    # A string from allauth's own Chinese catalogue, rendered inside our layout.
    page.goto("/zh-hans/accounts/login/")
    expect(page.locator("main h1")).to_have_text("登录")


def test_arabic_page_is_right_to_left_and_mirrored(page: Page):
    page.goto("/ar/")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    brand = page.locator(".site-header .brand").bounding_box()
    search = page.locator(".site-header .search-box").bounding_box()
    viewport_width = page.viewport_size["width"]
    assert brand and search
    # The start edge is on the right: the brand sits there, and ahead of the search box.
    assert brand["x"] + brand["width"] / 2 > viewport_width / 2
    assert brand["x"] + brand["width"] / 2 > search["x"] + search["width"] / 2


def test_english_header_runs_left_to_right(page: Page):
    page.goto("/en/")
    assert page.evaluate("getComputedStyle(document.body).direction") == "ltr"
    brand = page.locator(".site-header .brand").bounding_box()
    search = page.locator(".site-header .search-box").bounding_box()
    assert brand and search
    assert brand["x"] + brand["width"] / 2 < page.viewport_size["width"] / 2
    assert brand["x"] + brand["width"] / 2 < search["x"] + search["width"] / 2


def test_arabic_sign_in_uses_allauth_arabic_strings(page: Page):
    page.goto("/ar/accounts/login/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("main h1")).to_have_text("تسجيل الدخول")


@pytest.mark.parametrize("javascript", [False, True], ids=["without-js", "with-js"])
def test_language_switcher_keeps_the_page(
    browser: Browser, aigov_server: LiveServer, javascript: bool
):
    context = browser.new_context(base_url=aigov_server.url, java_script_enabled=javascript)
    page = context.new_page()
    page.goto("/en/taxonomy/countries/")
    page.locator("#language-select").select_option("fr")
    page.locator(".language-switcher button[type=submit]").click()
    page.wait_for_url("**/fr/taxonomy/countries/")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    context.close()


# --- Countries, SDGs, search ----------------------------------------------------------------


def test_country_filter_works_without_javascript(browser: Browser, aigov_server: LiveServer):
    context = browser.new_context(base_url=aigov_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/en/taxonomy/countries/")
    page.locator("select[name=regional_group]").select_option("GRULAC")
    page.locator("form.filters button[type=submit]").click()
    page.wait_for_url(re.compile(r"regional_group=GRULAC"))
    expect(page.locator("#country-table")).to_contain_text("33 countries and jurisdictions")
    expect(page.locator("#country-table tbody")).to_contain_text("Brazil")
    expect(page.locator("#country-table tbody")).not_to_contain_text("Kenya")

    page.locator("select[name=regional_group]").select_option("")
    page.locator("select[name=un_member]").select_option("true")
    page.locator("form.filters button[type=submit]").click()
    page.wait_for_url(re.compile(r"un_member=true"))
    expect(page.locator("#country-table")).to_contain_text("193 countries and jurisdictions")
    context.close()


def test_country_filter_updates_the_table_with_htmx(page: Page):
    page.goto("/en/taxonomy/countries/")
    # A full page load would drop this marker; an htmx swap keeps it.
    page.evaluate("window.aigovSamePage = true")
    page.locator("select[name=regional_group]").select_option("GRULAC")
    expect(page.locator("#country-table")).to_contain_text("33 countries and jurisdictions")
    expect(page.locator("#country-table tbody tr")).to_have_count(33)
    page.wait_for_url(re.compile(r"regional_group=GRULAC"))
    assert page.evaluate("window.aigovSamePage") is True

    page.locator("select[name=regional_group]").select_option("")
    page.locator("select[name=un_member]").select_option("true")
    expect(page.locator("#country-table")).to_contain_text("193 countries and jurisdictions")
    assert page.evaluate("window.aigovSamePage") is True


def test_country_page_shows_the_chinese_name(page: Page):
    page.goto("/zh-hans/countries/KEN/")
    expect(page.locator("main h1")).to_have_text("肯尼亚")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")


def test_sdg_page_lists_seventeen_goals(page: Page):
    page.goto("/en/taxonomy/sdgs/")
    goals = page.locator(".sdg-grid li")
    expect(goals).to_have_count(17)
    expect(goals.first).to_contain_text("No poverty", ignore_case=True)
    goals.nth(16).locator("a").click()
    page.wait_for_url("**/en/taxonomy/sdgs/17/")
    expect(page.locator("main h1")).to_contain_text("17")


def test_search_in_chinese_finds_kenya(page: Page):
    page.goto("/zh-hans/search/?q=肯尼亚")
    expect(page.locator("#search-results a[href='/zh-hans/countries/KEN/']")).to_have_count(1)


# --- Accessibility ------------------------------------------------------------------------

FOUNDATION_PAGES = [
    "/",
    "/taxonomy/",
    "/taxonomy/countries/",
    "/countries/KEN/",
    "/taxonomy/sdgs/",
    "/taxonomy/sdgs/3/",
    "/taxonomy/risks/",
    "/taxonomy/lifecycle/",
    "/taxonomy/languages/",
    "/taxonomy/topics/",
    "/search/?q=Kenya",
    "/accounts/login/",
    "/accounts/signup/",
]


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize("path", FOUNDATION_PAGES)
def test_foundation_pages_have_noserious_axe_violations(page: Page, language: str, path: str):
    response = page.goto(f"/{language}{path}")
    assert response is not None and response.ok, response and response.status
    assert serious_axe_violations(page) == []


# --- Accounts -----------------------------------------------------------------------------


def test_sign_up_confirm_by_email_and_use_the_api(
    page: Page, browser: Browser, aigov_server: LiveServer
):
    email = _unique_email("signup")
    page.goto("/en/accounts/signup/")
    page.locator("input[name=email]").fill(email)
    page.locator("input[name=password1]").fill("correct horse battery staple 42")
    page.locator("input[name=password2]").fill("correct horse battery staple 42")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/en/accounts/confirm-email/")
    assert serious_axe_violations(page) == []

    messages = aigov_server.mail_to(email)
    assert len(messages) == 1
    body = messages[0].get_body(preferencelist=("plain",)).get_content()
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", body)
    assert link, body
    page.goto(link.group(0))
    assert serious_axe_violations(page) == []
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".site-header .account")).to_contain_text("Sign out")
    expect(page.locator("main [role=status]")).to_contain_text(email)
    assert serious_axe_violations(page) == []

    status, me = page.evaluate(FETCH_ME)
    assert status == 200 and me["email"] == email
    page.goto("/ar/accounts/profile/")
    expect(page.locator(".site-header .account")).to_contain_text(email)
    expect(page.locator("main table")).to_be_visible()
    assert serious_axe_violations(page) == []

    anonymous = browser.new_context(base_url=aigov_server.url)
    anonymous_page = anonymous.new_page()
    anonymous_page.goto("/en/")
    status, problem = anonymous_page.evaluate(FETCH_ME)
    assert status == 401 and "email" not in problem
    anonymous.close()


def test_secretariat_must_activate_totp_before_using_the_site(page: Page, aigov_server: LiveServer):
    email = _unique_email("secretariat")
    password = aigov_server.create_user(email=email, role="secretariat")
    _sign_in(page, email=email, password=password)
    page.wait_for_url(re.compile(r"totp(/|%2F)activate"))

    page.goto("/en/taxonomy/")
    page.wait_for_url(re.compile(r"totp(/|%2F)activate"))
    assert "/en/taxonomy/" not in page.url

    # allauth asks for the password again before it lets anyone add an authenticator.
    if "/accounts/reauthenticate/" in page.url:
        assert serious_axe_violations(page) == []
        page.locator("input[name=password]").fill(password)
        page.locator("main form button[type=submit]").click()
        page.wait_for_url(re.compile(r"/totp/activate/$"))
    assert serious_axe_violations(page) == []

    secret = page.locator("#authenticator_secret").input_value()
    # A code computed just before a 30-second boundary may be stale on arrival: try the next one.
    for _attempt in range(2):
        page.locator("input[name=code]").fill(totp(secret, at=time.time()))
        with page.expect_navigation():
            page.locator("main form button[type=submit]").click()
        if "/totp/activate/" not in page.url:
            break
    assert "/totp/activate/" not in page.url, page.locator("main").inner_text()
    assert serious_axe_violations(page) == []

    page.goto("/en/taxonomy/")
    expect(page.locator("main h1")).to_have_text("The shared taxonomy")
    assert page.url.endswith("/en/taxonomy/")
