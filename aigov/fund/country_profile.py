"""The fund's section of a country profile: the grants the country's organisations received."""

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from aigov.fund import selectors
from aigov.fund.models import Grant
from aigov.taxonomy import profiles
from aigov.taxonomy.models import Country


def _grant(grant: Grant) -> profiles.ProfileItem:
    note = gettext("%(currency)s %(committed)s committed, %(disbursed)s disbursed") % {
        "currency": grant.currency,
        "committed": f"{grant.committed:,.2f}",
        "disbursed": f"{grant.disbursed:,.2f}",
    }
    url = reverse("fund:grant-detail", args=[grant.pk])
    return profiles.profile_item(grant.title, url, note, is_demo=grant.is_demo)


def grants(actor: Any, country: Country, limit: int) -> profiles.SectionContent:
    """The fund's grants to recipients in the country (grants are public), newest first."""
    rows = selectors.grant_list(actor=actor, recipient_country=country.iso3)
    return profiles.section_of(rows, limit, _grant, more_url=reverse("fund:grant-list"))


def register() -> None:
    profiles.register_country_section(
        "fund.grants", _("Grants of the global fund for AI"), grants, order=90
    )
