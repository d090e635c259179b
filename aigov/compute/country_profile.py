"""Shared compute's section of a country profile: the compute the country's nodes offer to the
federation (public, like the catalogue)."""

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from aigov.compute import selectors
from aigov.compute.models import Period, Resource
from aigov.taxonomy import profiles
from aigov.taxonomy.models import Country

# Whole sentences per period: word order differs by language.
CAPACITY_NOTES = {
    Period.MONTH: _("%(node)s: %(capacity)s %(unit)s a month"),
    Period.QUARTER: _("%(node)s: %(capacity)s %(unit)s a quarter"),
    Period.YEAR: _("%(node)s: %(capacity)s %(unit)s a year"),
}


def _resource(resource: Resource) -> profiles.ProfileItem:
    note = str(CAPACITY_NOTES[Period(resource.period)]) % {
        "node": resource.node,
        "capacity": f"{resource.capacity.normalize():f}",
        "unit": resource.get_unit_display(),
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
