"""Reads of reviews and their summaries."""

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from aigov.accounts.access import Actor, scope
from aigov.core.errors import NotFound
from aigov.standards.models import Concept, Review, Standard

REVIEW_CRITERIA = (
    "measurability",
    "process_inclusiveness",
    "human_rights",
    "fitness_for_developing_countries",
)


def review_list(
    *, actor: Actor, standard: Standard | None = None, concept: Concept | None = None
) -> QuerySet[Review]:
    """Return the reviews of `standard` (or of `concept`) the actor may see, oldest first."""
    subject: dict[str, Any] = (
        {"standard": standard} if standard is not None else {"concept": concept}
    )
    return (
        scope(actor, "standards.view_review", Review.objects.filter(**subject))
        .select_related("author", "author__organisation")
        .order_by("created_at", "id")
    )


def review_get(*, actor: Actor, pk: int) -> Review:
    """Return one review the actor may see; raise NotFound for a missing or hidden one."""
    review = (
        scope(actor, "standards.view_review", Review.objects.all())
        .select_related("standard", "concept", "author")
        .filter(pk=pk)
        .first()
    )
    if review is None:
        raise NotFound()
    return review


@dataclass(frozen=True)
class ReviewSummary:
    positions: dict[str, int]
    mean_scores: dict[str, float | None]
    reviews: int


def review_summary(
    *, actor: Actor, standard: Standard | None = None, concept: Concept | None = None
) -> ReviewSummary:
    """Summarise the positions and mean scores of the top-level reviews the actor may see.

    Hidden reviews never count, even for the secretariat: a summary is shown to everyone.
    """
    reviews = list(
        review_list(actor=actor, standard=standard, concept=concept)
        .filter(parent__isnull=True, is_hidden=False)
        .values_list("position", "scores")
    )
    positions = Counter(position for position, _scores in reviews if position)
    means: dict[str, float | None] = {}
    for criterion in REVIEW_CRITERIA:
        values = [scores[criterion] for _p, scores in reviews if criterion in (scores or {})]
        means[criterion] = round(sum(values) / len(values), 2) if values else None
    return ReviewSummary(
        positions={value: positions.get(value, 0) for value in Review.Position.values},
        mean_scores=means,
        reviews=len(reviews),
    )
