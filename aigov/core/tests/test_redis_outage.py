"""With Redis unreachable the site keeps answering and no committed write is reported as
failed (issue 26, part 2). REDIS_URL points at a closed port: 127.0.0.1:1."""

import logging
import time

import pytest
from django.core import mail
from django.core.cache import cache

from aigov.accounts.models import User
from aigov.celery import app as celery_app
from aigov.core.tasks import deliver_email

DOWN = "redis://127.0.0.1:1/0"

pytestmark = pytest.mark.django_db


@pytest.fixture
def redis_down(settings):
    """The settings REDIS_URL=redis://127.0.0.1:1/0 gives: the Redis cache and a Celery broker
    that is not eager, both at a port where nothing listens."""
    settings.CACHES = {
        "default": {
            "BACKEND": "aigov.core.cache.ResilientRedisCache",
            "LOCATION": DOWN,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    saved = {key: celery_app.conf[key] for key in ("broker_url", "task_always_eager")}
    celery_app.conf.update(broker_url=DOWN, task_always_eager=False)
    celery_app._pool = None  # the producer pools were made for the old broker
    celery_app.amqp._producer_pool = None
    yield
    celery_app.conf.update(**saved)
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


def test_the_api_and_sign_in_page_answer(client, redis_down, caplog):
    started = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="aigov.core.cache"):
        listing = client.get("/api/taxonomy/sdgs")
        sign_in = client.get("/en/accounts/login/")
        failed = client.post(
            "/en/accounts/login/", {"login": "nobody@example.org", "password": "wrong"}
        )
    assert listing.status_code == 200 and listing.json()["count"] == 17
    assert sign_in.status_code == 200
    assert failed.status_code == 200  # the form again, with its error; no 500
    assert time.monotonic() - started < 10
    warnings = [r for r in caplog.records if "Redis" in r.getMessage()]
    assert len(warnings) == 1  # once in a while, not on every request


def test_limits_still_count_on_a_local_counter(client, redis_down, monkeypatch):
    from aigov.core.api import ClientRateThrottle, api

    throttle = next(t for t in api.throttle if isinstance(t, ClientRateThrottle))
    monkeypatch.setattr(throttle, "num_requests", 2)
    monkeypatch.setattr(throttle, "duration", 60)
    cache.clear()
    statuses = [client.get("/api/taxonomy/sdgs").status_code for _ in range(3)]
    cache.clear()
    assert statuses == [200, 200, 429]


def test_sign_up_succeeds_and_its_mail_is_sent_in_process(
    client, redis_down, django_capture_on_commit_callbacks, caplog
):
    started = time.monotonic()
    with (
        caplog.at_level(logging.WARNING, logger="aigov.core.tasks"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(
            "/en/accounts/signup/",
            {
                "email": "learner@example.org",
                "password1": "a long enough passphrase 7",
                "password2": "a long enough passphrase 7",
            },
        )
    assert response.status_code == 302
    assert time.monotonic() - started < 10
    assert User.objects.filter(email="learner@example.org").exists()
    assert [m.to for m in mail.outbox] == [["learner@example.org"]]
    assert any("running" in r.getMessage() for r in caplog.records)


def test_a_task_that_fails_in_process_does_not_fail_the_write(
    redis_down, django_capture_on_commit_callbacks, caplog, settings
):
    from aigov.core.tasks import enqueue

    settings.EMAIL_BACKEND = "aigov.core.tests.test_redis_outage.BrokenMailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        enqueue(deliver_email, subject="s", body="b", from_email="a@example.org", to=["b@x.org"])
    assert any(r.levelno == logging.ERROR for r in caplog.records)


class BrokenMailBackend:
    """A mail backend whose server refuses every message."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        pass

    def send_messages(self, messages: object) -> int:
        raise ConnectionRefusedError("SMTP server down")
