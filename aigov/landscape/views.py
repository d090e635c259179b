"""Pages of the governance landscape: initiatives, representation, change over time, policies,
the UN system, and the review of focal points' proposals."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from aigov.accounts import access
from aigov.core.errors import DomainError, InvalidInput, NotFound
from aigov.core.http import table_download
from aigov.core.pagination import page_of
from aigov.landscape import charts, selectors, services
from aigov.landscape.forms import (
    ParticipationValues,
    PolicyFilter,
    PolicyValues,
    ProposalForm,
    RepresentationForm,
    ReviewForm,
    policy_values_of,
)
from aigov.landscape.models import ChangeProposal, Policy
from aigov.taxonomy.models import RegionalGroup

# Initiatives per page of the representation matrix: 25 columns of the largest regional group
# (54 Member States) keep the page well under 500 KB of HTML (issue 19).
MATRIX_PAGE_SIZE = 25


def _or_404(call: Any, **kwargs: Any) -> Any:
    try:
        return call(**kwargs)
    except NotFound as missing:
        raise Http404 from missing


def _add_errors(form: Any, error: DomainError) -> None:
    """Show a service's errors on the form's fields (or above it)."""
    if not error.errors:
        form.add_error(None, str(error.message))
    for problem in error.errors:
        field = problem.get("field")
        form.add_error(field if field in form.fields else None, problem["message"])


def initiative_list(request: HttpRequest) -> HttpResponse:
    page = page_of(request, selectors.initiative_list())
    return render(request, "landscape/initiative_list.html", {"page": page})


def initiative_detail(request: HttpRequest, slug: str) -> HttpResponse:
    initiative = _or_404(selectors.initiative_get, slug=slug)
    context = {
        "initiative": initiative,
        "participations": selectors.participations_by_name(initiative=initiative),
    }
    return render(request, "landscape/initiative_detail.html", context)


def representation(request: HttpRequest) -> HttpResponse:
    """The summary, the map and the group breakdowns at once; the initiatives and the matrix
    a page of MATRIX_PAGE_SIZE initiatives at a time, collapsed to regional groups unless one
    is chosen; `?format=csv|xlsx|json` downloads the whole matrix."""
    form = RepresentationForm(request.GET or None)
    if request.GET and not form.is_valid():
        return render(request, "landscape/representation.html", {"form": form}, status=400)
    filters = form.cleaned_data if request.GET else {}
    as_of = filters.get("as_of") or timezone.localdate()
    if request.GET.get("format"):
        whole = selectors.representation_matrix(as_of=as_of)
        return table_download(
            file_format=request.GET["format"],
            columns=whole.columns(),
            rows=whole.records(),
            name=f"representation-{as_of.isoformat()}",
        )
    summary = selectors.representation(as_of=as_of)
    page = page_of(request, list(summary.initiatives.items()), per_page=MATRIX_PAGE_SIZE)
    matrix = selectors.representation_matrix(
        as_of=as_of, initiatives=[slug for slug, _count in page], counts=summary.countries
    )
    group = filters.get("group") or ""
    context = {
        "form": form,
        "representation": summary,
        "map": selectors.representation_map(representation=summary),
        "page": page,
        "matrix": matrix,
        "matrix_chart": charts.matrix_chart(
            matrix, labels=[i.short_name or i.slug for i in matrix.initiatives]
        ),
        "group": group,
        "group_label": dict(RegionalGroup.choices).get(group, ""),
        "rows": matrix.rows_of(group) if group else [],
        "collapsed": [] if group else matrix.by_regional_group(),
        "group_colours": _group_legend(),
        "download": urlencode({"as_of": as_of.isoformat()}),
    }
    return render(request, "landscape/representation.html", context)


def _group_legend() -> list[tuple[str, str]]:
    colours = charts.group_colours()
    legend = [(colours[str(value)], str(label)) for value, label in RegionalGroup.choices]
    return [*legend, (colours[""], _("Not a UN Member State"))]


NAMES_PER_HALF = 10


def over_time(request: HttpRequest) -> HttpResponse:
    until = timezone.localdate()
    halves = selectors.initiatives_over_time(until=until)
    labels = {str(value): str(label) for value, label in RegionalGroup.choices}
    labels[""] = _("Not a UN Member State")
    order = [*RegionalGroup.values, ""]
    context = {
        "halves": halves,
        # At most NAMES_PER_HALF initiatives named per half-year; the rest are counted.
        "rows": [
            (
                half,
                half.new_initiatives[:NAMES_PER_HALF],
                max(0, len(half.new_initiatives) - NAMES_PER_HALF),
                [half.joined.get(str(g), 0) for g in order],
            )
            for half in halves
        ],
        "chart": charts.over_time_chart(halves, group_labels=labels),
        "groups": [(str(v), str(label)) for v, label in RegionalGroup.choices],
        "group_colours": _group_legend(),
        "until": until,
    }
    return render(request, "landscape/over_time.html", context)


def policy_list(request: HttpRequest) -> HttpResponse:
    form = PolicyFilter(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    policies = selectors.policy_list(actor=request.user, **{k: v for k, v in filters.items() if v})
    page = page_of(request, policies)
    counts = selectors.policy_counts_by_status(actor=request.user)
    context = {
        "form": form,
        "page": page,
        "counts": [(label, counts[value]) for value, label in Policy.Status.choices],
        "can_edit": access.has(request.user, "landscape.edit"),
    }
    return render(
        request,
        "landscape/policy_list.html",
        context,
        status=200 if form.is_valid() or not request.GET else 400,
    )


def policy_detail(request: HttpRequest, slug: str) -> HttpResponse:
    policy = _or_404(selectors.policy_get, actor=request.user, slug=slug)
    context = {
        "policy": policy,
        "can_edit": access.has(request.user, "landscape.edit"),
        "can_propose": access.has(request.user, "landscape.propose_change", policy.jurisdiction_id),
    }
    return render(request, "landscape/policy_detail.html", context)


@login_required
def policy_edit(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    if not access.has(request.user, "landscape.edit"):
        raise Http404
    policy: Policy | None = (
        _or_404(selectors.policy_get, actor=request.user, slug=slug) if slug else None
    )
    initial = policy_values_of(policy) if policy else None
    form = PolicyValues(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.policy_save(
                actor=request.user, data=request.POST.dict(), policy=policy
            )
        except InvalidInput as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(saved.get_absolute_url())
    return render(
        request,
        "landscape/policy_edit.html",
        {"form": form, "policy": policy},
        status=400 if request.method == "POST" else 200,
    )


def un_system(request: HttpRequest) -> HttpResponse:
    agency = request.GET.get("agency") or None
    by_agency = selectors.un_projects_by_agency()
    projects = selectors.un_project_list(agency=agency)
    page = page_of(request, projects)
    widest = max([n for _agency, n in by_agency] + [1])
    context = {
        "instruments": selectors.un_instrument_list(),
        "by_agency": [(name, n, round(n * 100 / widest)) for name, n in by_agency],
        "agency": agency,
        "page": page,
    }
    return render(request, "landscape/un_system.html", context)


@login_required
def proposal_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status") or None
    if status not in (None, *ChangeProposal.Status.values):
        status = None
    proposals = selectors.proposal_list(actor=request.user, status=status)
    page = page_of(request, proposals)
    context = {
        "page": page,
        "status": status,
        "statuses": ChangeProposal.Status.choices,
        "can_review": access.has(request.user, "landscape.review_proposal"),
    }
    return render(request, "landscape/proposal_list.html", context)


@login_required
def proposal_new(request: HttpRequest) -> HttpResponse:
    subject = request.GET.get("subject") or request.POST.get("subject") or "policy"
    if subject not in ChangeProposal.Subject.values:
        raise Http404
    target = request.GET.get("target") or request.POST.get("target") or ""
    values_form = (
        ParticipationValues if subject == ChangeProposal.Subject.PARTICIPATION else PolicyValues
    )
    initial = None
    if target and subject == ChangeProposal.Subject.POLICY:
        initial = policy_values_of(_or_404(selectors.policy_get, actor=request.user, slug=target))
    form = values_form(request.POST or None, initial=initial)
    proposal_form = ProposalForm(
        request.POST or None, initial={"subject": subject, "target": target}
    )
    if request.method == "POST" and form.is_valid() and proposal_form.is_valid():
        try:
            proposal = services.proposal_submit(
                actor=request.user,
                subject=subject,
                data={name: request.POST.get(name, "") for name in form.fields},
                target_id=target,
                rationale=proposal_form.cleaned_data["rationale"],
            )
        except DomainError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Your proposal was sent to the secretariat for review."))
            return redirect("landscape:proposal-detail", proposal.pk)
    context = {"form": form, "proposal_form": proposal_form, "subject": subject, "target": target}
    return render(
        request,
        "landscape/proposal_new.html",
        context,
        status=400 if request.method == "POST" else 200,
    )


@login_required
def proposal_detail(request: HttpRequest, proposal_id: int) -> HttpResponse:
    proposal = _or_404(selectors.proposal_get, actor=request.user, proposal_id=proposal_id)
    return _proposal_page(request, proposal, ReviewForm())


def _proposal_page(
    request: HttpRequest, proposal: ChangeProposal, form: ReviewForm, status: int = 200
) -> HttpResponse:
    context = {
        "proposal": proposal,
        "target": selectors.proposal_target(proposal=proposal),
        "values": selectors.proposal_values(proposal=proposal),
        "review_form": form,
        "can_review": access.has(request.user, "landscape.review_proposal", proposal),
        "can_withdraw": access.has(request.user, "landscape.withdraw_proposal", proposal),
    }
    return render(request, "landscape/proposal_detail.html", context, status=status)


@login_required
@require_POST
def proposal_review(request: HttpRequest, proposal_id: int) -> HttpResponse:
    proposal = _or_404(selectors.proposal_get, actor=request.user, proposal_id=proposal_id)
    form = ReviewForm(request.POST)
    decision = request.POST.get("decision")
    try:
        if not form.is_valid():
            raise InvalidInput()
        note = form.cleaned_data["note"]
        if decision == "accept":
            services.proposal_accept(actor=request.user, proposal=proposal, note=note)
        elif decision == "reject":
            services.proposal_reject(actor=request.user, proposal=proposal, note=note)
        elif decision == "withdraw":
            services.proposal_withdraw(actor=request.user, proposal=proposal)
        else:
            raise InvalidInput(_("Choose to accept, reject or withdraw."))
    except DomainError as error:
        details = "; ".join(p["message"] for p in error.errors) or str(error.message)
        messages.error(request, details)
        return _proposal_page(request, proposal, form, status=403 if error.status == 403 else 400)
    messages.success(request, _("Done."))
    return redirect("landscape:proposal-detail", proposal.pk)
