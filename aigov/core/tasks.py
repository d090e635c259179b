"""Background tasks of the core (e-mail delivery), and `enqueue`, which every module uses to
queue work after a write.

With REDIS_URL a Celery worker runs queued tasks (e-mail is retried while the SMTP server is
down); in the embedded default they run eagerly, in-process. Either way the write that queued
the task has already committed when the task is sent, so no failure to send or to run it is
reported to the user as a failed write: an unreachable broker means the task runs here, in
this process, and a task that fails here is logged.
"""

import logging
from typing import Any

from celery import Task, shared_task
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)


def enqueue(task: Task, **kwargs: Any) -> None:
    """Queue `task(**kwargs)` once the current transaction commits (at once outside one).

    The broker is given a short connection timeout and no retries (settings.py); when it
    cannot be reached, the task runs in this process instead, with a warning logged.
    """
    transaction.on_commit(lambda: _send(task, kwargs))


def _send(task: Task, kwargs: dict[str, Any]) -> None:
    if not task.app.conf.task_always_eager:
        try:
            task.apply_async(kwargs=kwargs, retry=False)
        except (OperationalError, OSError) as error:
            logger.warning(
                "The task queue is unreachable (%s); running %s in this process instead.",
                error,
                task.name,
            )
        else:
            return
    try:
        task.apply(kwargs=kwargs, throw=True)
    except Exception:
        # The write before it committed: say so in the log, not as an error to the user.
        logger.exception("Task %s failed in this process after its write committed.", task.name)


@shared_task(bind=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def deliver_email(
    self: Any, *, subject: str, body: str, from_email: str, to: list[str], html: str | None = None
) -> int:
    """Send one message; return the number of messages the backend accepted."""
    message = EmailMultiAlternatives(
        subject=subject, body=body, from_email=from_email, to=to, connection=get_connection()
    )
    if html:
        message.attach_alternative(html, "text/html")
    return message.send()


def queue_email(message: Any) -> None:
    """Hand a rendered Django e-mail message to the queue, after the current transaction commits."""
    html = next(
        (
            content
            for content, mimetype in getattr(message, "alternatives", [])
            if mimetype == "text/html"
        ),
        None,
    )
    enqueue(
        deliver_email,
        subject=message.subject,
        body=message.body,
        from_email=message.from_email,
        to=list(message.to),
        html=html,
    )
