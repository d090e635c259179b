"""The Done-when path in a browser: find a free French course for public officials, complete it,
receive a credential that verifies on the public page and fails once altered or revoked; axe on
the catalogue and verification pages in English and Arabic."""

import json

import pytest
from playwright.sync_api import Browser, Page, expect

from aigov.core.tests.browser.plugin import LiveServer, serious_axe_violations

pytestmark = pytest.mark.browser

COURSE = "demo-course-fr-public-officials"
LOAD_DEMO = (
    "import random;"
    "from aigov.accounts.access import Purpose;"
    "from aigov.accounts.services import system_actor;"
    "from aigov.capacity.demo import load_capacity_demo;"
    "from aigov.core.reference import LoadReport;"
    "load_capacity_demo(actor=system_actor(Purpose.DEMO_DATA), rng=random.Random(1),"
    " report=LoadReport())"
)


@pytest.fixture(scope="module")
def demo_catalogue(aigov_server: LiveServer) -> LiveServer:
    # Only this module's generator: `aigov demo load` would also run every other module's.
    aigov_server.aigov("shell", "-c", LOAD_DEMO)
    return aigov_server


def _sign_in(page: Page, *, email: str, password: str) -> None:
    page.goto("/en/accounts/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(password)
    page.locator("main form button[type=submit]").click()


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize(
    "path",
    ["/capacity/", f"/capacity/offerings/{COURSE}/", "/capacity/verify/", "/capacity/nodes/"],
)
def test_capacity_pages_have_no_serious_axe_violations(
    page: Page, demo_catalogue: LiveServer, language: str, path: str
):
    response = page.goto(f"/{language}{path}")
    assert response is not None and response.ok, response and response.status
    assert serious_axe_violations(page) == []
    if language == "ar":
        expect(page.locator("html")).to_have_attribute("dir", "rtl")


def test_a_learner_earns_a_credential_that_verifies_until_altered_or_revoked(
    browser: Browser, demo_catalogue: LiveServer, tmp_path
):
    server = demo_catalogue
    email = "learner-fr@example.org"
    password = server.create_user(email=email, role="learner")
    context = browser.new_context(base_url=server.url, accept_downloads=True)
    page = context.new_page()
    _sign_in(page, email=email, password=password)

    # Find it: free, in French, for public officials.
    page.goto("/fr/capacity/")
    page.locator("main select[name=language]").select_option("fr")
    page.locator("select[name=audience]").select_option("public_officials")
    page.locator("select[name=cost]").select_option("free")
    page.locator("main form.filters button[type=submit]").click()
    page.locator(f"#offering-results a[href='/fr/capacity/offerings/{COURSE}/']").click()
    expect(page.locator("h1")).to_contain_text("agents publics")

    # Complete it: enrol, read the lesson, pass the quiz.
    page.locator("main form button[type=submit]").click()
    page.locator("main ol ol a").first.click()
    page.locator("main form button[type=submit]").click()
    page.locator("main ol ol a").nth(1).click()
    page.locator("input[type=radio][value='0']").check()
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".credentials li")).to_have_count(1)

    with page.expect_download() as download_info:
        page.locator(".credentials a[download]").click()
    credential_file = tmp_path / "credential.json"
    download_info.value.save_as(credential_file)
    credential = json.loads(credential_file.read_text(encoding="utf-8"))
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]

    def verify(text: str) -> str:
        page.goto("/en/capacity/verify/")
        page.locator("textarea[name=credential]").fill(text)
        page.locator("main form button[type=submit]").click()
        return page.locator(".verification h2").inner_text()

    assert verify(json.dumps(credential, ensure_ascii=False)) == "Valid"
    altered = dict(credential, name="Advanced certificate")
    assert verify(json.dumps(altered, ensure_ascii=False)) == "Not valid"
    expect(page.locator(".verification .reason")).to_contain_text("signature")

    server.aigov("capacity", "credential", "revoke", credential["id"])
    assert verify(json.dumps(credential, ensure_ascii=False)) == "Not valid"
    expect(page.locator(".verification .reason")).to_contain_text("revoked")
    context.close()
