import pytest
from django.core.cache import cache

from aigov.core.api import api

pytestmark = pytest.mark.django_db


def test_anonymous_clients_are_throttled_with_a_problem_document(client, monkeypatch):
    from ninja.throttling import AnonRateThrottle

    cache.clear()
    anonymous = next(t for t in api.throttle if isinstance(t, AnonRateThrottle))
    monkeypatch.setattr(anonymous, "num_requests", 3)
    monkeypatch.setattr(anonymous, "duration", 60)
    statuses = [client.get("/api/taxonomy/sdgs").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = client.get("/api/taxonomy/sdgs")
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "rate_limited"
    assert int(response["Retry-After"]) >= 1
    cache.clear()
