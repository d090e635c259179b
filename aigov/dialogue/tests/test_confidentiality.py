"""Issue 8, "Done when": a report filed at "secretariat only" is absent for everyone else — page,
API (list, detail, export, stats), search and feed — until the secretariat links a second report
and publishes a redacted version, which then appears publicly without the redacted fields."""

import csv
import io

import pytest
from auditlog.models import LogEntry
from django.test import Client

from aigov.dialogue.models import IncidentReport
from aigov.dialogue.tests.factories import file_report

pytestmark = pytest.mark.django_db

SECRET_TITLE = "Quetzalcoatl border biometric system misidentified travellers"
SECRET_DESCRIPTION = "Zanzibarite description: the matcher confused siblings at the crossing."
SECRET_SOURCE = "https://example.org/internal-memo-xylophone"


@pytest.fixture
def secret(client: Client, people, bearer, django_capture_on_commit_callbacks):
    """The Kenyan focal point files a report at "secretariat only" through the API."""
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/dialogue/incidents",
            {
                "confidentiality": "secretariat",
                "title": SECRET_TITLE,
                "description": SECRET_DESCRIPTION,
                "countries": ["KEN", "UGA"],
                "risk_areas": ["human-dignity-value-agency"],
                "occurred_on": "2025-11-02",
                "sources": SECRET_SOURCE,
            },
            content_type="application/json",
            **bearer(people["kenya"]),
        )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["confidentiality"] == "secretariat"
    assert body["reporting_state"] == "KEN"
    return IncidentReport.objects.get(pk=body["id"])


def _as(client: Client, user) -> Client:
    if getattr(user, "is_authenticated", False):
        client.force_login(user)
    else:
        client.logout()
    return client


def _finds(client: Client, report: IncidentReport, word: str) -> dict[str, bool]:
    """Return, per read path, whether the client can find `report` (or `word`) there."""
    listing = client.get("/api/dialogue/incidents").json()
    export_json = client.get("/api/dialogue/incidents/export", {"format": "json"}).content.decode()
    export_csv = client.get("/api/dialogue/incidents/export", {"format": "csv"}).content.decode()
    stats = client.get("/api/dialogue/incidents/stats").json()
    search = client.get("/api/search", {"q": word}).json()
    return {
        "page list": word in client.get("/en/dialogue/incidents/").content.decode(),
        "page detail": client.get(f"/en/dialogue/incidents/{report.pk}/").status_code == 200,
        "api list": any(item["id"] == report.pk for item in listing["items"]),
        "api detail": client.get(f"/api/dialogue/incidents/{report.pk}").status_code == 200,
        "export json": word in export_json,
        "export csv": word in export_csv,
        "stats country": "UGA" in stats["by_country"],
        "stats risk area": "human-dignity-value-agency" in stats["by_risk_area"],
        "search api": search["count"] > 0,
        # The search page repeats the query in its box: look for a link to the report instead.
        "search page": f"/dialogue/incidents/{report.pk}/"
        in client.get("/en/search/", {"q": word}).content.decode(),
        "feed": word in client.get("/dialogue/incidents/feed.atom").content.decode(),
    }


@pytest.mark.parametrize("who", ["anonymous", "brazil", "kenya_colleague", "learner"])
def test_secretariat_only_report_is_absent_everywhere(client: Client, people, secret, who):
    found = _finds(_as(client, people[who]), secret, "Quetzalcoatl")
    assert not any(found.values()), found


def test_hidden_report_answers_exactly_like_a_missing_one(client: Client, people, secret):
    _as(client, people["brazil"])
    hidden = client.get(f"/api/dialogue/incidents/{secret.pk}")
    missing = client.get("/api/dialogue/incidents/999999")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()
    assert SECRET_TITLE not in hidden.content.decode()


@pytest.mark.parametrize("who", ["kenya", "secretariat"])
def test_reporter_and_secretariat_find_it_everywhere_but_the_public_feed(
    client: Client, people, secret, who
):
    found = _finds(_as(client, people[who]), secret, "Quetzalcoatl")
    assert found.pop("feed") is False  # the feed is public whoever asks
    assert all(found.values()), found


def test_secretariat_links_a_second_report_and_publishes_a_redacted_version(
    client: Client, people, secret, bearer, django_capture_on_commit_callbacks
):
    second = file_report(
        actor=people["brazil"],
        title="Border biometric misidentification reported by a neighbour",
        confidentiality="member_states",
        countries=["KEN"],
        occurred_on=secret.occurred_on,
    )
    headers = bearer(people["secretariat"])
    duplicates = client.get(f"/api/dialogue/incidents/{secret.pk}/duplicates", **headers).json()
    assert duplicates["count"] == 1
    assert [d["id"] for d in duplicates["items"]] == [second.pk]
    old_incident = second.incident
    linked = client.post(
        f"/api/dialogue/incidents/{second.pk}/link",
        {"incident": secret.incident_id},
        content_type="application/json",
        **headers,
    )
    assert linked.status_code == 200, linked.content
    assert linked.json()["incident"] == secret.incident_id
    old_incident.refresh_from_db()
    assert old_incident.merged_into_id == secret.incident_id

    with django_capture_on_commit_callbacks(execute=True):
        published = client.post(
            f"/api/dialogue/incidents/{secret.pk}/publish",
            {"redact": ["description", "sources", "reporting_state"]},
            content_type="application/json",
            **headers,
        )
    assert published.status_code == 201, published.content
    version = published.json()
    assert version["incident"] == secret.incident_id
    assert version["confidentiality"] == "public"

    _as(client, people["anonymous"])
    client.logout()
    public = client.get(f"/api/dialogue/incidents/{version['id']}").json()
    assert public["title"] == SECRET_TITLE
    assert public["description"] is None and public["sources"] is None
    assert public["reporting_state"] is None
    assert public["countries"] == ["KEN", "UGA"]
    assert public["redacted_fields"] == ["description", "reporting_state", "sources"]
    listing = client.get("/api/dialogue/incidents").json()
    assert [item["id"] for item in listing["items"]] == [version["id"]]
    page = client.get(f"/en/dialogue/incidents/{version['id']}/").content.decode()
    assert SECRET_TITLE in page and "Redacted" in page
    # Neither the redacted text nor the original nor the linked member-states report leaks.
    everywhere = "".join(
        [
            page,
            client.get("/en/dialogue/incidents/").content.decode(),
            client.get("/api/dialogue/incidents/export", {"format": "json"}).content.decode(),
            client.get("/api/dialogue/incidents/export", {"format": "csv"}).content.decode(),
            client.get("/dialogue/incidents/feed.atom").content.decode(),
        ]
    )
    for secret_text in ("Zanzibarite", "xylophone", second.title):
        assert secret_text not in everywhere
    assert client.get(f"/api/dialogue/incidents/{secret.pk}").status_code == 404
    assert client.get(f"/en/dialogue/incidents/{secret.pk}/").status_code == 404
    assert SECRET_TITLE in client.get("/dialogue/incidents/feed.atom").content.decode()
    assert client.get("/api/search", {"q": "Quetzalcoatl"}).json()["count"] == 1
    assert client.get("/api/search", {"q": "Zanzibarite"}).json()["count"] == 0
    rows = list(
        csv.DictReader(
            io.StringIO(
                client.get("/api/dialogue/incidents/export", {"format": "csv"}).content.decode()
            )
        )
    )
    assert [row["title"] for row in rows] == [SECRET_TITLE]
    assert rows[0]["description"] == ""

    actions = set(
        LogEntry.objects.filter(additional_data__action__startswith="dialogue.").values_list(
            "additional_data__action", flat=True
        )
    )
    assert {
        "dialogue.incidentreport.file",
        "dialogue.incidentreport.link",
        "dialogue.incident.merge",
        "dialogue.incidentreport.publish",
    } <= actions


def test_other_focal_points_cannot_link_or_publish(client: Client, people, secret, bearer):
    other = file_report(actor=people["brazil"], confidentiality="public")
    headers = bearer(people["brazil"])
    response = client.post(
        f"/api/dialogue/incidents/{other.pk}/publish",
        {"redact": []},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 403
    # Linking to a hidden incident fails as if it did not exist.
    response = client.post(
        f"/api/dialogue/incidents/{other.pk}/link",
        {"incident": secret.incident_id},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 404
    assert IncidentReport.objects.filter(published_from__isnull=False).count() == 0


@pytest.mark.parametrize(
    ("level", "readers", "others"),
    [
        ("public", ["anonymous", "learner", "brazil", "kenya_colleague"], []),
        ("member_states", ["brazil", "kenya_colleague"], ["anonymous", "learner"]),
        ("reporting_state", ["kenya_colleague"], ["anonymous", "learner", "brazil"]),
        ("secretariat", [], ["anonymous", "learner", "brazil", "kenya_colleague"]),
    ],
)
def test_each_level_is_read_by_exactly_its_readers(client: Client, people, level, readers, others):
    report = file_report(actor=people["kenya"], confidentiality=level)
    for who in [*readers, "kenya", "secretariat"]:
        assert (
            _as(client, people[who]).get(f"/api/dialogue/incidents/{report.pk}").status_code == 200
        ), who
    for who in others:
        assert (
            _as(client, people[who]).get(f"/api/dialogue/incidents/{report.pk}").status_code == 404
        ), who
