"""Practices reviewed by the secretariat; filed reports edited by their state; published
versions withdrawn (gone from every public path); sessions and practices in and out as files."""

import datetime
import json

import pytest
from auditlog.models import LogEntry
from django.test import Client

from aigov.accounts.services import system_actor
from aigov.core.errors import InvalidInput, InvalidState, NotAllowed
from aigov.core.exchange import dataset_export, dataset_import
from aigov.core.exchange.files import FileFormat, read_file
from aigov.dialogue import services
from aigov.dialogue.models import IncidentReport, Practice, Session
from aigov.dialogue.tests.factories import file_report, make_session
from aigov.standards.tests.factories import make_standard

pytestmark = pytest.mark.django_db


def _actions(prefix: str) -> list[str]:
    return list(
        LogEntry.objects.filter(additional_data__action__startswith=prefix)
        .order_by("pk")
        .values_list("additional_data__action", flat=True)
    )


# --- practices -----------------------------------------------------------------------------------


@pytest.fixture
def practice(people):
    return services.practice_submit(
        actor=people["learner"], titles={"en": "Algorithm register of a city"}, country="KEN"
    )


def test_rejected_practice_needs_a_note_and_stays_private(client, people, practice, bearer):
    with pytest.raises(InvalidInput):
        services.practice_reject(actor=people["secretariat"], practice=practice, note=" ")
    with pytest.raises(NotAllowed):
        services.practice_reject(actor=people["kenya"], practice=practice, note="No.")
    practice.refresh_from_db()
    assert practice.status == "submitted" and not _actions("dialogue.practice.reject")

    response = client.post(
        f"/api/dialogue/practices/{practice.pk}/review",
        {"decision": "reject", "note": "Please describe the results."},
        content_type="application/json",
        **bearer(people["secretariat"]),
    )
    assert response.status_code == 200 and response.json()["status"] == "rejected"
    assert _actions("dialogue.practice.reject") == ["dialogue.practice.reject"]
    # The submitter reads the note; the public does not see the practice at all.
    submitter = Client()
    submitter.force_login(people["learner"])
    page = submitter.get(f"/en/dialogue/practices/{practice.pk}/").content.decode()
    assert "Please describe the results." in page
    assert Client().get(f"/en/dialogue/practices/{practice.pk}/").status_code == 404
    assert Client().get(f"/api/dialogue/practices/{practice.pk}").status_code == 404
    assert Client().get("/api/dialogue/practices").json()["count"] == 0
    # A reviewed practice cannot be reviewed again.
    with pytest.raises(InvalidState):
        services.practice_accept(actor=people["secretariat"], practice=practice)


def test_accepted_practice_is_public_with_its_links(people, practice):
    standard = make_standard()
    client = Client()
    client.force_login(people["secretariat"])
    assert client.get(f"/en/dialogue/practices/{practice.pk}/").status_code == 200
    client.post(
        f"/en/dialogue/practices/{practice.pk}/review/",
        {"decision": "accept", "note": "A clear example."},
    )
    client.post(f"/en/dialogue/practices/{practice.pk}/links/", {"standards": standard.reference})
    practice.refresh_from_db()
    assert practice.status == "accepted" and practice.review_note == "A clear example."
    page = Client().get(f"/en/dialogue/practices/{practice.pk}/").content.decode()
    assert "Algorithm register of a city" in page and standard.reference in page
    listed = Client().get("/api/dialogue/practices").json()["items"]
    assert listed[0]["standards"] == [standard.reference]


def test_practice_pages_of_the_secretariat_refuse_others(people, practice):
    client = Client()
    client.force_login(people["learner"])
    client.post(f"/en/dialogue/practices/{practice.pk}/review/", {"decision": "accept"})
    practice.refresh_from_db()
    assert practice.status == "submitted"
    assert (
        "Record the decision"
        not in client.get(f"/en/dialogue/practices/{practice.pk}/").content.decode()
    )


# --- editing a filed report ----------------------------------------------------------------------


def test_reporter_and_state_colleagues_edit_a_report_others_cannot(client, people, bearer):
    report = file_report(
        actor=people["kenya"], title="Original title", confidentiality="reporting_state"
    )
    response = client.patch(
        f"/api/dialogue/incidents/{report.pk}",
        {"title": "Corrected title", "countries": ["KEN", "TZA"]},
        content_type="application/json",
        **bearer(people["kenya_colleague"]),
    )
    assert response.status_code == 200, response.content
    assert response.json()["title"] == "Corrected title"
    assert response.json()["countries"] == ["KEN", "TZA"]
    entry = LogEntry.objects.filter(additional_data__action="dialogue.incidentreport.edit").get()
    assert entry.actor == people["kenya_colleague"]
    assert entry.changes["title"] == ["Original title", "Corrected title"]
    assert entry.additional_data["countries"] == [["KEN"], ["KEN", "TZA"]]

    # Brazil cannot read it (404, like a missing report); the learner cannot either.
    for who in ("brazil", "learner"):
        denied = client.patch(
            f"/api/dialogue/incidents/{report.pk}",
            {"title": "Hijacked"},
            content_type="application/json",
            **bearer(people[who]),
        )
        assert denied.status_code == 404
    # A member-states report is readable by Brazil, but not Brazil's to edit.
    shared = file_report(actor=people["kenya"], confidentiality="member_states")
    denied = client.patch(
        f"/api/dialogue/incidents/{shared.pk}",
        {"title": "Hijacked"},
        content_type="application/json",
        **bearer(people["brazil"]),
    )
    assert denied.status_code == 403
    assert IncidentReport.objects.filter(title="Hijacked").count() == 0


def test_edit_validates_and_writes_nothing_on_error(people):
    report = file_report(actor=people["kenya"], title="Stays")
    with pytest.raises(InvalidInput) as refused:
        services.incident_report_edit(
            actor=people["kenya"],
            report=report,
            changes={
                "title": "Changed",
                "countries": ["XXX"],
                "occurred_on": datetime.date.today() + datetime.timedelta(days=3),
            },
        )
    fields = {error["field"] for error in refused.value.errors}
    assert fields == {"countries", "occurred_on"}
    report.refresh_from_db()
    assert report.title == "Stays"
    assert list(report.countries.values_list("iso3", flat=True)) == ["KEN"]
    assert not _actions("dialogue.incidentreport.edit")


def test_published_version_is_unaffected_until_republished(client, people):
    report = file_report(
        actor=people["kenya"],
        title="Filed title",
        description="Filed text",
        confidentiality="secretariat",
    )
    version = services.incident_report_publish(
        actor=people["secretariat"], report=report, redact=["sources"]
    )
    editor = Client()
    editor.force_login(people["kenya"])
    page = editor.post(
        f"/en/dialogue/incidents/{report.pk}/edit/",
        {"title": "Edited title", "description": "Edited text", "confidentiality": "secretariat"},
    )
    assert page.status_code == 302, page.content.decode()[:2000]
    public = Client().get(f"/api/dialogue/incidents/{version.pk}").json()
    assert (public["title"], public["description"]) == ("Filed title", "Filed text")
    with pytest.raises(InvalidState):
        services.incident_report_edit(
            actor=people["secretariat"], report=version, changes={"title": "No"}
        )
    newer = services.incident_report_publish(actor=people["secretariat"], report=report)
    listing = Client().get("/api/dialogue/incidents").json()["items"]
    assert [(item["id"], item["title"]) for item in listing] == [(newer.pk, "Edited title")]
    assert Client().get(f"/api/dialogue/incidents/{version.pk}").status_code == 404


# --- withdrawing a published version -------------------------------------------------------------

WORD = "Xylocarpus"


def _public_paths(client: Client, version: IncidentReport) -> dict[str, bool]:
    stats = client.get("/api/dialogue/incidents/stats").json()
    return {
        "page list": WORD in client.get("/en/dialogue/incidents/").content.decode(),
        "page detail": client.get(f"/en/dialogue/incidents/{version.pk}/").status_code == 200,
        "api list": WORD in client.get("/api/dialogue/incidents").content.decode(),
        "api detail": client.get(f"/api/dialogue/incidents/{version.pk}").status_code == 200,
        "export": WORD in client.get("/api/dialogue/incidents/export").content.decode(),
        "feed": WORD in client.get("/dialogue/incidents/feed.atom").content.decode(),
        "stats": "MWI" in stats["by_country"],
        "search": client.get("/api/search", {"q": WORD}).json()["count"] > 0,
    }


def test_withdrawn_version_disappears_from_every_public_path(
    people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report = file_report(
            actor=people["kenya"],
            title=f"{WORD} chatbot gave wrong dosage",
            countries=["MWI"],
            confidentiality="secretariat",
        )
        version = services.incident_report_publish(actor=people["secretariat"], report=report)
    visitor = Client()
    assert all(_public_paths(visitor, version).values()), _public_paths(visitor, version)

    with pytest.raises(InvalidState):
        services.incident_report_withdraw(
            actor=people["secretariat"], report=report, reason="Not a version."
        )
    with pytest.raises(NotAllowed):
        services.incident_report_withdraw(actor=people["kenya"], report=version, reason="No.")
    secretariat = Client()
    secretariat.force_login(people["secretariat"])
    with django_capture_on_commit_callbacks(execute=True):
        page = secretariat.post(
            f"/en/dialogue/incidents/{version.pk}/withdraw/", {"reason": "Names a victim."}
        )
    assert page.status_code == 302
    for who in ("anonymous", "brazil"):
        client = Client()
        if who != "anonymous":
            client.force_login(people[who])
        found = _public_paths(client, version)
        assert not any(found.values()), (who, found)
    # The reporter still reads the original report, not the withdrawn version.
    reporter = Client()
    reporter.force_login(people["kenya"])
    assert reporter.get(f"/api/dialogue/incidents/{version.pk}").status_code == 404
    assert reporter.get(f"/api/dialogue/incidents/{report.pk}").status_code == 200
    # The secretariat still reads it, marked withdrawn, with the reason; nobody counts it twice.
    detail = secretariat.get(f"/en/dialogue/incidents/{version.pk}/").content.decode()
    assert "Withdrawn" in detail and "Names a victim." in detail
    assert (
        secretariat.get("/api/dialogue/incidents/stats").json()["by_country"]["MWI"]["count"] == 1
    )
    assert _actions("dialogue.incidentreport.withdraw") == ["dialogue.incidentreport.withdraw"]


# --- import and export of sessions and practices ------------------------------------------------

SESSIONS = (
    "slug,title,starts_on,ends_on,place,country,focus\n"
    "nairobi-2027,Dialogue on opportunities,2027-02-01,2027-02-02,Nairobi,KEN,opportunities\n"
)


def test_sessions_import_creates_then_updates_then_leaves_unchanged(people):
    actor = system_actor()
    first = dataset_import(
        actor=actor, slug="dialogue-sessions", content=SESSIONS.encode(), file_format="csv"
    )
    again = dataset_import(
        actor=actor, slug="dialogue-sessions", content=SESSIONS.encode(), file_format="csv"
    )
    changed = SESSIONS.replace("Nairobi,KEN", "Kigali,RWA")
    third = dataset_import(
        actor=actor, slug="dialogue-sessions", content=changed.encode(), file_format="csv"
    )
    assert (first.created, again.unchanged, third.updated) == (1, 1, 1)
    session = Session.objects.get(slug="nairobi-2027")
    assert (session.place, session.country_id) == ("Kigali", "RWA")
    exported = dataset_export(actor=actor, slug="dialogue-sessions", file_format="json")
    assert json.loads(exported)[0]["place"] == "Kigali"


def test_sessions_import_reports_bad_rows_and_writes_nothing(people):
    bad = (
        SESSIONS
        + "bad-one,Bad,2027-03-05,2027-03-01,Geneva,XXX,risks\n"
        + "worse,W,2027-13-01,2027-13-02,Geneva,CHE,calm\n"
    )
    report = dataset_import(
        actor=system_actor(), slug="dialogue-sessions", content=bad.encode(), file_format="csv"
    )
    problems = {(e.row, e.field) for e in report.errors}
    assert (4, "starts_on") in problems and (4, "focus") in problems
    assert report.errors and not Session.objects.exists()
    with pytest.raises(NotAllowed):
        dataset_import(
            actor=people["kenya"],
            slug="dialogue-sessions",
            content=SESSIONS.encode(),
            file_format="csv",
        )


@pytest.mark.parametrize("file_format", ["csv", "json", "xlsx"])
def test_practices_round_trip_and_exports_hold_only_visible_practices(people, file_format):
    make_session()
    standard = make_standard()
    content = (
        "title,description,country,sessions,url,policies,standards\n"
        f"Open algorithm register,A public list,KEN,geneva-2026-risks,,,{standard.reference}\n"
    ).encode()
    report = dataset_import(
        actor=people["learner"], slug="dialogue-practices", content=content, file_format="csv"
    )
    assert report.created == 1, report.errors
    practice = Practice.objects.get()
    assert [s.reference for s in practice.standards.all()] == [standard.reference]
    assert practice.sessions.get().slug == "geneva-2026-risks"
    public = dataset_export(
        actor=system_actor(), slug="dialogue-practices", file_format=file_format
    )
    own = dataset_export(
        actor=people["learner"], slug="dialogue-practices", file_format=file_format
    )
    titles = {
        actor: [row.values["title"] for row in read_file(export, FileFormat(file_format)).rows]
        for actor, export in (("public", public), ("own", own))
    }
    assert titles == {"public": [], "own": ["Open algorithm register"]}
    again = dataset_import(
        actor=people["learner"], slug="dialogue-practices", content=content, file_format="csv"
    )
    assert again.unchanged == 1


def test_practices_import_names_unknown_links(people):
    content = b"title,policies,standards,sessions\nX,no-such-policy,NOPE 1,nowhere\n"
    report = dataset_import(
        actor=people["learner"], slug="dialogue-practices", content=content, file_format="csv"
    )
    fields = {e.field for e in report.errors}
    assert {"policies", "standards", "sessions"} <= fields
    assert not Practice.objects.exists()
