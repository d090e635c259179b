"""Background tasks of the core: e-mail delivery.

Mail leaves the web request: with REDIS_URL a Celery worker sends it (retrying when the SMTP
server is down); in the embedded default the task runs eagerly, in-process.
"""

from typing import Any

from celery import shared_task
from django.core.mail import EmailMultiAlternatives, get_connection


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
    from django.db import transaction

    html = next(
        (
            content
            for content, mimetype in getattr(message, "alternatives", [])
            if mimetype == "text/html"
        ),
        None,
    )
    payload = {
        "subject": message.subject,
        "body": message.body,
        "from_email": message.from_email,
        "to": list(message.to),
        "html": html,
    }
    transaction.on_commit(lambda: deliver_email.delay(**payload))
