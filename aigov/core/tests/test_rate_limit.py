"""Rate limits that hold: one client address, token users keyed by user, shared counters.

(issue 17 part 4, issue 26 part 4)
"""

import pytest
from auditlog.models import LogEntry
from django.core.cache import cache, caches
from django.core.cache.backends.db import DatabaseCache
from django.db import connection
from django.test import Client, RequestFactory

from aigov.accounts import services
from aigov.accounts.tests.factories import PASSWORD, UserFactory
from aigov.core.api import ActorRateThrottle, ClientRateThrottle, api
from aigov.core.clients import client_address

pytestmark = pytest.mark.django_db


def _limit(monkeypatch, kind, requests: int) -> None:
    throttle = next(t for t in api.throttle if isinstance(t, kind))
    monkeypatch.setattr(throttle, "num_requests", requests)
    monkeypatch.setattr(throttle, "duration", 60)


@pytest.fixture(autouse=True)
def _fresh_counters():
    cache.clear()
    yield
    cache.clear()


def test_anonymous_clients_are_throttled_with_a_problem_document(client, monkeypatch):
    _limit(monkeypatch, ClientRateThrottle, 3)
    statuses = [client.get("/api/taxonomy/sdgs").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = client.get("/api/taxonomy/sdgs")
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "rate_limited"
    assert int(response["Retry-After"]) >= 1


def test_rotating_x_forwarded_for_is_still_one_client(client, monkeypatch):
    _limit(monkeypatch, ClientRateThrottle, 100)
    statuses = [
        client.get(
            "/api/taxonomy/sdgs", HTTP_X_FORWARDED_FOR=f"198.51.{n // 256}.{n % 256}"
        ).status_code
        for n in range(300)
    ]
    assert statuses == [200] * 100 + [429] * 200


def test_behind_a_trusted_proxy_each_forwarded_client_has_its_own_limit(
    client, monkeypatch, settings
):
    settings.TRUSTED_PROXIES = 1
    _limit(monkeypatch, ClientRateThrottle, 2)
    first = [
        client.get("/api/taxonomy/sdgs", HTTP_X_FORWARDED_FOR="10.9.9.9, 203.0.113.1").status_code
        for _ in range(3)
    ]
    # A client cannot pick its own address by sending X-Forwarded-For: the trusted proxy
    # appends the address it saw, and only that entry counts.
    spoofed = client.get("/api/taxonomy/sdgs", HTTP_X_FORWARDED_FOR="10.1.1.1, 203.0.113.1")
    other = client.get("/api/taxonomy/sdgs", HTTP_X_FORWARDED_FOR="203.0.113.2")
    assert first == [200, 200, 429]
    assert spoofed.status_code == 429
    assert other.status_code == 200


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, None, "192.0.2.10"),
        (0, "203.0.113.5", "192.0.2.10"),
        (1, None, "192.0.2.10"),
        (1, "203.0.113.5", "203.0.113.5"),
        (1, "6.6.6.6, 203.0.113.5", "203.0.113.5"),
        (2, "6.6.6.6, 203.0.113.5, 10.0.0.2", "203.0.113.5"),
        (2, "203.0.113.5", "203.0.113.5"),  # fewer entries than proxies: the first
        (1, "not-an-address", "192.0.2.10"),
        (1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_client_address(settings, proxies, forwarded, expected):
    settings.TRUSTED_PROXIES = proxies
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.10", **extra)
    assert client_address(request) == expected


def test_token_users_have_their_own_limit_on_every_endpoint(monkeypatch):
    _limit(monkeypatch, ActorRateThrottle, 3)
    _limit(monkeypatch, ClientRateThrottle, 100)
    first, second = UserFactory(), UserFactory()
    first_token = services.token_create(actor=first, user=first).raw
    second_token = services.token_create(actor=second, user=second).raw
    client = Client()

    def get(token: str | None) -> int:
        headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
        return client.get("/api/taxonomy/sdgs", **headers).status_code  # no auth= here

    assert [get(first_token) for _ in range(4)] == [200, 200, 200, 429]
    assert get(second_token) == 200  # another user from the same address
    assert get(None) == 200  # anonymous clients from that address are counted apart


def test_counters_live_in_a_cache_every_worker_shares(client):
    backend = caches["default"]
    assert isinstance(backend, DatabaseCache)  # no REDIS_URL in the test settings
    client.get("/api/taxonomy/sdgs")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT cache_key FROM {backend._table}")  # noqa: S608 - settings name
        keys = [row[0] for row in cursor.fetchall()]
    assert any("throttle_anon_127.0.0.1" in key for key in keys)


def test_sign_in_limits_tell_clients_apart_behind_a_proxy(settings):
    """Eleven failed sign-ins from one client no longer lock out a correct one from another."""
    settings.TRUSTED_PROXIES = 1
    secretariat = UserFactory()
    client = Client()
    for n in range(11):
        client.post(
            "/en/accounts/login/",
            {"login": f"nobody{n}@example.org", "password": "wrong password"},
            HTTP_X_FORWARDED_FOR="198.51.100.1",
        )
    response = client.post(
        "/en/accounts/login/",
        {"login": secretariat.email, "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="198.51.100.2",
    )
    assert response.status_code == 302


def test_the_audit_log_records_the_client_address(settings):
    user = UserFactory()
    writer = services.token_create(actor=user, user=user, scopes=["read", "write"])
    target = services.token_create(actor=user, user=user)
    settings.TRUSTED_PROXIES = 0
    Client().delete(
        f"/api/accounts/tokens/{target.token.pk}",
        HTTP_AUTHORIZATION=f"Bearer {writer.raw}",
        HTTP_X_FORWARDED_FOR="203.0.113.9",
    )
    entry = LogEntry.objects.filter(additional_data__action="accounts.token.revoke").get()
    assert entry.remote_addr == "127.0.0.1"
    settings.TRUSTED_PROXIES = 1
    Client().delete(
        f"/api/accounts/tokens/{writer.token.pk}",
        HTTP_AUTHORIZATION=f"Bearer {writer.raw}",
        HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9",
    )
    latest = LogEntry.objects.filter(additional_data__action="accounts.token.revoke").latest("pk")
    assert latest.remote_addr == "203.0.113.9"
