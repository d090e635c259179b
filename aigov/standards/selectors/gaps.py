"""Reads of gap proposals and endorsements."""

from django.db.models import Count, QuerySet

from aigov.accounts.access import Actor, scope
from aigov.core.errors import NotFound
from aigov.standards.models import GapEndorsement, GapProposal


def gap_proposal_list(*, actor: Actor) -> QuerySet[GapProposal]:
    """Return the gap proposals `actor` may see with their endorsement counts, most endorsed first.

    Gap proposals are public, like the matrix they comment on, except those moderation hid:
    only the secretariat and the author see those. The order is a plain sort (endorsements,
    then newest): no signals are weighed against each other.
    """
    return (
        scope(actor, "standards.view_gap", GapProposal.objects.all())
        .select_related("author", "topic", "risk_area", "lifecycle_stage")
        .annotate(endorsement_count=Count("endorsements"))
        .order_by("-endorsement_count", "-created_at", "-id")
    )


def gap_proposal_get(*, actor: Actor, pk: int) -> GapProposal:
    """Return one gap proposal the actor may see; raise NotFound (also for a hidden one)."""
    gap = gap_proposal_list(actor=actor).filter(pk=pk).first()
    if gap is None:
        raise NotFound()
    return gap


def gap_endorsed_ids(*, actor: Actor) -> set[int]:
    """Return the ids of the gap proposals `actor` has endorsed (none for anonymous)."""
    if not actor.is_authenticated:
        return set()
    return set(GapEndorsement.objects.filter(user_id=actor.pk).values_list("gap_id", flat=True))
