"""Reads of gap proposals and endorsements."""

from typing import Any

from django.db.models import Count, QuerySet

from aigov.core.errors import NotFound
from aigov.standards.models import GapProposal
from aigov.standards.permissions import visible


def gap_proposal_list(*, actor: Any) -> QuerySet[GapProposal]:
    """Return the gap proposals `actor` may see with their endorsement counts, most endorsed first.

    Gap proposals are public, like the matrix they comment on, except those moderation hid:
    only the secretariat and the author see those.
    """
    return (
        visible(actor, "standards.view_gap", GapProposal.objects.all())
        .select_related("author", "topic", "risk_area", "lifecycle_stage")
        .annotate(endorsement_count=Count("endorsements"))
        .order_by("-endorsement_count", "-created_at", "-id")
    )


def gap_proposal_get(*, actor: Any, pk: int) -> GapProposal:
    """Return one gap proposal the actor may see; raise NotFound (also for a hidden one)."""
    gap = gap_proposal_list(actor=actor).filter(pk=pk).first()
    if gap is None:
        raise NotFound()
    return gap


def gap_endorsed_ids(*, actor: Any) -> set[int]:
    """Return the ids of the gap proposals `actor` has endorsed (none for anonymous)."""
    if not getattr(actor, "is_authenticated", False):
        return set()
    return set(actor.gap_endorsements.values_list("gap_id", flat=True))
