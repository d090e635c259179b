"""Pages of the panel's reports: list, draft and published page, edit, diff, review, PDF."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from aigov.accounts.access import has
from aigov.core.errors import DomainError, InvalidInput, NotFound
from aigov.core.pagination import page_of
from aigov.panel import report_figures, reports, selectors
from aigov.panel.forms import CommentForm, ReportNewForm, ReportTextForm, add_errors
from aigov.panel.models import Report


def _report(request: HttpRequest, slug: str) -> Report:
    try:
        return reports.report_get(actor=request.user, slug=slug)
    except NotFound as missing:
        raise Http404 from missing


def _text_values(form: ReportTextForm) -> tuple[dict[str, Any], list[dict[str, Any]], list[Any]]:
    data = form.cleaned_data
    embeds, errors = report_figures.parse_lines(data.get("figures", ""))
    texts = {data["language"]: {name: data.get(name, "") for name in reports.TEXT_FIELDS}}
    return texts, embeds, errors


def report_list(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("kind") or None
    context = {
        "reports": page_of(
            request,
            reports.report_list(
                actor=request.user, kind=kind if kind in Report.Kind.values else None
            ),
        ),
        "kinds": Report.Kind.choices,
        "kind": kind,
        "can_create": has(request.user, "panel.create_report"),
    }
    return render(request, "panel/report_list.html", context)


@login_required
def report_new(request: HttpRequest) -> HttpResponse:
    if not has(request.user, "panel.create_report"):
        raise Http404
    groups = selectors.working_group_list(actor=request.user)
    form = ReportNewForm(request.POST or None, groups=groups, initial={"language": get_language()})
    if request.method == "POST" and form.is_valid():
        texts, embeds, errors = _text_values(form)
        chosen = form.cleaned_data["working_group"]
        try:
            if errors:
                raise InvalidInput(errors=errors)
            group = selectors.working_group_get(actor=request.user, slug=chosen) if chosen else None
            report = reports.report_create(
                actor=request.user,
                slug=form.cleaned_data["slug"],
                kind=form.cleaned_data["kind"],
                original_language=form.cleaned_data["language"],
                texts=texts,
                embeds=embeds,
                working_group=group,
            )
        except DomainError as error:
            add_errors(form, error.errors, error.message)
        else:
            messages.success(request, _("The draft is saved as version 1."))
            return redirect("panel:report-detail", report.slug)
    status = 400 if request.method == "POST" else 200
    return render(request, "panel/report_form.html", {"form": form}, status=status)


def report_detail(request: HttpRequest, slug: str) -> HttpResponse:
    report = _report(request, slug)
    try:
        view = reports.report_view(actor=request.user, report=report, language=get_language())
    except NotFound as missing:
        raise Http404 from missing
    return render(request, "panel/report_detail.html", _detail_context(request, report, view))


def _detail_context(request: HttpRequest, report: Report, view: Any) -> dict[str, Any]:
    versions = list(reports.version_list(actor=request.user, report=report))
    return {
        "report": report,
        "view": view,
        "versions": versions,
        "comments": reports.comment_list(actor=request.user, report=report),
        "comment_form": CommentForm(),
        "can_edit": not report.is_published and has(request.user, "panel.edit_report", report),
        "can_comment": has(request.user, "panel.comment_report", report),
        "can_approve": not report.is_published
        and has(request.user, "panel.approve_report", report),
        "can_publish": report.status == Report.Status.APPROVED
        and has(request.user, "panel.publish_report", report),
    }


@login_required
def report_edit(request: HttpRequest, slug: str) -> HttpResponse:
    report = _report(request, slug)
    if report.is_published or not has(request.user, "panel.edit_report", report):
        raise Http404
    language = request.GET.get("language") or report.original_language
    latest = reports.latest_version(report)
    initial: dict[str, Any] = {"language": language}
    if latest is not None:
        initial.update(latest.texts.get(language, {}))
        initial["figures"] = "\n".join(report_figures.describe(e) for e in latest.embeds)
    form = ReportTextForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        texts, embeds, errors = _text_values(form)
        try:
            if errors:
                raise InvalidInput(errors=errors)
            version = reports.report_save_version(
                actor=request.user,
                report=report,
                texts=texts,
                embeds=embeds,
                note=form.cleaned_data["note"],
            )
        except DomainError as error:
            add_errors(form, error.errors, error.message)
        else:
            messages.success(
                request, _("Saved as version %(number)d.") % {"number": version.number}
            )
            return redirect("panel:report-detail", report.slug)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "report": report}
    return render(request, "panel/report_form.html", context, status=status)


def report_diff(request: HttpRequest, slug: str) -> HttpResponse:
    report = _report(request, slug)
    language = request.GET.get("language") or report.original_language
    try:
        old, new = int(request.GET.get("old", "")), int(request.GET.get("new", ""))
        lines = reports.version_diff(
            actor=request.user, report=report, old=old, new=new, language=language
        )
    except (ValueError, NotFound) as missing:
        raise Http404 from missing
    context = {"report": report, "lines": lines, "old": old, "new": new, "language": language}
    return render(request, "panel/report_diff.html", context)


def _act(request: HttpRequest, report: Report, action: Any, done: str) -> HttpResponse:
    try:
        action()
    except DomainError as error:
        details = " ".join(str(e.get("message")) for e in error.errors)
        messages.error(request, f"{error.message} {details}".strip())
    else:
        messages.success(request, done)
    return redirect("panel:report-detail", report.slug)


@login_required
@require_POST
def report_comment(request: HttpRequest, slug: str) -> HttpResponse:
    report = _report(request, slug)
    body = request.POST.get("body", "")
    return _act(
        request,
        report,
        lambda: reports.report_comment(actor=request.user, report=report, body=body),
        _("Your comment is recorded."),
    )


@login_required
@require_POST
def report_approve(request: HttpRequest, slug: str) -> HttpResponse:
    report = _report(request, slug)
    try:
        number = int(request.POST.get("version", ""))
    except ValueError as bad:
        raise Http404 from bad
    return _act(
        request,
        report,
        lambda: reports.report_approve(actor=request.user, report=report, number=number),
        _("The version is approved for publication."),
    )


@login_required
@require_POST
def report_publish(request: HttpRequest, slug: str) -> HttpResponse:
    report = _report(request, slug)
    return _act(
        request,
        report,
        lambda: reports.report_publish(actor=request.user, report=report),
        _("The report is published."),
    )


def report_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    report = _report(request, slug)
    language = get_language()
    try:
        content = reports.pdf_get(actor=request.user, report=report, language=language)
    except DomainError as missing:
        raise Http404 from missing
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{report.slug}-{language}.pdf"'
    return response
