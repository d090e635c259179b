"""What the capacity module puts in the one search: offerings, assessments, collections."""

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from aigov.accounts.access import Actor
from aigov.capacity.models import Collection, Offering, ReadinessAssessment
from aigov.capacity.selectors import assessment_list, collection_list, offerings_visible_to
from aigov.core.search.registry import SearchableType, SearchDocument
from aigov.core.search.registry import register as register_searchable


def _offering(offering: Offering) -> SearchDocument:
    return SearchDocument(
        titles=offering.titles,
        bodies=offering.descriptions,
        aliases=[offering.slug],
        path=f"/capacity/offerings/{offering.slug}/",
        is_demo=offering.is_demo,
    )


def _visible_to(actor: Actor) -> QuerySet[Offering]:
    return offerings_visible_to(actor)


def _assessment(assessment: ReadinessAssessment) -> SearchDocument:
    country = assessment.country
    titles = {
        language: f"{name} — {assessment.label or assessment.pk}"
        for language, name in (country.names or {"en": country.iso3}).items()
    }
    return SearchDocument(
        titles=titles,
        aliases=[country.iso3, "readiness"],
        path=f"/capacity/readiness/{assessment.pk}/",
        is_demo=assessment.is_demo,
    )


def _assessments_visible_to(actor: Actor) -> QuerySet[ReadinessAssessment]:
    return assessment_list(actor=actor)


def _collection(collection: Collection) -> SearchDocument:
    return SearchDocument(
        titles=collection.titles,
        bodies=collection.descriptions,
        path=f"/capacity/library/{collection.pk}/",
        is_demo=collection.is_demo,
    )


def _collections_visible_to(actor: Actor) -> QuerySet[Collection]:
    return collection_list(actor=actor)


def register() -> None:
    register_searchable(
        SearchableType(
            "capacity.offering",
            _("Training offering"),
            Offering,
            Offering.objects.all,
            _offering,
            visible_to=_visible_to,
        )
    )
    register_searchable(
        SearchableType(
            "capacity.readiness",
            _("Readiness assessment"),
            ReadinessAssessment,
            lambda: ReadinessAssessment.objects.select_related("country"),
            _assessment,
            visible_to=_assessments_visible_to,
        )
    )
    register_searchable(
        SearchableType(
            "capacity.collection",
            _("Library collection"),
            Collection,
            Collection.objects.all,
            _collection,
            visible_to=_collections_visible_to,
        )
    )
