"""Rules of the fund: who records contributions, who runs calls and grants, who reads what.

Three roles meet here (issue 21): the **public** (anyone, signed in or not) reads the fund's
public page, calls, grants and every *public* contribution and pledge; a **donor** (a member of
a contributor) records its contributions and reads its own statement, private records included;
the **secretariat** (and administrators) runs calls, decisions, grants and disbursements, reads
the books and every record. A private contribution or pledge is read by the secretariat and
the contributor's own members only, and is left out of every public figure: the queryset scopes
below are where pages, API, exports and counts all start.
"""

from typing import Any

import rules
from django.db.models import Q, QuerySet

from aigov.accounts.access import Actor, Purpose, rule
from aigov.accounts.models import Role
from aigov.accounts.predicates import has_role, is_administrator, is_secretariat, is_signed_in
from aigov.fund.models import (
    Application,
    Call,
    Contribution,
    Contributor,
    Grant,
    Pledge,
    Review,
)

is_secretariat_or_admin = is_administrator | is_secretariat
is_donor = has_role(Role.DONOR)
is_expert = has_role(Role.EXPERT)


def _signed_in(actor: Actor) -> bool:
    return bool(getattr(actor, "is_authenticated", False))


# Contributors, contributions and pledges ------------------------------------------------------


def contributors_acted_for(actor: Actor, queryset: QuerySet[Any]) -> QuerySet[Any]:
    """Return the contributors of `queryset` whose statement `actor` reads: the donor's own
    (those they are a member of), and all of them for the secretariat."""
    if is_secretariat_or_admin(actor):
        return queryset
    if not _signed_in(actor):
        return queryset.none()
    return queryset.filter(members=actor.pk)


@rules.predicate
def can_view_statement(actor: Actor, contributor: Contributor | None) -> bool:
    if contributor is None:
        return False
    if is_secretariat_or_admin(actor):
        return True
    return _signed_in(actor) and contributor.members.filter(pk=actor.pk).exists()


def _public_or_own(actor: Actor, queryset: QuerySet[Any]) -> QuerySet[Any]:
    if is_secretariat_or_admin(actor):
        return queryset
    condition = Q(is_public=True)
    if _signed_in(actor):
        condition |= Q(contributor__members=actor.pk)
    return queryset.filter(condition).distinct()


def _is_public_or_own(actor: Actor, record: Contribution | Pledge | None) -> bool:
    if record is None:
        return False
    if is_secretariat_or_admin(actor) or record.is_public:
        return True
    return _signed_in(actor) and record.contributor.members.filter(pk=actor.pk).exists()


def contributions_visible_to(actor: Actor, queryset: QuerySet[Any]) -> QuerySet[Any]:
    """Return the contributions of `queryset` that `actor` may read: public ones, the donor's
    own, and all of them for the secretariat."""
    return _public_or_own(actor, queryset)


@rules.predicate
def can_view_contribution(actor: Actor, contribution: Contribution | None) -> bool:
    return _is_public_or_own(actor, contribution)


def pledges_visible_to(actor: Actor, queryset: QuerySet[Any]) -> QuerySet[Any]:
    """Return the pledges of `queryset` that `actor` may read (as for contributions)."""
    return _public_or_own(actor, queryset)


@rules.predicate
def can_view_pledge(actor: Actor, pledge: Pledge | None) -> bool:
    return _is_public_or_own(actor, pledge)


@rules.predicate
def can_record_for(actor: Actor, contributor: Contributor | None) -> bool:
    """The secretariat records for any contributor; a donor for its own."""
    if contributor is None:
        return False
    if is_secretariat_or_admin(actor):
        return True
    return (
        bool(is_donor(actor))
        and contributor.pk is not None
        and contributor.members.filter(pk=actor.pk).exists()
    )


# Calls, applications and reviews ---------------------------------------------------------------


def calls_visible_to(actor: Actor, queryset: QuerySet[Any]) -> QuerySet[Any]:
    """Return the calls of `queryset` that `actor` may read: all but drafts; drafts too for
    the secretariat."""
    if is_secretariat_or_admin(actor):
        return queryset
    return queryset.exclude(status=Call.Status.DRAFT)


@rules.predicate
def can_view_call(actor: Actor, call: Call | None) -> bool:
    if call is None:
        return False
    return bool(is_secretariat_or_admin(actor)) or call.status != Call.Status.DRAFT


def applications_visible_to(actor: Actor, queryset: QuerySet[Any]) -> QuerySet[Any]:
    """Return the applications of `queryset` that `actor` may read: the applicant's own; every
    one for experts (the reviewers) and the secretariat."""
    if is_secretariat_or_admin(actor) or is_expert(actor):
        return queryset
    if not _signed_in(actor):
        return queryset.none()
    return queryset.filter(applicant_id=actor.pk)


@rules.predicate
def can_view_application(actor: Actor, application: Application | None) -> bool:
    if application is None:
        return False
    if is_secretariat_or_admin(actor) or is_expert(actor):
        return True
    return _signed_in(actor) and application.applicant_id == actor.pk


@rules.predicate
def can_review_application(actor: Actor, application: Application | None) -> bool:
    """Experts and the secretariat review, never their own application."""
    if application is None or not (is_secretariat_or_admin(actor) or is_expert(actor)):
        return False
    return application.applicant_id != actor.pk


def reviews_visible_to(actor: Actor, queryset: QuerySet[Any]) -> QuerySet[Any]:
    """Return the reviews of `queryset` that `actor` may read: the reviewer's own, every one
    for the secretariat (applicants do not read their reviewers' scores)."""
    if is_secretariat_or_admin(actor):
        return queryset
    if not _signed_in(actor):
        return queryset.none()
    return queryset.filter(reviewer_id=actor.pk)


@rules.predicate
def can_view_review(actor: Actor, review: Review | None) -> bool:
    if review is None:
        return False
    return bool(is_secretariat_or_admin(actor)) or (
        _signed_in(actor) and review.reviewer_id == actor.pk
    )


def grants_visible_to(actor: Actor, queryset: QuerySet[Any]) -> QuerySet[Any]:
    """Return `queryset`: grants are published (the IATI file carries them all)."""
    return queryset


def grants_reported_by(actor: Actor, queryset: QuerySet[Any]) -> QuerySet[Any]:
    """Return the grants of `queryset` that `actor` reports on: the grantee's own (those
    granted on their application), every one for the secretariat."""
    if is_secretariat_or_admin(actor):
        return queryset
    if not _signed_in(actor):
        return queryset.none()
    return queryset.filter(application__applicant_id=actor.pk)


@rules.predicate
def can_report_grant(actor: Actor, grant: Grant | None) -> bool:
    """The grantee (who applied for the grant) and the secretariat report on a grant."""
    if grant is None:
        return False
    if is_secretariat_or_admin(actor):
        return True
    application = grant.application
    return _signed_in(actor) and application is not None and application.applicant_id == actor.pk


def register() -> None:
    demo, operator = Purpose.DEMO_DATA, Purpose.OPERATOR
    rule("fund.view_contributor_statement", can_view_statement, scope=contributors_acted_for)
    rule("fund.view_contribution", can_view_contribution, scope=contributions_visible_to)
    rule("fund.view_pledge", can_view_pledge, scope=pledges_visible_to)
    # Donors record for their own contributor, the secretariat for any; so do the
    # demonstration data and an operator's import.
    rule("fund.record_contribution", can_record_for, jobs=(demo, operator))
    rule("fund.record_contribution_any", is_secretariat_or_admin, jobs=(demo, operator))
    rule("fund.register_contributor", is_donor | is_secretariat_or_admin, jobs=(demo, operator))
    rule("fund.view_call", can_view_call, scope=calls_visible_to)
    rule("fund.apply", is_signed_in, jobs=(demo,))
    rule("fund.view_application", can_view_application, scope=applications_visible_to)
    rule("fund.review_application", can_review_application, jobs=(demo,))
    rule("fund.view_review", can_view_review, scope=reviews_visible_to)
    rule("fund.view_grant", rules.always_allow, scope=grants_visible_to)
    # Grant reports (results, expenditure): the grantee and the secretariat.
    rule("fund.report_grant", can_report_grant, scope=grants_reported_by, jobs=(demo, operator))
    # Calls, decisions, grants, disbursements, targets, exchange rates and the books.
    rule("fund.manage", is_secretariat_or_admin, jobs=(demo, operator))
    rule("fund.view_ledger", is_secretariat_or_admin, jobs=(operator,))
    # Only the demonstration data applies and reviews in a (demonstration) person's name.
    rule("fund.write_on_behalf", rules.always_deny, jobs=(demo,))
