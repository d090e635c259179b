"""/api/health and `aigov health`: live probes of the database, the cache and the queue's broker."""

import json
import os
import socket
import subprocess
import sys
import time
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

ROOT = Path(__file__).resolve().parents[3]
LOCAL_REDIS = "redis://127.0.0.1:6379/5"
# Nothing listens on port 1: connections are refused at once.
DEAD_REDIS = "redis://127.0.0.1:1/5"


def _redis_reachable() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


needs_redis = pytest.mark.skipif(not _redis_reachable(), reason="no Redis on 127.0.0.1:6379")


def _use_redis(settings, url: str) -> None:
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    }
    settings.CELERY_BROKER_URL = url
    settings.CELERY_TASK_ALWAYS_EAGER = False


@pytest.mark.django_db
def test_health_in_the_embedded_default_is_ok_with_an_eager_queue(client):
    response = client.get("/api/health")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "queue": "eager"},
    }
    assert response["Cache-Control"] == "no-store"


@needs_redis
@pytest.mark.django_db
def test_health_with_the_real_redis_is_ok(client, settings):
    _use_redis(settings, LOCAL_REDIS)
    response = client.get("/api/health")
    assert response.status_code == 200, response.content
    assert response.json()["checks"] == {"database": "ok", "cache": "ok", "queue": "ok"}


@pytest.mark.django_db
def test_unreachable_redis_answers_503_naming_cache_and_queue_within_a_second(client, settings):
    _use_redis(settings, DEAD_REDIS)
    started = time.monotonic()
    response = client.get("/api/health")
    elapsed = time.monotonic() - started
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["cache"].startswith("error: ")
    assert body["checks"]["queue"].startswith("error: ")
    # The address of the dead server stays in the log, not in the public answer.
    assert "127.0.0.1" not in response.content.decode()
    assert elapsed < 2.5


@pytest.mark.django_db
def test_a_redis_that_accepts_but_never_answers_times_out(client, settings):
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)  # the kernel completes connections; nobody ever reads or answers
        port = silent.getsockname()[1]
        _use_redis(settings, f"redis://127.0.0.1:{port}/5")
        started = time.monotonic()
        response = client.get("/api/health")
        elapsed = time.monotonic() - started
    assert response.status_code == 503
    assert response.json()["checks"]["cache"] == "error: TimeoutError"
    # One second for the cache's probe, one for the queue's.
    assert elapsed < 4


@needs_redis
@pytest.mark.django_db
def test_only_the_failing_check_is_named(client, settings):
    _use_redis(settings, LOCAL_REDIS)
    settings.CELERY_BROKER_URL = DEAD_REDIS
    response = client.get("/api/health")
    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["cache"] == "ok"
    assert checks["queue"].startswith("error: ")


@pytest.mark.django_db
def test_health_command_prints_the_same_answer():
    out = StringIO()
    call_command("health", stdout=out)
    assert json.loads(out.getvalue()) == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "queue": "eager"},
    }


@pytest.mark.django_db
def test_health_command_fails_and_gives_the_reason(settings):
    _use_redis(settings, DEAD_REDIS)
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError, match="cache, queue") as raised:
        call_command("health", stdout=out, stderr=err)
    assert raised.value.returncode == 1
    assert json.loads(out.getvalue())["status"] == "error"
    assert "127.0.0.1:1" in err.getvalue()


def test_health_command_exits_non_zero_when_the_database_is_down(tmp_path):
    """A real `aigov health` process whose PostgreSQL server is not there."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"REDIS_URL", "CELERY_TASK_ALWAYS_EAGER"}
    }
    env.update(
        DATABASE_URL="postgres://postgres@127.0.0.1:1/aigov",
        AIGOV_VAR_DIR=str(tmp_path),
        PYTHONPATH=str(ROOT),
        DJANGO_SETTINGS_MODULE="aigov.settings",
    )
    finished = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "health"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert finished.returncode == 1, finished.stderr
    answer = json.loads(finished.stdout)
    assert answer["checks"]["database"].startswith("error: ")
    # Without Redis the cache (rate-limit counters) is a database table, so it is down too.
    assert answer["checks"]["cache"].startswith("error: ")
    assert "database:" in finished.stderr


@needs_redis
def test_the_queue_can_live_in_its_own_redis_database(tmp_path):
    """REDIS_QUEUE_URL moves the broker (and its health check) away from the cache's database."""
    env = {key: value for key, value in os.environ.items() if key != "CELERY_TASK_ALWAYS_EAGER"}
    env.update(
        REDIS_URL=LOCAL_REDIS,
        REDIS_QUEUE_URL=DEAD_REDIS,
        DATABASE_URL=f"sqlite:///{tmp_path / 'health.sqlite3'}",
        AIGOV_VAR_DIR=str(tmp_path),
        PYTHONPATH=str(ROOT),
        DJANGO_SETTINGS_MODULE="aigov.settings",
    )
    finished = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "health"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert finished.returncode == 1, finished.stderr
    checks = json.loads(finished.stdout)["checks"]
    assert checks["database"] == "ok"
    assert checks["cache"] == "ok"
    assert checks["queue"].startswith("error: ")
    assert "queue: ConnectionError: Error 111 connecting to 127.0.0.1:1" in finished.stderr
