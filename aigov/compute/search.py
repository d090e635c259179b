"""What the compute module puts in the one search: the resources of the catalogue (public).
Projects, requests and jobs stay out: they are their teams' and the deciders'."""

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from aigov.accounts.access import Actor
from aigov.compute.models import Resource
from aigov.compute.selectors import resource_list
from aigov.core.search.registry import SearchableType, SearchDocument
from aigov.core.search.registry import register as register_searchable


def _resource(resource: Resource) -> SearchDocument:
    described = " ".join(
        part
        for part in (
            resource.accelerator_model,
            resource.interconnect,
            str(resource.node),
            resource.node.country_id or "",
        )
        if part
    )
    return SearchDocument(
        titles={"en": resource.name},
        bodies={"en": described},
        aliases=[resource.slug],
        path=f"/compute/#resource-{resource.pk}",
        is_demo=resource.is_demo,
    )


def _visible_to(actor: Actor) -> QuerySet[Resource]:
    return resource_list(actor=actor, active_only=False)


def register() -> None:
    register_searchable(
        SearchableType(
            "compute.resource",
            _("Compute resource"),
            Resource,
            lambda: Resource.objects.select_related("node"),
            _resource,
            visible_to=_visible_to,
        )
    )
