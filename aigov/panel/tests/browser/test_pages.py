"""What only a browser sees on the panel pages: axe-core in English and Arabic, right-to-left,
the respondent's form without JavaScript."""

import pytest
from playwright.sync_api import Browser, Page, expect

from aigov.core.tests.browser.charts import chart_layout_at
from aigov.core.tests.browser.plugin import LiveServer, serious_axe_violations
from aigov.core.tests.browser.signin import sign_in_as

pytestmark = pytest.mark.browser

# Run inside the server's environment with `aigov shell`: the services, as the jobs that hold
# each permission (demo data, the operator's survey commands) and a secretariat member.
SETUP = """
import random, tempfile
from pathlib import Path
from aigov.accounts.access import Purpose
from aigov.accounts.models import User
from aigov.accounts.services import system_actor, user_create
from aigov.core.reference import LoadReport
from aigov.panel import demo, services
from aigov.panel.models import Invitation, Survey
from aigov.panel.tests.forms import write_form
actor = system_actor(Purpose.OPERATOR)
demo.load(actor=system_actor(Purpose.DEMO_DATA), rng=random.Random(1), report=LoadReport())
if not Survey.objects.filter(slug="browser-form").exists():
    path = write_form(Path(tempfile.mkdtemp()) / "form.xlsx")
    survey = services.survey_import_form(actor=actor, slug="browser-form", path=path,
        roles=services.Roles(nationality="nat", residence="res", gender="gender", field="field"))
    services.survey_set_status(actor=actor, survey=survey, status="open")
    Invitation.objects.create(survey=survey, token="browser-link-1")
    Invitation.objects.create(survey=survey, token="browser-link-2")
from aigov.panel import reports
from aigov.panel.models import Report
if not Report.objects.filter(slug="browser-report").exists():
    editor = User.objects.filter(email="panel-editor@example.org").first() or user_create(
        actor=actor, email="panel-editor@example.org", role="secretariat")
    actor = editor
    report = reports.report_create(actor=actor, slug="browser-report", kind="annual",
        original_language="en",
        texts={"en": {"title": "Browser report", "summary": "Summary.",
                      "body": "# Findings\\n\\nText.\\n\\n[[figure 1]]"},
               "ar": {"title": "تقرير المتصفح", "summary": "", "body": "نص."}},
        embeds=[{"survey": "demo-risk-pulse", "kind": "annex"}])
    reports.report_approve(actor=actor, report=report, number=1)
    reports.report_publish(actor=actor, report=report)
"""


@pytest.fixture(scope="module")
def panel_server(aigov_server: LiveServer) -> LiveServer:
    aigov_server.aigov("shell", "-c", SETUP)
    return aigov_server


PAGES = [
    "/panel/",
    "/panel/surveys/demo-risk-pulse/",
    "/panel/roster/",
    "/panel/respond/browser-link-1/",
    "/panel/reports/",
    "/panel/reports/browser-report/",
    "/panel/roster/groups/",
]


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize("path", PAGES)
def test_panel_pages_have_no_serious_axe_violations(
    panel_server: LiveServer, page: Page, language: str, path: str
) -> None:
    response = page.goto(f"/{language}{path}")
    assert response is not None and response.ok, response and response.status
    assert serious_axe_violations(page) == []


def test_results_page_in_arabic_runs_right_to_left_with_charts(
    panel_server: LiveServer, page: Page
) -> None:
    page.goto("/ar/panel/surveys/demo-risk-pulse/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("section.panel-item .row-chart[dir=rtl] .chart-bar")).not_to_have_count(0)
    expect(page.locator("section.panel-text .tag-cloud[dir=rtl] li")).not_to_have_count(0)


@pytest.mark.parametrize("width", [1366, 390])
def test_arabic_results_labels_sit_beside_their_bars_at_a_readable_size(
    panel_server: LiveServer, browser: Browser, width: int
) -> None:
    layout = chart_layout_at(
        browser,
        panel_server,
        path="/ar/panel/surveys/demo-risk-pulse/",
        selector="section.panel-item .row-chart",
        width=width,
    )
    assert len(layout.rows) > 20  # every group of every item
    assert layout.overlapping() == []
    assert layout.cut() == []
    # side by side, the label at the start of the line (the right); on a phone, above its bar
    assert layout.labels_at_the_right() if width == 1366 else layout.labels_above()
    assert min(layout.text_sizes) >= 11, layout.text_sizes


def test_form_saves_shows_relevant_question_and_submits_without_javascript(
    panel_server: LiveServer, browser: Browser
) -> None:
    context = browser.new_context(
        base_url=panel_server.url, java_script_enabled=False, viewport={"width": 360, "height": 740}
    )
    page = context.new_page()
    page.goto("/en/panel/respond/browser-link-2/")
    expect(page.locator("textarea[name=comment]")).to_have_count(0)
    page.locator("input[name=nat][value=KEN]").check()
    page.locator("input[name=q1][value='5']").check()
    page.locator("button[name=save]").click()
    expect(page.locator("[role=status]")).to_contain_text("saved")
    expect(page.locator("textarea[name=comment]")).to_have_count(1)
    page.locator("textarea[name=comment]").fill("deepfakes")
    page.locator("button[name=submit]").click()
    expect(page.locator("main")).to_contain_text("cannot be used again")
    context.close()


def test_published_report_in_arabic_runs_right_to_left_and_links_its_pdf(
    panel_server: LiveServer, page: Page
) -> None:
    page.goto("/ar/panel/reports/browser-report/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("h1")).to_contain_text("تقرير المتصفح")
    expect(page.locator("figure.report-figure .row-chart[lang=ar] .chart-bar")).not_to_have_count(0)
    expect(page.locator("figure.report-figure table")).to_have_count(1)
    response = page.request.get("/ar/panel/reports/browser-report/pdf/")
    assert response.ok and response.headers["content-type"] == "application/pdf"


@pytest.mark.parametrize("language", ["en", "ar"])
def test_nomination_page_has_no_serious_axe_violations(
    panel_server: LiveServer, page: Page, language: str
) -> None:
    sign_in_as(page, panel_server, role="expert", email=f"nominee-{language}@example.org")
    response = page.goto(f"/{language}/panel/roster/nominate/")
    assert response is not None and response.ok
    expect(page.locator("input[name=nationalities]")).to_have_count(1)
    assert serious_axe_violations(page) == []


def test_balance_target_form_sets_a_target_and_has_no_serious_axe_violations(
    panel_server: LiveServer, page: Page
) -> None:
    sign_in_as(page, panel_server, role="secretariat", email="panel-targets@example.org")
    for language in ("en", "ar"):
        response = page.goto(f"/{language}/panel/roster/")
        assert response is not None and response.ok
        expect(page.locator("select[name=value] optgroup")).to_have_count(3)
        assert serious_axe_violations(page) == [], language
    page.goto("/en/panel/roster/")
    page.locator("select[name=dimension]").select_option("regional_group")
    page.locator("select[name=value]").select_option("GRULAC")
    page.locator("input[name=share]").fill("0.2")
    with page.expect_navigation():
        page.locator("form[aria-labelledby=target-form-title] button[type=submit]").click()
    expect(page.get_by_role("region", name="Targets set by the secretariat")).to_contain_text(
        "GRULAC"
    )
