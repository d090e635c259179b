"""Reads of follows: a user's follows and a standard's followers."""

from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext

from aigov.accounts.access import Actor
from aigov.core.errors import InvalidInput, NotFound, field_error
from aigov.standards.models import Follow, Standard
from aigov.standards.selectors.register import _standards_visible_to
from aigov.taxonomy.selectors import topic_list


def follow_list(*, actor: Actor) -> QuerySet[Follow]:
    """Return what `actor` follows (nothing for an anonymous visitor), standards and topics."""
    if not actor.is_authenticated:
        return Follow.objects.none()
    return (
        Follow.objects.filter(user_id=actor.pk)
        .select_related("standard", "topic")
        .order_by("created_at", "id")
    )


def follow_get(*, actor: Actor, pk: int) -> Follow:
    """Return one of `actor`'s follows; raise NotFound for another's or a missing one."""
    follow = follow_list(actor=actor).filter(pk=pk).first()
    if follow is None:
        raise NotFound()
    return follow


def follow_of(*, actor: Actor, standard: Standard) -> Follow | None:
    """Return `actor`'s follow of `standard`, if any."""
    return follow_list(actor=actor).filter(standard=standard).first()


def standard_followers(*, standard: Standard) -> list[Follow]:
    """Return one follow per user who follows `standard` or one of its topics, and may see it.

    A user following both gets the standard's follow (its unsubscribe link is the nearest to
    what changed). Followers whose account is deactivated, or who may not see the standard,
    are left out.
    """
    follows = (
        Follow.objects.filter(
            Q(standard=standard) | Q(topic__in=standard.topics.values("pk")),
            user__is_active=True,
        )
        .exclude(user__email="")
        .select_related("user", "topic")
        .order_by("user_id", "id")
    )
    chosen: dict[int, Follow] = {}
    for follow in follows:
        current = chosen.get(follow.user_id)
        if current is None or (follow.standard_id and not current.standard_id):
            chosen[follow.user_id] = follow
    return [
        follow
        for follow in chosen.values()
        if _standards_visible_to(follow.user).filter(pk=standard.pk).exists()
    ]


def topic_for_follow(*, slug: str) -> Any:
    """Return the topic of `slug`; raise InvalidInput naming the field when there is none."""
    topic = topic_list().filter(slug=slug).first()
    if topic is None:
        raise InvalidInput(
            errors=[
                field_error(
                    "topic",
                    "invalid_choice",
                    gettext("%(value)s is not a topic.") % {"value": slug},
                )
            ]
        )
    return topic
