"""Pages of the policy dialogue: incident reports, sessions and practices."""

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from aigov.accounts.access import has
from aigov.core.errors import DomainError, InvalidInput
from aigov.core.forms import show_service_errors
from aigov.core.pagination import page_of
from aigov.dialogue import selectors, services
from aigov.dialogue.charts import balance_chart, bar_chart
from aigov.dialogue.forms import (
    DocumentForm,
    IncidentEditForm,
    IncidentFilterForm,
    IncidentReportForm,
    LinkForm,
    PracticeLinksForm,
    PublishForm,
    RegistrationForm,
    ReviewForm,
    StatusForm,
    WithdrawForm,
)
from aigov.dialogue.ical import session_calendar
from aigov.dialogue.session_views import or_404, refused

PAGE_SIZE = 50


def index(request: HttpRequest) -> HttpResponse:
    context = {
        "sessions": page_of(
            request, selectors.session_list(actor=request.user), per_page=20, parameter="sessions"
        ),
        "practices": page_of(
            request, selectors.practice_list(actor=request.user), per_page=20, parameter="practices"
        ),
        "can_manage": has(request.user, "dialogue.manage_sessions"),
    }
    return render(request, "dialogue/index.html", context)


def incident_list(request: HttpRequest) -> HttpResponse:
    form = IncidentFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    reports = selectors.incident_report_list(
        actor=request.user,
        country=filters.get("country") or None,
        risk_area=filters.get("risk_area") or None,
    )
    stats = selectors.incident_stats(actor=request.user)
    context = {
        "form": form,
        "page": page_of(request, reports, per_page=PAGE_SIZE),
        "stats": stats,
        "risk_chart": bar_chart(stats.by_risk_area),
        "can_file": has(request.user, "dialogue.file_incidentreport"),
    }
    return render(request, "dialogue/incident_list.html", context)


def incident_file(request: HttpRequest) -> HttpResponse:
    if not has(request.user, "dialogue.file_incidentreport"):
        raise Http404
    form = IncidentReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.incident_report_file(actor=request.user, **form.cleaned_data)
        except InvalidInput as invalid:
            show_service_errors(form, invalid)
        else:
            messages.success(request, _("Your report was filed."))
            return redirect(report.get_absolute_url())
    status = 400 if request.method == "POST" else 200
    return render(request, "dialogue/incident_form.html", {"form": form}, status=status)


def _report_or_404(request: HttpRequest, pk: int) -> Any:
    return or_404(selectors.incident_report_get, actor=request.user, pk=pk)


def incident_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report_or_404(request, pk)
    can_manage = has(request.user, "dialogue.manage_incidents")
    context: dict[str, Any] = {
        "report": report,
        "can_edit": has(request.user, "dialogue.edit_incidentreport", report),
        "siblings": selectors.incident_report_siblings(actor=request.user, report=report),
        "follow_ups": selectors.follow_up_list(actor=request.user, report=report),
        "can_manage": can_manage,
    }
    if can_manage:
        context.update(
            duplicates=selectors.incident_duplicate_suggestions(actor=request.user, report=report),
            link_form=LinkForm(),
            publish_form=PublishForm(initial={"title": report.title}),
            status_form=StatusForm(initial={"status": report.status}),
            withdraw_form=WithdrawForm(),
            published_versions=selectors.incident_report_versions(
                actor=request.user, report=report
            ),
        )
    return render(request, "dialogue/incident_detail.html", context)


def _secretariat_action(
    request: HttpRequest, pk: int, form_class: Any, action: Any
) -> HttpResponse:
    report = _report_or_404(request, pk)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            target = action(report, form.cleaned_data)
        except DomainError as failure:
            refused(request, failure)
        else:
            messages.success(request, _("Done."))
            return redirect(target.get_absolute_url())
    else:
        messages.error(request, _("The form is not valid; nothing was changed."))
    return redirect(report.get_absolute_url())


@require_POST
def incident_link(request: HttpRequest, pk: int) -> HttpResponse:
    def link(report: Any, data: dict[str, Any]) -> Any:
        incident = selectors.incident_get(actor=request.user, pk=data["incident"])
        return services.incident_report_link(actor=request.user, report=report, incident=incident)

    return _secretariat_action(request, pk, LinkForm, link)


@require_POST
def incident_publish(request: HttpRequest, pk: int) -> HttpResponse:
    def publish(report: Any, data: dict[str, Any]) -> Any:
        return services.incident_report_publish(
            actor=request.user, report=report, redact=data["redact"], title=data["title"] or None
        )

    return _secretariat_action(request, pk, PublishForm, publish)


@require_POST
def incident_status(request: HttpRequest, pk: int) -> HttpResponse:
    def change(report: Any, data: dict[str, Any]) -> Any:
        return services.incident_report_set_status(
            actor=request.user, report=report, status=data["status"], note=data["note"]
        )

    return _secretariat_action(request, pk, StatusForm, change)


def _session_or_404(request: HttpRequest, slug: str) -> Any:
    return or_404(selectors.session_get, actor=request.user, slug=slug)


def session_detail(request: HttpRequest, slug: str) -> HttpResponse:
    session = _session_or_404(request, slug)
    balance = selectors.registration_balance(session=session)
    statements = session.visible_statements
    context = {
        "session": session,
        "statements": statements,
        "editable_statements": {
            s.pk for s in statements if has(request.user, "dialogue.edit_statement", s)
        },
        "can_manage": has(request.user, "dialogue.manage_sessions"),
        "can_state": has(request.user, "dialogue.submit_statement"),
        "document_form": DocumentForm(),
        "agenda_reports": selectors.agenda_incident_reports(actor=request.user, session=session),
        "balance": balance,
        "balance_chart": balance_chart(balance.by_regional_group),
        "practices": selectors.practice_list(actor=request.user, session=session),
        "registration_form": RegistrationForm(),
        "can_register": has(request.user, "dialogue.register_session"),
        "my_registrations": selectors.registration_list(actor=request.user, session=session),
    }
    return render(request, "dialogue/session_detail.html", context)


def session_calendar_file(request: HttpRequest, slug: str) -> HttpResponse:
    session = _session_or_404(request, slug)
    response = HttpResponse(
        session_calendar(session=session), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{session.slug}.ics"'
    return response


@require_POST
def session_register(request: HttpRequest, slug: str) -> HttpResponse:
    session = _session_or_404(request, slug)
    form = RegistrationForm(request.POST)
    if form.is_valid():
        try:
            services.registration_create(
                actor=request.user,
                session=session,
                role=form.cleaned_data["role"],
                country=form.cleaned_data["country"] or None,
            )
        except DomainError as failure:
            refused(request, failure)
        else:
            messages.success(request, _("You are registered."))
    return redirect(session.get_absolute_url())


def _practice_or_404(request: HttpRequest, pk: int) -> Any:
    return or_404(selectors.practice_get, actor=request.user, pk=pk)


def practice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    practice = _practice_or_404(request, pk)
    can_review = has(request.user, "dialogue.review_practice")
    context = {
        "practice": practice,
        "can_review": can_review,
        "review_form": ReviewForm() if can_review else None,
        "links_form": PracticeLinksForm(
            initial={
                "policies": "\n".join(p.slug for p in practice.policies.all()),
                "standards": "\n".join(s.reference for s in practice.standards.all()),
            }
        )
        if can_review
        else None,
    }
    return render(request, "dialogue/practice_detail.html", context)


@require_POST
def practice_review(request: HttpRequest, pk: int) -> HttpResponse:
    practice = _practice_or_404(request, pk)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a decision; nothing was changed."))
        return redirect("dialogue:practice-detail", pk=pk)
    review = (
        services.practice_accept
        if form.cleaned_data["decision"] == "accept"
        else services.practice_reject
    )
    try:
        review(actor=request.user, practice=practice, note=form.cleaned_data["note"])
    except DomainError as failure:
        refused(request, failure)
    else:
        messages.success(request, _("The review was recorded."))
    return redirect("dialogue:practice-detail", pk=pk)


@require_POST
def practice_links(request: HttpRequest, pk: int) -> HttpResponse:
    practice = _practice_or_404(request, pk)
    form = PracticeLinksForm(request.POST)
    if form.is_valid():
        try:
            links = selectors.link_targets(
                actor=request.user,
                policies=form.cleaned_data["policies"],
                standards=form.cleaned_data["standards"],
            )
            services.practice_set_links(
                actor=request.user,
                practice=practice,
                policies=links.policies,
                standards=links.standards,
            )
        except DomainError as failure:
            refused(request, failure)
        else:
            messages.success(request, _("Saved."))
    return redirect("dialogue:practice-detail", pk=pk)


def incident_edit(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report_or_404(request, pk)
    if not has(request.user, "dialogue.edit_incidentreport", report):
        raise Http404
    form = IncidentEditForm(request.POST or None, report=report)
    if request.method == "POST" and form.is_valid():
        changes = dict(form.cleaned_data)
        try:
            services.incident_report_edit(actor=request.user, report=report, changes=changes)
        except DomainError as failure:
            show_service_errors(form, failure)
        else:
            messages.success(request, _("The report was saved."))
            return redirect(report.get_absolute_url())
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "report": report}
    return render(request, "dialogue/incident_edit.html", context, status=status)


@require_POST
def incident_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    def withdraw(report: Any, data: dict[str, Any]) -> Any:
        return services.incident_report_withdraw(
            actor=request.user, report=report, reason=data["reason"]
        )

    return _secretariat_action(request, pk, WithdrawForm, withdraw)
