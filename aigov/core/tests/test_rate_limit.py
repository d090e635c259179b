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
    # A fixed clock 30 s into a window: a test is never cut by a window's edge, where the
    # earlier window's requests start to count less (test_a_limit_slides_…).
    monkeypatch.setattr(throttle, "timer", lambda: 6_000_000 * 60 + 30.0)


@pytest.fixture(autouse=True)
def _fresh_counters(settings):
    # Answers from the page cache are not counted (see the last test): these tests ask the
    # same address again and again, so each request must reach the application.
    settings.AIGOV_PAGE_CACHE = False
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


# --- Counters shared by processes (issue 19, part 6) -----------------------------------------

_WORKER = """
import os, sys, time
import django
django.setup()
from django.core.management import call_command
from django.test import RequestFactory
from aigov.core.api import ClientRateThrottle

if sys.argv[1] == "setup":
    call_command("createcachetable", verbosity=0)
    sys.exit(0)
throttle = ClientRateThrottle("100/m")
request = RequestFactory().get("/api/taxonomy/sdgs", REMOTE_ADDR="198.51.100.7")
request.user = type("Anonymous", (), {"is_authenticated": False})()
# Both workers start counting together: each says it is ready, then waits for the other.
barrier = sys.argv[2]
open(os.path.join(barrier, f"ready-{os.getpid()}"), "w").close()
deadline = time.monotonic() + 120
while len([n for n in os.listdir(barrier) if n.startswith("ready-")]) < 2:
    assert time.monotonic() < deadline, "the other worker never started"
    time.sleep(0.001)
allowed = 0
for _ in range(int(sys.argv[1])):
    allowed += throttle.allow_request(request)
    time.sleep(0.005)  # the two workers' requests interleave, as on a busy server (a loaded
    # machine may run one worker a long while before the other: 150 requests span 0.75 s)
print(allowed)
"""


def _run_workers(tmp_path, env_extra: dict[str, str], per_worker: int) -> list[int]:
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[3]
    env = dict(os.environ)
    for inherited in ("REDIS_URL", "DATABASE_URL", "DJANGO_SETTINGS_MODULE"):
        env.pop(inherited, None)
    env.update(
        PYTHONPATH=str(root),
        DJANGO_SETTINGS_MODULE="aigov.settings",
        AIGOV_VAR_DIR=str(tmp_path),
        DATABASE_URL=f"sqlite:///{tmp_path / 'counters.sqlite3'}",
        **env_extra,
    )
    script = tmp_path / "worker.py"
    script.write_text(_WORKER)
    subprocess.run([sys.executable, str(script), "setup"], env=env, check=True, timeout=120)
    workers = [
        subprocess.Popen(
            [sys.executable, str(script), str(per_worker), str(tmp_path)],
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    return [int(worker.communicate(timeout=180)[0]) for worker in workers]


def test_two_processes_share_one_limit_in_the_database_cache(tmp_path):
    """Two workers, each sending 150 requests at once from one client: 100 in all get in."""
    allowed = _run_workers(tmp_path, {}, per_worker=150)
    assert sum(allowed) == 100, allowed
    assert all(count > 0 for count in allowed), allowed  # they did overlap


@pytest.fixture
def redis_server(tmp_path):
    import shutil
    import socket
    import subprocess
    import time

    import redis

    server = shutil.which("redis-server")
    if server is None:
        pytest.skip("redis-server is not installed")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
    )
    client = redis.Redis(host="127.0.0.1", port=port, socket_connect_timeout=1)
    for _attempt in range(200):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)
    else:
        process.kill()
        pytest.fail("redis-server did not start")
    yield f"redis://127.0.0.1:{port}/0"
    process.terminate()
    process.wait(timeout=10)


def test_two_processes_share_one_limit_in_redis(tmp_path, redis_server):
    allowed = _run_workers(tmp_path, {"REDIS_URL": redis_server}, per_worker=150)
    assert sum(allowed) == 100, allowed
    assert all(count > 0 for count in allowed), allowed


def test_a_limit_slides_instead_of_resetting_at_a_window_edge(monkeypatch):
    """100 requests at the end of one window still count early in the next."""
    throttle = ClientRateThrottle("100/m")
    request = RequestFactory().get("/api/taxonomy/sdgs", REMOTE_ADDR="198.51.100.8")
    request.user = type("Anonymous", (), {"is_authenticated": False})()
    now = [6_000_000 * 60 - 1.0]  # one second before a window ends
    monkeypatch.setattr(throttle, "timer", lambda: now[0])
    assert all(throttle.allow_request(request) for _ in range(100))
    assert not throttle.allow_request(request)
    now[0] += 7  # 6 s into the next window: 90 % of the earlier 100 still count
    allowed = sum(throttle.allow_request(request) for _ in range(20))
    assert allowed == 10
    assert 0 < throttle.wait() <= 60


def test_answers_from_the_page_cache_are_not_counted(client, settings, monkeypatch):
    settings.AIGOV_PAGE_CACHE = True
    _limit(monkeypatch, ClientRateThrottle, 2)
    responses = [client.get("/api/taxonomy/sdgs") for _ in range(5)]
    assert [r.status_code for r in responses] == [200] * 5
    assert [r.get("X-Page-Cache") for r in responses[1:]] == ["hit"] * 4
    # What reaches the application is counted: another address of the same list.
    statuses = [client.get(f"/api/taxonomy/sdgs?limit={n}").status_code for n in (3, 4)]
    assert statuses == [200, 429]
