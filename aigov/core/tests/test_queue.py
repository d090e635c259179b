"""The task queue: eager in the embedded default, a real Celery worker over Redis in production."""

import socket

import pytest
from django.core import mail

from aigov.core.tasks import deliver_email


def _redis_reachable() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


@pytest.mark.django_db(transaction=True)
def test_account_mail_is_delivered_through_the_queue(client, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    response = client.post(
        "/en/accounts/signup/",
        {
            "email": "learner@example.org",
            "password1": "a long enough passphrase 7",
            "password2": "a long enough passphrase 7",
        },
    )
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["learner@example.org"]]
    assert "confirm" in mail.outbox[0].body.lower()


@pytest.mark.skipif(not _redis_reachable(), reason="no Redis server on 127.0.0.1:6379")
def test_a_real_worker_runs_tasks_from_redis(settings):
    """A worker thread consumes our task from Redis, as `celery -A aigov worker` would."""
    from celery import Celery
    from celery.contrib.testing.worker import start_worker

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    broker = "redis://127.0.0.1:6379/15"
    worker_app = Celery("aigov-queue-test", broker=broker, backend=broker)
    worker_app.conf.task_always_eager = False
    # shared_task attaches our task to new apps only in some import orders; register it if not.
    name = deliver_email.name
    if name in worker_app.tasks:
        queued = worker_app.tasks[name]
    else:
        queued = worker_app.task(name=name, bind=True)(deliver_email.run)
    with start_worker(worker_app, perform_ping_check=False, pool="solo", loglevel="WARNING"):
        result = queued.delay(
            subject="Queued", body="Hello", from_email="a@example.org", to=["b@example.org"]
        )
        assert result.get(timeout=30) == 1
    assert mail.outbox[-1].subject == "Queued"
