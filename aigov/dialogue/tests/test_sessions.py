"""Sessions: the public page lists the agenda, the calendar export holds it, balance is shown."""

import datetime

import pytest
from django.test import Client
from icalendar import Calendar

from aigov.accounts.services import system_actor
from aigov.core.errors import Conflict
from aigov.dialogue import selectors, services
from aigov.dialogue.tests.factories import file_report, make_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(people):
    session = make_session()
    actor = system_actor()
    states = services.segment_add(
        actor=actor, session=session, kind="member_states", titles={"en": "Member states"}
    )
    secret = file_report(
        actor=people["kenya"], title="Secret agenda incident", confidentiality="secretariat"
    )
    public = file_report(actor=people["kenya"], title="Public agenda incident")
    start = datetime.datetime(2026, 7, 6, 9, 0, tzinfo=datetime.UTC)
    services.agenda_item_add(
        actor=actor,
        session=session,
        segment=states,
        position=1,
        titles={"en": "Sharing of significant incidents", "fr": "Partage des incidents"},
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        incidents=[secret.incident, public.incident],
    )
    services.agenda_item_add(
        actor=actor, session=session, position=2, titles={"en": "Scientific panel report"}
    )
    services.statement_submit(
        actor=people["kenya"],
        session=session,
        kind="statement",
        speaker="Kenya",
        titles={"en": "Statement by Kenya"},
        texts={"en": "We support voluntary sharing.", "fr": "Nous soutenons le partage."},
    )
    return session


def test_session_page_lists_agenda_statements_and_only_visible_incidents(client: Client, session):
    page = client.get(f"/en/dialogue/sessions/{session.slug}/").content.decode()
    assert page.index("Sharing of significant incidents") < page.index("Scientific panel report")
    assert "Statement by Kenya" in page and "We support voluntary sharing." in page
    assert "Public agenda incident" in page
    assert "Secret agenda incident" not in page
    assert f'href="/en/dialogue/sessions/{session.slug}/calendar.ics"' in page
    french = client.get(f"/fr/dialogue/sessions/{session.slug}/").content.decode()
    assert "Partage des incidents" in french and "Nous soutenons le partage." in french


def test_secretariat_sees_the_secret_incident_on_the_agenda(client: Client, people, session):
    client.force_login(people["secretariat"])
    page = client.get(f"/en/dialogue/sessions/{session.slug}/").content.decode()
    assert "Secret agenda incident" in page


def test_calendar_parses_and_holds_the_agenda(client: Client, session):
    response = client.get(f"/en/dialogue/sessions/{session.slug}/calendar.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = list(calendar.walk("VEVENT"))
    assert str(events[0]["SUMMARY"]) == "Policy dialogue on AI risks"
    assert events[0].decoded("DTSTART") == datetime.date(2026, 7, 6)
    assert events[0].decoded("DTEND") == datetime.date(2026, 7, 8)  # exclusive end
    assert str(events[0]["LOCATION"]) == "Geneva"
    description = str(events[0]["DESCRIPTION"])
    assert "1. Sharing of significant incidents" in description
    assert "2. Scientific panel report" in description
    timed = list(events[1:])
    assert [str(e["SUMMARY"]) for e in timed] == ["Sharing of significant incidents"]
    assert timed[0].decoded("DTSTART") == datetime.datetime(2026, 7, 6, 9, 0, tzinfo=datetime.UTC)
    api = client.get(f"/api/dialogue/sessions/{session.slug}/calendar.ics")
    assert Calendar.from_ical(api.content).walk("VEVENT")[0]["UID"] == events[0]["UID"]


def test_registration_balance_by_regional_group_and_role(client: Client, people, session):
    services.registration_create(
        actor=people["kenya"], session=session, role="member_state", country="KEN"
    )
    services.registration_create(
        actor=people["brazil"], session=session, role="member_state", country="BRA"
    )
    services.registration_create(actor=people["learner"], session=session, role="stakeholder")
    with pytest.raises(Conflict):
        services.registration_create(actor=people["learner"], session=session, role="observer")
    balance = selectors.registration_balance(session=session)
    groups = {row.key: row.count for row in balance.by_regional_group}
    assert balance.total == 3
    assert groups["African"] == 1 and groups["GRULAC"] == 1 and groups[""] == 1
    assert {row.key: row.count for row in balance.by_role}["member_state"] == 2
    page = client.get(f"/en/dialogue/sessions/{session.slug}/").content.decode()
    assert "3 people registered." in page and "African States" in page
    assert people["kenya"].email not in page  # who registered stays private
    assert not selectors.registration_list(actor=people["brazil"], session=session).filter(
        user=people["kenya"]
    )


def test_registering_through_the_page(client: Client, people, session):
    client.force_login(people["learner"])
    response = client.post(
        f"/en/dialogue/sessions/{session.slug}/register/", {"role": "observer", "country": ""}
    )
    assert response.status_code == 302
    assert selectors.registration_balance(session=session).total == 1
    page = client.get(f"/en/dialogue/sessions/{session.slug}/").content.decode()
    assert "You are registered for this session." in page


def test_unknown_session_is_404(client: Client):
    assert client.get("/en/dialogue/sessions/no-such-session/").status_code == 404
    assert client.get("/api/dialogue/sessions/no-such-session/calendar.ics").status_code == 404


def test_practices_are_public_once_accepted(client: Client, people, session):
    practice = services.practice_submit(
        actor=people["brazil"],
        titles={"en": "National AI sandbox for public services"},
        country="BRA",
        sessions=[session],
    )
    url = f"/en/dialogue/practices/{practice.pk}/"
    assert client.get(url).status_code == 404
    assert (
        "National AI sandbox"
        not in client.get(f"/en/dialogue/sessions/{session.slug}/").content.decode()
    )
    services.practice_accept(actor=people["secretariat"], practice=practice)
    assert "National AI sandbox" in client.get(url).content.decode()
    assert (
        "National AI sandbox"
        in client.get(f"/en/dialogue/sessions/{session.slug}/").content.decode()
    )
