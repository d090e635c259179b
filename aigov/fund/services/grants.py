"""Writes of calls, applications, reviews, decisions, grants, disbursements and reports.

Money never leaves twice: a commitment and a disbursement lock the fund's row and then the
grant's (always in that order, so two writers never wait on each other in a circle), read the
running balances and the grant's disbursed total under the lock, refuse with Conflict (409)
what would overdraw the grant's commitment or the fund's available balance, and write the
posting in the same database transaction.
"""

import datetime
from collections.abc import Sequence
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aigov.accounts.access import Actor, account_of, account_required, require
from aigov.accounts.models import User
from aigov.core import audit
from aigov.core.errors import Conflict, ErrorItem, InvalidInput, InvalidState, field_error
from aigov.fund.models import (
    ZERO,
    Application,
    Call,
    Contribution,
    Disbursement,
    Expenditure,
    Fund,
    Grant,
    GrantReport,
    Result,
    Review,
    Tranche,
    Transaction,
)
from aigov.fund.services import earmarks
from aigov.fund.services.contributions import _country
from aigov.fund.services.ledger import (
    Chart,
    LegIn,
    _lock_fund,
    _post,
    amount_error,
    balance_of,
    currency_error,
    present,
)
from aigov.taxonomy.models import SdgTarget, SustainableDevelopmentGoal


def _writer(actor: Actor, perm: str, obj: object, on_behalf_of: User | None) -> User:
    """Return who applies or reviews: the actor, or (demonstration data only) the person it
    names, so the audit log keeps the job as the one who acted. Raise NotAllowed or
    NotAuthenticated."""
    if on_behalf_of is None:
        require(actor, perm, obj)
        return account_required(actor)
    require(actor, "fund.write_on_behalf")
    require(on_behalf_of, perm, obj)
    return on_behalf_of


def available_balance(fund: Fund, currency: str) -> Decimal:
    """Return the cash not yet committed to grants, in `currency` (running balances)."""
    return balance_of(fund, Chart.CASH, currency) + balance_of(fund, Chart.GRANTS_PAYABLE, currency)


@transaction.atomic
def call_open(
    *,
    actor: Actor,
    fund: Fund,
    title: str,
    opens_on: datetime.date,
    closes_on: datetime.date,
    description: str = "",
    priority: str = "",
    sdg_targets: Sequence[str] = (),
    budget: Decimal | None = None,
    currency: str = "USD",
    is_demo: bool = False,
) -> Call:
    """Open a call for proposals; return it. Raise NotAllowed or InvalidInput."""
    require(actor, "fund.manage")
    errors: list[ErrorItem] = []
    if not title.strip():
        errors.append(field_error("title", "required", _("Give the call a title.")))
    if closes_on < opens_on:
        errors.append(
            field_error("closes_on", "before_opening", _("A call closes after it opens."))
        )
    if budget is not None:
        problem = amount_error("budget", budget)
        if problem:
            errors.append(problem)
    problem = currency_error("currency", currency)
    if problem:
        errors.append(problem)
    targets = list(SdgTarget.objects.filter(code__in=list(sdg_targets)))
    if len(targets) != len(set(sdg_targets)):
        errors.append(
            field_error("sdg_targets", "unknown_target", _("Give SDG targets as 4.4 or 9.b."))
        )
    if errors:
        raise InvalidInput(errors=errors)
    call = Call.objects.create(
        fund=fund,
        title=title.strip()[:300],
        description=description,
        priority=priority[:300],
        budget=budget,
        currency=currency,
        opens_on=opens_on,
        closes_on=closes_on,
        status=Call.Status.OPEN,
        is_demo=is_demo,
    )
    call.sdg_targets.set(targets)
    audit.record(actor=actor, action="fund.call.open", obj=call)
    return call


@transaction.atomic
def call_close(*, actor: Actor, call: Call) -> Call:
    """Close an open call; return it. Raise NotAllowed or InvalidState."""
    require(actor, "fund.manage")
    call = Call.objects.select_for_update().get(pk=call.pk)
    if call.status != Call.Status.OPEN:
        raise InvalidState(_("Only an open call can be closed."))
    before = audit.snapshot(call)
    call.status = Call.Status.CLOSED
    call.save(update_fields=["status", "updated_at"])
    audit.record(actor=actor, action="fund.call.close", obj=call, before=before)
    return call


@transaction.atomic
def application_submit(
    *,
    actor: Actor,
    call: Call,
    organisation_name: str,
    country: str,
    title: str,
    summary: str,
    requested_amount: Decimal,
    currency: str,
    on_behalf_of: User | None = None,
    is_demo: bool = False,
) -> Application:
    """Apply to an open call; return the application. Raise NotAllowed, NotAuthenticated,
    InvalidState (the call is not open) or InvalidInput."""
    applicant = _writer(actor, "fund.apply", None, on_behalf_of)
    if call.status != Call.Status.OPEN:
        raise InvalidState(_("This call is not open for applications."))
    errors: list[ErrorItem] = []
    country_row = _country(country, "country", errors)
    for field, value in (("organisation_name", organisation_name), ("title", title)):
        if not value.strip():
            errors.append(field_error(field, "required", _("This field is required.")))
    if not summary.strip():
        errors.append(field_error("summary", "required", _("Summarise the proposal.")))
    errors += present(
        amount_error("requested_amount", requested_amount), currency_error("currency", currency)
    )
    if errors or country_row is None:
        raise InvalidInput(errors=errors)
    application = Application.objects.create(
        call=call,
        applicant=applicant,
        organisation_name=organisation_name.strip()[:300],
        country=country_row,
        title=title.strip()[:300],
        summary=summary,
        requested_amount=requested_amount,
        currency=currency,
        is_demo=is_demo,
    )
    audit.record(actor=actor, action="fund.application.submit", obj=application)
    return application


@transaction.atomic
def review_submit(
    *,
    actor: Actor,
    application: Application,
    has_conflict: bool,
    conflict_statement: str = "",
    score: int | None = None,
    comments: str = "",
    on_behalf_of: User | None = None,
) -> Review:
    """Review an application after declaring any conflict of interest; return the review.

    A reviewer with a conflict describes it and gives no score; one without scores 1 to 5.
    Raise NotAllowed, Conflict (already reviewed) or InvalidInput.
    """
    reviewer = _writer(actor, "fund.review_application", application, on_behalf_of)
    errors: list[ErrorItem] = []
    if has_conflict:
        if not conflict_statement.strip():
            errors.append(
                field_error(
                    "conflict_statement", "required", _("Describe the conflict of interest.")
                )
            )
        if score is not None:
            errors.append(
                field_error("score", "conflicted", _("A reviewer with a conflict gives no score."))
            )
    elif score is None or not 1 <= score <= 5:
        errors.append(field_error("score", "invalid", _("Give a score from 1 to 5.")))
    if errors:
        raise InvalidInput(errors=errors)
    if Review.objects.filter(application=application, reviewer=reviewer).exists():
        raise Conflict(_("You have already reviewed this application."))
    review = Review.objects.create(
        application=application,
        reviewer=reviewer,
        has_conflict=has_conflict,
        conflict_statement=conflict_statement.strip(),
        score=None if has_conflict else score,
        comments=comments,
    )
    audit.record(actor=actor, action="fund.review.submit", obj=review)
    return review


@transaction.atomic
def application_decide(
    *, actor: Actor, application: Application, approve: bool, note: str = ""
) -> Application:
    """Approve or decline an application; return it. Approval needs one review free of
    conflict. Raise NotAllowed or InvalidState."""
    require(actor, "fund.manage")
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status != Application.Status.SUBMITTED:
        raise InvalidState(_("This application has already been decided."))
    if approve and not application.reviews.filter(has_conflict=False).exists():
        raise InvalidState(_("Approve an application after a review free of conflict."))
    before = audit.snapshot(application)
    application.status = Application.Status.APPROVED if approve else Application.Status.DECLINED
    application.decision_note = note
    application.decided_at = timezone.now()
    application.save(update_fields=["status", "decision_note", "decided_at", "updated_at"])
    audit.record(actor=actor, action="fund.application.decide", obj=application, before=before)
    return application


@transaction.atomic
def grant_commit(
    *,
    actor: Actor,
    fund: Fund,
    title: str,
    recipient_country: str,
    amount: Decimal,
    currency: str,
    recipient_name: str = "",
    application: Application | None = None,
    sdgs: Sequence[int] = (),
    tranches: Sequence[tuple[Decimal, datetime.date]] = (),
    committed_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
    funded_from: Contribution | None = None,
    is_demo: bool = False,
) -> Grant:
    """Commit a grant and post the commitment (debit grants, credit grants payable); return
    it. Raise NotAllowed, InvalidInput, InvalidState (an application not approved, or granted
    already, or restricted money whose earmark does not match: see `earmarks`) or Conflict
    (more than the fund's uncommitted cash in that currency, or than is left of the restricted
    contribution named in `funded_from`)."""
    require(actor, "fund.manage")
    errors: list[ErrorItem] = []
    country = _country(recipient_country, "recipient_country", errors)
    if not title.strip():
        errors.append(field_error("title", "required", _("Give the grant a title.")))
    errors += present(amount_error("amount", amount), currency_error("currency", currency))
    sdg_rows = list(SustainableDevelopmentGoal.objects.filter(number__in=list(sdgs)))
    if len(sdg_rows) != len(set(sdgs)):
        errors.append(field_error("sdgs", "unknown_sdg", _("Give SDGs by their number, 1 to 17.")))
    for number, (tranche_amount, _due) in enumerate(tranches, start=1):
        problem = amount_error("tranches", tranche_amount)
        if problem:
            errors.append({**problem, "row": number})
    if tranches and not errors and sum(a for a, _d in tranches) != amount:
        errors.append(
            field_error("tranches", "unbalanced", _("The tranches must add up to the amount."))
        )
    if errors or country is None:
        raise InvalidInput(errors=errors)
    fund = _lock_fund(fund)
    if application is not None:
        application = Application.objects.select_for_update().get(pk=application.pk)
        if application.status != Application.Status.APPROVED:
            raise InvalidState(_("Grant an application once it is approved."))
        if Grant.objects.filter(application=application).exists():
            raise InvalidState(_("This application has already been granted."))
    if funded_from is not None:
        errors = earmarks.earmark_errors(
            funded_from,
            fund=fund,
            currency=currency,
            country=country,
            sdgs=sdgs,
            application=application,
        )
        if errors:
            raise InvalidInput(errors=errors)
        earmarks.require_restricted_room(funded_from, amount)
    available = available_balance(fund, currency)
    if amount > available:
        raise Conflict(
            _("The fund has %(available)s %(currency)s uncommitted; this grant needs more.")
            % {"available": available, "currency": currency}
        )
    on = committed_on or timezone.localdate()
    posted = _post(
        actor=actor,
        fund=fund,
        kind=Transaction.Kind.COMMITMENT,
        value_date=on,
        description=title.strip(),
        legs=[
            LegIn(Chart.GRANTS_EXPENSE, currency, amount),
            LegIn(Chart.GRANTS_PAYABLE, currency, -amount),
        ],
        is_demo=is_demo,
    )
    grant = Grant.objects.create(
        fund=fund,
        application=application,
        title=title.strip()[:300],
        recipient_name=(recipient_name or (application.organisation_name if application else ""))[
            :300
        ],
        recipient_country=country,
        committed=amount,
        currency=currency,
        committed_on=on,
        ends_on=ends_on,
        commitment=posted,
        funded_from=funded_from,
        is_demo=is_demo,
    )
    grant.sdgs.set(sdg_rows)
    Tranche.objects.bulk_create(
        [
            Tranche(grant=grant, number=number, amount=tranche_amount, due_on=due)
            for number, (tranche_amount, due) in enumerate(tranches, start=1)
        ]
    )
    audit.record(actor=actor, action="fund.grant.commit", obj=grant)
    return grant


@transaction.atomic
def disbursement_record(
    *,
    actor: Actor,
    grant: Grant,
    amount: Decimal,
    currency: str,
    value_date: datetime.date,
    tranche: int | None = None,
) -> Disbursement:
    """Pay out part of a grant and post it (debit grants payable, credit cash); return it.

    Raise NotAllowed, InvalidInput (another currency than the grant's, a bad amount or
    tranche) or Conflict (more than the grant's remaining commitment or the fund's cash).
    """
    require(actor, "fund.manage")
    errors = [
        e for e in (amount_error("amount", amount), currency_error("currency", currency)) if e
    ]
    if not errors and currency != grant.currency:
        errors.append(
            field_error(
                "currency",
                "other_currency",
                _("Disburse in the grant's currency, %(currency)s.") % {"currency": grant.currency},
            )
        )
    tranche_row = None
    if tranche is not None:
        tranche_row = Tranche.objects.filter(grant=grant, number=tranche).first()
        if tranche_row is None:
            errors.append(field_error("tranche", "unknown", _("The grant has no such tranche.")))
    if errors:
        raise InvalidInput(errors=errors)
    fund = _lock_fund(grant.fund)
    grant = Grant.objects.select_for_update().get(pk=grant.pk)
    if amount > grant.remaining:
        raise Conflict(
            _("Only %(remaining)s %(currency)s of this grant's commitment remains.")
            % {"remaining": grant.remaining, "currency": grant.currency}
        )
    cash = balance_of(fund, Chart.CASH, currency)
    if amount > cash:
        raise Conflict(
            _("The fund holds %(cash)s %(currency)s; this disbursement needs more.")
            % {"cash": cash, "currency": currency}
        )
    posted = _post(
        actor=actor,
        fund=fund,
        kind=Transaction.Kind.DISBURSEMENT,
        value_date=value_date,
        description=grant.title,
        legs=[
            LegIn(Chart.GRANTS_PAYABLE, currency, amount),
            LegIn(Chart.CASH, currency, -amount),
        ],
        is_demo=grant.is_demo,
    )
    before = audit.snapshot(grant)
    grant.disbursed += amount
    if grant.remaining == 0:
        grant.status = Grant.Status.COMPLETED
    grant.save(update_fields=["disbursed", "status", "updated_at"])
    disbursement = Disbursement.objects.create(
        grant=grant,
        tranche=tranche_row,
        amount=amount,
        currency=currency,
        value_date=value_date,
        transaction=posted,
        recorded_by=account_of(actor),
    )
    audit.record(
        actor=actor,
        action="fund.disbursement.record",
        obj=disbursement,
        extra={"grant": grant.pk, "disbursed_before": before["disbursed"]},
    )
    return disbursement


@transaction.atomic
def grant_report_submit(
    *,
    actor: Actor,
    grant: Grant,
    period_start: datetime.date,
    period_end: datetime.date,
    narrative: str,
    results: Sequence[dict[str, object]] = (),
    expenditures: Sequence[dict[str, object]] = (),
) -> GrantReport:
    """Record a report on a grant with results against its indicators and what the grantee
    spent; return it.

    Each result is `{indicator, baseline, target, actual, measured_on}`; each expenditure
    `{amount, spent_on, description}`, in the grant's currency, in all never more than was
    disbursed. The grantee and the secretariat report (`fund.report_grant`). Raise NotAllowed
    or InvalidInput.
    """
    require(actor, "fund.report_grant", grant)
    errors: list[ErrorItem] = []
    if period_end < period_start:
        errors.append(
            field_error("period_end", "before_start", _("A period ends after it starts."))
        )
    if not narrative.strip():
        errors.append(field_error("narrative", "required", _("Write the report.")))
    rows = []
    for number, result in enumerate(results, start=1):
        try:
            rows.append(
                Result(
                    grant=grant,
                    indicator=str(result["indicator"])[:300],
                    baseline=Decimal(str(result["baseline"])),
                    target=Decimal(str(result["target"])),
                    actual=Decimal(str(result["actual"])),
                    measured_on=datetime.date.fromisoformat(str(result["measured_on"])),
                )
            )
        except (KeyError, ArithmeticError, ValueError):
            errors.append(
                field_error(
                    "results",
                    "invalid",
                    _("Give the indicator, baseline, target, actual and date of each result."),
                    row=number,
                )
            )
    spent = _expenditure_rows(grant, expenditures, errors)
    if errors:
        raise InvalidInput(errors=errors)
    report = GrantReport.objects.create(
        grant=grant,
        period_start=period_start,
        period_end=period_end,
        narrative=narrative,
        submitted_by=account_of(actor),
    )
    for row in rows:
        row.report = report
    Result.objects.bulk_create(rows)
    for expenditure in spent:
        expenditure.report = report
    Expenditure.objects.bulk_create(spent)
    audit.record(actor=actor, action="fund.grantreport.submit", obj=report)
    return report


def _expenditure_rows(
    grant: Grant, expenditures: Sequence[dict[str, object]], errors: list[ErrorItem]
) -> list[Expenditure]:
    rows = []
    for number, item in enumerate(expenditures, start=1):
        try:
            amount = Decimal(str(item["amount"]))
            spent_on = datetime.date.fromisoformat(str(item["spent_on"]))
        except (KeyError, ArithmeticError, ValueError):
            errors.append(
                field_error(
                    "expenditures",
                    "invalid",
                    _("Give the amount and date (YYYY-MM-DD) of each expenditure."),
                    row=number,
                )
            )
            continue
        problem = amount_error("expenditures", amount)
        if problem:
            errors.append({**problem, "row": number})
            continue
        description = str(item.get("description", ""))[:500]
        rows.append(
            Expenditure(
                grant=grant,
                amount=amount,
                currency=grant.currency,
                spent_on=spent_on,
                description=description,
            )
        )
    # Read under the grant's lock: the caller's copy may predate its latest disbursement.
    disbursed = Grant.objects.select_for_update().get(pk=grant.pk).disbursed
    reported = sum((e.amount for e in grant.expenditures.all()), ZERO)
    if rows and reported + sum(row.amount for row in rows) > disbursed:
        errors.append(
            field_error(
                "expenditures",
                "more_than_disbursed",
                _("A grantee spends no more than was disbursed (%(disbursed)s %(currency)s).")
                % {"disbursed": disbursed, "currency": grant.currency},
            )
        )
    return rows
