"""Shared compute's section of a country profile: the compute the country's nodes offer to the
federation (public, like the catalogue)."""

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from aigov.compute import selectors
from aigov.compute.models import Resource
from aigov.taxonomy import profiles
from aigov.taxonomy.models import Country


def _resource(resource: Resource) -> profiles.ProfileItem:
    note = gettext("%(node)s: %(capacity)s %(unit)s a %(period)s") % {
        "node": resource.node,
        "capacity": f"{resource.capacity.normalize():f}",
        "unit": resource.get_unit_display(),
        "period": resource.get_period_display().lower(),
    }
    url = f"{reverse('compute:index')}#resource-{resource.pk}"
    return profiles.profile_item(resource.name, url, note, is_demo=resource.is_demo)


def resources(actor: Any, country: Country, limit: int) -> profiles.SectionContent:
    """The compute resources hosted by the country's nodes."""
    rows = selectors.resource_list(actor=actor, country=country.iso3)
    return profiles.section_of(rows, limit, _resource, more_url=reverse("compute:index"))


def register() -> None:
    profiles.register_country_section(
        "compute.resources", _("Shared compute offered by its nodes"), resources, order=75
    )
