"""/api/dialogue/: the contract of the issue, input validation and authentication."""

import pytest
from django.test import Client

from aigov.dialogue.models import IncidentReport
from aigov.dialogue.tests.factories import file_report

pytestmark = pytest.mark.django_db

VALID = {
    "confidentiality": "member_states",
    "title": "Credit scoring model excluded informal workers",
    "description": "Applicants without payslips were scored as high risk.",
    "countries": ["KEN", "TZA"],
    "risk_areas": ["life-opportunities"],
    "occurred_on": "2025-06-01",
}


def _post(client: Client, body, **headers):
    return client.post("/api/dialogue/incidents", body, content_type="application/json", **headers)


def test_post_files_a_report_with_the_fields_of_the_issue(client: Client, people, bearer):
    response = _post(client, VALID, **bearer(people["kenya"]))
    assert response.status_code == 201
    body = response.json()
    assert {k: body[k] for k in VALID} == VALID | {"countries": ["KEN", "TZA"]}
    assert body["reporting_state"] == "KEN" and body["status"] == "submitted"
    assert body["redacted_fields"] == [] and body["is_published_version"] is False


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"confidentiality": "friends"}, "confidentiality"),
        ({"countries": ["KENYA"]}, "countries.0"),
        ({"countries": ["ZZZ"]}, "countries"),
        ({"risk_areas": ["made-up"]}, "risk_areas"),
        ({"occurred_on": "01/06/2025"}, "occurred_on"),
        ({"title": ""}, "title"),
    ],
)
def test_bad_input_is_a_422_problem_naming_the_field(client: Client, people, bearer, change, field):
    response = _post(client, VALID | change, **bearer(people["kenya"]))
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert field in [error["field"] for error in response.json()["errors"]]
    assert not IncidentReport.objects.exists()


def test_filing_needs_a_signed_in_focal_point_with_write_scope(client: Client, people, bearer):
    assert _post(client, VALID).status_code == 401
    assert _post(client, VALID, **bearer(people["learner"])).status_code == 403
    assert _post(client, VALID, **bearer(people["kenya"], scope="read")).status_code == 403
    assert not IncidentReport.objects.exists()


def test_list_pages_and_filters(client: Client, people):
    for number in range(3):
        file_report(actor=people["kenya"], title=f"Public {number}")
    file_report(actor=people["kenya"], title="In Brazil", countries=["BRA"])
    body = client.get("/api/dialogue/incidents", {"limit": 2}).json()
    assert body["count"] == 4 and len(body["items"]) == 2
    brazil = client.get("/api/dialogue/incidents", {"country": "BRA"}).json()
    assert [item["title"] for item in brazil["items"]] == ["In Brazil"]


def test_export_formats(client: Client, people):
    file_report(actor=people["kenya"], title="Exported", countries=["KEN", "UGA"])
    as_json = client.get("/api/dialogue/incidents/export", {"format": "json"})
    assert as_json["Content-Type"] == "application/json"
    assert as_json.json()[0]["countries"] == "KEN;UGA"
    as_csv = client.get("/api/dialogue/incidents/export", {"format": "csv"})
    assert as_csv.content.decode().splitlines()[0].startswith("id,incident,title,")
    assert client.get("/api/dialogue/incidents/export", {"format": "pdf"}).status_code == 422


def test_stats_shape(client: Client, people):
    file_report(actor=people["kenya"])
    body = client.get("/api/dialogue/incidents/stats").json()
    assert body["threshold"] == 5
    assert body["by_country"]["KEN"] == {"name": "Kenya", "count": 1, "restricted": None}
    assert body["by_risk_area"]["life-opportunities"]["count"] == 1


def test_sessions_list(client: Client):
    from aigov.dialogue.tests.factories import make_session

    make_session()
    body = client.get("/api/dialogue/sessions").json()
    assert body["count"] == 1 and body["items"][0]["slug"] == "geneva-2026-risks"


def test_secretariat_creates_sessions_and_others_submit_practices(client: Client, people, bearer):
    session = {
        "slug": "new-york-2027-opportunities",
        "titles": {"en": "Dialogue on AI opportunities"},
        "starts_on": "2027-02-01",
        "ends_on": "2027-02-02",
        "place": "New York",
        "country": "USA",
        "focus": "opportunities",
    }
    post = client.post
    assert (
        post(
            "/api/dialogue/sessions",
            session,
            content_type="application/json",
            **bearer(people["kenya"]),
        ).status_code
        == 403
    )
    created = post(
        "/api/dialogue/sessions",
        session,
        content_type="application/json",
        **bearer(people["secretariat"]),
    )
    assert created.status_code == 201 and created.json()["slug"] == session["slug"]
    again = post(
        "/api/dialogue/sessions",
        session,
        content_type="application/json",
        **bearer(people["secretariat"]),
    )
    assert again.status_code == 409
    practice = {
        "titles": {"en": "Open register of public-sector algorithms"},
        "country": "BRA",
        "sessions": [session["slug"]],
    }
    bad = post(
        "/api/dialogue/practices",
        practice | {"sessions": ["nowhere"]},
        content_type="application/json",
        **bearer(people["brazil"]),
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "sessions"
    submitted = post(
        "/api/dialogue/practices",
        practice,
        content_type="application/json",
        **bearer(people["brazil"]),
    )
    assert submitted.status_code == 201
    assert submitted.json()["status"] == "submitted"
    assert submitted.json()["sessions"] == [session["slug"]]
    assert client.get("/api/dialogue/practices").json()["count"] == 0  # not accepted yet
