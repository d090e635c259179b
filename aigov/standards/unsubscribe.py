"""The signed token of an unsubscribe link: made for the e-mails, read by the follow services."""

from django.core import signing

from aigov.standards.models import Follow

UNSUBSCRIBE_SALT = "aigov.standards.unfollow"


def unsubscribe_token(follow: Follow) -> str:
    """Return the signed token of an e-mail's unsubscribe link (it never expires)."""
    return signing.dumps({"follow": follow.pk, "user": follow.user_id}, salt=UNSUBSCRIBE_SALT)
