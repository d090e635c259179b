"""The scientific panel's section of a country profile: experts who are its nationals or live
there."""

from typing import Any

from django.utils import formats
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from aigov.panel import roster
from aigov.panel.models import Expert
from aigov.taxonomy import profiles
from aigov.taxonomy.models import Country


def experts(actor: Any, country: Country, limit: int) -> profiles.SectionContent:
    """The experts of the roster `actor` may see (the panel's members today; every expert for
    the secretariat) who hold the country's nationality or live there; members first."""
    entries = [
        entry
        for entry in roster.expert_directory(actor=actor)
        if country.iso3 in entry.nationalities or entry.residence == country.iso3
    ]
    entries.sort(key=lambda entry: not entry.is_member)
    shown = [entry.id for entry in entries[:limit]]
    demo = set(Expert.objects.filter(pk__in=shown, is_demo=True).values_list("pk", flat=True))

    def item(entry: roster.DirectoryEntry) -> profiles.ProfileItem:
        if entry.is_member and entry.term_ends_on is not None:
            url = f"{profiles.list_url('panel:roster')}#expert-{entry.id}"
            date = formats.date_format(entry.term_ends_on)
            note = gettext("Panel member until %(date)s") % {"date": date}
        else:
            url = profiles.list_url("panel:nomination-list")
            note = gettext("Nominated, not a member today")
        return profiles.profile_item(entry.name, url, note, is_demo=entry.id in demo)

    return profiles.section_of(entries, limit, item)


def register() -> None:
    profiles.register_country_section(
        "panel.experts", _("Scientific panel experts"), experts, order=80
    )
