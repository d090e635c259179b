"""Pages of the roster: nominate, review, appoint (with the balance warning), working groups."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from aigov.accounts.access import has
from aigov.core.errors import Conflict, DomainError, NotFound
from aigov.core.pagination import page_of
from aigov.panel import reports, roster, selectors
from aigov.panel.forms import (
    AppointmentForm,
    MembersForm,
    NominationForm,
    NominationReviewForm,
    WorkingGroupForm,
    add_errors,
)
from aigov.panel.models import BalanceTarget, Nomination
from aigov.panel.permissions import focal_point_for


def _nomination(request: HttpRequest, nomination_id: int) -> Nomination:
    try:
        return roster.nomination_get(actor=request.user, nomination_id=nomination_id)
    except NotFound as missing:
        raise Http404 from missing


@login_required
def nominate(request: HttpRequest) -> HttpResponse:
    """A focal point nominates a national of their country; anyone signed in, themself."""
    countries = sorted(focal_point_for(request.user))
    form = NominationForm(request.POST or None, countries=countries)
    if request.method == "POST" and form.is_valid():
        try:
            roster.expert_nominate(actor=request.user, **form.values())
        except DomainError as error:
            add_errors(form, error.errors, error.message)
        else:
            messages.success(request, _("The nomination is submitted to the secretariat."))
            return redirect("panel:nomination-list")
    status = 400 if request.method == "POST" else 200
    return render(request, "panel/nominate.html", {"form": form}, status=status)


@login_required
def nomination_list(request: HttpRequest) -> HttpResponse:
    context = {
        "nominations": page_of(request, roster.nomination_list(actor=request.user)),
        "can_manage": has(request.user, "panel.manage_roster"),
        "review_form": NominationReviewForm(),
    }
    return render(request, "panel/nomination_list.html", context)


@login_required
@require_POST
def nomination_review(request: HttpRequest, nomination_id: int) -> HttpResponse:
    nomination = _nomination(request, nomination_id)
    form = NominationReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a decision."))
        return redirect("panel:nomination-list")
    try:
        roster.nomination_review(
            actor=request.user,
            nomination=nomination,
            accept=form.cleaned_data["decision"] == "accept",
            note=form.cleaned_data["note"],
        )
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("The nomination is reviewed."))
    return redirect("panel:nomination-list")


def _labels(dimensions: list[str]) -> list[str]:
    return [str(BalanceTarget.Dimension(d).label) for d in dimensions]


@login_required
def appoint(request: HttpRequest, nomination_id: int) -> HttpResponse:
    """Appoint an accepted nominee: the balance warning is shown before, and an unbalancing
    appointment needs the secretariat's explicit confirmation."""
    nomination = _nomination(request, nomination_id)
    if not has(request.user, "panel.manage_roster"):
        raise Http404
    form = AppointmentForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            roster.appointment_create(
                actor=request.user, nomination=nomination, **form.cleaned_data
            )
        except Conflict as conflict:
            add_errors(form, [], conflict.message)
            status = 409
        except DomainError as error:
            add_errors(form, error.errors, error.message)
            status = 400
        else:
            messages.success(request, _("The expert is appointed."))
            return redirect("panel:roster")
    elif request.method == "POST":
        status = 400
    as_of = form.cleaned_data.get("starts_on") if form.is_bound and form.is_valid() else None
    warning = roster.appointment_effect(
        expert=nomination.expert, as_of=as_of or timezone.localdate()
    )
    context = {"nomination": nomination, "form": form, "warning": _labels(warning)}
    return render(request, "panel/appoint.html", context, status=status)


def working_groups(request: HttpRequest) -> HttpResponse:
    """The working groups: all of them for the secretariat (who also creates them and sets their
    members), the ones an expert belongs to for that expert."""
    manage = has(request.user, "panel.manage_working_groups")
    form = WorkingGroupForm(request.POST or None) if manage else None
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            reports.working_group_create(
                actor=request.user,
                slug=form.cleaned_data["slug"],
                names={request.LANGUAGE_CODE: form.cleaned_data["name"]},
            )
        except DomainError as error:
            add_errors(form, error.errors, error.message)
        else:
            messages.success(request, _("The working group is created."))
            return redirect("panel:working-groups")
    experts = roster.experts_for_groups(actor=request.user) if manage else []
    groups: list[Any] = list(selectors.working_group_list(actor=request.user))
    context = {
        "groups": [
            (
                group,
                MembersForm(
                    initial={"members": [str(e.pk) for e in group.members.all()]},
                    experts=experts,
                )
                if manage
                else None,
            )
            for group in groups
        ],
        "form": form,
    }
    status = 400 if form is not None and form.errors else 200
    return render(request, "panel/working_groups.html", context, status=status)


@login_required
@require_POST
def working_group_members(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        group = selectors.working_group_get(actor=request.user, slug=slug)
    except NotFound as missing:
        raise Http404 from missing
    if not has(request.user, "panel.manage_working_groups"):
        raise Http404
    form = MembersForm(request.POST, experts=roster.experts_for_groups(actor=request.user))
    if not form.is_valid():
        messages.error(request, _("Choose members from the list."))
        return redirect("panel:working-groups")
    try:
        reports.working_group_set_members(
            actor=request.user,
            group=group,
            expert_ids=[int(pk) for pk in form.cleaned_data["members"]],
        )
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("The members are saved."))
    return redirect("panel:working-groups")
