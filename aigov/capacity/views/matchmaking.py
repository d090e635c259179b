"""Pages of matchmaking: needs, offers and introductions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from aigov.capacity import selectors, services
from aigov.capacity.forms import IntroductionForm, NeedForm, OfferForm
from aigov.capacity.models import Introduction
from aigov.core.errors import DomainError
from aigov.core.http import error_text, get_or_404, run_with_message
from aigov.core.pagination import page_of
from aigov.taxonomy.selectors import topic_list


@login_required
def need_list(request: HttpRequest) -> HttpResponse:
    form = NeedForm(request.POST or None, topics=list(topic_list()))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            need = services.need_create(
                actor=request.user,
                title=data["title"],
                description=data["description"],
                topics=data["topics"],
                languages=form.language_tags(),
                audiences=data["audiences"],
                people=data["people"],
                due_by=data["due_by"],
                country=(data["country"] or "").upper() or None,
                region=data["region"],
            )
        except DomainError as error:
            form.add_error(None, error_text(error))
        else:
            messages.success(request, _("Need posted. Here are the offers that match it."))
            return redirect("capacity:need-detail", pk=need.pk)
    status = 400 if request.method == "POST" else 200
    context = {"needs": page_of(request, selectors.need_list(actor=request.user)), "form": form}
    return render(request, "capacity/need_list.html", context, status=status)


@login_required
def need_detail(request: HttpRequest, pk: int) -> HttpResponse:
    need = get_or_404(selectors.need_get, actor=request.user, pk=pk)
    can_introduce = selectors.can_change_need(actor=request.user, need=need)
    form = IntroductionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not can_introduce:
            raise Http404
        if form.is_valid():
            try:
                offer = selectors.offer_get(actor=request.user, pk=form.cleaned_data["offer"])
                services.introduction_create(
                    actor=request.user,
                    need=need,
                    offer=offer,
                    message=form.cleaned_data["message"],
                )
            except DomainError as error:
                messages.error(request, error_text(error))
            else:
                messages.success(request, _("Introduction sent to the provider."))
            return redirect("capacity:need-detail", pk=need.pk)
        status = 400
    context = {
        "need": need,
        "matches": selectors.need_matches(
            actor=request.user, need=need, today=timezone.now().date()
        ),
        "introductions": selectors.introduction_list(actor=request.user, need=need),
        "can_introduce": can_introduce,
        "form": form,
    }
    return render(request, "capacity/need_detail.html", context, status=status)


@login_required
def offer_list(request: HttpRequest) -> HttpResponse:
    form = OfferForm(request.POST or None, topics=list(topic_list()))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.offer_create(
                actor=request.user,
                title=data["title"],
                description=data["description"],
                topics=data["topics"],
                languages=form.language_tags(),
                audiences=data["audiences"],
                regions=data["regions"],
                seats=data["seats"],
                available_from=data["available_from"],
                available_until=data["available_until"],
            )
        except DomainError as error:
            form.add_error(None, error_text(error))
        else:
            messages.success(request, _("Offer posted."))
            return redirect("capacity:offer-list")
    status = 400 if request.method == "POST" else 200
    page = page_of(request, selectors.offer_list(actor=request.user))
    offers = selectors.offers_with_rights(actor=request.user, offers=page)
    context = {
        "page": page,
        "offers": offers,
        "introductions": selectors.introduction_list(
            actor=request.user, statuses=("proposed", "accepted", "in_progress")
        ),
        "status_choices": Introduction.Status.choices,
        "form": form,
    }
    return render(request, "capacity/offer_list.html", context, status=status)


@login_required
@require_POST
def need_close(request: HttpRequest, pk: int) -> HttpResponse:
    need = get_or_404(selectors.need_get, actor=request.user, pk=pk)
    if not selectors.can_change_need(actor=request.user, need=need):
        raise Http404
    closing = request.POST.get("closed") != "0"
    run_with_message(
        request,
        lambda: services.need_close(actor=request.user, need=need, closed=closing),
        _("The need is closed.") if closing else _("The need is open again."),
    )
    return redirect("capacity:need-detail", pk=need.pk)


@login_required
@require_POST
def offer_status(request: HttpRequest, pk: int) -> HttpResponse:
    offer = get_or_404(selectors.offer_get, actor=request.user, pk=pk)
    if not selectors.can_change_offer(actor=request.user, offer=offer):
        raise Http404
    status = request.POST.get("status", "")
    run_with_message(
        request,
        lambda: services.offer_set_status(actor=request.user, offer=offer, status=status),
        _("The offer is closed.") if status == "closed" else _("The offer is open again."),
    )
    return redirect("capacity:offer-list")


@login_required
@require_POST
def introduction_status(request: HttpRequest, pk: int) -> HttpResponse:
    introduction = get_or_404(selectors.introduction_get, actor=request.user, pk=pk)
    run_with_message(
        request,
        lambda: services.introduction_set_status(
            actor=request.user,
            introduction=introduction,
            status=request.POST.get("status", ""),
        ),
        _("Status changed."),
    )
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("capacity:offer-list")
