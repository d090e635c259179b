"""`Idempotency-Key` on API creates: a retry returns the first answer (issue 17, part 10)."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from aigov.accounts import services
from aigov.accounts.tests.factories import UserFactory
from aigov.capacity.models import Collection
from aigov.core.models import IdempotentRequest
from aigov.dialogue.models import IncidentReport

REPORT = {
    "confidentiality": "member_states",
    "title": "Credit scoring model excluded informal workers",
    "description": "Applicants without payslips were scored as high risk.",
    "countries": ["KEN"],
    "risk_areas": ["life-opportunities"],
    "occurred_on": "2025-06-01",
}


def _writer(role: str = "focal_point", country: str | None = "KEN") -> str:
    user = UserFactory(role=role, role__country=country)
    return services.token_create(actor=user, user=user, scopes=["read", "write"]).raw


def _file(token: str, body: dict, key: str | None):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    if key is not None:
        headers["HTTP_IDEMPOTENCY_KEY"] = key
    return Client().post(
        "/api/dialogue/incidents", body, content_type="application/json", **headers
    )


@pytest.mark.django_db
def test_a_retry_with_the_same_key_returns_the_first_answer():
    token = _writer()
    first = _file(token, REPORT, "retry-1")
    again = _file(token, REPORT, "retry-1")
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert IncidentReport.objects.filter(title=REPORT["title"]).count() == 1
    # Without a key, the same body is a second report, as before.
    assert _file(token, REPORT, None).status_code == 201
    assert IncidentReport.objects.filter(title=REPORT["title"]).count() == 2


@pytest.mark.django_db
def test_the_same_key_with_another_body_is_refused():
    token = _writer()
    _file(token, REPORT, "retry-2")
    response = _file(token, REPORT | {"title": "Another report"}, "retry-2")
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "idempotency_key_reused"
    assert not IncidentReport.objects.filter(title="Another report").exists()


@pytest.mark.django_db
def test_keys_belong_to_one_actor_and_expire_after_a_day():
    mine, theirs = _writer(), _writer()
    _file(mine, REPORT, "shared-key")
    assert "Idempotent-Replayed" not in _file(theirs, REPORT, "shared-key")
    assert IncidentReport.objects.filter(title=REPORT["title"]).count() == 2
    IdempotentRequest.objects.update(created_at=timezone.now() - timedelta(hours=24, minutes=1))
    response = _file(mine, REPORT, "shared-key")
    assert response.status_code == 201 and "Idempotent-Replayed" not in response
    assert IncidentReport.objects.filter(title=REPORT["title"]).count() == 3


@pytest.mark.django_db
def test_a_failed_create_is_not_kept_so_the_corrected_retry_goes_through():
    token = _writer()
    bad = _file(token, REPORT | {"title": ""}, "retry-3")
    assert bad.status_code == 422
    assert not IdempotentRequest.objects.exists()
    good = _file(token, REPORT, "retry-3")
    assert good.status_code == 201 and "Idempotent-Replayed" not in good


@pytest.mark.django_db
def test_a_key_must_be_sensible():
    response = _file(_writer(), REPORT, "x" * 256)
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_idempotency_key"
    assert not IncidentReport.objects.exists()


@pytest.mark.django_db
def test_a_session_create_is_idempotent_too():
    client = Client()
    client.force_login(UserFactory(role="learner"))

    def create():
        return client.post(
            "/api/capacity/collections",
            {"titles": {"fr": "Ma liste"}, "visibility": "shared"},
            content_type="application/json",
            HTTP_IDEMPOTENCY_KEY="5b4f6c0e-2a55-4fd4-9a3a-1f0e7c2d9b11",
        )

    first, again = create(), create()
    assert first.status_code == again.status_code == 201
    assert again.json()["id"] == first.json()["id"]
    assert Collection.objects.count() == 1


@pytest.mark.django_db
def test_a_duplicate_of_a_request_still_running_gets_409_and_creates_nothing():
    token = _writer()
    _file(token, REPORT, "running")
    IdempotentRequest.objects.filter(key="running").update(status=None)  # as while it runs
    response = _file(token, REPORT, "running")
    assert response.status_code == 409 and response["Retry-After"] == "1"
    assert response.json()["code"] == "idempotency_in_progress"
    assert IncidentReport.objects.filter(title=REPORT["title"]).count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_duplicates_create_once():
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL (SQLite's test database locks tables)")
    token = _writer()
    answers: list[int] = []
    start = threading.Barrier(4)

    def post() -> None:
        try:
            start.wait()
            answers.append(_file(token, REPORT, "concurrent").status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert IncidentReport.objects.filter(title=REPORT["title"]).count() == 1
    # The first creates; the others see its answer, or 409 while it is still running.
    assert sorted(set(answers)) in ([201], [201, 409])
    assert _file(token, REPORT, "concurrent").status_code == 201
    assert IncidentReport.objects.filter(title=REPORT["title"]).count() == 1
