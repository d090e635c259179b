"""Import/export through the core registry (export respects visibility) and demo data."""

import json
import random

import pytest
from django.core.management import call_command

from aigov.accounts.access import Purpose
from aigov.accounts.services import system_actor
from aigov.core.demo import demo_clear
from aigov.core.errors import NotAllowed
from aigov.core.exchange import dataset_export, dataset_import
from aigov.core.exchange.files import FileFormat, read_file
from aigov.core.reference import LoadReport
from aigov.dialogue import services
from aigov.dialogue.demo import load_dialogue_demo
from aigov.dialogue.models import Incident, IncidentReport, Practice, Session, Statement
from aigov.dialogue.tests.factories import file_report, make_session

pytestmark = pytest.mark.django_db

HEADER = "title,confidentiality,countries,risk_areas,occurred_on\n"


def test_import_files_every_row_or_none(people):
    bad = (
        HEADER + "Good row,public,KEN;UGA,life-opportunities,2025-01-02\n"
        "Bad row,public,KEN;XXX,,2025-01-03\n"
        "Worse row,whisper,KEN,,2025-13-01\n"
    ).encode()
    report = dataset_import(
        actor=people["kenya"], slug="dialogue-incidents", content=bad, file_format="csv"
    )
    problems = {(e.row, e.field, e.code) for e in report.errors}
    assert (3, "countries", "unknown_country") in problems
    assert (4, "confidentiality", "invalid_choice") in problems
    assert (4, "occurred_on", "invalid") in problems
    assert not IncidentReport.objects.exists()

    good = (HEADER + "Good row,reporting_state,KEN;UGA,life-opportunities,2025-01-02\n").encode()
    first = dataset_import(
        actor=people["kenya"], slug="dialogue-incidents", content=good, file_format="csv"
    )
    again = dataset_import(
        actor=people["kenya"], slug="dialogue-incidents", content=good, file_format="csv"
    )
    assert (first.created, again.created, again.unchanged) == (1, 0, 1)
    assert IncidentReport.objects.get().reporting_state_id == "KEN"


def test_import_needs_the_right_to_file(people):
    from aigov.core.errors import NotAllowed

    content = (HEADER + "Row,public,KEN,,2025-01-02\n").encode()
    with pytest.raises(NotAllowed):
        dataset_import(
            actor=people["learner"], slug="dialogue-incidents", content=content, file_format="csv"
        )


@pytest.mark.parametrize("file_format", ["json", "csv", "xlsx"])
def test_export_holds_only_what_the_actor_may_read(people, file_format):
    file_report(
        actor=people["kenya"], title="Visible to member states", confidentiality="member_states"
    )
    file_report(actor=people["kenya"], title="Quietly secret", confidentiality="secretariat")
    for who, expected in [("brazil", 1), ("anonymous", 0), ("secretariat", 2)]:
        content = dataset_export(
            actor=people[who], slug="dialogue-incidents", file_format=file_format
        )
        parsed = read_file(content, FileFormat(file_format))
        titles = [row.values["title"] for row in parsed.rows]
        assert not parsed.errors and len(titles) == expected, (who, titles)
        assert ("Quietly secret" in titles) is (who == "secretariat")


def test_command_line_export_as_the_system_actor_is_public_only(people, tmp_path):
    file_report(actor=people["kenya"], title="Open report", confidentiality="public")
    file_report(actor=people["kenya"], title="Closed report", confidentiality="secretariat")
    output = tmp_path / "incidents.json"
    call_command("export", "dialogue-incidents", "--format", "json", "--output", str(output))
    titles = [row["title"] for row in json.loads(output.read_text())]
    assert titles == ["Open report"]


def _load_dialogue_demo(actor):
    # Only this module's generator: the others are tested in their own modules.
    report = LoadReport()
    load_dialogue_demo(actor=actor, rng=random.Random("2024:dialogue"), report=report)
    return report


def test_demo_load_is_idempotent_marked_and_cleared():
    actor = system_actor(Purpose.DEMO_DATA)
    _load_dialogue_demo(actor)
    reports = IncidentReport.objects.filter(is_demo=True).count()
    assert reports == 12 and Session.objects.filter(is_demo=True).count() == 1
    assert not IncidentReport.objects.filter(is_demo=False).exists()
    levels = set(IncidentReport.objects.values_list("confidentiality", flat=True))
    assert levels == {"public", "member_states", "secretariat", "reporting_state"}
    # The demonstration job names the reporting states, publishes its statements at once and
    # accepts its practice: the rights its purpose holds, no more.
    assert not IncidentReport.objects.filter(reporting_state__isnull=True).exists()
    assert set(Statement.objects.values_list("status", flat=True)) == {"published"}
    assert Practice.objects.get().status == "accepted"
    second = _load_dialogue_demo(actor)
    assert second.for_kind("incident reports").created == 0
    assert IncidentReport.objects.filter(is_demo=True).count() == reports
    demo_clear(actor=actor)
    assert not IncidentReport.objects.exists() and not Incident.objects.exists()
    assert not Session.objects.exists()


def test_jobs_hold_only_the_dialogue_rights_their_purpose_needs(people):
    report = file_report(actor=people["kenya"])
    # The operator (`aigov import`) files reports for the state a row names, authored by no one.
    imported = file_report(
        actor=system_actor(Purpose.OPERATOR),
        confidentiality="reporting_state",
        reporting_state="BRA",
    )
    assert (imported.reporting_state_id, imported.reporter) == ("BRA", None)
    with pytest.raises(NotAllowed):
        file_report(actor=system_actor(Purpose.NOTIFICATION))
    with pytest.raises(NotAllowed):
        services.session_create(
            actor=system_actor(Purpose.REPORT_RENDERING),
            slug="not-allowed",
            titles={"en": "Not allowed"},
            starts_on=report.occurred_on,
            ends_on=report.occurred_on,
            place="Geneva",
            focus="risks",
        )
    session = make_session()
    for purpose in (Purpose.DEMO_DATA, Purpose.OPERATOR):
        job = system_actor(purpose)
        with pytest.raises(NotAllowed):
            services.incident_report_publish(actor=job, report=report)
        with pytest.raises(NotAllowed):
            services.follow_up_add(actor=job, report=report, note="Not allowed.")
        with pytest.raises(NotAllowed):
            services.registration_create(actor=job, session=session, role="observer")
    with pytest.raises(NotAllowed):
        services.statement_submit(
            actor=system_actor(Purpose.OPERATOR),
            session=session,
            kind="statement",
            speaker="Nobody",
            titles={"en": "Not allowed"},
            texts={},
        )
    assert IncidentReport.objects.count() == 2 and not Statement.objects.exists()
