"""Pages of the panel: the surveys, their published results, raw responses (secretariat)."""

from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from aigov.core.errors import InvalidInput, InvalidState, NotAllowed, NotFound
from aigov.panel import roster, selectors, services
from aigov.panel.models import Survey


def _survey(request: HttpRequest, slug: str) -> Survey:
    try:
        return selectors.survey_get(actor=request.user, slug=slug)
    except NotFound as missing:
        raise Http404 from missing


def index(request: HttpRequest) -> HttpResponse:
    surveys = selectors.survey_list(actor=request.user)
    return render(request, "panel/index.html", {"surveys": surveys})


def survey_detail(request: HttpRequest, slug: str) -> HttpResponse:
    survey = _survey(request, slug)
    results = selectors.survey_results(actor=request.user, survey=survey)
    context = {
        "survey": survey,
        "results": results,
        "can_see_responses": selectors.can_see_responses(actor=request.user, survey=survey),
    }
    return render(request, "panel/survey_detail.html", context)


def survey_responses(request: HttpRequest, slug: str) -> HttpResponse:
    survey = _survey(request, slug)
    try:
        table = selectors.response_table(actor=request.user, survey=survey)
    except NotAllowed as refused:
        raise Http404 from refused
    page = Paginator(table.rows, 50).get_page(request.GET.get("page"))
    context = {"survey": survey, "columns": table.columns, "page": page}
    return render(request, "panel/survey_responses.html", context)


def respond(request: HttpRequest, token: str) -> HttpResponse:
    """A respondent's form: Save keeps the answers and shows the questions they make relevant;
    Submit stores the response and closes the link. Works without JavaScript."""
    errors: list[dict[str, Any]] = []
    message = ""
    status = 200
    if request.method == "POST":
        shown = request.POST.getlist("_shown")
        submitted = {name: request.POST.getlist(name) for name in shown}
        submit = "submit" in request.POST
        try:
            services.invitation_answer(
                actor=request.user, token=token, submitted=submitted, submit=submit
            )
        except NotFound as missing:
            raise Http404 from missing
        except (InvalidInput, InvalidState) as problem:
            errors, message, status = problem.errors, str(problem.message), 400
        else:
            if submit:
                return redirect("panel:respond", token=token)
            message = _("Your answers are saved. You can come back to this link to continue.")
    try:
        form = selectors.respondent_form(token=token)
    except NotFound as missing:
        raise Http404 from missing
    context = {
        "form": form,
        "errors": {e.get("field"): e.get("message") for e in errors},
        "message": message,
    }
    return render(request, "panel/respond.html", context, status=status)


def roster_page(request: HttpRequest) -> HttpResponse:
    """The panel's members today and its balance against the secretariat's targets."""
    today = timezone.localdate()
    context = {
        "members": roster.members(as_of=today),
        "balance": roster.balance(as_of=today),
        "nominations": roster.nomination_list(actor=request.user),
    }
    return render(request, "panel/roster.html", context)
