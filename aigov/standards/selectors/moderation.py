"""Reads of what waits for moderation: new reviews and gap proposals (the inbox's queues)."""

from django.db.models import QuerySet

from aigov.accounts.access import Actor, has, scope
from aigov.standards.models import GapProposal, Review


def reviews_awaiting_moderation(*, actor: Actor) -> QuerySet[Review]:
    """Return the reviews and replies no moderator has dealt with yet, oldest first, for those
    who moderate reviews (the secretariat); none for anyone else."""
    if not has(actor, "standards.moderate_review"):
        return Review.objects.none()
    return (
        scope(actor, "standards.view_review", Review.objects.filter(awaits_moderation=True))
        .select_related("standard", "concept", "author")
        .order_by("created_at", "id")
    )


def gaps_awaiting_moderation(*, actor: Actor) -> QuerySet[GapProposal]:
    """Return the gap proposals no moderator has dealt with yet, oldest first, for those who
    moderate them (the secretariat); none for anyone else."""
    if not has(actor, "standards.moderate_gap"):
        return GapProposal.objects.none()
    return (
        scope(actor, "standards.view_gap", GapProposal.objects.filter(awaits_moderation=True))
        .select_related("author")
        .order_by("created_at", "id")
    )
