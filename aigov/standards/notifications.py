"""E-mail to the followers of a standard or of its topics when its status changes (issue 5, part 5).

Each follower gets one message, in their preferred language when the platform has it (else the
default), naming what they follow and with a link that stops that follow without signing in.
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from aigov.core.tasks import queue_email
from aigov.standards import selectors
from aigov.standards.models import Follow, StatusChange
from aigov.standards.unsubscribe import unsubscribe_token

LANGUAGES = {code for code, _name in settings.LANGUAGES}


def follower_language(follow: Follow) -> str:
    """Return the follower's preferred language if the interface has it, else the default."""
    preferred = (follow.user.preferred_language or "").lower()
    if preferred in LANGUAGES:
        return preferred
    base = preferred.split("-")[0]
    return base if base in LANGUAGES else settings.LANGUAGE_CODE


def status_change_message(change: StatusChange, follow: Follow) -> EmailMessage:
    """Render the message telling one follower about one status change, in their language."""
    language = follower_language(follow)
    public_url = settings.AIGOV_PUBLIC_URL.rstrip("/")
    with translation.override(language):
        context = {
            "change": change,
            "standard": change.standard,
            "follow": follow,
            "is_new": change.standard.status_changes.count() == 1,
            "standard_url": public_url + change.standard.get_absolute_url(),
            "unsubscribe_url": public_url
            + reverse("standards:unsubscribe", args=[unsubscribe_token(follow)]),
        }
        subject = render_to_string("standards/email/status_change_subject.txt", context)
        body = render_to_string("standards/email/status_change.txt", context)
    message = EmailMessage(
        subject=" ".join(subject.split()),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[follow.user.email],
    )
    return message


def notify_status_change(*, change_id: int) -> int:
    """Queue one message per follower who may see the standard; return how many."""
    change = selectors.status_change_get(pk=change_id)
    followers = selectors.standard_followers(standard=change.standard)
    for follow in followers:
        queue_email(status_change_message(change, follow))
    return len(followers)
