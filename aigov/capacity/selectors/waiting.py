"""Reads of what waits in capacity matchmaking (the inbox's queue): introductions proposed to
a provider, waiting for their answer."""

from django.db.models import QuerySet

from aigov.accounts.access import Actor
from aigov.capacity.models import Introduction
from aigov.capacity.permissions import introductions_to_answer
from aigov.capacity.selectors.matchmaking import introduction_list


def introductions_awaiting_answer(*, actor: Actor) -> QuerySet[Introduction]:
    """Return the proposed introductions `actor` answers as the offer's provider (its owner or
    an operator of its node), oldest first."""
    proposed = introduction_list(actor=actor, statuses=[Introduction.Status.PROPOSED])
    return introductions_to_answer(actor, proposed).order_by("created_at", "pk")
