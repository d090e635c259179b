"""The standards exchange's section of a country profile: the country's standards bodies."""

from typing import Any

from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from aigov.standards import selectors
from aigov.taxonomy import profiles
from aigov.taxonomy.models import Country


def bodies(actor: Any, country: Country, limit: int) -> profiles.SectionContent:
    """The standards bodies based in the country that have standards in the register, each
    linking to the register filtered to its standards."""
    rows = selectors.sdo_list(actor=actor).filter(country_id=country.iso3)
    shown = [body.pk for body in rows[:limit]]
    standards = selectors.standard_list(actor=actor).filter(body__in=shown).order_by()
    counts = dict(standards.values_list("body_id").annotate(n=Count("id")))

    def item(body: Any) -> Any:
        count = counts.get(body.pk, 0)
        note = ngettext(
            "%(count)d standard in the register", "%(count)d standards in the register", count
        )
        url = profiles.list_url("standards:index", sdo=str(body.pk))
        return profiles.profile_item(body.name, url, note % {"count": count}, is_demo=body.is_demo)

    return profiles.section_of(rows, limit, item)


def register() -> None:
    profiles.register_country_section("standards.bodies", _("Standards bodies"), bodies, order=30)
