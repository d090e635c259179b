"""Filing, linking, publishing and following up incident reports: rules, validation, audit."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.utils import timezone

from aigov.core.errors import Conflict, InvalidInput, NotAllowed
from aigov.dialogue import selectors, services
from aigov.dialogue.models import Incident, IncidentReport
from aigov.dialogue.tests.factories import file_report

pytestmark = pytest.mark.django_db


def _rows() -> tuple[int, int, int]:
    return (IncidentReport.objects.count(), Incident.objects.count(), LogEntry.objects.count())


def test_a_focal_point_files_for_their_own_state_and_it_is_audited(people):
    report = file_report(actor=people["kenya"], confidentiality="reporting_state")
    assert report.reporting_state_id == "KEN"
    assert report.reporter == people["kenya"]
    assert [c.iso3 for c in report.countries.all()] == ["KEN"]
    entry = LogEntry.objects.get(additional_data__action="dialogue.incidentreport.file")
    assert entry.actor == people["kenya"] and entry.object_pk == str(report.pk)


@pytest.mark.parametrize(
    ("fields", "field", "code"),
    [
        ({"countries": ["KEN", "XXX"]}, "countries", "unknown_country"),
        ({"risk_areas": ["no-such-area"]}, "risk_areas", "unknown_risk_area"),
        ({"confidentiality": "everyone"}, "confidentiality", "invalid_choice"),
        ({"severity": "apocalyptic"}, "severity", "invalid_choice"),
        ({"title": "   "}, "title", "blank"),
        ({"reporting_state": "BRA"}, "reporting_state", "not_your_country"),
        (
            {"occurred_on": timezone.localdate() + datetime.timedelta(days=2)},
            "occurred_on",
            "future",
        ),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(people, fields, field, code):
    before = _rows()
    with pytest.raises(InvalidInput) as refused:
        file_report(actor=people["kenya"], **fields)
    assert (field, code) in [(e["field"], e["code"]) for e in refused.value.errors]
    assert _rows() == before


def test_reporting_state_level_needs_a_reporting_state(people):
    with pytest.raises(InvalidInput) as refused:
        file_report(actor=people["secretariat"], confidentiality="reporting_state")
    assert refused.value.errors[0]["field"] == "reporting_state"
    report = file_report(
        actor=people["secretariat"], confidentiality="reporting_state", reporting_state="BRA"
    )
    assert report.reporting_state_id == "BRA"


@pytest.mark.parametrize("who", ["anonymous", "learner"])
def test_only_focal_points_and_the_secretariat_file(people, who):
    before = _rows()
    with pytest.raises(NotAllowed):
        file_report(actor=people[who])
    assert _rows() == before


def test_linking_twice_is_a_conflict_and_managing_needs_the_secretariat(people):
    first = file_report(actor=people["kenya"])
    second = file_report(actor=people["brazil"])
    with pytest.raises(NotAllowed):
        services.incident_report_link(actor=people["kenya"], report=second, incident=first.incident)
    services.incident_report_link(
        actor=people["secretariat"], report=second, incident=first.incident
    )
    with pytest.raises(Conflict):
        services.incident_report_link(
            actor=people["secretariat"], report=second, incident=first.incident
        )
    # Report ids are random, so compare as a set rather than in id order.
    assert set(first.incident.reports.all()) == {first, second}


def test_publishing_refuses_unknown_fields_and_copies_only_kept_ones(people):
    report = file_report(
        actor=people["kenya"],
        confidentiality="secretariat",
        developer="Acme Vision",
        deployer="Border agency",
    )
    with pytest.raises(InvalidInput) as refused:
        services.incident_report_publish(
            actor=people["secretariat"], report=report, redact=["title"]
        )
    assert refused.value.errors[0]["field"] == "redact"
    version = services.incident_report_publish(
        actor=people["secretariat"], report=report, redact=["developer", "countries"]
    )
    assert version.confidentiality == "public" and version.published_from == report
    assert version.developer == "" and version.deployer == "Border agency"
    assert version.countries.count() == 0
    assert [a.slug for a in version.risk_areas.all()] == ["life-opportunities"]
    report.refresh_from_db()
    assert report.confidentiality == "secretariat"
    with pytest.raises(InvalidInput):
        services.incident_report_publish(actor=people["secretariat"], report=version)


def test_status_and_follow_up_are_read_only_by_readers_of_the_report(people):
    report = file_report(actor=people["kenya"], confidentiality="reporting_state")
    services.incident_report_set_status(
        actor=people["secretariat"],
        report=report,
        status="following_up",
        note="Asked the deployer for logs.",
    )
    report.refresh_from_db()
    assert report.status == "following_up"
    notes = selectors.follow_up_list(actor=people["kenya_colleague"], report=report)
    assert [n.note for n in notes] == ["Asked the deployer for logs."]
    assert not selectors.follow_up_list(actor=people["brazil"], report=report).exists()
    with pytest.raises(InvalidInput):
        services.incident_report_set_status(
            actor=people["secretariat"], report=report, status="forgotten"
        )
    with pytest.raises(NotAllowed):
        services.follow_up_add(actor=people["kenya"], report=report, note="Mine")


def test_follow_up_notes_of_a_public_report_need_sign_in(client, people):
    """Issue 17, part 3: the notes of a public report once reached anonymous visitors."""
    report = file_report(actor=people["kenya"], confidentiality="public")
    services.follow_up_add(
        actor=people["secretariat"], report=report, note="Deployer shared the audit trail."
    )
    assert not selectors.follow_up_list(actor=people["anonymous"], report=report).exists()
    page = client.get(f"/en/dialogue/incidents/{report.pk}/")
    assert page.status_code == 200 and report.title in page.content.decode()
    assert "Deployer shared the audit trail." not in page.content.decode()
    client.force_login(people["learner"])
    signed_in = client.get(f"/en/dialogue/incidents/{report.pk}/").content.decode()
    assert "Deployer shared the audit trail." in signed_in


def test_duplicate_suggestions_need_a_shared_country_and_close_dates(people):
    report = file_report(actor=people["kenya"], title="Chatbot gave wrong asylum advice")
    near = file_report(
        actor=people["kenya"],
        title="Chatbot gave wrong asylum guidance",
        occurred_on=report.occurred_on + datetime.timedelta(days=3),
    )
    file_report(
        actor=people["kenya"],
        title="Chatbot gave wrong asylum advice",
        occurred_on=report.occurred_on + datetime.timedelta(days=90),
    )
    file_report(actor=people["kenya"], title="Chatbot gave wrong asylum advice", countries=["BRA"])
    unrelated = file_report(actor=people["kenya"], title="Satellite crop model failed")
    suggestions = selectors.incident_duplicate_suggestions(
        actor=people["secretariat"], report=report
    )
    assert [s.report for s in suggestions][:2] == [near, unrelated]
    assert suggestions[0].score > suggestions[1].score
    assert suggestions[0].shared_countries == ["KEN"] and suggestions[0].days_apart == 3


def test_duplicate_scores_follow_the_configured_weights(people, settings):
    report = file_report(actor=people["kenya"], title="Chatbot gave wrong asylum advice")
    same_title_later = file_report(
        actor=people["kenya"],
        title="Chatbot gave wrong asylum advice",
        occurred_on=report.occurred_on + datetime.timedelta(days=29),
    )
    other_title_same_day = file_report(actor=people["kenya"], title="Satellite crop model failed")

    def ranked() -> list[tuple[int, float]]:
        suggestions = selectors.incident_duplicate_suggestions(
            actor=people["secretariat"], report=report
        )
        return [(s.report.pk, s.score) for s in suggestions]

    # The defaults (title 0.8, dates 0.2) put the same title first.
    assert ranked()[0] == (same_title_later.pk, round(0.8 + 0.2 * (1 - 29 / 31), 3))
    settings.AIGOV_SCORING_WEIGHTS = {"dialogue.duplicates": {"title": 0.0, "dates": 1.0}}
    assert ranked() == [(other_title_same_day.pk, 1.0), (same_title_later.pk, round(2 / 31, 3))]


def test_stats_show_restricted_counts_only_from_five_incidents(people):
    for number in range(4):
        file_report(
            actor=people["kenya"],
            title=f"Secret {number}",
            confidentiality="secretariat",
            countries=["BRA"],
        )
    file_report(actor=people["kenya"], title="Open", countries=["BRA"], risk_areas=[])
    stats = selectors.incident_stats(actor=people["anonymous"]).as_dict()
    assert stats["by_country"]["BRA"] == {"name": "Brazil", "count": 1, "restricted": None}
    assert "life-opportunities" not in stats["by_risk_area"]
    file_report(
        actor=people["kenya"], title="Secret 5", confidentiality="secretariat", countries=["BRA"]
    )
    stats = selectors.incident_stats(actor=people["anonymous"]).as_dict()
    assert stats["by_country"]["BRA"]["restricted"] == 5
    assert stats["by_risk_area"]["life-opportunities"] == {
        "name": stats["by_risk_area"]["life-opportunities"]["name"],
        "count": 0,
        "restricted": 5,
    }
    assert selectors.incident_stats(actor=people["secretariat"]).as_dict()["by_country"]["BRA"] == {
        "name": "Brazil",
        "count": 6,
        "restricted": None,
    }


def test_linked_reports_count_as_one_incident(people):
    first = file_report(actor=people["kenya"])
    second = file_report(actor=people["brazil"])
    services.incident_report_link(
        actor=people["secretariat"], report=second, incident=first.incident
    )
    stats = selectors.incident_stats(actor=people["anonymous"]).as_dict()
    assert stats["by_country"]["KEN"]["count"] == 1


def test_report_numbers_are_random_so_gaps_reveal_nothing(people):
    first = file_report(actor=people["kenya"], title="One")
    second = file_report(actor=people["kenya"], title="Two")
    # Sequential numbers would let a reader count the reports they may not see between two.
    assert abs(first.pk - second.pk) > 1_000
    assert abs(first.incident_id - second.incident_id) > 1_000
