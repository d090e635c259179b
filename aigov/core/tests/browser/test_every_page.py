"""Every page on a phone: it fits 390 px without sideways scrolling and axe-core finds nothing
serious, in English and in Arabic; the header's menu works with and without JavaScript.

The pages are every URL name of every module's urls.py (site_pages.py), visited by a member of
the secretariat (who sees the most) on the server holding the demonstration data (the plugin's
`demo_server`) and a few records the demonstration does not make (site_pages.RECORDS).
"""

import json
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from aigov.core.tests.browser.plugin import LiveServer, serious_axe_violations
from aigov.core.tests.browser.signin import sign_in_as
from aigov.core.tests.browser.site_pages import RECORDS

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
WIDE = {"width": 1366, "height": 768}
PAGE_WIDTH = "[document.documentElement.scrollWidth, window.innerWidth]"


@pytest.fixture(scope="module")
def phone(browser: Browser, demo_server: LiveServer) -> Iterator[tuple[Page, dict[str, str]]]:
    """One phone-sized browser context, signed in as the secretariat; and the pages to visit."""
    # axe-core goes in as an inline script, which the pages' Content-Security-Policy forbids.
    context = browser.new_context(base_url=demo_server.url, viewport=PHONE, bypass_csp=True)
    page = context.new_page()
    reader = sign_in_as(page, demo_server, role="secretariat")
    focal_point = "every-page-focal-point@example.org"
    demo_server.create_user(email=focal_point, role="focal_point", country="KEN")
    names = f"FOCAL_POINT = {focal_point!r}\nREADER = {reader!r}\n"
    demo_server.aigov("shell", "-c", names + RECORDS)
    listing = demo_server.aigov(
        "shell",
        "-v0",
        "-c",
        "from aigov.core.tests.browser.site_pages import print_page_paths\n"
        f"print_page_paths(reader={reader!r})",
    )
    yield page, json.loads(listing.splitlines()[-1])
    context.close()


def test_every_page_fits_a_phone_and_has_no_serious_axe_violation(
    phone: tuple[Page, dict[str, str]],
) -> None:
    page, paths = phone
    assert len(paths) > 80, sorted(paths)
    failures: list[str] = []
    for language in ("en", "ar"):
        for name, path in paths.items():
            failures += _problems(page, f"/{language}{path}", name)
    assert not failures, f"{len(failures)} problems on {2 * len(paths)} pages:\n" + "\n".join(
        failures
    )


def _problems(page: Page, address: str, name: str) -> list[str]:
    """Load one page; return what is wrong with it, each line naming the page."""
    response = page.goto(address)
    if response is None or response.status != 200:
        return [f"{address} ({name}): HTTP {response and response.status}"]
    if not page.url.split("?")[0].endswith(address.split("?")[0]):
        return [f"{address} ({name}): redirected to {page.url}"]
    problems = []
    width, screen = page.evaluate(PAGE_WIDTH)
    if width > screen:
        problems.append(f"{address} ({name}): {width} px wide on a {screen} px screen")
    return problems + [f"{address} ({name}): {found}" for found in serious_axe_violations(page)]


@pytest.mark.parametrize("javascript", [False, True], ids=["without-js", "with-js"])
@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_header_folds_into_a_menu_on_a_phone(
    browser: Browser, aigov_server: LiveServer, javascript: bool, language: str
) -> None:
    context = browser.new_context(
        base_url=aigov_server.url, viewport=PHONE, java_script_enabled=javascript
    )
    page = context.new_page()
    page.goto(f"/{language}/")
    menu = page.locator(".site-header summary")
    modules = page.locator(".site-header nav a")
    expect(menu).to_be_visible()
    expect(page.locator("#site-search")).to_be_visible()
    expect(modules.first).to_be_hidden()
    expect(page.locator("#language-select")).to_be_hidden()

    menu.click()
    expect(modules.first).to_be_visible()
    expect(page.locator("#language-select")).to_be_visible()
    assert page.evaluate(PAGE_WIDTH)[0] <= PHONE["width"]
    target = modules.first.get_attribute("href")
    modules.first.click()
    page.wait_for_url(f"**{target}")
    context.close()


def test_the_header_shows_its_menu_open_on_a_wide_screen(
    browser: Browser, aigov_server: LiveServer
) -> None:
    context = browser.new_context(base_url=aigov_server.url, viewport=WIDE)
    page = context.new_page()
    page.goto("/en/")
    expect(page.locator(".site-header summary")).to_be_hidden()
    expect(page.locator(".site-header nav a").first).to_be_visible()
    expect(page.locator("#language-select")).to_be_visible()
    context.close()


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_wide_table_scrolls_in_its_own_box_by_keyboard(
    browser: Browser, aigov_server: LiveServer, language: str
) -> None:
    context = browser.new_context(base_url=aigov_server.url, viewport=PHONE)
    page = context.new_page()
    page.goto(f"/{language}/landscape/representation/")
    box = page.get_by_role("region", name=page.locator("#matrix-caption").inner_text())
    assert box.evaluate("box => box.scrollWidth > box.clientWidth")
    box.focus()
    page.keyboard.press("ArrowRight" if language == "en" else "ArrowLeft")
    expect(box).not_to_have_js_property("scrollLeft", 0)
    assert page.evaluate(PAGE_WIDTH)[0] <= PHONE["width"]
    context.close()
