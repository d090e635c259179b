"""Reads of the policy dialogue, each already narrowed to what the actor may see.

Every read of incident reports starts from `incident_report_list`, which applies the one scope
in `aigov.dialogue.permissions`: pages, API, exports, the feed, counts and charts all call it, and
search compiles the same queryset into its SQL.
"""

import datetime
import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext

from aigov.core.errors import InvalidInput, NotFound
from aigov.core.translation import pick
from aigov.dialogue.models import (
    AgendaItem,
    FollowUp,
    Incident,
    IncidentReport,
    Practice,
    Registration,
    Segment,
    Session,
    Statement,
    StatementDocument,
)
from aigov.dialogue.permissions import visible as scope
from aigov.landscape.models import Policy
from aigov.landscape.selectors import policy_list
from aigov.panel.models import Report
from aigov.panel.reports import report_list
from aigov.standards.models import Standard
from aigov.standards.selectors import standard_list
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


def incident_report_versions(*, actor: Any, report: IncidentReport) -> QuerySet[IncidentReport]:
    """Return the published versions of `report` that `actor` may read, newest first (the
    secretariat also sees the withdrawn ones)."""
    return incident_report_list(actor=actor).filter(published_from=report)


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


def _incident_counts(
    visible: QuerySet[IncidentReport], field: str
) -> tuple[dict[str, int], dict[str, int]]:
    """Return, per key of the many-to-many `field`, the incidents with a report in `visible`
    and all incidents (withdrawn versions left out of both), in one grouped query.

    The query reads the link table once and counts twice, the visible count filtered by the
    permission scope as a subquery; four grouped queries over the report table did the same
    at two to three times the cost (bench/dialogue.py).
    """
    relation = getattr(IncidentReport, field)  # the many-to-many descriptor
    through = relation.through
    key = f"{relation.field.m2m_reverse_field_name()}_id"
    incident = "incidentreport__incident_id"
    rows = (
        through.objects.filter(incidentreport__withdrawn_at__isnull=True)
        .values(key)
        .annotate(
            seen=Count(
                incident, distinct=True, filter=Q(incidentreport_id__in=visible.values("pk"))
            ),
            total=Count(incident, distinct=True),
        )
        .order_by()
        .values_list(key, "seen", "total")
    )
    seen: dict[str, int] = {}
    total: dict[str, int] = {}
    for group, seen_count, total_count in rows:
        seen[str(group)], total[str(group)] = int(seen_count), int(total_count)
    return seen, total


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
    # A withdrawn version counts nowhere, not even among the restricted figures.
    visible = incident_report_list(actor=actor).order_by()
    # Names as plain values: building ~200 model instances cost more than the counting.
    area_names = {
        slug: pick(names).text for slug, names in RiskArea.objects.values_list("slug", "names")
    }
    by_area = _groups(*_incident_counts(visible, "risk_areas"), area_names)
    country_visible, country_all = _incident_counts(visible, "countries")
    country_names = {
        iso3: pick(names).text
        for iso3, names in Country.objects.filter(iso3__in=sorted(country_all)).values_list(
            "iso3", "names"
        )
    }
    by_country = _groups(country_visible, country_all, country_names)
    return IncidentStats(MIN_GROUP_SIZE, by_area, by_country)


# Sessions ------------------------------------------------------------------------------------


def session_list(*, actor: Any) -> QuerySet[Session]:
    """Return the dialogue sessions (public), latest first."""
    sessions = scope(actor, "dialogue.view_session", Session.objects.all())
    return sessions.select_related("country").order_by("-starts_on", "slug")


def _policies(actor: Any) -> QuerySet[Policy]:
    # Linked records are listed by name only: no need for their own tags.
    return policy_list(actor=actor).prefetch_related(None).order_by("slug")


def _standards(actor: Any) -> QuerySet[Standard]:
    return standard_list(actor=actor).prefetch_related(None).order_by("reference")


def _reports(actor: Any) -> QuerySet[Report]:
    # Only the panel reports `actor` may read: a draft is absent for everyone else.
    return report_list(actor=actor).select_related(None).order_by("slug")


def _agenda_items(actor: Any) -> QuerySet[AgendaItem]:
    return (
        AgendaItem.objects.select_related("segment")
        .prefetch_related(
            Prefetch("policies", queryset=_policies(actor)),
            Prefetch("standards", queryset=_standards(actor)),
            Prefetch("reports", queryset=_reports(actor)),
        )
        .order_by("position", "pk")
    )


def statement_list(*, actor: Any, session: Session | None = None) -> QuerySet[Statement]:
    """Return the statements `actor` may see (published ones, own ones; all for the
    secretariat), oldest first, with their documents."""
    statements = scope(actor, "dialogue.view_statement", Statement.objects.all())
    if session is not None:
        statements = statements.filter(session=session)
    return (
        statements.select_related("agenda_item", "session")
        .prefetch_related(
            Prefetch("documents", queryset=StatementDocument.objects.order_by("language"))
        )
        .order_by("created_at", "pk")
    )


def statement_get(*, actor: Any, pk: int) -> Statement:
    """Return one statement `actor` may see; raise NotFound for a missing or hidden one."""
    statement = statement_list(actor=actor).filter(pk=pk).first()
    if statement is None:
        raise NotFound()
    return statement


def document_get(*, actor: Any, pk: int) -> StatementDocument:
    """Return a document whose statement `actor` may see; raise NotFound otherwise, so the file
    of a statement awaiting publication cannot be reached by its address."""
    visible = statement_list(actor=actor).order_by().values("pk")
    document = (
        StatementDocument.objects.select_related("statement").filter(pk=pk, statement__in=visible)
    ).first()
    if document is None:
        raise NotFound()
    return document


def session_get(*, actor: Any, slug: str) -> Session:
    """Return one session with its segments, agenda (with links to policies, standards and the
    panel reports `actor` may read) and
    the statements `actor` may see; raise NotFound.

    Incident links of the agenda are not prefetched: `agenda_incident_reports` gives, per item,
    only the reports the actor may read.
    """
    session = (
        session_list(actor=actor)
        .prefetch_related(
            "segments",
            Prefetch("agenda_items", queryset=_agenda_items(actor)),
            Prefetch(
                "statements",
                queryset=statement_list(actor=actor),
                to_attr="visible_statements",
            ),
        )
        .filter(slug=slug)
        .first()
    )
    if session is None:
        raise NotFound()
    return session


def segment_get(*, actor: Any, session: Session, pk: int) -> Segment:
    """Return one segment of `session`; raise NotFound."""
    segment = Segment.objects.filter(session=session, pk=pk).first()
    if segment is None:
        raise NotFound()
    return segment


def agenda_item_get(*, actor: Any, session: Session, pk: int) -> AgendaItem:
    """Return one agenda item of `session` with its links; raise NotFound."""
    item = _agenda_items(actor).filter(session=session, pk=pk).first()
    if item is None:
        raise NotFound()
    return item


def agenda_item_incident_numbers(*, actor: Any, item: AgendaItem) -> list[int]:
    """Return the numbers of the incidents `item` links that `actor` may read (for a form)."""
    visible = incident_report_list(actor=actor).order_by().values("incident_id")
    return sorted(item.incidents.filter(pk__in=visible).values_list("pk", flat=True))


@dataclass(frozen=True)
class LinkTargets:
    incidents: list[Incident]
    policies: list[Policy]
    standards: list[Standard]
    reports: list[Report]


def link_targets(
    *,
    actor: Any,
    incidents: Iterable[int] = (),
    policies: Iterable[str] = (),
    standards: Iterable[str] = (),
    reports: Iterable[str] = (),
) -> LinkTargets:
    """Resolve incident numbers, policy slugs, standard references and panel report slugs to
    link; raise InvalidInput naming each unknown one. An incident or a panel report the actor
    may not read is unknown too, with the same message, so the error tells nothing about it."""
    errors: list[dict[str, Any]] = []
    found_incidents = []
    for number in dict.fromkeys(incidents):
        try:
            found_incidents.append(incident_get(actor=actor, pk=int(number)))
        except (NotFound, ValueError, OverflowError):
            errors.append(
                {
                    "field": "incidents",
                    "code": "unknown",
                    "message": gettext("There is no incident %(number)s.") % {"number": number},
                }
            )
    slugs = [str(slug).strip() for slug in policies if str(slug).strip()]
    by_slug = {policy.slug: policy for policy in policy_list(actor=actor).filter(slug__in=slugs)}
    errors.extend(
        {
            "field": "policies",
            "code": "unknown",
            "message": gettext("There is no policy %(slug)s in the landscape library.")
            % {"slug": slug},
        }
        for slug in slugs
        if slug not in by_slug
    )
    references = [str(ref).strip() for ref in standards if str(ref).strip()]
    by_reference = {
        standard.reference: standard
        for standard in standard_list(actor=actor).filter(reference__in=references)
    }
    errors.extend(
        {
            "field": "standards",
            "code": "unknown",
            "message": gettext("There is no standard %(reference)s in the register.")
            % {"reference": reference},
        }
        for reference in references
        if reference not in by_reference
    )
    report_slugs = [str(slug).strip() for slug in reports if str(slug).strip()]
    by_report_slug = {
        report.slug: report for report in _reports(actor).filter(slug__in=report_slugs)
    }
    errors.extend(
        {
            "field": "reports",
            "code": "unknown",
            "message": gettext("There is no panel report %(slug)s.") % {"slug": slug},
        }
        for slug in report_slugs
        if slug not in by_report_slug
    )
    if errors:
        raise InvalidInput(errors=errors)
    return LinkTargets(
        incidents=found_incidents,
        policies=[by_slug[slug] for slug in dict.fromkeys(slugs)],
        standards=[by_reference[ref] for ref in dict.fromkeys(references)],
        reports=[by_report_slug[slug] for slug in dict.fromkeys(report_slugs)],
    )


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
        .prefetch_related(
            "sessions",
            Prefetch("policies", queryset=_policies(actor)),
            Prefetch("standards", queryset=_standards(actor)),
        )
        .order_by("-created_at", "-pk")
    )


def practice_get(*, actor: Any, pk: int) -> Practice:
    """Return one practice `actor` may see; raise NotFound for a missing or hidden one."""
    practice = practice_list(actor=actor).filter(pk=pk).first()
    if practice is None:
        raise NotFound()
    return practice
