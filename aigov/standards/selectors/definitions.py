"""Reads of concepts and their definitions."""

from django.db.models import Count, Prefetch, QuerySet

from aigov.core.errors import NotFound
from aigov.standards.models import Concept, Definition


def concept_list() -> QuerySet[Concept]:
    """Return every concept with its number of definitions."""
    return Concept.objects.annotate(definition_count=Count("definitions")).order_by("slug")


def concept_get(*, slug: str) -> Concept:
    """Return one concept with its definitions; raise NotFound."""
    concept = (
        concept_list()
        .prefetch_related(
            Prefetch(
                "definitions",
                queryset=Definition.objects.order_by(
                    "source_year", "source_slug", "language", "id"
                ),
            )
        )
        .filter(slug=slug)
        .first()
    )
    if concept is None:
        raise NotFound()
    return concept


def definition_register() -> QuerySet[Concept]:
    """Return every concept with its definitions prefetched (for SKOS export)."""
    return Concept.objects.prefetch_related(
        Prefetch(
            "definitions", queryset=Definition.objects.order_by("source_slug", "language", "id")
        )
    ).order_by("slug")
