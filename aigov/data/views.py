"""Pages of the data module: the catalogue with facets, a dataset (files only where readable),
trusts, access requests with their decision and agreement, and the gaps of the data commons.
Thin: forms read, services write, selectors read."""

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from aigov.core.errors import DomainError, NotAllowed
from aigov.core.http import error_text, get_or_404
from aigov.core.pagination import page_of
from aigov.data import selectors, services
from aigov.data.files import file_response
from aigov.data.forms import (
    AccessRequestForm,
    CatalogueFilterForm,
    DecisionForm,
    GapsForm,
    RevokeForm,
)
from aigov.data.vocabulary import PURPOSE_BY_SLUG, Task


def dataset_list(request: HttpRequest) -> HttpResponse:
    form = CatalogueFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    datasets = selectors.dataset_list(
        actor=request.user,
        query=filters.get("q", ""),
        language=filters.get("language", ""),
        country=filters.get("country", ""),
        task=filters.get("task", ""),
        access=filters.get("access", ""),
    )
    context = {
        "form": form,
        "datasets": page_of(request, datasets),
        "facets": selectors.dataset_facets(actor=request.user, datasets=datasets),
    }
    return render(request, "data/dataset_list.html", context)


def _dataset_context(request: HttpRequest, dataset: Any) -> dict[str, Any]:
    labels = dict(Task.choices)
    return {
        "dataset": dataset,
        "tasks": [labels.get(task, task) for task in dataset.tasks],
        "files": selectors.dataset_files(actor=request.user, dataset=dataset),
        "sample": selectors.dataset_sample(actor=request.user, dataset=dataset),
        "can_read_files": selectors.dataset_files_readable(actor=request.user, dataset=dataset),
        "versions": dataset.versions.all(),
        "policy_json": json.dumps(dataset.policy, indent=2, ensure_ascii=False),
        "rai": [
            (key, "; ".join(value) if isinstance(value, list) else value)
            for key, value in dataset.rai.items()
        ],
    }


def dataset_detail(request: HttpRequest, pk: int) -> HttpResponse:
    dataset = get_or_404(selectors.dataset_get, actor=request.user, pk=pk)
    context = _dataset_context(request, dataset)
    context["form"] = AccessRequestForm()
    return render(request, "data/dataset_detail.html", context)


def file_download(request: HttpRequest, pk: int, file_pk: int) -> HttpResponseBase:
    try:
        found = get_or_404(
            selectors.dataset_file_get, actor=request.user, dataset_pk=pk, file_pk=file_pk
        )
    except NotAllowed as refused:  # seen, but the files need a live entitlement
        raise PermissionDenied from refused
    if found.url:
        return HttpResponseRedirect(found.url)
    return file_response(found)


@login_required
@require_POST
def request_create(request: HttpRequest, pk: int) -> HttpResponse:
    dataset = get_or_404(selectors.dataset_get, actor=request.user, pk=pk)
    form = AccessRequestForm(request.POST)
    if form.is_valid():
        try:
            submitted = services.access_request_submit(
                actor=request.user, dataset=dataset, **form.cleaned_data
            )
        except DomainError as error:
            form.add_error(None, error_text(error))
        else:
            return redirect("data:request-detail", pk=submitted.pk)
    context = _dataset_context(request, dataset)
    context["form"] = form
    return render(request, "data/dataset_detail.html", context, status=400)


@login_required
def request_list(request: HttpRequest) -> HttpResponse:
    context = {
        "requests": page_of(request, selectors.access_request_list(actor=request.user)),
        "to_decide": selectors.requests_to_decide(actor=request.user)[:50],
    }
    return render(request, "data/request_list.html", context)


def _request_context(request: HttpRequest, found: Any) -> dict[str, Any]:
    entitlement = getattr(found, "entitlement", None)
    return {
        "request_record": found,
        "purposes": [PURPOSE_BY_SLUG[slug].label for slug in found.purposes],
        "entitlement": entitlement,
        "can_decide": selectors.access_request_decidable(actor=request.user, request=found),
        "can_revoke": entitlement is not None
        and selectors.entitlement_revocable(actor=request.user, entitlement=entitlement),
        "form": DecisionForm(),
        "revoke_form": RevokeForm(),
    }


@login_required
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_or_404(selectors.access_request_get, actor=request.user, pk=pk)
    return render(request, "data/request_detail.html", _request_context(request, found))


@login_required
@require_POST
def request_decide(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_or_404(selectors.access_request_get, actor=request.user, pk=pk)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            services.access_request_decide(actor=request.user, request=found, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error_text(error))
        else:
            messages.success(request, _("Decision recorded."))
            return redirect("data:request-detail", pk=found.pk)
    context = _request_context(request, found)
    context["form"] = form
    return render(request, "data/request_detail.html", context, status=400)


@login_required
@require_POST
def entitlement_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    entitlement = get_or_404(selectors.entitlement_get, actor=request.user, pk=pk)
    form = RevokeForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        services.entitlement_revoke(actor=request.user, entitlement=entitlement, reason=reason)
    except DomainError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("Access revoked: downloads stop now."))
    return redirect("data:request-detail", pk=entitlement.request_id)


def trust_list(request: HttpRequest) -> HttpResponse:
    context = {"trusts": page_of(request, selectors.trust_list(actor=request.user))}
    return render(request, "data/trust_list.html", context)


def trust_detail(request: HttpRequest, slug: str) -> HttpResponse:
    trust = get_or_404(selectors.trust_get, actor=request.user, slug=slug)
    context = {
        "trust": trust,
        "datasets": selectors.dataset_list(actor=request.user, trust=trust.slug)[:100],
    }
    return render(request, "data/trust_detail.html", context)


def gaps(request: HttpRequest) -> HttpResponse:
    form = GapsForm(request.GET or None)
    by = (form.cleaned_data.get("by") if form.is_valid() else "") or "language"
    labels = {value: str(label) for value, label in Task.choices}
    rows = selectors.gaps(actor=request.user, by=by, un_languages_only=False)
    for row in rows:
        row.tasks_missing = [labels.get(task, task) for task in row.tasks_missing]
        row.tasks_covered = [labels.get(task, task) for task in row.tasks_covered]
    context = {
        "form": form,
        "by": by,
        "rows": page_of(request, rows, per_page=50),
        "without": sum(1 for row in rows if row.datasets == 0),
        "total": len(rows),
    }
    return render(request, "data/gaps.html", context)
