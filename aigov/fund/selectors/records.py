"""Reads of contributors, contributions, pledges, calls, applications, reviews and grants,
each starting from the queryset the actor may read (aigov.fund.permissions)."""

from typing import Any

from django.db.models import Q, QuerySet

from aigov.accounts.access import Actor, has, scope
from aigov.core.errors import NotFound
from aigov.fund.models import (
    Application,
    Call,
    Contribution,
    Contributor,
    EvidenceDocument,
    Fund,
    Grant,
    Pledge,
    Review,
)
from aigov.fund.permissions import is_expert, is_secretariat_or_admin


def _get(queryset: QuerySet[Any], pk: Any) -> Any:
    record = queryset.filter(pk=pk).first()
    if record is None:
        raise NotFound()
    return record


def contribution_list(
    *, actor: Actor, fund: Fund | None = None, contributor: Contributor | None = None
) -> QuerySet[Contribution]:
    """Return the contributions `actor` may read, newest first."""
    queryset = Contribution.objects.select_related("contributor", "contributor__country")
    if fund is not None:
        queryset = queryset.filter(fund=fund)
    if contributor is not None:
        queryset = queryset.filter(contributor=contributor)
    visible = scope(actor, "fund.view_contribution", queryset)
    return visible.prefetch_related("restricted_countries", "restricted_sdgs", "documents")


def contribution_get(*, actor: Actor, pk: int) -> Contribution:
    """Return one contribution `actor` may read. Raise NotFound (missing or hidden)."""
    return _get(contribution_list(actor=actor), pk)


def evidence_document_get(*, actor: Actor, pk: int) -> EvidenceDocument:
    """Return an evidence document of a contribution `actor` may read. Raise NotFound."""
    document = EvidenceDocument.objects.filter(pk=pk).select_related("contribution").first()
    if document is None or not has(actor, "fund.view_contribution", document.contribution):
        raise NotFound()
    return document


def pledge_list(
    *, actor: Actor, fund: Fund | None = None, contributor: Contributor | None = None
) -> QuerySet[Pledge]:
    """Return the pledges `actor` may read, newest first."""
    queryset = Pledge.objects.select_related("contributor")
    if fund is not None:
        queryset = queryset.filter(fund=fund)
    if contributor is not None:
        queryset = queryset.filter(contributor=contributor)
    return scope(actor, "fund.view_pledge", queryset)


def contributor_list_acted_for(*, actor: Actor) -> QuerySet[Contributor]:
    """Return the contributors whose statement `actor` reads (a donor's own)."""
    return scope(actor, "fund.view_contributor_statement", Contributor.objects.all())


def contributors_recorded_for(*, actor: Actor) -> list[Contributor]:
    """Return the contributors `actor` may record contributions and pledges for: a donor's
    own, every one for the secretariat (empty: the recording pages are not theirs)."""
    return [
        contributor
        for contributor in contributor_list_acted_for(actor=actor)
        if has(actor, "fund.record_contribution", contributor)
    ]


def restricted_contributions(*, actor: Actor, fund: Fund) -> QuerySet[Contribution]:
    """Return the fund's restricted financial contributions `actor` may read: the money a
    grant may name as funded from, when its earmark fits."""
    return contribution_list(actor=actor, fund=fund).filter(
        kind=Contribution.Kind.FINANCIAL, is_restricted=True
    )


def contributor_get_for_statement(*, actor: Actor, pk: int) -> Contributor:
    """Return a contributor whose statement `actor` reads. Raise NotFound (missing, or
    another donor's)."""
    return _get(contributor_list_acted_for(actor=actor), pk)


def call_list(*, actor: Actor, fund: Fund | None = None) -> QuerySet[Call]:
    """Return the calls `actor` may read, newest first."""
    queryset = Call.objects.prefetch_related("sdg_targets")
    if fund is not None:
        queryset = queryset.filter(fund=fund)
    return scope(actor, "fund.view_call", queryset)


def call_get(*, actor: Actor, pk: int) -> Call:
    """Return one call `actor` may read. Raise NotFound."""
    return _get(call_list(actor=actor), pk)


def application_list(*, actor: Actor, call: Call | None = None) -> QuerySet[Application]:
    """Return the applications `actor` may read."""
    queryset = Application.objects.select_related("call", "country", "applicant")
    if call is not None:
        queryset = queryset.filter(call=call)
    return scope(actor, "fund.view_application", queryset)


def application_get(*, actor: Actor, pk: int) -> Application:
    """Return one application `actor` may read. Raise NotFound."""
    return _get(application_list(actor=actor), pk)


def applications_to_decide(*, actor: Actor) -> QuerySet[Application]:
    """Return the applications waiting for the secretariat: submitted ones to decide, and
    approved ones with no grant committed yet (none for anyone else: a job, which may manage,
    decides nothing in an inbox)."""
    if not is_secretariat_or_admin(actor):
        return Application.objects.none()
    waiting = Q(status=Application.Status.SUBMITTED) | Q(
        status=Application.Status.APPROVED, grant__isnull=True
    )
    return Application.objects.filter(waiting).select_related("call", "country")


def applications_to_review(*, actor: Actor) -> QuerySet[Application]:
    """Return the submitted applications waiting for the review of `actor`, an expert: not
    their own and not yet reviewed by them (none for anyone else; the secretariat decides)."""
    if not is_expert(actor) or not getattr(actor, "is_authenticated", False):
        return Application.objects.none()
    return (
        scope(actor, "fund.view_application", Application.objects.all())
        .filter(status=Application.Status.SUBMITTED)
        .exclude(applicant_id=actor.pk)
        .exclude(reviews__reviewer_id=actor.pk)
        .select_related("call", "country")
    )


def review_list(*, actor: Actor, application: Application) -> QuerySet[Review]:
    """Return the reviews of `application` that `actor` may read."""
    return scope(
        actor, "fund.view_review", Review.objects.filter(application=application)
    ).select_related("reviewer")


def grant_list(
    *, actor: Actor, fund: Fund | None = None, recipient_country: str | None = None
) -> QuerySet[Grant]:
    """Return the grants `actor` may read (all: grants are published), newest first."""
    queryset = Grant.objects.select_related("recipient_country", "application").prefetch_related(
        "sdgs", "tranches", "disbursements"
    )
    if fund is not None:
        queryset = queryset.filter(fund=fund)
    if recipient_country is not None:
        queryset = queryset.filter(recipient_country_id=recipient_country)
    return scope(actor, "fund.view_grant", queryset)


def grant_get(*, actor: Actor, pk: int) -> Grant:
    """Return one grant. Raise NotFound."""
    return _get(grant_list(actor=actor), pk)
