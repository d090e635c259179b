"""Pages of readiness assessments."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from aigov.capacity import charts, readiness, selectors, services
from aigov.capacity.forms import AssessmentStartForm, assessment_form
from aigov.core.errors import DomainError
from aigov.core.http import error_text, get_or_404, run_with_message
from aigov.core.pagination import page_of


def readiness_list(request: HttpRequest) -> HttpResponse:
    countries = list(selectors.assessable_countries(actor=request.user))
    form = AssessmentStartForm(request.POST or None, countries=countries)
    if request.method == "POST":
        if not countries:
            raise Http404
        if form.is_valid():
            try:
                assessment = services.assessment_create(
                    actor=request.user,
                    country=form.cleaned_data["country"],
                    label=form.cleaned_data["label"],
                    languages=form.language_tags(),
                )
            except DomainError as error:
                form.add_error(None, error_text(error))
            else:
                messages.success(request, _("Draft started. Answer the questions below."))
                return redirect(assessment.get_absolute_url())
    context = {
        "assessments": page_of(request, selectors.assessment_list(actor=request.user)),
        "form": form if countries else None,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "capacity/readiness_list.html", context, status=status)


def readiness_detail(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = get_or_404(selectors.assessment_get, actor=request.user, pk=pk)
    instrument = readiness.instrument_for(assessment.instrument)
    editable = selectors.can_change_assessment(actor=request.user, assessment=assessment)
    form = assessment_form(
        instrument, assessment, request.POST if request.method == "POST" else None
    )
    status = 200
    if request.method == "POST":
        if not editable:
            raise Http404
        if form.is_valid():
            answers = {q.code: form.cleaned_data.get(q.code) for q in instrument.questions()}
            actor = request.user
            try:
                assessment = services.assessment_update(
                    actor=actor,
                    assessment=assessment,
                    answers=answers,
                    label=form.cleaned_data["label"],
                    languages=list(form.cleaned_data["languages"]),
                )
                if "submit" in request.POST:
                    services.assessment_submit(actor=actor, assessment=assessment)
                    messages.success(request, _("Assessment submitted."))
                else:
                    messages.success(request, _("Draft saved."))
                return redirect(assessment.get_absolute_url())
            except DomainError as error:
                form.add_error(None, error_text(error))
        status = 400
    history = selectors.assessment_history(actor=request.user, assessment=assessment)
    scale = dict(readiness.SCALE)
    dimensions = [(d.code, str(d.label)) for d in instrument.dimensions]
    series = [(item.label or f"{item.submitted_at:%Y-%m-%d}", item.scores) for item in history]
    if assessment.status == assessment.Status.DRAFT and assessment.answers:
        series.append((_("This draft"), assessment.scores))
    context = {
        "assessment": assessment,
        "instrument": instrument,
        "form": form if editable else None,
        "editable": editable,
        "can_publish": selectors.can_publish_assessment(actor=request.user, assessment=assessment),
        "dimension_scores": [(label, assessment.scores.get(code)) for code, label in dimensions],
        "sections": [
            (
                dimension,
                [
                    (
                        q,
                        form[q.code] if editable else None,
                        assessment.answers.get(q.code),
                        scale.get(assessment.answers.get(q.code, -1), ""),
                    )
                    for q in dimension.questions
                ],
            )
            for dimension in instrument.dimensions
        ],
        "history": history,
        "history_rows": [
            (item, [item.scores.get(code) for code, _label in dimensions]) for item in history
        ],
        "dimensions": dimensions,
        "chart": charts.grouped_bars(categories=dimensions, series=series) if series else None,
        "roadmap": selectors.roadmap(actor=request.user, assessment=assessment, now=timezone.now()),
        "threshold": readiness.GAP_THRESHOLD,
    }
    return render(request, "capacity/readiness_detail.html", context, status=status)


@login_required
@require_POST
def readiness_consent(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = get_or_404(selectors.assessment_get, actor=request.user, pk=pk)
    publish = request.POST.get("publish") == "1"
    run_with_message(
        request,
        lambda: services.assessment_set_consent(
            actor=request.user, assessment=assessment, publish=publish
        ),
        _("Published with the country's consent.") if publish else _("No longer published."),
    )
    return redirect(assessment.get_absolute_url())
