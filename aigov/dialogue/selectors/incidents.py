"""Reads of incident reports: lists, versions, duplicates and statistics."""

import datetime
import difflib
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Prefetch, Q, QuerySet

from aigov.accounts.access import Actor, scope
from aigov.core.errors import NotFound
from aigov.core.translation import pick
from aigov.core.weights import Weights
from aigov.dialogue.models import FollowUp, Incident, IncidentReport
from aigov.taxonomy.models import Country, RiskArea

# Aggregates over records a reader may not see are shown only for groups of at least this many
# incidents (issue 8, part 3), so a count cannot single out one confidential report.
MIN_GROUP_SIZE = 5
DUPLICATE_WINDOW_DAYS = 30
# How duplicate suggestions are ranked (README, "Scoring weights"): title similarity (0 to 1)
# times `title`, plus closeness of the dates (1 on the same day, 0 at the window's edge or
# with a date missing) times `dates`.
DUPLICATE_WEIGHTS = Weights("dialogue.duplicates", title=0.8, dates=0.2)


_LIST_FIELDS = [
    *(field.name for field in IncidentReport._meta.concrete_fields),
    "reporting_state__iso3",
    "reporting_state__names",
]


def incident_report_list(
    *,
    actor: Actor,
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


def incident_report_get(*, actor: Actor, pk: int) -> IncidentReport:
    """Return one report `actor` may read; raise NotFound for a missing or hidden one."""
    report = incident_report_list(actor=actor).filter(pk=pk).first()
    if report is None:
        raise NotFound()
    return report


def incident_report_siblings(*, actor: Actor, report: IncidentReport) -> QuerySet[IncidentReport]:
    """Return the other reports of the same incident that `actor` may read."""
    return (
        incident_report_list(actor=actor)
        .filter(incident_id=report.incident_id)
        .exclude(pk=report.pk)
    )


def incident_report_versions(*, actor: Actor, report: IncidentReport) -> QuerySet[IncidentReport]:
    """Return the published versions of `report` that `actor` may read, newest first (the
    secretariat also sees the withdrawn ones)."""
    return incident_report_list(actor=actor).filter(published_from=report)


def incident_get(*, actor: Actor, pk: int) -> Incident:
    """Return an incident with at least one report `actor` may read; raise NotFound otherwise."""
    visible = incident_report_list(actor=actor).filter(incident_id=pk)
    incident = Incident.objects.filter(pk=pk, reports__in=visible).distinct().first()
    if incident is None:
        raise NotFound()
    return incident


def follow_up_list(*, actor: Actor, report: IncidentReport) -> QuerySet[FollowUp]:
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
    *, actor: Actor, report: IncidentReport, limit: int = 5
) -> list[DuplicateSuggestion]:
    """Return reports in other incidents that may describe the same event, best first.

    A candidate shares a country with `report` and occurred within DUPLICATE_WINDOW_DAYS of it
    (or has no date); it is scored by title similarity (0..1), with a bonus for close dates.
    Only reports `actor` may read are considered. The score's weights are DUPLICATE_WEIGHTS.
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
    weights = dict(DUPLICATE_WEIGHTS)
    suggestions = []
    for candidate in candidates[:200]:
        days = None
        closeness = 0.0
        if report.occurred_on and candidate.occurred_on:
            days = abs((report.occurred_on - candidate.occurred_on).days)
            closeness = 1 - days / (DUPLICATE_WINDOW_DAYS + 1)
        similarity = _similarity(report.title, candidate.title)
        score = weights["title"] * similarity + weights["dates"] * closeness
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


def incident_stats(*, actor: Actor) -> IncidentStats:
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
