"""Pages that write to the fund: record a contribution (with its evidence) or a pledge, open a
call, apply to it, commit a grant, disburse it and report on it. Each page is shown only to
who may use it (403 for anyone else, and the links to it are not shown to them); a refused
entry comes back with each field's problem beside it and everything typed kept."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from aigov.accounts import access
from aigov.core.errors import DomainError, NotFound
from aigov.core.http import get_or_404
from aigov.fund import selectors, services
from aigov.fund.edit_forms import (
    ApplicationForm,
    CallForm,
    ContributionForm,
    DisbursementForm,
    GrantForm,
    GrantReportForm,
    PledgeForm,
)


def _add_errors(form: Any, error: DomainError) -> None:
    """Show a service's refusal on the form's fields (or above it, for the rest)."""
    if not error.errors:
        form.add_error(None, str(error.message))
    for problem in error.errors:
        field = problem.get("field")
        message = str(problem["message"])
        if problem.get("row"):
            message = _("Item %(row)s: %(message)s") % {"row": problem["row"], "message": message}
        form.add_error(field if field in form.fields else None, message)


def _fund() -> Any:
    try:
        return selectors.fund_default()
    except NotFound as missing:
        raise Http404 from missing


def _page(request: HttpRequest, form: Any, **context: Any) -> HttpResponse:
    status = 400 if request.method == "POST" else 200
    return render(request, "fund/form.html", {"form": form, **context}, status=status)


def _contributors(request: HttpRequest) -> list[tuple[int, str]]:
    contributors = selectors.contributors_recorded_for(actor=request.user)
    if not contributors:
        raise PermissionDenied
    return [(c.pk, c.name) for c in contributors]


def _contributor(request: HttpRequest, pk: int) -> Any:
    return next(c for c in selectors.contributors_recorded_for(actor=request.user) if c.pk == pk)


@login_required
def contribution_create(request: HttpRequest) -> HttpResponse:
    """Record money or goods and services received, with evidence (donors and secretariat)."""
    fund = _fund()
    form = ContributionForm(
        request.POST or None, request.FILES or None, contributors=_contributors(request)
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        upload = data.pop("file")
        try:
            services.contribution_record_with_evidence(
                actor=request.user,
                fund=fund,
                uploads=[upload] if upload else [],
                **{**data, "contributor": _contributor(request, data["contributor"])},
            )
        except DomainError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The contribution is recorded and posted to the books."))
            return redirect("fund:statement")
    return _page(
        request,
        form,
        heading=_("Record a contribution"),
        intro=_(
            "Money, or goods and services given in kind with their quantity, unit and "
            "valuation. Restricted contributions are earmarked by theme, country or SDG."
        ),
        submit=_("Record the contribution"),
        back=reverse("fund:index"),
    )


@login_required
def pledge_create(request: HttpRequest) -> HttpResponse:
    """Record a donor's pledge (not posted to the books)."""
    fund = _fund()
    form = PledgeForm(request.POST or None, contributors=_contributors(request))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.pledge_record(
                actor=request.user,
                fund=fund,
                **{**data, "contributor": _contributor(request, data["contributor"])},
            )
        except DomainError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The pledge is recorded."))
            return redirect("fund:statement")
    return _page(
        request,
        form,
        heading=_("Record a pledge"),
        submit=_("Record the pledge"),
        back=reverse("fund:index"),
    )


def _require_manager(request: HttpRequest) -> None:
    if not access.has(request.user, "fund.manage"):
        raise PermissionDenied


@login_required
def call_create(request: HttpRequest) -> HttpResponse:
    """Open a call for proposals (the secretariat)."""
    _require_manager(request)
    fund = _fund()
    form = CallForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.call_open(actor=request.user, fund=fund, **form.cleaned_data)
        except DomainError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The call is open."))
            return redirect("fund:call-list")
    return _page(
        request,
        form,
        heading=_("Open a call for proposals"),
        submit=_("Open the call"),
        back=reverse("fund:call-list"),
    )


@login_required
def application_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Apply to an open call (any signed-in account)."""
    if not access.has(request.user, "fund.apply"):
        raise PermissionDenied
    call = get_or_404(selectors.call_get, actor=request.user, pk=pk)
    form = ApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            application = services.application_submit(
                actor=request.user, call=call, **form.cleaned_data
            )
        except DomainError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Your application is submitted."))
            return redirect("fund:application-detail", application.pk)
    return _page(
        request,
        form,
        heading=_("Apply to “%(call)s”") % {"call": call.title},
        submit=_("Submit the application"),
        back=reverse("fund:call-list"),
    )


def _approved_application(request: HttpRequest, pk: Any) -> Any:
    try:
        return selectors.application_get(actor=request.user, pk=int(pk)) if pk else None
    except (NotFound, ValueError) as missing:
        raise Http404 from missing


@login_required
def grant_create(request: HttpRequest) -> HttpResponse:
    """Commit a grant, from an approved application or directly (the secretariat)."""
    _require_manager(request)
    fund = _fund()
    restricted = selectors.restricted_contributions(actor=request.user, fund=fund)
    choices = [
        (c.pk, f"{c.contributor} · {c.currency} {c.amount} · {c.description}") for c in restricted
    ]
    application = _approved_application(
        request, request.POST.get("application") or request.GET.get("application")
    )
    initial = {}
    if application is not None:
        initial = {
            "title": application.title,
            "recipient_name": application.organisation_name,
            "recipient_country": application.country_id,
            "amount": application.requested_amount,
            "currency": application.currency,
            "application": application.pk,
        }
    form = GrantForm(request.POST or None, initial=initial, restricted=choices)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("application")
        funded_from = data.pop("funded_from")
        try:
            grant = services.grant_commit(
                actor=request.user,
                fund=fund,
                application=application,
                funded_from=restricted.get(pk=funded_from) if funded_from else None,
                **data,
            )
        except DomainError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The grant is committed and posted to the books."))
            return redirect("fund:grant-detail", grant.pk)
    return _page(
        request,
        form,
        heading=_("Commit a grant"),
        intro=application.title if application else "",
        submit=_("Commit the grant"),
        back=reverse("fund:grant-list"),
    )


@login_required
def disbursement_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Pay out part of a grant (the secretariat)."""
    _require_manager(request)
    grant = get_or_404(selectors.grant_get, actor=request.user, pk=pk)
    tranches = [
        (t.number, f"{t.number}: {grant.currency} {t.amount} ({t.due_on.isoformat()})")
        for t in grant.tranches.all()
    ]
    form = DisbursementForm(request.POST or None, tranches=tranches)
    if request.method == "POST" and form.is_valid():
        try:
            services.disbursement_record(
                actor=request.user, grant=grant, currency=grant.currency, **form.cleaned_data
            )
        except DomainError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The disbursement is recorded and posted to the books."))
            return redirect("fund:grant-detail", grant.pk)
    return _page(
        request,
        form,
        heading=_("Disburse “%(grant)s”") % {"grant": grant.title},
        intro=_("%(remaining)s %(currency)s of the commitment remains.")
        % {"remaining": grant.remaining, "currency": grant.currency},
        submit=_("Record the disbursement"),
        back=reverse("fund:grant-detail", args=[grant.pk]),
    )


def _row_errors(form: Any, error: DomainError, slots: dict[str, list[int]]) -> None:
    """Put a refused report's row problems beside the row they are about: the service numbers
    the rows it was given, the form the slots they were typed in."""
    rest = []
    for problem in error.errors:
        kind = {"results": "result", "expenditures": "expenditure"}.get(str(problem.get("field")))
        if kind is None or not slots[kind]:
            rest.append(problem)
            continue
        row = int(problem.get("row") or 1)
        slot = slots[kind][min(row, len(slots[kind])) - 1]
        part = "indicator" if kind == "result" else "amount"
        form.add_error(f"{kind}_{slot}_{part}", str(problem["message"]))
    if rest or not error.errors:
        _add_errors(form, type(error)(error.message, errors=rest))


@login_required
def report_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Report on a grant: narrative, results, expenditure (the grantee and the secretariat)."""
    grant = get_or_404(selectors.grant_get, actor=request.user, pk=pk)
    if not access.has(request.user, "fund.report_grant", grant):
        raise PermissionDenied
    form = GrantReportForm(request.POST or None, currency=grant.currency)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        results, spent = data["results"], data["expenditures"]
        try:
            services.grant_report_submit(
                actor=request.user,
                grant=grant,
                period_start=data["period_start"],
                period_end=data["period_end"],
                narrative=data["narrative"],
                results=[row for _slot, row in results],
                expenditures=[row for _slot, row in spent],
            )
        except DomainError as error:
            slots = {"result": [n for n, _row in results], "expenditure": [n for n, _row in spent]}
            _row_errors(form, error, slots)
        else:
            messages.success(request, _("The report is submitted."))
            return redirect("fund:grant-detail", grant.pk)
    return _page(
        request,
        form,
        heading=_("Report on “%(grant)s”") % {"grant": grant.title},
        intro=_(
            "%(disbursed)s %(currency)s has been disbursed; what is reported spent, with "
            "earlier reports, may not exceed it. Leave unused rows empty."
        )
        % {"disbursed": grant.disbursed, "currency": grant.currency},
        submit=_("Submit the report"),
        back=reverse("fund:grant-detail", args=[grant.pk]),
    )
