"""What only a browser sees on the dialogue pages: axe-core in English and Arabic, right-to-left,
filtering without JavaScript."""

import base64
import hashlib
import hmac
import struct
import time
import uuid

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
    expect(page.locator("figure.bar-chart .chart-bar rect")).not_to_have_count(0)


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
    page.locator("select[name=country]").select_option("BRA")
    page.locator("form.filters button[type=submit]").click()
    expect(page).to_have_url(f"{dialogue_server.url}/en/dialogue/incidents/?country=BRA&risk_area=")
    expect(page.locator("table.incident-list tbody")).to_contain_text(
        "No incident reports you may see."
    )
    context.close()


# --- signed-in pages: the secretariat runs the session, a focal point makes a statement --------

TOTP_SECRET = "JBSWY3DPEHPK3PXP"  # a test secret, known to the test only
PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def _totp(at: float) -> str:
    """Return the RFC 6238 code (SHA-1, 30 s, 6 digits) for TOTP_SECRET at a moment."""
    key = base64.b32decode(TOTP_SECRET)
    digest = hmac.new(key, struct.pack(">Q", int(at // 30)), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{number % 1_000_000:06d}"


def _sign_in(page: Page, server: LiveServer, *, role: str, country: str | None = None) -> None:
    email = f"dialogue-{role}-{uuid.uuid4().hex[:8]}@example.org"
    password = server.create_user(email=email, role=role, country=country)
    if role == "secretariat":
        server.aigov(
            "shell",
            "-c",
            "from allauth.mfa.models import Authenticator\n"
            "from django.contrib.auth import get_user_model\n"
            f"user = get_user_model().objects.get(email='{email}')\n"
            "Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP,"
            f" data={{'secret': '{TOTP_SECRET}'}})\n",
        )
    page.goto("/en/accounts/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(password)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()
    # A code computed just before a 30-second boundary may be stale on arrival: try the next.
    for _attempt in range(2):
        if page.locator("input[name=code]").count() == 0:
            break
        page.locator("input[name=code]").fill(_totp(time.time()))
        with page.expect_navigation():
            page.locator("main form button[type=submit]").first.click()
    assert page.locator("input[name=code]").count() == 0, page.locator("main").inner_text()


def test_secretariat_adds_an_agenda_item_and_the_outcome_from_pages(
    dialogue_server: LiveServer, page: Page
):
    _sign_in(page, dialogue_server, role="secretariat")
    for language in ("en", "ar"):
        for path in (
            f"/dialogue/sessions/{SESSION}/manage/",
            f"/dialogue/sessions/{SESSION}/agenda/new/",
        ):
            response = page.goto(f"/{language}{path}")
            assert response is not None and response.ok, (path, response and response.status)
            assert serious_axe_violations(page) == [], (language, path)
    page.goto(f"/en/dialogue/sessions/{SESSION}/agenda/new/")
    page.locator("input[name=title_en]").fill("Browser-added item")
    page.locator("input[name=position]").fill("3")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**/en/dialogue/sessions/{SESSION}/manage/")
    expect(page.locator("main table")).to_contain_text("Browser-added item")
    page.locator("textarea[name=outcome_en]").fill("Browser outcome: states agreed.")
    page.locator("main form button[type=submit]", has_text="Save").click()
    page.goto(f"/en/dialogue/sessions/{SESSION}/")
    expect(page.locator("main")).to_contain_text("Browser outcome: states agreed.")
    expect(page.locator("ol.agenda")).to_contain_text("Browser-added item")


def test_focal_point_makes_a_statement_with_a_document(dialogue_server: LiveServer, page: Page):
    _sign_in(page, dialogue_server, role="focal_point", country="KEN")
    for language in ("en", "ar"):
        response = page.goto(f"/{language}/dialogue/sessions/{SESSION}/statements/new/")
        assert response is not None and response.ok
        assert serious_axe_violations(page) == [], language
    page.goto(f"/en/dialogue/sessions/{SESSION}/statements/new/")
    page.locator("select[name=kind]").select_option("statement")
    page.locator("input[name=speaker]").fill("Kenya")
    page.locator("main select[name=language]").select_option("en")
    page.locator("input[name=title]").fill("Browser statement by Kenya")
    page.locator("input[name=document]").set_input_files(
        files=[{"name": "statement.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**/en/dialogue/sessions/{SESSION}/")
    statement = page.locator("article.statement", has_text="Browser statement by Kenya")
    link = statement.locator("ul.documents a").first
    expect(link).to_contain_text("statement.pdf")
    download = page.request.get(link.get_attribute("href") or "")
    assert download.ok and download.body() == PDF
    assert serious_axe_violations(page) == []
