"""Editing and the digital library in a browser: a node operator adds an offering to their node
and builds its course; a learner keeps it in a collection; axe on the new pages in English and
Arabic."""

import pytest
from playwright.sync_api import Browser, expect

from aigov.capacity.tests.browser.test_pages import LOAD_DEMO, _sign_in
from aigov.capacity.tests.browser.test_readiness_pages import _axe
from aigov.core.tests.browser.plugin import LiveServer

pytestmark = pytest.mark.browser

OPERATE_FIRST_HUB = (
    "from aigov.accounts.models import User;"
    "from aigov.capacity import services, selectors;"
    "from aigov.capacity.tests.factories import editor;"
    "services.node_update(actor=editor(), node=selectors.node_get(slug='demo-hub-1'),"
    " operators=[User.objects.get(email='operator-browser@example.org')])"
)


def test_an_operator_builds_a_course_and_a_learner_collects_it(
    browser: Browser, aigov_server: LiveServer
):
    server = aigov_server
    server.aigov("shell", "-c", LOAD_DEMO)
    operator_password = server.create_user(
        email="operator-browser@example.org", role="node_operator"
    )
    server.aigov("shell", "-c", OPERATE_FIRST_HUB)
    context = browser.new_context(base_url=server.url)
    page = context.new_page()
    _sign_in(page, email="operator-browser@example.org", password=operator_password)

    page.goto("/en/capacity/nodes/demo-hub-1/")
    page.locator("main a", has_text="New offering").click()
    expect(page.locator("select[name=node]")).to_have_value("demo-hub-1")
    page.locator("input[name=slug]").fill("browser-course")
    page.locator("select[name=kind]").select_option("self_paced_course")
    page.locator("input[name=title_en]").fill("Browser course on AI procurement")
    page.locator("input[name=title_fr]").fill("Cours sur les achats d'IA")
    page.locator("select[name=languages]").select_option(["fr", "en"])
    page.locator("input[name=topics][value=governance]").check()
    page.locator("input[name=audiences][value=public_officials]").check()
    page.locator("input[name=time_zone]").fill("Africa/Dakar")
    page.locator("input[name=has_certificate]").check()
    page.locator("main form button[type=submit]").click()
    expect(page.locator("h1")).to_contain_text("Browser course on AI procurement")
    _axe(page, "/capacity/offerings/browser-course/edit/")

    page.goto("/en/capacity/offerings/browser-course/")
    page.locator("main a", has_text="Course content").click()
    page.locator("input[name=title_en]").fill("First steps")
    page.locator("main form[action$='/content/modules/'] button").click()
    expect(page.locator("main h2").first).to_contain_text("First steps")
    page.locator("main details summary").first.click()
    page.locator("main details select[name$=kind]").select_option("text")
    page.locator("main details input[name$=title_en]").fill("Why procurement matters")
    page.locator("main details textarea[name$=body_en]").fill("Buying AI is governing AI.")
    page.locator("main details form button").click()
    expect(page.locator("main ol li a", has_text="Why procurement matters")).to_have_count(1)
    _axe(page, "/capacity/offerings/browser-course/content/")
    _axe(page, "/capacity/nodes/demo-hub-1/")
    context.close()

    learner_password = server.create_user(email="learner-library@example.org", role="learner")
    context = browser.new_context(base_url=server.url)
    page = context.new_page()
    _sign_in(page, email="learner-library@example.org", password=learner_password)
    page.goto("/en/capacity/library/")
    page.locator("input[name=title_en]").fill("For the ministry")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("h1")).to_contain_text("For the ministry")
    page.goto("/fr/capacity/offerings/browser-course/")
    page.locator("textarea[name=note]").fill("À suivre en premier")
    page.locator("main form[action$='/save/'] button").click()
    page.goto("/en/capacity/library/")
    page.locator("main a", has_text="For the ministry").click()
    expect(page.locator("main ol > li")).to_contain_text("Browser course on AI procurement")
    expect(page.locator("main ol > li")).to_contain_text("À suivre en premier")
    collection_path = page.url.split(server.url, 1)[-1].removeprefix("/en")
    _axe(page, collection_path)
    _axe(page, "/capacity/library/")
    # Private: a visitor does not see it.
    visitor = browser.new_context(base_url=server.url).new_page()
    assert visitor.goto(f"/en{collection_path}").status == 404
    context.close()
