"""Rules of the dialogue module: who may see and file incident reports, run sessions, etc.

The confidentiality a reporter chooses decides who reads a report (issue 8, "Nothing leaks"):

- `public`: everyone, signed in or not;
- `member_states`: every focal point, of any country, and the secretariat;
- `reporting_state`: the focal points of the reporting state, and the secretariat;
- `secretariat`: the secretariat only.

The reporter always reads their own report, and administrators read everything. A published
version the secretariat withdrew is read by the secretariat only. The queryset
scope below is the one decision every read path starts from: pages, API, search (compiled into
its SQL), exports, the feed, counts and charts.
"""

from typing import Any

import rules
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

from aigov.accounts import access
from aigov.accounts.access import Scope, rule
from aigov.accounts.predicates import (
    focal_point_countries,
    is_administrator,
    is_focal_point,
    is_secretariat,
    is_signed_in,
)
from aigov.dialogue.models import Confidentiality

is_secretariat_or_admin = is_administrator | is_secretariat
_VISITOR = AnonymousUser()


def _report_condition(actor: Any) -> Q | None:
    """Return the filter on IncidentReport for what `actor` may read; None means everything."""
    if is_secretariat_or_admin(actor):
        return None
    condition = Q(confidentiality=Confidentiality.PUBLIC)
    if getattr(actor, "is_authenticated", False):
        condition |= Q(reporter_id=actor.pk)
        countries = focal_point_countries(actor)
        if countries:
            condition |= Q(confidentiality=Confidentiality.MEMBER_STATES)
            condition |= Q(
                confidentiality=Confidentiality.REPORTING_STATE,
                reporting_state_id__in=sorted(countries),
            )
    # Only published versions can be withdrawn; a withdrawn one is gone for all but the secretariat.
    return condition & Q(withdrawn_at__isnull=True)


def reports_visible_to(actor: Any, queryset: QuerySet[Any]) -> QuerySet[Any]:
    """Return the incident reports of `queryset` that `actor` may read."""
    condition = _report_condition(actor)
    return queryset if condition is None else queryset.filter(condition)


def follow_ups_visible_to(actor: Any, queryset: QuerySet[Any]) -> QuerySet[Any]:
    """Return the follow-up notes on reports that `actor` may read."""
    condition = _report_condition(actor)
    if condition is None:
        return queryset
    return queryset.filter(report__in=_all_reports().filter(condition))


def _all_reports() -> QuerySet[Any]:
    from aigov.dialogue.models import IncidentReport

    return IncidentReport.objects.all()


@rules.predicate
def can_view_report(actor: Any, report: Any) -> bool:
    if report is None:
        return False
    if is_secretariat_or_admin(actor):
        return True
    if report.withdrawn_at is not None:
        return False
    if report.confidentiality == Confidentiality.PUBLIC:
        return True
    if not getattr(actor, "is_authenticated", False):
        return False
    if report.reporter_id == actor.pk:
        return True
    countries = focal_point_countries(actor)
    if report.confidentiality == Confidentiality.MEMBER_STATES:
        return bool(countries)
    if report.confidentiality == Confidentiality.REPORTING_STATE:
        return report.reporting_state_id in countries
    return False


@rules.predicate
def can_edit_report(actor: Any, report: Any) -> bool:
    """The reporter, the focal points of the reporting state and the secretariat edit a filed
    report; a published version is a copy made by the secretariat and is not edited."""
    if report is None or report.published_from_id is not None:
        return False
    if is_secretariat_or_admin(actor):
        return True
    if not getattr(actor, "is_authenticated", False):
        return False
    if report.reporter_id == actor.pk:
        return True
    return report.reporting_state_id is not None and (
        report.reporting_state_id in focal_point_countries(actor)
    )


def _statements_visible_to(actor: Any, queryset: QuerySet[Any]) -> QuerySet[Any]:
    # A statement awaiting publication is seen by its submitter and the secretariat only.
    if is_secretariat_or_admin(actor):
        return queryset
    condition = Q(status="published")
    if getattr(actor, "is_authenticated", False):
        condition |= Q(submitted_by_id=actor.pk)
    return queryset.filter(condition)


@rules.predicate
def can_view_statement(actor: Any, statement: Any) -> bool:
    if statement is None:
        return False
    if is_secretariat_or_admin(actor) or statement.status == "published":
        return True
    return bool(getattr(actor, "is_authenticated", False) and statement.submitted_by_id == actor.pk)


@rules.predicate
def can_edit_statement(actor: Any, statement: Any) -> bool:
    """The secretariat, or the submitter (documents in more languages, or taking it back)."""
    if statement is None:
        return False
    if is_secretariat_or_admin(actor):
        return True
    return bool(getattr(actor, "is_authenticated", False) and statement.submitted_by_id == actor.pk)


def _everything(actor: Any, queryset: QuerySet[Any]) -> QuerySet[Any]:
    return queryset


def _registrations_visible_to(actor: Any, queryset: QuerySet[Any]) -> QuerySet[Any]:
    # Who registered is personal data: the secretariat sees every registration, people their own.
    if is_secretariat_or_admin(actor):
        return queryset
    if getattr(actor, "is_authenticated", False):
        return queryset.filter(user_id=actor.pk)
    return queryset.none()


def _practices_visible_to(actor: Any, queryset: QuerySet[Any]) -> QuerySet[Any]:
    from aigov.dialogue.models import Practice

    if is_secretariat_or_admin(actor):
        return queryset
    condition = Q(status=Practice.Status.ACCEPTED)
    if getattr(actor, "is_authenticated", False):
        condition |= Q(submitted_by_id=actor.pk)
    return queryset.filter(condition)


@rules.predicate
def can_view_practice(actor: Any, practice: Any) -> bool:
    from aigov.dialogue.models import Practice

    if practice is None:
        return False
    if is_secretariat_or_admin(actor) or practice.status == Practice.Status.ACCEPTED:
        return True
    return bool(getattr(actor, "is_authenticated", False) and practice.submitted_by_id == actor.pk)


_SCOPES: dict[str, Scope] = {}


def _rule(perm: str, predicate: rules.Predicate, *, scope: Scope | None = None) -> None:
    rule(perm, predicate, scope=scope)
    if scope is not None:
        _SCOPES[perm] = scope


def visible(actor: Any, perm: str, queryset: QuerySet[Any]) -> QuerySet[Any]:
    """Return the part of `queryset` that `actor` may read under `perm`.

    The system actor (commands, exports) cannot sign in, so `access` treats it as a
    deactivated account; it reads what a visitor reads: what is public and nothing more.
    """
    if getattr(actor, "is_system", False):
        return _SCOPES[perm](_VISITOR, queryset)
    return access.scope(actor, perm, queryset)


def register() -> None:
    rule = _rule
    rule("dialogue.view_incidentreport", can_view_report, scope=reports_visible_to)
    rule("dialogue.view_followup", is_signed_in, scope=follow_ups_visible_to)
    # Filing: focal points (for their state) and the secretariat.
    rule("dialogue.file_incidentreport", is_focal_point | is_secretariat_or_admin)
    # Linking, publishing, status and follow-up: the secretariat.
    rule("dialogue.manage_incidents", is_secretariat_or_admin)
    rule("dialogue.view_session", rules.always_allow, scope=_everything)
    rule("dialogue.manage_sessions", is_secretariat_or_admin)
    rule("dialogue.register_session", is_signed_in)
    rule("dialogue.submit_statement", is_signed_in)
    # States (their focal points) and the secretariat speak at once; others wait for review.
    rule("dialogue.publish_statement", is_focal_point | is_secretariat_or_admin)
    rule("dialogue.view_statement", can_view_statement, scope=_statements_visible_to)
    rule("dialogue.edit_statement", can_edit_statement)
    rule("dialogue.edit_incidentreport", can_edit_report)
    rule("dialogue.withdraw_incidentreport", is_secretariat_or_admin)
    rule("dialogue.view_registration", is_signed_in, scope=_registrations_visible_to)
    rule("dialogue.view_practice", can_view_practice, scope=_practices_visible_to)
    rule("dialogue.submit_practice", is_signed_in)
    rule("dialogue.review_practice", is_secretariat_or_admin)
