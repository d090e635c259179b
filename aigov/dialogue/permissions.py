"""Rules of the dialogue module: who may see and file incident reports, run sessions, etc.

The confidentiality a reporter chooses decides who reads a report (issue 8, "Nothing leaks"):

- `public`: everyone, signed in or not;
- `member_states`: every focal point, of any country, and the secretariat;
- `reporting_state`: the focal points of the reporting state, and the secretariat;
- `secretariat`: the secretariat only.

The reporter always reads their own report, and administrators read everything. A published
version the secretariat withdrew is read by the secretariat only. The queryset
scope below is the one decision every read path starts from: pages, API, search (compiled into
its SQL), exports, the feed, counts and charts; the predicate beside it answers for one report,
and `tests/test_rule_agreement.py` proves the two equal for every actor and report state.

System jobs hold only what their purpose needs (`jobs=`): `aigov demo load` files reports for
the states it names, runs a session and publishes its statements and practice; `aigov import`
(the operator) files reports, writes sessions and submits practices. Every other permission a
job asks for is answered as for a visitor.
"""

from typing import Any

import rules
from django.db.models import Q, QuerySet

from aigov.accounts.access import Actor, Purpose, rule
from aigov.accounts.predicates import (
    focal_point_countries,
    is_administrator,
    is_focal_point,
    is_secretariat,
    is_signed_in,
)
from aigov.dialogue.models import (
    Confidentiality,
    FollowUp,
    IncidentReport,
    Practice,
    Registration,
    Statement,
)

is_secretariat_or_admin = is_administrator | is_secretariat


def _signed_in(actor: Actor) -> bool:
    return bool(getattr(actor, "is_authenticated", False))


def reporting_states(actor: Actor) -> frozenset[str]:
    """Return the ISO alpha-3 codes of the states `actor` reports for as a focal point."""
    return focal_point_countries(actor)


# Incident reports ----------------------------------------------------------------------------


def _report_condition(actor: Actor) -> Q | None:
    """Return the filter on IncidentReport for what `actor` may read; None means everything."""
    if is_secretariat_or_admin(actor):
        return None
    condition = Q(confidentiality=Confidentiality.PUBLIC)
    if _signed_in(actor):
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


def reports_visible_to(actor: Actor, queryset: QuerySet[Any]) -> QuerySet[Any]:
    """Return the incident reports of `queryset` that `actor` may read."""
    condition = _report_condition(actor)
    return queryset if condition is None else queryset.filter(condition)


@rules.predicate
def can_view_report(actor: Actor, report: IncidentReport | None) -> bool:
    """Whether `actor` may read `report` (the predicate half of `reports_visible_to`)."""
    if report is None:
        return False
    if is_secretariat_or_admin(actor):
        return True
    if report.withdrawn_at is not None:
        return False
    if report.confidentiality == Confidentiality.PUBLIC:
        return True
    if not _signed_in(actor):
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
def can_edit_report(actor: Actor, report: IncidentReport | None) -> bool:
    """The reporter, the focal points of the reporting state and the secretariat edit a filed
    report; a published version is a copy made by the secretariat and is not edited."""
    if report is None or report.published_from_id is not None:
        return False
    if is_secretariat_or_admin(actor):
        return True
    if not _signed_in(actor):
        return False
    if report.reporter_id == actor.pk:
        return True
    return report.reporting_state_id is not None and (
        report.reporting_state_id in focal_point_countries(actor)
    )


# Follow-up notes: signed-in readers of the report only (issue 17, part 3: the scope once gave
# the notes of a public report to anonymous visitors, while the predicate asked for sign-in).


def follow_ups_visible_to(actor: Actor, queryset: QuerySet[Any]) -> QuerySet[Any]:
    """Return the follow-up notes of `queryset` on reports that a signed-in `actor` may read."""
    if not _signed_in(actor):
        return queryset.none()
    condition = _report_condition(actor)
    if condition is None:
        return queryset
    return queryset.filter(report__in=IncidentReport.objects.filter(condition).values("pk"))


@rules.predicate
def can_view_follow_up(actor: Actor, follow_up: FollowUp | None) -> bool:
    """Whether `actor` is signed in and may read the report `follow_up` is about."""
    return (
        follow_up is not None
        and _signed_in(actor)
        and bool(can_view_report(actor, follow_up.report))
    )


# Statements, registrations and practices -----------------------------------------------------


def _published_or_own(actor: Actor, queryset: QuerySet[Any], published: Q) -> QuerySet[Any]:
    """Return the records of `queryset` the public sees (`published`), those `actor` submitted,
    and all of them for the secretariat."""
    if is_secretariat_or_admin(actor):
        return queryset
    condition = published
    if _signed_in(actor):
        condition |= Q(submitted_by_id=actor.pk)
    return queryset.filter(condition)


def _is_published_or_own(
    actor: Actor, record: Statement | Practice | None, *, published: bool
) -> bool:
    """The predicate half of `_published_or_own` for one record."""
    if record is None:
        return False
    if is_secretariat_or_admin(actor) or published:
        return True
    return _signed_in(actor) and record.submitted_by_id == actor.pk


def statements_visible_to(actor: Actor, queryset: QuerySet[Any]) -> QuerySet[Any]:
    """Return the statements of `queryset` that `actor` may see: published ones and their own
    (a statement awaiting publication is seen by its submitter and the secretariat only)."""
    return _published_or_own(actor, queryset, Q(status=Statement.Status.PUBLISHED))


@rules.predicate
def can_view_statement(actor: Actor, statement: Statement | None) -> bool:
    published = statement is not None and statement.status == Statement.Status.PUBLISHED
    return _is_published_or_own(actor, statement, published=published)


@rules.predicate
def can_edit_statement(actor: Actor, statement: Statement | None) -> bool:
    """The secretariat, or the submitter (documents in more languages, or taking it back)."""
    return _is_published_or_own(actor, statement, published=False)


def sessions_visible_to(actor: Actor, queryset: QuerySet[Any]) -> QuerySet[Any]:
    """Return `queryset`: sessions are public."""
    return queryset


def registrations_visible_to(actor: Actor, queryset: QuerySet[Any]) -> QuerySet[Any]:
    """Return the registrations of `queryset` that `actor` may see: who registered is personal
    data, so the secretariat sees every registration and people their own."""
    if is_secretariat_or_admin(actor):
        return queryset
    if _signed_in(actor):
        return queryset.filter(user_id=actor.pk)
    return queryset.none()


@rules.predicate
def can_view_registration(actor: Actor, registration: Registration | None) -> bool:
    if registration is None:
        return False
    if is_secretariat_or_admin(actor):
        return True
    return _signed_in(actor) and registration.user_id == actor.pk


def practices_visible_to(actor: Actor, queryset: QuerySet[Any]) -> QuerySet[Any]:
    """Return the practices of `queryset` that `actor` may see: accepted ones, their own, and
    all of them for the secretariat."""
    return _published_or_own(actor, queryset, Q(status=Practice.Status.ACCEPTED))


@rules.predicate
def can_view_practice(actor: Actor, practice: Practice | None) -> bool:
    accepted = practice is not None and practice.status == Practice.Status.ACCEPTED
    return _is_published_or_own(actor, practice, published=accepted)


def register() -> None:
    demo, operator = Purpose.DEMO_DATA, Purpose.OPERATOR
    rule("dialogue.view_incidentreport", can_view_report, scope=reports_visible_to)
    rule("dialogue.view_followup", can_view_follow_up, scope=follow_ups_visible_to)
    # Filing: focal points (for their state) and the secretariat; the demonstration data and
    # `aigov import dialogue-incidents` file reports too.
    rule(
        "dialogue.file_incidentreport",
        is_focal_point | is_secretariat_or_admin,
        jobs=(demo, operator),
    )
    # Naming any state as the reporting state (a focal point reports for their own state).
    rule("dialogue.name_reporting_state", is_secretariat_or_admin, jobs=(demo, operator))
    # Linking, publishing, status and follow-up: the secretariat.
    rule("dialogue.manage_incidents", is_secretariat_or_admin)
    rule("dialogue.edit_incidentreport", can_edit_report)
    rule("dialogue.withdraw_incidentreport", is_secretariat_or_admin)
    rule("dialogue.view_session", rules.always_allow, scope=sessions_visible_to)
    # Sessions, segments and agenda: the secretariat, the demonstration session and
    # `aigov import dialogue-sessions`.
    rule("dialogue.manage_sessions", is_secretariat_or_admin, jobs=(demo, operator))
    rule("dialogue.register_session", is_signed_in)
    rule("dialogue.view_registration", can_view_registration, scope=registrations_visible_to)
    rule("dialogue.submit_statement", is_signed_in, jobs=(demo,))
    # States (their focal points) and the secretariat speak at once; others wait for review.
    # The demonstration session's statements are published at once.
    rule("dialogue.publish_statement", is_focal_point | is_secretariat_or_admin, jobs=(demo,))
    rule("dialogue.view_statement", can_view_statement, scope=statements_visible_to)
    rule("dialogue.edit_statement", can_edit_statement)
    rule("dialogue.view_practice", can_view_practice, scope=practices_visible_to)
    # Any signed-in user submits a practice; so do the demonstration data and
    # `aigov import dialogue-practices`. The demonstration practice is accepted.
    rule("dialogue.submit_practice", is_signed_in, jobs=(demo, operator))
    rule("dialogue.review_practice", is_secretariat_or_admin, jobs=(demo,))
