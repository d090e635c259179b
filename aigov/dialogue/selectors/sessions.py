"""Reads of dialogue sessions: agenda, statements, documents and registrations."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Prefetch, QuerySet
from django.utils.translation import gettext

from aigov.accounts.access import Actor, scope
from aigov.core.errors import NotFound
from aigov.dialogue.models import (
    AgendaItem,
    IncidentReport,
    Registration,
    Segment,
    Session,
    Statement,
    StatementDocument,
)
from aigov.dialogue.selectors.incidents import incident_report_list
from aigov.dialogue.selectors.links import _policies, _reports, _standards
from aigov.taxonomy.models import RegionalGroup


def session_list(*, actor: Actor) -> QuerySet[Session]:
    """Return the dialogue sessions (public), latest first."""
    sessions = scope(actor, "dialogue.view_session", Session.objects.all())
    return sessions.select_related("country").order_by("-starts_on", "slug")


def session_next(*, actor: Actor, today: datetime.date) -> Session | None:
    """Return the session `actor` may see that is under way or comes next on `today`."""
    return (
        session_list(actor=actor).filter(ends_on__gte=today).order_by("starts_on", "slug").first()
    )


def session_recent(*, actor: Actor, limit: int) -> list[Session]:
    """Return the `limit` sessions `actor` may see that were scheduled last, newest first."""
    return list(session_list(actor=actor).order_by("-created_at", "-id")[:limit])


def _agenda_items(actor: Actor) -> QuerySet[AgendaItem]:
    return (
        AgendaItem.objects.select_related("segment")
        .prefetch_related(
            Prefetch("policies", queryset=_policies(actor)),
            Prefetch("standards", queryset=_standards(actor)),
            Prefetch("reports", queryset=_reports(actor)),
        )
        .order_by("position", "pk")
    )


def statement_list(*, actor: Actor, session: Session | None = None) -> QuerySet[Statement]:
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


def statement_get(*, actor: Actor, pk: int) -> Statement:
    """Return one statement `actor` may see; raise NotFound for a missing or hidden one."""
    statement = statement_list(actor=actor).filter(pk=pk).first()
    if statement is None:
        raise NotFound()
    return statement


def document_get(*, actor: Actor, pk: int) -> StatementDocument:
    """Return a document whose statement `actor` may see; raise NotFound otherwise, so the file
    of a statement awaiting publication cannot be reached by its address."""
    visible = statement_list(actor=actor).order_by().values("pk")
    document = (
        StatementDocument.objects.select_related("statement").filter(pk=pk, statement__in=visible)
    ).first()
    if document is None:
        raise NotFound()
    return document


def session_get(*, actor: Actor, slug: str) -> Session:
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


def segment_get(*, actor: Actor, session: Session, pk: int) -> Segment:
    """Return one segment of `session`; raise NotFound."""
    segment = Segment.objects.filter(session=session, pk=pk).first()
    if segment is None:
        raise NotFound()
    return segment


def agenda_item_get(*, actor: Actor, session: Session, pk: int) -> AgendaItem:
    """Return one agenda item of `session` with its links; raise NotFound."""
    item = _agenda_items(actor).filter(session=session, pk=pk).first()
    if item is None:
        raise NotFound()
    return item


def agenda_item_incident_numbers(*, actor: Actor, item: AgendaItem) -> list[int]:
    """Return the numbers of the incidents `item` links that `actor` may read (for a form)."""
    visible = incident_report_list(actor=actor).order_by().values("incident_id")
    return sorted(item.incidents.filter(pk__in=visible).values_list("pk", flat=True))


def agenda_incident_reports(*, actor: Actor, session: Session) -> dict[int, list[IncidentReport]]:
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


def registration_list(*, actor: Actor, session: Session) -> QuerySet[Registration]:
    """Return the registrations for `session` that `actor` may see."""
    registrations = scope(
        actor, "dialogue.view_registration", Registration.objects.filter(session=session)
    )
    return registrations.select_related("user", "country").order_by("created_at", "pk")
