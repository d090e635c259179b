"""Pages of the policy dialogue: incident reports, sessions and practices."""

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from aigov.accounts.access import has
from aigov.core.errors import DomainError, InvalidInput, NotFound
from aigov.dialogue import selectors, services
from aigov.dialogue.charts import bar_chart
from aigov.dialogue.forms import (
    IncidentFilterForm,
    IncidentReportForm,
    LinkForm,
    PublishForm,
    RegistrationForm,
    StatusForm,
)
from aigov.dialogue.ical import session_calendar

PAGE_SIZE = 50


def _add_errors(form: Any, failure: DomainError) -> None:
    if not failure.errors:
        form.add_error(None, str(failure.message))
    for error in failure.errors:
        field = error.get("field")
        form.add_error(field if field in form.fields else None, str(error.get("message")))


def index(request: HttpRequest) -> HttpResponse:
    context = {
        "sessions": selectors.session_list(actor=request.user)[:20],
        "practices": selectors.practice_list(actor=request.user)[:20],
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
        "reports": reports[:PAGE_SIZE],
        "count": reports.count(),
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
            _add_errors(form, invalid)
        else:
            messages.success(request, _("Your report was filed."))
            return redirect(report.get_absolute_url())
    status = 400 if request.method == "POST" else 200
    return render(request, "dialogue/incident_form.html", {"form": form}, status=status)


def _report_or_404(request: HttpRequest, pk: int) -> Any:
    try:
        return selectors.incident_report_get(actor=request.user, pk=pk)
    except NotFound as missing:
        raise Http404 from missing


def incident_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report_or_404(request, pk)
    can_manage = has(request.user, "dialogue.manage_incidents")
    context: dict[str, Any] = {
        "report": report,
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
        except DomainError as refused:
            messages.error(
                request,
                "; ".join([str(refused.message)] + [str(e.get("message")) for e in refused.errors]),
            )
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
    try:
        return selectors.session_get(actor=request.user, slug=slug)
    except NotFound as missing:
        raise Http404 from missing


def session_detail(request: HttpRequest, slug: str) -> HttpResponse:
    session = _session_or_404(request, slug)
    context = {
        "session": session,
        "agenda_reports": selectors.agenda_incident_reports(actor=request.user, session=session),
        "balance": selectors.registration_balance(session=session),
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
        except DomainError as refused:
            messages.error(
                request,
                "; ".join([str(refused.message)] + [str(e.get("message")) for e in refused.errors]),
            )
        else:
            messages.success(request, _("You are registered."))
    return redirect(session.get_absolute_url())


def practice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        practice = selectors.practice_get(actor=request.user, pk=pk)
    except NotFound as missing:
        raise Http404 from missing
    return render(request, "dialogue/practice_detail.html", {"practice": practice})
