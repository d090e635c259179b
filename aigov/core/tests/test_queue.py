"""The task queue: eager in the embedded default, a real Celery worker over Redis in production."""

import os
import socket
import subprocess
import sys
import time
import uuid

import pytest
from django.core import mail


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


# `celery -A aigov worker`, as README's deployment section runs it, on one queue of its own.
WORKER = "-m celery -A aigov worker --pool solo --without-gossip --without-mingle -l WARNING"
PRODUCER = """
import json
import sys

import django

django.setup()
from aigov.core.tasks import deliver_email
queued = deliver_email.apply_async(
    kwargs={"subject": "Queued", "body": "Hello", "from_email": "a@example.org",
            "to": ["b@example.org"]},
    queue=sys.argv[1],
)
print(json.dumps(queued.id))
"""


@pytest.mark.skipif(not _redis_reachable(), reason="no Redis server on 127.0.0.1:6379")
def test_a_real_worker_runs_tasks_from_redis(tmp_path, settings):
    """`celery -A aigov worker` runs a task another process queues, both with REDIS_URL set and
    both with the app of aigov/celery.py, as in production (no test app, no eager mode)."""
    queue = f"aigov-test-{uuid.uuid4().hex}"  # no other worker on this Redis takes our task
    environment = {
        **{name: value for name, value in os.environ.items() if name != "EMAIL_HOST"},
        "REDIS_URL": "redis://127.0.0.1:6379/15",
        "AIGOV_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "aigov.settings",
        "PYTHONPATH": str(settings.BASE_DIR),
    }
    environment.pop("CELERY_TASK_ALWAYS_EAGER", None)
    worker = subprocess.Popen(
        [sys.executable, *WORKER.split(), "-Q", queue],
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        producer = subprocess.run(
            [sys.executable, "-c", PRODUCER, queue],
            env=environment,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        # No result backend is kept (nothing reads task results): the worker's proof is the
        # mail file it writes. Wait for it, bounded.
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not list((tmp_path / "mail").glob("*")):
            time.sleep(0.2)
    finally:
        worker.terminate()
        try:
            _out, worker_log = worker.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
            _out, worker_log = worker.communicate()
    assert producer.returncode == 0, producer.stderr + worker_log
    assert producer.stdout.strip().strip('"'), "the broker gave the task no id"
    (message,) = (tmp_path / "mail").iterdir()
    text = message.read_text(encoding="utf-8")
    assert "Subject: Queued" in text and "To: b@example.org" in text and "Hello" in text
