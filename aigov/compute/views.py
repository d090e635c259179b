"""Pages of shared compute: the catalogue, projects and requests, the review queue, allocations
with their jobs, and usage with the federation's fair share. Thin: forms read, services write,
selectors read."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from aigov.accounts.selectors import organisation_list
from aigov.compute import charts, exchange, selectors, services
from aigov.compute.forms import (
    DecisionForm,
    ExtendForm,
    JobForm,
    OfferFilterForm,
    PolicyForm,
    ProjectForm,
    RequestForm,
    addresses,
    target_codes,
)
from aigov.core.errors import DomainError
from aigov.core.exchange.files import FileFormat
from aigov.core.exchange.page import import_page
from aigov.core.http import error_text, get_or_404, is_htmx, run_with_message, table_download
from aigov.core.pagination import page_of
from aigov.taxonomy.selectors import country_list_by_name, topic_list_by_name

USAGE_DIMENSIONS = {
    "country": gettext_lazy("By country"),
    "income_group": gettext_lazy("By income group"),
    "region": gettext_lazy("By UN regional group"),
    "node": gettext_lazy("By node"),
    "sdg": gettext_lazy("By Sustainable Development Goal"),
}


def catalogue(request: HttpRequest) -> HttpResponse:
    file_format = request.GET.get("format")
    if file_format:
        # The `compute-resources` dataset's columns, so a download re-imports with `aigov import`.
        return table_download(
            file_format=file_format,
            columns=exchange.COLUMNS,
            rows=(exchange.resource_row(r) for r in exchange.resources_of(actor=request.user)),
            name="compute-resources",
        )
    form = OfferFilterForm(request.GET or None)
    offers = None
    if form.is_valid() and form.cleaned_data["units"]:
        data = form.cleaned_data
        offers = selectors.resource_offers(
            actor=request.user,
            units=data["units"],
            kind=data["kind"],
            min_memory_gb=data["min_memory_gb"],
        )
    context = {
        "form": form,
        "offers": offers,
        "resources": selectors.resource_list(actor=request.user),
        "formats": [f.value for f in FileFormat],
        "can_import": selectors.can_import_resources(actor=request.user),
    }
    return render(request, "compute/resource_catalogue.html", context)


@login_required
def resource_import(request: HttpRequest) -> HttpResponse:
    """Import resources from a file (`compute-resources`: checked first, applied only without
    errors); an operator's rows may describe only the nodes they operate."""
    if not selectors.can_import_resources(actor=request.user):
        raise PermissionDenied
    return import_page(request, slug="compute-resources", template="compute/resource_import.html")


def usage(request: HttpRequest) -> HttpResponse:
    unit = request.GET.get("unit", "gpu_hour")
    if unit not in {"gpu_hour", "core_hour", "tb_month"}:
        unit = "gpu_hour"
    sections = []
    for dimension, title in USAGE_DIMENSIONS.items():
        rows = selectors.usage_by(dimension=dimension, unit=unit)
        chart = charts.usage_bars(rows, title=str(title)) if rows else None
        sections.append((dimension, title, rows, chart))
    policy = services.policy_current()
    context = {
        "sections": sections,
        "fairshare": selectors.fairshare(),
        "unit": unit,
        "policy_figures": policy.figures(),
        "can_set_policy": selectors.can_set_policy(actor=request.user),
        "policy_form": PolicyForm(
            initial={
                "floor": policy.floor,
                "time_critical_reserve": policy.time_critical_reserve,
                "half_life_days": policy.half_life_days,
            }
        ),
    }
    return render(request, "compute/usage.html", context)


LANDSCAPE_DIMENSIONS = {
    "income_group": gettext_lazy("By World Bank income group"),
    "region": gettext_lazy("By UN regional group"),
    "country": gettext_lazy("By country"),
}


def landscape(request: HttpRequest) -> HttpResponse:
    figures = selectors.compute_landscape()
    sections = []
    for dimension, title in LANDSCAPE_DIMENSIONS.items():
        rows = figures.dimensions[dimension]
        listed = [row for row in rows if row.systems][:20]
        chart = charts.landscape_bars(listed, title=str(title)) if listed else None
        sections.append((dimension, title, rows, chart))
    context = {"edition": figures.edition, "sections": sections, "top": 100}
    return render(request, "compute/landscape.html", context)


@login_required
@require_POST
def policy_set(request: HttpRequest) -> HttpResponse:
    form = PolicyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give fractions from 0 to 1 and a half-life in days."))
        return redirect("compute:usage")
    run_with_message(
        request,
        lambda: services.policy_set(actor=request.user, **form.cleaned_data),
        _("The new fair-share policy is in force."),
    )
    return redirect("compute:usage")


@login_required
def project_list(request: HttpRequest) -> HttpResponse:
    projects = page_of(request, selectors.project_list(actor=request.user))
    return render(request, "compute/project_list.html", {"projects": projects})


@login_required
def project_create(request: HttpRequest) -> HttpResponse:
    form = ProjectForm(
        request.POST or None,
        countries=[(country.iso3, country.name) for country in country_list_by_name()],
        organisations=[(o.pk, str(o)) for o in organisation_list(actor=request.user)],
        topics=[(topic.slug, topic.name) for topic in topic_list_by_name()],
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            project = services.project_create(
                actor=request.user,
                title=data["title"],
                country=selectors.country_for_project(code=data["country"]),
                purpose=data["purpose"],
                sdg_targets=selectors.sdg_targets_for_project(
                    codes=target_codes(data["sdg_targets"])
                ),
                organisation=selectors.organisation_for_project(
                    actor=request.user, pk=data["organisation"]
                ),
                topics=selectors.topics_for_project(slugs=data["topics"]),
                members=selectors.members_for_project(emails=addresses(data["members"])),
            )
        except DomainError as error:
            form.add_error(None, error_text(error))
        else:
            messages.success(request, _("Project created. Now request compute for it."))
            return redirect("compute:request-create", pk=project.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "compute/project_form.html", {"form": form}, status=status)


@login_required
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_or_404(selectors.project_get, actor=request.user, pk=pk)
    context = {
        "project": project,
        "requests": selectors.request_list(actor=request.user, project=project),
        "allocations": selectors.allocation_list(actor=request.user, project=project),
        "can_request": selectors.can_request_for(actor=request.user, project=project),
    }
    return render(request, "compute/project_detail.html", context)


@login_required
def request_create(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_or_404(selectors.project_get, actor=request.user, pk=pk)
    previews = selectors.fee_preview(actor=request.user, project=project)
    choices = [(p.resource.pk, f"{p.resource.name} ({p.resource.node})") for p in previews]
    form = RequestForm(request.POST or None, resources=choices)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            targets = selectors.request_targets(
                actor=request.user, project=project.pk, resource=data["resource"]
            )
            submitted = services.request_submit(
                actor=request.user,
                project=targets.project,
                resource=targets.resource,
                amount=data["amount"],
                justification=data["justification"],
                priority=data["priority"],
                time_critical_reason=data["time_critical_reason"],
            )
        except DomainError as error:
            form.add_error(None, error_text(error))
        else:
            messages.success(request, _("Request submitted."))
            return redirect("compute:request-detail", pk=submitted.pk)
    context = {"project": project, "form": form, "previews": previews}
    status = 400 if request.method == "POST" else 200
    return render(request, "compute/request_form.html", context, status=status)


@login_required
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_or_404(selectors.request_get, actor=request.user, pk=pk)
    context: dict[str, Any] = {
        "request_record": found,
        "can_decide": selectors.can_decide_request(actor=request.user, request=found),
        "form": DecisionForm(initial={"amount": found.amount}),
    }
    return render(request, "compute/request_detail.html", context)


@login_required
@require_POST
def request_decide(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_or_404(selectors.request_get, actor=request.user, pk=pk)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            services.request_decide(
                actor=request.user,
                request=found,
                decision=form.cleaned_data["decision"],
                amount=form.cleaned_data["amount"],
                note=form.cleaned_data["note"],
            )
        except DomainError as error:
            form.add_error(None, error_text(error))
        else:
            messages.success(request, _("Decision recorded."))
            return redirect("compute:request-detail", pk=found.pk)
    context = {"request_record": found, "can_decide": True, "form": form}
    return render(request, "compute/request_detail.html", context, status=400)


@login_required
def review_queue(request: HttpRequest) -> HttpResponse:
    waiting = page_of(request, selectors.requests_to_decide(actor=request.user))
    return render(request, "compute/review_queue.html", {"requests": waiting})


@login_required
def allocation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    allocation = get_or_404(selectors.allocation_get, actor=request.user, pk=pk)
    may_submit = selectors.can_submit_job(actor=request.user, allocation=allocation)
    form = JobForm(request.POST or None)
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        try:
            job = services.job_submit(
                actor=request.user, allocation=allocation, **form.cleaned_data
            )
        except DomainError as error:
            form.add_error(None, error_text(error))
            status = error.status  # 409 when it would overdraw
        else:
            messages.success(request, _("Job submitted."))
            return redirect("compute:job-detail", pk=job.pk)
    context = {
        "allocation": allocation,
        "account": selectors.allocation_account(allocation=allocation),
        "jobs": page_of(request, selectors.job_list(actor=request.user, allocation=allocation)),
        "form": form,
        "may_submit": may_submit,
        "extend_form": ExtendForm(),
    }
    return render(request, "compute/allocation_detail.html", context, status=status)


@login_required
@require_POST
def allocation_extend(request: HttpRequest, pk: int) -> HttpResponse:
    allocation = get_or_404(selectors.allocation_get, actor=request.user, pk=pk)
    form = ExtendForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the units as a positive number, and a justification."))
        return redirect("compute:allocation-detail", pk=allocation.pk)
    try:
        submitted = services.request_submit(
            actor=request.user,
            project=allocation.project,
            resource=allocation.resource,
            kind=form.cleaned_data["kind"],
            allocation=allocation,
            amount=form.cleaned_data["amount"],
            justification=form.cleaned_data["justification"],
        )
    except DomainError as error:
        messages.error(request, error_text(error))
        return redirect("compute:allocation-detail", pk=allocation.pk)
    messages.success(request, _("Request submitted."))
    return redirect("compute:request-detail", pk=submitted.pk)


@login_required
def job_list(request: HttpRequest) -> HttpResponse:
    jobs = page_of(request, selectors.job_list(actor=request.user, mine=True))
    template = "compute/_job_rows.html" if is_htmx(request) else "compute/job_list.html"
    live = selectors.has_unfinished_jobs(actor=request.user)
    return render(request, template, {"jobs": jobs, "live": live})


@login_required
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_or_404(selectors.job_get, actor=request.user, pk=pk)
    context = {"job": job, "can_cancel": selectors.can_cancel_job(actor=request.user, job=job)}
    return render(request, "compute/job_detail.html", context)


@login_required
@require_POST
def job_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_or_404(selectors.job_get, actor=request.user, pk=pk)
    run_with_message(
        request, lambda: services.job_cancel(actor=request.user, job=job), _("Job cancelled.")
    )
    return redirect("compute:job-detail", pk=job.pk)
