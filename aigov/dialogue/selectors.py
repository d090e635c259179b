"""Reads of the policy dialogue, each already narrowed to what the actor may see.

Every read of incident reports starts from `incident_report_list`, which applies the one scope
in `aigov.dialogue.permissions`: pages, API, exports, the feed, counts and charts all call it, and
search compiles the same queryset into its SQL.
"""

import datetime
import difflib
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Prefetch, QuerySet
from django.utils.translation import gettext

from aigov.core.errors import NotFound
from aigov.core.translation import pick
from aigov.dialogue.models import (
    AgendaItem,
    FollowUp,
    Incident,
    IncidentReport,
    Practice,
    Registration,
    Session,
    Statement,
)
from aigov.dialogue.permissions import visible as scope
from aigov.taxonomy.models import Country, RegionalGroup, RiskArea

# Aggregates over records a reader may not see are shown only for groups of at least this many
# incidents (issue 8, part 3), so a count cannot single out one confidential report.
MIN_GROUP_SIZE = 5
DUPLICATE_WINDOW_DAYS = 30


_LIST_FIELDS = [
    *(field.name for field in IncidentReport._meta.concrete_fields),
    "reporting_state__iso3",
    "reporting_state__names",
]


def incident_report_list(
    *,
    actor: Any,
    country: str | None = None,
    risk_area: str | None = None,
    status: str | None = None,
) -> QuerySet[IncidentReport]:
    """Return the incident reports `actor` may read, newest first, filtered."""
    reports = scope(actor, "dialogue.view_incidentreport", IncidentReport.objects.all())
    if country:
        reports = reports.filter(countries__iso3=country.upper())
    if risk_area:
        reports = reports.filter(risk_areas__slug=risk_area)
    if status:
        reports = reports.filter(status=status)
    # Only the columns a list shows: a country row also holds every other spelling of its name.
    return (
        reports.select_related("reporting_state")
        .only(*_LIST_FIELDS)
        .prefetch_related(
            Prefetch("countries", queryset=Country.objects.only("iso3", "names").order_by("iso3")),
            Prefetch(
                "risk_areas", queryset=RiskArea.objects.only("slug", "names").order_by("slug")
            ),
        )
        .order_by("-created_at", "-pk")
    )


def public_incident_report_list() -> QuerySet[IncidentReport]:
    """Return what an anonymous visitor may read (the Atom feed serves only this)."""
    return incident_report_list(actor=AnonymousUser())


def incident_report_get(*, actor: Any, pk: int) -> IncidentReport:
    """Return one report `actor` may read; raise NotFound for a missing or hidden one."""
    report = incident_report_list(actor=actor).filter(pk=pk).first()
    if report is None:
        raise NotFound()
    return report


def incident_report_siblings(*, actor: Any, report: IncidentReport) -> QuerySet[IncidentReport]:
    """Return the other reports of the same incident that `actor` may read."""
    return (
        incident_report_list(actor=actor)
        .filter(incident_id=report.incident_id)
        .exclude(pk=report.pk)
    )


def incident_get(*, actor: Any, pk: int) -> Incident:
    """Return an incident with at least one report `actor` may read; raise NotFound otherwise."""
    visible = incident_report_list(actor=actor).filter(incident_id=pk)
    incident = Incident.objects.filter(pk=pk, reports__in=visible).distinct().first()
    if incident is None:
        raise NotFound()
    return incident


def follow_up_list(*, actor: Any, report: IncidentReport) -> QuerySet[FollowUp]:
    """Return the follow-up notes on `report` that `actor` may read, oldest first."""
    notes = scope(actor, "dialogue.view_followup", FollowUp.objects.filter(report=report))
    return notes.select_related("author").order_by("created_at", "pk")


@dataclass(frozen=True)
class DuplicateSuggestion:
    report: IncidentReport
    score: float
    shared_countries: list[str]
    days_apart: int | None


def _similarity(left: str, right: str) -> float:
    return difflib.SequenceMatcher(None, left.casefold(), right.casefold()).ratio()


def incident_duplicate_suggestions(
    *, actor: Any, report: IncidentReport, limit: int = 5
) -> list[DuplicateSuggestion]:
    """Return reports in other incidents that may describe the same event, best first.

    A candidate shares a country with `report` and occurred within DUPLICATE_WINDOW_DAYS of it
    (or has no date); it is scored by title similarity (0..1), with a bonus for close dates.
    Only reports `actor` may read are considered.
    """
    countries = [country.iso3 for country in report.countries.all()]
    if not countries:
        return []
    candidates = (
        incident_report_list(actor=actor)
        .filter(countries__iso3__in=countries)
        .exclude(incident_id=report.incident_id)
        .distinct()
    )
    if report.occurred_on is not None:
        window = datetime.timedelta(days=DUPLICATE_WINDOW_DAYS)
        candidates = candidates.filter(
            occurred_on__range=(report.occurred_on - window, report.occurred_on + window)
        ) | candidates.filter(occurred_on__isnull=True)
    suggestions = []
    for candidate in candidates[:200]:
        days = None
        closeness = 0.0
        if report.occurred_on and candidate.occurred_on:
            days = abs((report.occurred_on - candidate.occurred_on).days)
            closeness = 1 - days / (DUPLICATE_WINDOW_DAYS + 1)
        score = 0.8 * _similarity(report.title, candidate.title) + 0.2 * closeness
        shared = sorted({c.iso3 for c in candidate.countries.all()} & set(countries))
        suggestions.append(DuplicateSuggestion(candidate, round(score, 3), shared, days))
    suggestions.sort(key=lambda s: (-s.score, -s.report.pk))
    return suggestions[:limit]


@dataclass(frozen=True)
class GroupCount:
    key: str
    name: str
    count: int  # incidents with a report in this group that the reader may see
    restricted: int | None  # the other incidents in this group, shown only from MIN_GROUP_SIZE


@dataclass(frozen=True)
class IncidentStats:
    threshold: int
    by_risk_area: list[GroupCount]
    by_country: list[GroupCount]

    def as_dict(self) -> dict[str, Any]:
        def groups(items: list[GroupCount]) -> dict[str, dict[str, Any]]:
            return {
                item.key: {"name": item.name, "count": item.count, "restricted": item.restricted}
                for item in items
            }

        return {
            "threshold": self.threshold,
            "by_risk_area": groups(self.by_risk_area),
            "by_country": groups(self.by_country),
        }


def _incident_counts(reports: QuerySet[IncidentReport], field: str) -> dict[str, int]:
    rows = (
        reports.order_by()
        .filter(**{f"{field}__isnull": False})
        .values(field)
        .annotate(incidents=Count("incident", distinct=True))
        .values_list(field, "incidents")
    )
    return {str(key): int(count) for key, count in rows}


def _groups(
    visible: dict[str, int], everything: dict[str, int], names: dict[str, str]
) -> list[GroupCount]:
    groups = []
    for key in sorted(set(everything) | set(visible)):
        count = visible.get(key, 0)
        hidden = everything.get(key, 0) - count
        restricted = hidden if hidden >= MIN_GROUP_SIZE else None
        if count == 0 and restricted is None:
            continue  # a group the reader cannot see at all is not named
        groups.append(GroupCount(key, names.get(key, key), count, restricted))
    return groups


def incident_stats(*, actor: Any) -> IncidentStats:
    """Return incident counts by risk area and by country for `actor`.

    `count` counts the incidents with a report the actor may read; `restricted` the other
    incidents of the group, given only when there are at least MIN_GROUP_SIZE of them (else
    None), and a group the actor sees nothing of appears only then.
    """
    visible = incident_report_list(actor=actor)
    everything = IncidentReport.objects.all()
    area_names = {area.slug: pick(area.names).text for area in RiskArea.objects.all()}
    by_area = _groups(
        _incident_counts(visible, "risk_areas"),
        _incident_counts(everything, "risk_areas"),
        area_names,
    )
    country_visible = _incident_counts(visible, "countries")
    country_all = _incident_counts(everything, "countries")
    wanted = set(country_visible) | set(country_all)
    country_names = {
        country.iso3: pick(country.names).text
        for country in Country.objects.filter(iso3__in=sorted(wanted))
    }
    by_country = _groups(country_visible, country_all, country_names)
    return IncidentStats(MIN_GROUP_SIZE, by_area, by_country)


# Sessions ------------------------------------------------------------------------------------


def session_list(*, actor: Any) -> QuerySet[Session]:
    """Return the dialogue sessions (public), latest first."""
    sessions = scope(actor, "dialogue.view_session", Session.objects.all())
    return sessions.select_related("country").order_by("-starts_on", "slug")


def session_get(*, actor: Any, slug: str) -> Session:
    """Return one session with its segments, agenda, statements and practices; raise NotFound."""
    session = (
        session_list(actor=actor)
        .prefetch_related(
            "segments",
            Prefetch(
                "agenda_items",
                queryset=AgendaItem.objects.select_related("segment").order_by("position", "pk"),
            ),
            Prefetch(
                "statements",
                queryset=Statement.objects.select_related("agenda_item").order_by(
                    "created_at", "pk"
                ),
            ),
        )
        .filter(slug=slug)
        .first()
    )
    if session is None:
        raise NotFound()
    return session


def agenda_incident_reports(*, actor: Any, session: Session) -> dict[int, list[IncidentReport]]:
    """Return, per agenda item of `session`, the reports of its incidents that `actor` may read.

    An agenda item pointing at an incident the actor cannot read shows no link to it.
    """
    links = AgendaItem.incidents.through.objects.filter(agendaitem__session=session)
    incident_items: dict[int, list[int]] = {}
    for item_id, incident_id in links.values_list("agendaitem_id", "incident_id"):
        incident_items.setdefault(incident_id, []).append(item_id)
    result: dict[int, list[IncidentReport]] = {}
    if not incident_items:
        return result
    reports = incident_report_list(actor=actor).filter(incident_id__in=list(incident_items))
    for report in reports:
        for item_id in incident_items[report.incident_id]:
            result.setdefault(item_id, []).append(report)
    return result


@dataclass(frozen=True)
class BalanceRow:
    key: str
    label: str
    count: int
    share: float


@dataclass(frozen=True)
class RegistrationBalance:
    total: int
    by_role: list[BalanceRow]
    by_regional_group: list[BalanceRow]


def registration_balance(*, session: Session) -> RegistrationBalance:
    """Return how many registered for `session`, by role and by UN regional group.

    Only counts are returned: who registered is personal data (see `registration_list`).
    """
    registrations = Registration.objects.filter(session=session)
    total = registrations.count()
    roles = dict(
        registrations.order_by().values("role").annotate(n=Count("pk")).values_list("role", "n")
    )
    groups = dict(
        registrations.order_by()
        .values("country__regional_group")
        .annotate(n=Count("pk"))
        .values_list("country__regional_group", "n")
    )

    def share(count: int) -> float:
        return round(count / total, 3) if total else 0.0

    by_role = [
        BalanceRow(
            role.value, str(role.label), roles.get(role.value, 0), share(roles.get(role.value, 0))
        )
        for role in Registration.Role
    ]
    by_group = [
        BalanceRow(
            group.value,
            str(group.label),
            groups.get(group.value, 0),
            share(groups.get(group.value, 0)),
        )
        for group in RegionalGroup
    ]
    other = sum(count for key, count in groups.items() if key not in RegionalGroup.values)
    if other:
        by_group.append(BalanceRow("", gettext("No country given"), other, share(other)))
    return RegistrationBalance(total, by_role, by_group)


def registration_list(*, actor: Any, session: Session) -> QuerySet[Registration]:
    """Return the registrations for `session` that `actor` may see."""
    registrations = scope(
        actor, "dialogue.view_registration", Registration.objects.filter(session=session)
    )
    return registrations.select_related("user", "country").order_by("created_at", "pk")


# Practices -----------------------------------------------------------------------------------


def practice_list(*, actor: Any, session: Session | None = None) -> QuerySet[Practice]:
    """Return the practices `actor` may see (accepted ones, own ones; all for the secretariat)."""
    practices = scope(actor, "dialogue.view_practice", Practice.objects.all())
    if session is not None:
        practices = practices.filter(sessions=session)
    return (
        practices.select_related("country")
        .prefetch_related("sessions")
        .order_by("-created_at", "-pk")
    )


def practice_get(*, actor: Any, pk: int) -> Practice:
    """Return one practice `actor` may see; raise NotFound for a missing or hidden one."""
    practice = practice_list(actor=actor).filter(pk=pk).first()
    if practice is None:
        raise NotFound()
    return practice
