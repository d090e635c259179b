"""The policy dialogue's sections of a country profile: incident reports about the country, and
statements made on its behalf."""

from typing import Any

from django.db.models import Q
from django.utils import formats
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from aigov.core.translation import pick
from aigov.dialogue import selectors
from aigov.dialogue.models import IncidentReport, Statement
from aigov.taxonomy import profiles
from aigov.taxonomy.models import Country


def _report(report: IncidentReport) -> profiles.ProfileItem:
    note = report.get_confidentiality_display()
    if report.occurred_on is not None:
        note = gettext("%(level)s, occurred on %(date)s") % {
            "level": note,
            "date": formats.date_format(report.occurred_on),
        }
    return profiles.profile_item(
        report.title, report.get_absolute_url(), note, is_demo=report.is_demo
    )


def incidents(actor: Any, country: Country, limit: int) -> profiles.SectionContent:
    """The incident reports naming the country that `actor` may read: the public ones for
    everyone; confidential ones only for those their level admits."""
    reports = selectors.incident_report_list(actor=actor, country=country.iso3)
    more = profiles.list_url("dialogue:incident-list", country=country.iso3)
    return profiles.section_of(reports, limit, _report, more_url=more)


def _statement(statement: Statement) -> profiles.ProfileItem:
    session = statement.session
    note = gettext("%(kind)s, %(session)s") % {
        "kind": statement.get_kind_display(),
        "session": pick(session.titles),
    }
    url = f"{session.get_absolute_url()}#statement-{statement.pk}"
    return profiles.profile_item(statement.titles, url, note, is_demo=statement.is_demo)


def statements(actor: Any, country: Country, limit: int) -> profiles.SectionContent:
    """The statements made on the country's behalf (the speaker is one of its names, in any
    language), newest first: published ones for everyone, awaiting ones for their submitter
    and the secretariat."""
    names = {name.strip() for name in [*country.names.values(), *country.aliases] if name.strip()}
    rows = selectors.statement_list(actor=actor)
    speaking = Q()
    for name in names:
        speaking |= Q(speaker__iexact=name)
    rows = rows.filter(speaking).order_by("-created_at", "-pk") if names else rows.none()
    return profiles.section_of(rows, limit, _statement)


def register() -> None:
    profiles.register_country_section(
        "dialogue.incidents", _("AI incident reports"), incidents, order=60
    )
    profiles.register_country_section(
        "dialogue.statements", _("Statements at the policy dialogue"), statements, order=70
    )
