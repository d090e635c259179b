"""What only a browser sees of the Content-Security-Policy: nothing the site needs is refused
(issue 17, part 11), and an administrator activates TOTP although the browser asks for
/favicon.ico on the way (issue 18, part 2)."""

import re

import pytest
from playwright.sync_api import Page, expect

from aigov.core.tests.browser.plugin import LiveServer
from aigov.core.tests.browser.signin import totp

pytestmark = pytest.mark.browser


def _policy_violations(page: Page) -> list[str]:
    refused: list[str] = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return refused


@pytest.mark.parametrize("path", ["/en/", "/ar/standards/", "/en/standards/gaps/", "/api/docs"])
def test_pages_work_under_the_policy(page: Page, path: str):
    refused = _policy_violations(page)
    response = page.goto(path)
    assert (
        response is not None and "script-src 'self'" in response.headers["content-security-policy"]
    )
    page.wait_for_load_state("networkidle")
    if path == "/api/docs":
        expect(page.locator("#swagger-ui .swagger-ui").first).to_be_visible()  # its scripts ran
    assert refused == []


def test_htmx_filters_still_work(page: Page):
    refused = _policy_violations(page)
    page.goto("/en/standards/")
    with page.expect_request(re.compile(r"/en/standards/\?")):
        page.locator("form.filters select").first.select_option(index=1)
    assert refused == []


def test_an_administrator_activates_totp_in_the_browser(page: Page, aigov_server: LiveServer):
    email = "admin-totp@example.org"
    password = aigov_server.create_user(email=email, role="secretariat")
    page.goto("/en/accounts/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(password)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()
    # Sent to set-up; activation first asks for the password again.
    if page.locator("input[name=password]").count():
        page.locator("input[name=password]").fill(password)
        with page.expect_navigation():
            page.locator("main form button[type=submit]").first.click()
    assert "/accounts/2fa/totp/activate/" in page.url
    icon = page.request.get("/favicon.ico")  # what Chromium asks for after the page loads
    assert icon.status == 200 and icon.headers["content-type"] == "image/x-icon"
    secret = page.locator("#authenticator_secret").input_value()
    assert re.fullmatch(r"[A-Z2-7]{32}", secret), secret
    page.locator("input[name=code]").fill(totp(secret))
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()
    assert "/accounts/2fa/totp/activate/" not in page.url
    assert page.goto("/en/").status == 200
