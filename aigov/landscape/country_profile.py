"""The landscape's sections of a country profile: its initiatives, its policies and institutions."""

import datetime
from typing import Any

from django.utils import formats
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from aigov.landscape import selectors
from aigov.landscape.models import Participation, Policy
from aigov.taxonomy import profiles
from aigov.taxonomy.models import Country


def _participation(participation: Participation) -> profiles.ProfileItem:
    values = {
        "basis": participation.get_basis_display(),
        "start": formats.date_format(participation.started_on),
    }
    if participation.ended_on is None:
        note = gettext("%(basis)s since %(start)s") % values
    else:
        values["end"] = formats.date_format(participation.ended_on)
        note = gettext("%(basis)s from %(start)s to %(end)s") % values
    initiative = participation.initiative
    return profiles.profile_item(initiative.names, initiative.get_absolute_url(), note)


def initiatives(actor: Any, country: Country, limit: int) -> profiles.SectionContent:
    """The initiatives the country takes or took part in, latest start first, with dates."""
    rows = selectors.participation_list(actor=actor, country=country.iso3)
    return profiles.section_of(rows.order_by("-started_on", "initiative_id"), limit, _participation)


def _policy(policy: Policy) -> profiles.ProfileItem:
    dates: dict[str, datetime.date | None] = {
        Policy.Status.PROPOSED: policy.proposed_on,
        Policy.Status.ADOPTED: policy.adopted_on,
        Policy.Status.IN_FORCE: policy.in_force_on,
        Policy.Status.REPEALED: policy.repealed_on,
    }
    dated = dates.get(policy.status)
    values = {"kind": policy.get_kind_display(), "status": policy.get_status_display()}
    if dated is None:
        note = gettext("%(kind)s, %(status)s") % values
    else:
        values["date"] = formats.date_format(dated)
        note = gettext("%(kind)s, %(status)s (%(date)s)") % values
    return profiles.profile_item(
        policy.names, policy.get_absolute_url(), note, is_demo=policy.is_demo
    )


def policies(actor: Any, country: Country, limit: int) -> profiles.SectionContent:
    """The country's AI strategies, laws, regulations, guidelines and institutions."""
    rows = selectors.policy_list(actor=actor, jurisdiction=country.iso3)
    more = profiles.list_url("landscape:policy-list", jurisdiction=country.iso3)
    return profiles.section_of(rows, limit, _policy, more_url=more)


def register() -> None:
    profiles.register_country_section(
        "landscape.initiatives", _("Governance initiatives"), initiatives, order=10
    )
    profiles.register_country_section(
        "landscape.policies", _("Policies and institutions"), policies, order=20
    )
