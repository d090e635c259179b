"""The audit log as a person reads it: actions and fields in words (in the reader's language),
changes as before → after, times to the second in the reader's zone, filters, CSV export."""

import csv
import datetime
import io

import pytest
from allauth.mfa.models import Authenticator
from auditlog.models import LogEntry

from aigov.accounts import services as account_services
from aigov.accounts.models import Role
from aigov.accounts.tests.factories import UserFactory
from aigov.core import audit
from aigov.core.errors import InvalidInput, NotAllowed
from aigov.landscape import services as landscape_services
from aigov.landscape.tests.factories import InitiativeFactory

pytestmark = pytest.mark.django_db


def _secretariat(**fields):
    user = UserFactory(role=Role.SECRETARIAT, **fields)
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "x"})
    return user


def _at(entry: LogEntry, moment: datetime.datetime) -> None:
    """Move an entry in time (the test database has no append-only trigger)."""
    LogEntry.objects.filter(pk=entry.pk).update(timestamp=moment)


@pytest.fixture
def accepted():
    """A proposal from Kenya's focal point, accepted by the secretariat on 2025-03-14 at
    21:30:05 UTC (the next day in Tokyo); the entries of both steps."""
    kenya = UserFactory(role=Role.FOCAL_POINT, role__country="KEN", display_name="Amina Kenya")
    secretariat = _secretariat(display_name="Sam Secretariat")
    proposal = landscape_services.proposal_submit(
        actor=kenya,
        subject="participation",
        data={
            "initiative": InitiativeFactory().slug,
            "participant": "KEN",
            "basis": "endorser",
            "started_on": "2024-05-01",
            "source_url": "https://example.org/statement",
        },
    )
    _at(audit.entries_for(proposal).get(), datetime.datetime(2025, 3, 1, 9, 0, tzinfo=datetime.UTC))
    landscape_services.proposal_accept(actor=secretariat, proposal=proposal, note="Checked.")
    entry = LogEntry.objects.get(additional_data__action="landscape.proposal.accept")
    _at(entry, datetime.datetime(2025, 3, 14, 21, 30, 5, tzinfo=datetime.UTC))
    return {"kenya": kenya, "secretariat": secretariat, "proposal": proposal, "entry": entry}


def _rows(page: str) -> str:
    return page[page.index("<tbody>") : page.index("</tbody>")]


def test_actions_fields_and_changes_are_words_with_before_and_after(client, accepted) -> None:
    client.force_login(accepted["secretariat"])
    page = client.get("/en/audit/", {"action": "landscape.proposal.accept"}).content.decode()
    rows = _rows(page)
    assert "Accepted a change proposal" in rows
    assert "Sam Secretariat" in rows and "Change proposal:" in rows
    # The status's labels, not its codes; the field's verbose name, not its column.
    assert (
        '<span class="change-field">Status</span>: <span class="change-before">Waiting for '
        'review</span> <span aria-hidden="true">→</span>'
    ) in rows
    assert '<span class="change-after">Accepted</span>' in rows
    assert '<span class="change-field">Review note</span>' in rows and "Checked." in rows
    assert "reviewer_id" not in rows and "Reviewed by" in rows
    assert "1 entry" in page


def test_actions_read_in_the_readers_language(client, accepted) -> None:
    client.force_login(accepted["secretariat"])
    french = _rows(
        client.get("/fr/audit/", {"action": "landscape.proposal.accept"}).content.decode()
    )
    assert "Proposition de modification acceptée" in french
    assert "Accepted a change proposal" not in french
    assert '<span class="change-after">Accepté</span>' in french
    arabic = client.get("/ar/audit/", {"action": "landscape.proposal.accept"}).content.decode()
    assert "قبول اقتراح تغيير" in arabic
    assert '<span aria-hidden="true">←</span>' in arabic  # the arrow points the way Arabic reads


def test_a_creation_nobody_named_reads_from_its_model(client, accepted) -> None:
    client.force_login(accepted["secretariat"])
    account_services.organisation_create(
        actor=accepted["secretariat"], name="Ministry of ICT", kind="government", country="KEN"
    )
    rows = _rows(client.get("/en/audit/", {"module": "accounts"}).content.decode())
    assert "Created a record (organisation)" in rows
    assert '<span class="change-field">Name</span>: <span class="change-before">—</span>' in rows


def test_times_are_to_the_second_in_the_readers_zone_and_the_page_says_which(
    client, accepted
) -> None:
    reader = accepted["secretariat"]
    client.force_login(reader)
    page = client.get("/en/audit/", {"action": "landscape.proposal.accept"}).content.decode()
    assert '<time datetime="2025-03-14T21:30:05+00:00">2025-03-14 21:30:05</time>' in page
    assert "in UTC, the site's time zone" in page
    account_services.user_set_time_zone(actor=reader, user=reader, time_zone="Asia/Tokyo")
    page = client.get("/en/audit/", {"action": "landscape.proposal.accept"}).content.decode()
    assert '<time datetime="2025-03-15T06:30:05+09:00">2025-03-15 06:30:05</time>' in page
    assert "in Asia/Tokyo, your time zone" in page
    # Days are the reader's days: 15 March in Tokyo holds the acceptance, 14 March does not.
    on_the_15th = client.get("/en/audit/", {"since": "2025-03-15", "until": "2025-03-15"})
    assert "Accepted a change proposal" in _rows(on_the_15th.content.decode())
    on_the_14th = client.get("/en/audit/", {"since": "2025-03-14", "until": "2025-03-14"})
    assert "Accepted a change proposal" not in _rows(on_the_14th.content.decode())


def test_filters_are_pick_lists_of_people_modules_and_actions(client, accepted) -> None:
    kenya, secretariat = accepted["kenya"], accepted["secretariat"]
    client.force_login(secretariat)
    page = client.get("/en/audit/").content.decode()
    assert f'<option value="{kenya.pk}">Amina Kenya ({kenya.email})</option>' in page
    assert '<option value="landscape">Governance landscape</option>' in page
    assert '<optgroup label="Governance landscape">' in page
    assert '<option value="landscape.proposal.submit">Proposed a change to the landscape' in page
    assert 'type="date" name="since"' in page

    by_person = _rows(client.get("/en/audit/", {"person": kenya.pk}).content.decode())
    assert "Proposed a change to the landscape" in by_person
    assert "Accepted a change proposal" not in by_person
    by_action = _rows(
        client.get("/en/audit/", {"action": "landscape.proposal.submit"}).content.decode()
    )
    assert "Amina Kenya" in by_action and "Sam Secretariat" not in by_action
    mine = {"person": secretariat.pk}
    landscape = _rows(client.get("/en/audit/", {**mine, "module": "landscape"}).content.decode())
    assert "Accepted a change proposal" in landscape and "Assigned a role" not in landscape
    accounts = _rows(client.get("/en/audit/", {**mine, "module": "accounts"}).content.decode())
    assert "Accepted a change proposal" not in accounts
    by_dates = _rows(
        client.get("/en/audit/", {"since": "2025-03-01", "until": "2025-03-02"}).content.decode()
    )
    assert "Proposed a change" in by_dates and "Accepted a change proposal" not in by_dates


def test_a_bad_filter_is_named_and_the_others_still_filter(client, accepted) -> None:
    client.force_login(accepted["secretariat"])
    kenya = {"person": accepted["kenya"].pk}
    response = client.get("/en/audit/", {**kenya, "since": "2025-03-15", "until": "2025-03-01"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "The end date comes before the start date." in page
    # The start date still holds: Kenya's proposal of 1 March is before it.
    assert "Proposed a change to the landscape" not in _rows(page)
    unknown = client.get("/en/audit/", {**kenya, "module": "nowhere", "action": "no.such.action"})
    page = unknown.content.decode()
    assert page.count("Select a valid choice.") == 2
    assert "Proposed a change to the landscape" in _rows(page)
    assert "Accepted a change proposal" not in _rows(page)


def test_csv_export_holds_the_filtered_entries_in_words(client, accepted) -> None:
    secretariat = accepted["secretariat"]
    account_services.user_set_time_zone(actor=secretariat, user=secretariat, time_zone="Asia/Tokyo")
    client.force_login(secretariat)
    march = {"module": "landscape", "since": "2025-03-01", "until": "2025-03-31"}
    response = client.get("/en/audit/export.csv", march)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0] == [
        "Time",
        "Time zone",
        "Person",
        "E-mail",
        "Action",
        "Action code",
        "Module",
        "Kind of record",
        "Record",
        "Record number",
        "Changes",
    ]
    assert len(rows) == 3  # the header, the proposal and its acceptance, newest first
    assert rows[1][:7] == [
        "2025-03-15T06:30:05+09:00",
        "Asia/Tokyo",
        "Sam Secretariat",
        secretariat.email,
        "Accepted a change proposal",
        "landscape.proposal.accept",
        "Governance landscape",
    ]
    proposal = accepted["proposal"]
    record = ["Change proposal", "participation create (KEN, accepted)", str(proposal.pk)]
    assert rows[1][7:10] == record
    assert "Status: Waiting for review → Accepted" in rows[1][10].splitlines()
    assert rows[2][0] == "2025-03-01T18:00:00+09:00" and rows[2][2] == "Amina Kenya"
    french = client.get("/fr/audit/export.csv", march)
    header = next(csv.reader(io.StringIO(b"".join(french.streaming_content).decode())))
    assert header[0] == "Heure"


def test_csv_export_keeps_formulas_from_running_in_a_spreadsheet(client) -> None:
    mallory = _secretariat(display_name='=HYPERLINK("https://example.org/x","Open")')
    account_services.organisation_create(
        actor=mallory, name="@SUM(1+1)", kind="government", country="KEN"
    )
    client.force_login(mallory)
    response = client.get("/en/audit/export.csv", {"person": mallory.pk, "module": "accounts"})
    (_header, row) = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert row[2] == """'=HYPERLINK("https://example.org/x","Open")"""
    assert row[8] == "'@SUM(1+1)"
    assert "Name: — → @SUM(1+1)" in row[10].splitlines()


def test_only_the_secretariat_reads_or_exports_the_log(client, accepted) -> None:
    for role in (Role.LEARNER, Role.FOCAL_POINT, Role.EXPERT):
        client.force_login(UserFactory(role=role, role__country="KEN"))
        assert client.get("/en/audit/").status_code == 403
        assert client.get("/en/audit/export.csv").status_code == 403
    client.logout()
    for path in ("/en/audit/", "/en/audit/export.csv"):
        response = client.get(path)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    learner = UserFactory(role=Role.LEARNER)
    client.force_login(learner)
    assert "/en/audit/" not in client.get("/en/").content.decode()


def test_a_person_sets_their_own_time_zone_and_nobody_elses(client) -> None:
    reader, other = UserFactory(), UserFactory()
    entries = LogEntry.objects.count()
    with pytest.raises(InvalidInput) as refused:
        account_services.user_set_time_zone(actor=reader, user=reader, time_zone="Mars/Olympus")
    assert refused.value.errors[0]["field"] == "time_zone"
    with pytest.raises(NotAllowed):
        account_services.user_set_time_zone(actor=other, user=reader, time_zone="Africa/Nairobi")
    reader.refresh_from_db()
    assert reader.time_zone == "" and LogEntry.objects.count() == entries
    client.force_login(reader)
    page = client.get("/en/accounts/profile/").content.decode()
    assert '<option value="Africa/Nairobi">Africa/Nairobi</option>' in page
    assert "The site&#x27;s time zone (UTC)" in page
    response = client.post("/en/accounts/profile/time-zone/", {"time_zone": "Africa/Nairobi"})
    assert response.status_code == 302
    reader.refresh_from_db()
    assert reader.time_zone == "Africa/Nairobi"
    entry = audit.entries_for(reader).first()
    assert entry.additional_data["action"] == "accounts.user.preferences"
    assert entry.changes["time_zone"] == ["", "Africa/Nairobi"]
