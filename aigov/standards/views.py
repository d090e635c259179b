"""Pages of the AI Standards Exchange: the register, a standard, the gap matrix, definitions."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from aigov.accounts.access import has
from aigov.core.errors import DomainError, NotFound
from aigov.core.http import is_htmx
from aigov.core.pagination import page_of
from aigov.standards import selectors, services
from aigov.standards.charts import body_year_chart
from aigov.standards.forms import (
    FollowTopicForm,
    GapAxesForm,
    GapModerationForm,
    GapProposalForm,
    ModerationForm,
    ReplyForm,
    ReviewForm,
    StandardEditForm,
    StandardFilterForm,
    ToolFilterForm,
    TrendsForm,
)
from aigov.standards.models import Status


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
        "page": page_of(request, standards),
        "pipeline": selectors.status_pipeline(actor=request.user),
    }
    return render(request, template, context, status=status)


def _deliberation_context(
    request: HttpRequest, *, standard: Any = None, concept: Any = None
) -> dict[str, Any]:
    from django.urls import reverse

    subject = standard if standard is not None else concept
    reviews = list(selectors.review_list(actor=request.user, standard=standard, concept=concept))
    replies: dict[int, list[Any]] = {}
    for review in reviews:
        if review.parent_id:
            replies.setdefault(review.parent_id, []).append(review)
    create_url = (
        reverse("standards:review-create", args=[standard.pk])
        if standard is not None
        else reverse("standards:concept-review-create", args=[concept.slug])
    )
    return {
        "reviews": [(r, replies.get(r.pk, [])) for r in reviews if r.parent_id is None],
        "summary": selectors.review_summary(actor=request.user, standard=standard, concept=concept),
        "can_review": has(request.user, "standards.post_review", subject),
        "can_moderate": has(request.user, "standards.moderate_review"),
        "review_form": ReviewForm(),
        "reply_form": ReplyForm(),
        "review_create_url": create_url,
    }


def _standard_context(request: HttpRequest, pk: int) -> dict[str, Any]:
    try:
        standard = selectors.standard_get(actor=request.user, pk=pk)
    except NotFound as missing:
        raise Http404 from missing
    return {
        "standard": standard,
        "related": selectors.standard_related(actor=request.user, standard=standard),
        "can_follow": has(request.user, "standards.follow", standard),
        "follow": selectors.follow_of(actor=request.user, standard=standard),
        "tools": selectors.assessment_tool_list(actor=request.user, standard=standard.pk),
        "policies": selectors.standard_policies(actor=request.user, standard=standard),
        "can_edit": has(request.user, "standards.change_standard", standard),
        **_deliberation_context(request, standard=standard),
    }


def _concept_context(request: HttpRequest, slug: str) -> dict[str, Any]:
    try:
        concept = selectors.concept_get(slug=slug)
    except NotFound as missing:
        raise Http404 from missing
    return {"concept": concept, **_deliberation_context(request, concept=concept)}


def standard_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "standards/standard_detail.html", _standard_context(request, pk))


def standard_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The secretariat edits a standard's fields, tags, policies and status."""
    context = _standard_context(request, pk)
    standard = context["standard"]
    if not has(request.user, "standards.change_standard", standard):
        raise PermissionDenied
    initial = StandardEditForm.initial_for(standard)
    form = StandardEditForm(request.POST or None, initial=initial, actor=request.user)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.standard_edit(
                    actor=request.user,
                    standard=standard,
                    **form.changes(standard),
                )
            except ValidationError as invalid:
                for field, errors in invalid.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
                status = 400
            except DomainError as error:
                form.add_error(None, str(error.message))
                status = error.status
            else:
                messages.success(request, _("The standard has been saved."))
                return HttpResponseRedirect(standard.get_absolute_url())
        else:
            status = 400
    return render(
        request, "standards/standard_edit.html", {"standard": standard, "form": form}, status=status
    )


def _back_to(review_or_subject: Any) -> HttpResponseRedirect:
    subject = getattr(review_or_subject, "subject", review_or_subject)
    return HttpResponseRedirect(subject.get_absolute_url() + "#reviews")


def _review_create(
    request: HttpRequest, context: dict[str, Any], template: str, subject: dict[str, Any]
) -> HttpResponse:
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            services.review_post(
                actor=request.user,
                position=form.cleaned_data["position"],
                rationale=form.cleaned_data["rationale"],
                scores=form.scores(),
                **subject,
            )
        except DomainError as error:
            status = error.status
            form.add_error(None, str(error.message))
        else:
            messages.success(request, _("Your review has been posted."))
            return _back_to(next(iter(subject.values())))
    else:
        status = 400
    context["review_form"] = form
    return render(request, template, context, status=status)


@require_POST
def review_create(request: HttpRequest, pk: int) -> HttpResponse:
    context = _standard_context(request, pk)
    return _review_create(
        request, context, "standards/standard_detail.html", {"standard": context["standard"]}
    )


@require_POST
def concept_review_create(request: HttpRequest, slug: str) -> HttpResponse:
    context = _concept_context(request, slug)
    return _review_create(
        request, context, "standards/concept_detail.html", {"concept": context["concept"]}
    )


@require_POST
def review_reply(request: HttpRequest, review_pk: int, pk: int | None = None) -> HttpResponse:
    form = ReplyForm(request.POST)
    try:
        parent = selectors.review_get(actor=request.user, pk=review_pk)
        if pk is not None and parent.standard_id != pk:
            raise NotFound()
        if not form.is_valid():
            messages.error(request, _("Write a reply before sending it."))
            return _back_to(parent)
        services.review_reply(
            actor=request.user,
            parent=parent,
            rationale=form.cleaned_data["rationale"],
        )
    except NotFound as missing:
        raise Http404 from missing
    except DomainError as error:
        messages.error(request, str(error.message))
        return _back_to(parent)
    messages.success(request, _("Your reply has been posted."))
    return _back_to(parent)


@require_POST
def review_moderate(request: HttpRequest, review_pk: int, pk: int | None = None) -> HttpResponse:
    form = ModerationForm(request.POST)
    try:
        review = selectors.review_get(actor=request.user, pk=review_pk)
        if (pk is not None and review.standard_id != pk) or not form.is_valid():
            raise NotFound()
        services.review_moderate(
            actor=request.user,
            review=review,
            is_hidden=form.cleaned_data["is_hidden"],
            note=form.cleaned_data["note"],
        )
    except NotFound as missing:
        raise Http404 from missing
    except DomainError as error:
        messages.error(request, str(error.message))
        return _back_to(review)
    messages.success(request, _("The review has been moderated."))
    return _back_to(review)


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


def trends(request: HttpRequest) -> HttpResponse:
    form = TrendsForm(request.GET or None)
    status = "published"
    if request.GET and form.is_valid() and form.cleaned_data["status"]:
        status = form.cleaned_data["status"]
    counts = selectors.counts_by_body_and_year(actor=request.user, status=status)
    table = counts.table()
    context = {
        "form": form,
        "pipeline": selectors.status_pipeline(actor=request.user),
        "counts": counts,
        "status_label": Status(status).label,
        "chart": body_year_chart(counts),
        **table,
    }
    bad_input = bool(request.GET) and not form.is_valid()
    return render(request, "standards/trends.html", context, status=400 if bad_input else 200)


def concept_list(request: HttpRequest) -> HttpResponse:
    page = page_of(request, selectors.concept_list())
    return render(request, "standards/concept_list.html", {"page": page})


def concept_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return render(request, "standards/concept_detail.html", _concept_context(request, slug))


def _gap_page(request: HttpRequest, form: GapProposalForm, status: int = 200) -> HttpResponse:
    context = {
        "page": page_of(request, selectors.gap_proposal_list(actor=request.user)),
        "endorsed": selectors.gap_endorsed_ids(actor=request.user),
        "can_propose": has(request.user, "standards.propose_gap"),
        "can_moderate": has(request.user, "standards.moderate_gap"),
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
        services.gap_propose(actor=request.user, **form.cleaned_data)
    except DomainError as error:
        form.add_error(None, str(error.message))
        return _gap_page(request, form, status=error.status)
    messages.success(request, _("Your gap proposal has been recorded."))
    return HttpResponseRedirect(request.path)


@require_POST
def gap_endorse(request: HttpRequest, pk: int) -> HttpResponse:
    from django.urls import reverse

    try:
        gap = selectors.gap_proposal_get(actor=request.user, pk=pk)
        services.gap_endorse(actor=request.user, gap=gap)
    except NotFound as missing:
        raise Http404 from missing
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Thank you: your endorsement has been recorded."))
    return HttpResponseRedirect(reverse("standards:gap-proposals") + f"#gap-{pk}")


@require_POST
def gap_moderate(request: HttpRequest, pk: int) -> HttpResponse:
    from django.urls import reverse

    form = GapModerationForm(request.POST)
    try:
        gap = selectors.gap_proposal_get(actor=request.user, pk=pk)
        if not form.is_valid():
            messages.error(request, _("Give the reason for hiding or restoring this gap proposal."))
        else:
            services.gap_moderate(
                actor=request.user,
                gap=gap,
                is_hidden=form.cleaned_data["is_hidden"],
                reason=form.cleaned_data["reason"],
            )
            messages.success(request, _("The gap proposal has been moderated."))
    except NotFound as missing:
        raise Http404 from missing
    except DomainError as error:
        messages.error(request, str(error.message))
    return HttpResponseRedirect(reverse("standards:gap-proposals") + f"#gap-{pk}")


# --- Following -------------------------------------------------------------------------------


@require_POST
def standard_follow(request: HttpRequest, pk: int) -> HttpResponse:
    """Follow the standard, or stop following it when the actor already does."""
    from django.urls import reverse

    if not request.user.is_authenticated:
        return redirect_to_login(reverse("standards:standard-detail", args=[pk]))
    try:
        standard = selectors.standard_get(actor=request.user, pk=pk)
        current = selectors.follow_of(actor=request.user, standard=standard)
        if current is None:
            services.follow_add(actor=request.user, standard=standard)
            messages.success(request, _("You now follow this standard."))
        else:
            services.follow_remove(actor=request.user, follow=current)
            messages.success(request, _("You no longer follow this standard."))
    except NotFound as missing:
        raise Http404 from missing
    except DomainError as error:
        messages.error(request, str(error.message))
    return HttpResponseRedirect(reverse("standards:standard-detail", args=[pk]))


def following(request: HttpRequest) -> HttpResponse:
    """List what the signed-in user follows; follow a topic (POST)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    form = FollowTopicForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.follow_add(
                    actor=request.user,
                    topic=form.cleaned_data["topic"],
                )
            except DomainError as error:
                form.add_error("topic", str(error.message))
                status = error.status
            else:
                messages.success(request, _("You now follow this topic."))
                return HttpResponseRedirect(request.path)
        else:
            status = 400
    context = {"follows": selectors.follow_list(actor=request.user), "form": form}
    return render(request, "standards/following.html", context, status=status)


@require_POST
def follow_delete(request: HttpRequest, follow_pk: int) -> HttpResponse:
    from django.urls import reverse

    try:
        follow = selectors.follow_get(actor=request.user, pk=follow_pk)
        services.follow_remove(actor=request.user, follow=follow)
    except NotFound as missing:
        raise Http404 from missing
    messages.success(request, _("You no longer follow this."))
    return HttpResponseRedirect(reverse("standards:following"))


def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """Stop a follow from an e-mail's link: GET asks (mail scanners follow links), POST does."""
    if request.method != "POST":
        return render(request, "standards/unsubscribe.html", {"token": token, "done": False})
    try:
        services.follow_remove_by_token(token=token)
    except NotFound:
        pass  # already gone: the reader wanted exactly this
    except DomainError as error:
        return render(
            request,
            "standards/unsubscribe.html",
            {"token": token, "done": False, "error": error.message},
            status=error.status,
        )
    return render(request, "standards/unsubscribe.html", {"token": token, "done": True})


# --- Self-assessment tools -------------------------------------------------------------------


def tool_list(request: HttpRequest) -> HttpResponse:
    form = ToolFilterForm(request.GET or None)
    filters: dict[str, Any] = {}
    status = 200
    if request.GET:
        if form.is_valid():
            filters = {k: v for k, v in form.cleaned_data.items() if v}
        else:
            status = 400
    context = {
        "form": form,
        "page": page_of(request, selectors.assessment_tool_list(actor=request.user, **filters)),
    }
    return render(request, "standards/tool_list.html", context, status=status)


def tool_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        tool = selectors.assessment_tool_get(actor=request.user, slug=slug)
    except NotFound as missing:
        raise Http404 from missing
    return render(request, "standards/tool_detail.html", {"tool": tool})
