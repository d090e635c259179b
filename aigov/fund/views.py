"""Pages of the fund: the public page, grants, calls and a donor's own statement, each with
CSV, XLSX and JSON downloads of the table it shows (`?format=csv|xlsx|json`)."""

import datetime
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from aigov.accounts import access
from aigov.core.charts import format_decimal, format_percent
from aigov.core.errors import NotFound
from aigov.core.http import get_or_404, run_with_message, table_download
from aigov.core.pagination import page_of
from aigov.fund import charts, selectors, services
from aigov.fund.forms import DecisionForm, ReviewForm

FLOW_DIMENSIONS = ("country", "income_group", "region", "sdg")


def _fund_or_none() -> Any:
    try:
        return selectors.fund_default()
    except NotFound:
        return None


def index(request: HttpRequest) -> HttpResponse:
    """The fund's public page: pledged and received against the target, who gave what, where
    it went and the share reaching low- and middle-income countries."""
    fund = _fund_or_none()
    if fund is None:
        return render(request, "fund/index.html", {"fund": None})
    by = request.GET.get("by", "country")
    by = by if by in FLOW_DIMENSIONS else "country"
    givers = selectors.givers(actor=request.user, fund=fund)
    flows = selectors.grant_flows(actor=request.user, fund=fund, by=by)
    if request.GET.get("format"):
        if request.GET.get("table") == "flows":
            return table_download(
                file_format=request.GET["format"],
                columns=["key", "label", "committed_usd", "disbursed_usd", "grants"],
                rows=[vars(row) for row in flows],
                name=f"fund-flows-by-{by}",
            )
        return table_download(
            file_format=request.GET["format"],
            columns=["contributor", "kind", "financial_usd", "in_kind_usd"],
            rows=[vars(row) for row in givers],
            name="fund-contributors",
        )
    summary = selectors.fund_summary(actor=request.user, fund=fund, as_of=timezone.localdate())
    countries = selectors.grant_flows(actor=request.user, fund=fund, by="country")
    context = {
        "fund": fund,
        "summary": summary,
        "givers": givers,
        "flows": flows,
        "by": by,
        "dimensions": FLOW_DIMENSIONS,
        "flow_chart": charts.flow_chart(givers, countries),
        "income_chart": charts.income_group_chart(summary.by_income_group),
        "target_share": format_percent(summary.target_share),
        "share_to_lmics": format_percent(summary.share_to_lmics),
        "baseline_grants": format_percent(summary.baseline_grants),
        "baseline_private": format_percent(summary.baseline_private_capital),
        "need_low": format_decimal(summary.need_low_usd / 1_000_000, 0),
        "need_high": format_decimal(summary.need_high_usd / 1_000_000, 0),
        "baseline_source": selectors.BASELINE_SOURCE,
        "can_record": bool(selectors.contributors_recorded_for(actor=request.user)),
    }
    return render(request, "fund/index.html", context)


GRANT_COLUMNS = [
    "id",
    "title",
    "recipient_name",
    "recipient_country",
    "currency",
    "committed",
    "disbursed",
    "remaining",
    "committed_on",
    "status",
]


def grant_list(request: HttpRequest) -> HttpResponse:
    """The fund's grants with what was committed, disbursed and remains."""
    fund = _fund_or_none()
    grants = selectors.grant_list(actor=request.user, fund=fund)
    if request.GET.get("format"):
        return table_download(
            file_format=request.GET["format"],
            columns=GRANT_COLUMNS,
            rows=selectors.grant_rows(grants),
            name="fund-grants",
        )
    context = {
        "page": page_of(request, grants),
        "can_manage": fund is not None and access.has(request.user, "fund.manage"),
    }
    return render(request, "fund/grant_list.html", context)


def grant_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One grant: its tranches, disbursements, reports and results."""
    grant = get_or_404(selectors.grant_get, actor=request.user, pk=pk)
    context = {
        "grant": grant,
        "can_disburse": access.has(request.user, "fund.manage") and grant.remaining > 0,
        "can_report": access.has(request.user, "fund.report_grant", grant),
    }
    return render(request, "fund/grant_detail.html", context)


def call_list(request: HttpRequest) -> HttpResponse:
    """Calls for proposals the reader may see."""
    fund = _fund_or_none()
    calls = selectors.call_list(actor=request.user, fund=fund)
    context = {
        "page": page_of(request, calls),
        "can_manage": fund is not None and access.has(request.user, "fund.manage"),
        "can_apply": access.has(request.user, "fund.apply"),
    }
    return render(request, "fund/call_list.html", context)


STATEMENT_COLUMNS = [
    "contributor",
    "kind",
    "value_date",
    "currency",
    "amount",
    "description",
    "valuation_method",
    "quantity",
    "unit",
    "is_public",
]


@login_required
def statement(request: HttpRequest) -> HttpResponse:
    """The statements of the contributors the reader acts for (a donor's own)."""
    fund = _fund_or_none()
    statements = (
        [
            selectors.contributor_statement(actor=request.user, contributor=c, fund=fund)
            for c in selectors.contributor_list_acted_for(actor=request.user)
        ]
        if fund
        else []
    )
    if request.GET.get("format"):
        return table_download(
            file_format=request.GET["format"],
            columns=STATEMENT_COLUMNS,
            rows=selectors.statement_rows(statements),
            name="fund-statement",
        )
    context = {
        "statements": statements,
        "can_read_books": access.has(request.user, "fund.view_ledger"),
        "can_record": fund is not None
        and bool(selectors.contributors_recorded_for(actor=request.user)),
    }
    return render(request, "fund/statement.html", context)


@login_required
def books(request: HttpRequest) -> HttpResponse:
    """The secretariat's view of the books: the trial balance per currency, and each account's
    balance in US dollars at the imported rates on a date (`?as_of=YYYY-MM-DD`)."""
    if not access.has(request.user, "fund.view_ledger"):
        raise PermissionDenied
    fund = _fund_or_none()
    try:
        as_of = datetime.date.fromisoformat(request.GET.get("as_of", ""))
    except ValueError:
        as_of = timezone.localdate()
    context: dict[str, Any] = {"fund": fund, "as_of": as_of}
    if fund is not None:
        context["balance"] = selectors.trial_balance(actor=request.user, fund=fund)
        context["usd"] = selectors.usd_view(actor=request.user, fund=fund, as_of=as_of)
    return render(request, "fund/books.html", context)


def _application_page(request: HttpRequest, application: Any, status: int = 200) -> HttpResponse:
    context = {
        "application": application,
        "reviews": selectors.review_list(actor=request.user, application=application),
        "can_review": access.has(request.user, "fund.review_application", application),
        "can_decide": access.has(request.user, "fund.manage") and application.status == "submitted",
        "can_grant": access.has(request.user, "fund.manage")
        and application.status == "approved"
        and not hasattr(application, "grant"),
        "review_form": ReviewForm(),
        "decision_form": DecisionForm(),
    }
    return render(request, "fund/application_detail.html", context, status=status)


@login_required
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An application, with the reviews the reader may see, and the review and decision forms
    for who may use them."""
    application = get_or_404(selectors.application_get, actor=request.user, pk=pk)
    return _application_page(request, application)


@login_required
@require_POST
def application_review(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the reader's review of an application (after declaring any conflict)."""
    application = get_or_404(selectors.application_get, actor=request.user, pk=pk)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        return _application_page(request, application, status=400)
    run_with_message(
        request,
        lambda: services.review_submit(
            actor=request.user, application=application, **form.cleaned_data
        ),
        _("Your review is recorded."),
    )
    return redirect("fund:application-detail", application.pk)


@login_required
@require_POST
def application_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """Approve or decline an application (the secretariat)."""
    application = get_or_404(selectors.application_get, actor=request.user, pk=pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return _application_page(request, application, status=400)
    run_with_message(
        request,
        lambda: services.application_decide(
            actor=request.user, application=application, **form.cleaned_data
        ),
        _("The decision is recorded."),
    )
    return redirect("fund:application-detail", application.pk)
