"""Incident pages: filing through the form, the list with its chart, secretariat actions."""

import pytest
from django.test import Client

from aigov.dialogue.models import IncidentReport
from aigov.dialogue.tests.factories import file_report

pytestmark = pytest.mark.django_db


def test_focal_point_files_through_the_form(client: Client, people):
    client.force_login(people["kenya"])
    form = client.get("/en/dialogue/incidents/new/")
    assert form.status_code == 200 and "Who may see this report" in form.content.decode()
    response = client.post(
        "/en/dialogue/incidents/new/",
        {
            "title": "Exam proctoring flagged students with disabilities",
            "countries": "KEN UGA",
            "risk_areas": ["life-opportunities"],
            "confidentiality": "reporting_state",
            "exceeded_national_capacity": "true",
        },
    )
    report = IncidentReport.objects.get()
    assert response.status_code == 302 and response["Location"] == report.get_absolute_url()
    assert report.exceeded_national_capacity is True and report.reporting_state_id == "KEN"


def test_form_errors_name_the_field_and_write_nothing(client: Client, people):
    client.force_login(people["kenya"])
    response = client.post(
        "/en/dialogue/incidents/new/",
        {"title": "Bad", "countries": "QQQ", "confidentiality": "public"},
    )
    assert response.status_code == 400
    assert "QQQ is not a known ISO 3166-1 alpha-3 country code." in response.content.decode()
    assert not IncidentReport.objects.exists()


def test_filing_page_is_hidden_from_those_who_cannot_file(client: Client, people):
    assert client.get("/en/dialogue/incidents/new/").status_code == 404
    client.force_login(people["learner"])
    assert client.get("/en/dialogue/incidents/new/").status_code == 404


def test_list_page_with_chart_and_bounded_queries(
    client: Client, people, django_assert_max_num_queries
):
    for number in range(5):
        file_report(actor=people["kenya"], title=f"Listed {number}", countries=["KEN", "UGA"])
    with django_assert_max_num_queries(15):
        page = client.get("/en/dialogue/incidents/").content.decode()
    assert "Listed 4" in page and "5 reports" in page
    chart = page[page.index('<figure class="bar-chart" aria-labelledby="by-risk-area">') :]
    assert '<dt class="chart-label">' in chart[: chart.index("</figure>")]
    assert 'href="/en/dialogue/"' in page  # the navigation links the module


def test_secretariat_publishes_through_the_page(client: Client, people):
    report = file_report(actor=people["kenya"], confidentiality="secretariat", deployer="Agency X")
    client.force_login(people["secretariat"])
    page = client.get(report.get_absolute_url()).content.decode()
    assert "Publish a redacted version" in page
    response = client.post(
        f"/en/dialogue/incidents/{report.pk}/publish/", {"title": "", "redact": ["deployer"]}
    )
    version = IncidentReport.objects.get(published_from=report)
    assert response["Location"] == version.get_absolute_url()
    client.logout()
    public = client.get(version.get_absolute_url()).content.decode()
    assert "Agency X" not in public and "Redacted" in public


def test_focal_point_sees_no_secretariat_controls(client: Client, people):
    report = file_report(actor=people["kenya"], confidentiality="public")
    client.force_login(people["kenya"])
    page = client.get(report.get_absolute_url()).content.decode()
    assert "Publish a redacted version" not in page
    assert (
        client.post(f"/en/dialogue/incidents/{report.pk}/publish/", {"redact": []}).status_code
        == 302
    )
    assert not IncidentReport.objects.filter(published_from=report).exists()
