"""Pages of the AI Standards Exchange: the register, a standard, the gap matrix, definitions."""

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from aigov.accounts.access import has
from aigov.core.errors import DomainError, NotFound
from aigov.core.http import is_htmx
from aigov.standards import selectors, services
from aigov.standards.forms import (
    GapAxesForm,
    GapProposalForm,
    ModerationForm,
    ReplyForm,
    ReviewForm,
    StandardFilterForm,
)


def standard_list(request: HttpRequest) -> HttpResponse:
    form = StandardFilterForm(request.GET or None, actor=request.user)
    filters: dict[str, Any] = {}
    status = 200
    if request.GET:
        if form.is_valid():
            filters = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
        else:
            status = 400
    standards = selectors.standard_list(actor=request.user, **filters)
    template = (
        "standards/_standard_table.html" if is_htmx(request) else "standards/standard_list.html"
    )
    context = {
        "form": form,
        "standards": standards,
        "pipeline": selectors.status_pipeline(actor=request.user),
    }
    return render(request, template, context, status=status)


def _standard_context(request: HttpRequest, pk: int) -> dict[str, Any]:
    try:
        standard = selectors.standard_get(actor=request.user, pk=pk)
    except NotFound as missing:
        raise Http404 from missing
    reviews = list(selectors.review_list(actor=request.user, standard=standard))
    replies: dict[int, list[Any]] = {}
    for review in reviews:
        if review.parent_id:
            replies.setdefault(review.parent_id, []).append(review)
    return {
        "standard": standard,
        "related": selectors.standard_related(actor=request.user, standard=standard),
        "reviews": [(r, replies.get(r.pk, [])) for r in reviews if r.parent_id is None],
        "summary": selectors.review_summary(actor=request.user, standard=standard),
        "can_review": has(request.user, "standards.post_review", standard),
        "can_moderate": has(request.user, "standards.moderate_review"),
        "review_form": ReviewForm(),
        "reply_form": ReplyForm(),
    }


def standard_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "standards/standard_detail.html", _standard_context(request, pk))


def _back_to(pk: int) -> HttpResponseRedirect:
    from django.urls import reverse

    return HttpResponseRedirect(reverse("standards:standard-detail", args=[pk]) + "#reviews")


@require_POST
def review_create(request: HttpRequest, pk: int) -> HttpResponse:
    context = _standard_context(request, pk)
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            services.review_post(
                actor=request.user,  # type: ignore[arg-type]
                standard=context["standard"],
                position=form.cleaned_data["position"],
                rationale=form.cleaned_data["rationale"],
                scores=form.scores(),
            )
        except DomainError as error:
            status = error.status
            form.add_error(None, str(error.message))
        else:
            messages.success(request, _("Your review has been posted."))
            return _back_to(pk)
    else:
        status = 400
    context["review_form"] = form
    return render(request, "standards/standard_detail.html", context, status=status)


@require_POST
def review_reply(request: HttpRequest, pk: int, review_pk: int) -> HttpResponse:
    form = ReplyForm(request.POST)
    try:
        parent = selectors.review_get(actor=request.user, pk=review_pk)
        if parent.standard_id != pk:
            raise NotFound()
        if not form.is_valid():
            messages.error(request, _("Write a reply before sending it."))
            return _back_to(pk)
        services.review_reply(
            actor=request.user,  # type: ignore[arg-type]
            parent=parent,
            rationale=form.cleaned_data["rationale"],
        )
    except NotFound as missing:
        raise Http404 from missing
    except DomainError as error:
        messages.error(request, str(error.message))
        return _back_to(pk)
    messages.success(request, _("Your reply has been posted."))
    return _back_to(pk)


@require_POST
def review_moderate(request: HttpRequest, pk: int, review_pk: int) -> HttpResponse:
    form = ModerationForm(request.POST)
    try:
        review = selectors.review_get(actor=request.user, pk=review_pk)
        if review.standard_id != pk or not form.is_valid():
            raise NotFound()
        services.review_moderate(
            actor=request.user,  # type: ignore[arg-type]
            review=review,
            is_hidden=form.cleaned_data["is_hidden"],
            note=form.cleaned_data["note"],
        )
    except NotFound as missing:
        raise Http404 from missing
    except DomainError as error:
        messages.error(request, str(error.message))
        return _back_to(pk)
    messages.success(request, _("The review has been moderated."))
    return _back_to(pk)


def gaps(request: HttpRequest) -> HttpResponse:
    form = GapAxesForm(request.GET or None)
    axes = {"rows": "topic", "cols": "lifecycle_stage"}
    if request.GET and form.is_valid():
        axes.update({k: v for k, v in form.cleaned_data.items() if v})
    coverage = selectors.coverage_matrix(actor=request.user, **axes)
    return render(
        request,
        "standards/gaps.html",
        {"form": form, "coverage": coverage, "table": coverage.table(), "thin": selectors.THIN},
    )


def concept_list(request: HttpRequest) -> HttpResponse:
    return render(request, "standards/concept_list.html", {"concepts": selectors.concept_list()})


def concept_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        concept = selectors.concept_get(slug=slug)
    except NotFound as missing:
        raise Http404 from missing
    return render(request, "standards/concept_detail.html", {"concept": concept})


def _gap_page(request: HttpRequest, form: GapProposalForm, status: int = 200) -> HttpResponse:
    context = {
        "gaps": selectors.gap_proposal_list(actor=request.user),
        "endorsed": selectors.gap_endorsed_ids(actor=request.user),
        "can_propose": has(request.user, "standards.propose_gap"),
        "form": form,
    }
    return render(request, "standards/gap_proposals.html", context, status=status)


def gap_proposals(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _gap_page(request, GapProposalForm())
    form = GapProposalForm(request.POST)
    if not form.is_valid():
        return _gap_page(request, form, status=400)
    try:
        services.gap_propose(actor=request.user, **form.cleaned_data)  # type: ignore[arg-type]
    except DomainError as error:
        form.add_error(None, str(error.message))
        return _gap_page(request, form, status=error.status)
    messages.success(request, _("Your gap proposal has been recorded."))
    return HttpResponseRedirect(request.path)


@require_POST
def gap_endorse(request: HttpRequest, pk: int) -> HttpResponse:
    from django.urls import reverse

    try:
        gap = selectors.gap_proposal_get(pk=pk)
        services.gap_endorse(actor=request.user, gap=gap)  # type: ignore[arg-type]
    except NotFound as missing:
        raise Http404 from missing
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Thank you: your endorsement has been recorded."))
    return HttpResponseRedirect(reverse("standards:gap-proposals") + f"#gap-{pk}")
