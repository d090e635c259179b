"""What the landscape puts in the one search: governance initiatives (public records)."""

from django.utils.translation import gettext_lazy as _

from aigov.core.search.registry import SearchableType, SearchDocument
from aigov.core.search.registry import register as register_searchable
from aigov.landscape.models import Initiative


def _initiative(initiative: Initiative) -> SearchDocument:
    return SearchDocument(
        titles=initiative.names,
        bodies=initiative.description,
        aliases=[alias for alias in (initiative.short_name, initiative.slug) if alias],
        path=f"/landscape/initiatives/{initiative.slug}/",
    )


def register() -> None:
    register_searchable(
        SearchableType(
            "landscape.initiative",
            _("Governance initiative"),
            Initiative,
            Initiative.objects.all,
            _initiative,
        )
    )
