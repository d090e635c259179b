"""What only a browser sees on the dialogue pages: axe-core in English and Arabic, right-to-left,
filtering without JavaScript."""

import pytest
from playwright.sync_api import Browser, Page, expect

from aigov.core.tests.browser.plugin import LiveServer, serious_axe_violations

pytestmark = pytest.mark.browser

SESSION = "browser-session"
ARABIC_TITLE = "جلسة الحوار بشأن مخاطر الذكاء الاصطناعي"

# Run inside the server's environment with `aigov shell`: the services, as the system actor.
SETUP = f"""
import datetime
from aigov.accounts.services import system_actor
from aigov.dialogue import services
from aigov.dialogue.models import Session
if not Session.objects.filter(slug="{SESSION}").exists():
    actor = system_actor()
    public = services.incident_report_file(actor=actor, title="Browser public incident",
        confidentiality="public", countries=["KEN"], risk_areas=["life-opportunities"],
        occurred_on=datetime.date(2025, 5, 1))
    services.incident_report_file(actor=actor, title="Browser secret incident",
        confidentiality="secretariat", countries=["BRA"], occurred_on=datetime.date(2025, 5, 2))
    session = services.session_create(actor=actor, slug="{SESSION}",
        titles={{"en": "Browser session on AI risks", "ar": "{ARABIC_TITLE}"}},
        starts_on=datetime.date(2026, 7, 6), ends_on=datetime.date(2026, 7, 7),
        place="Geneva", country="CHE", focus="risks")
    segment = services.segment_add(actor=actor, session=session, kind="member_states",
        titles={{"en": "Member states segment"}})
    services.agenda_item_add(actor=actor, session=session, segment=segment, position=1,
        titles={{"en": "Sharing incidents", "ar": "تبادل الحوادث"}}, incidents=[public.incident])
    services.agenda_item_add(actor=actor, session=session, position=2,
        titles={{"en": "Panel report", "ar": "تقرير الفريق"}})
"""


@pytest.fixture(scope="module")
def dialogue_server(aigov_server: LiveServer) -> LiveServer:
    aigov_server.aigov("shell", "-c", SETUP)
    return aigov_server


PAGES = ["/dialogue/", "/dialogue/incidents/", f"/dialogue/sessions/{SESSION}/"]


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize("path", PAGES)
def test_dialogue_pages_have_no_serious_axe_violations(
    dialogue_server: LiveServer, page: Page, language: str, path: str
):
    response = page.goto(f"/{language}{path}")
    assert response is not None and response.ok, response and response.status
    assert serious_axe_violations(page) == []


def test_incident_list_shows_public_reports_and_a_chart_only(
    dialogue_server: LiveServer, page: Page
):
    page.goto("/en/dialogue/incidents/")
    table = page.locator("table.incident-list tbody")
    expect(table).to_contain_text("Browser public incident")
    expect(table).not_to_contain_text("Browser secret incident")
    expect(page.locator("figure.bar-chart svg[role=img] rect")).not_to_have_count(0)


def test_session_page_in_arabic_runs_right_to_left_with_its_agenda(
    dialogue_server: LiveServer, page: Page
):
    page.goto(f"/ar/dialogue/sessions/{SESSION}/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("h1")).to_contain_text("جلسة الحوار")
    expect(page.locator("ol.agenda > li")).to_have_count(2)
    expect(page.locator("ol.agenda > li").first).to_contain_text("تبادل الحوادث")
    expect(page.locator("ol.agenda")).to_contain_text("Browser public incident")
    calendar = page.request.get(f"/ar/dialogue/sessions/{SESSION}/calendar.ics")
    assert calendar.ok and "BEGIN:VCALENDAR" in calendar.text()


def test_filtering_incidents_works_without_javascript(
    browser: Browser, dialogue_server: LiveServer
):
    context = browser.new_context(base_url=dialogue_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/en/dialogue/incidents/")
    page.locator("input[name=country]").fill("BRA")
    page.locator("form.filters button[type=submit]").click()
    expect(page).to_have_url(f"{dialogue_server.url}/en/dialogue/incidents/?country=BRA&risk_area=")
    expect(page.locator("table.incident-list tbody")).to_contain_text(
        "No incident reports you may see."
    )
    context.close()
