"""Writes of follows: following standards and topics, and stopping."""

from typing import Any

from django.core import signing
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from aigov.accounts.access import Actor, require
from aigov.accounts.models import User
from aigov.core import audit
from aigov.core.errors import Conflict, NotAllowed, NotFound
from aigov.standards.models import Follow, Standard
from aigov.standards.services.shared import _invalid
from aigov.standards.unsubscribe import UNSUBSCRIBE_SALT


@transaction.atomic
def follow_add(*, actor: Actor, standard: Standard | None = None, topic: Any = None) -> Follow:
    """Follow a standard or a topic (exactly one). Raise NotAllowed, InvalidInput or Conflict.

    The unique constraints, not a prior read, decide between two concurrent requests.
    """
    require(actor, "standards.follow", standard)
    # Only a signed-in account holds standards.follow (no job does): the follower is a User.
    if not isinstance(actor, User):
        raise NotAllowed()
    if (standard is None) == (topic is None):
        raise _invalid("standard", "one_target", _("Follow either one standard or one topic."))
    try:
        with transaction.atomic():
            follow = Follow.objects.create(user=actor, standard=standard, topic=topic)
    except IntegrityError as duplicate:
        raise Conflict(_("You already follow this.")) from duplicate
    audit.record(actor=actor, action="standards.follow.create", obj=follow)
    return follow


@transaction.atomic
def follow_remove(*, actor: Actor, follow: Follow) -> None:
    """Stop following. Raise NotAllowed unless the follow is the actor's own."""
    require(actor, "standards.unfollow", follow)
    audit.record(actor=actor, action="standards.follow.delete", obj=follow)
    follow.delete()


def follow_remove_by_token(*, token: str) -> Follow:
    """Stop the follow an unsubscribe link names, acting as its follower; return it.

    The signed token proves the follower sent it (a mail reader need not sign in). Raise
    InvalidInput for a tampered token and NotFound when the follow is already gone.
    """
    try:
        payload = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature as bad:
        raise _invalid("token", "invalid", _("This unsubscribe link is not valid.")) from bad
    follow = (
        Follow.objects.select_related("user", "standard", "topic")
        .filter(pk=payload.get("follow"), user_id=payload.get("user"))
        .first()
    )
    if follow is None:
        raise NotFound()
    follow_remove(actor=follow.user, follow=follow)
    return follow
