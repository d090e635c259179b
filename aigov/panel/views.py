"""Pages of the panel: the surveys, their published results, raw responses (secretariat)."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from aigov.accounts.access import has
from aigov.core.errors import InvalidInput, InvalidState, NotAllowed, NotFound
from aigov.core.pagination import page_of
from aigov.panel import referrals as referral_services
from aigov.panel import roster, selectors, services
from aigov.panel.forms import SurveyBuildForm, TargetForm, add_errors
from aigov.panel.models import Survey


def _survey(request: HttpRequest, slug: str) -> Survey:
    try:
        return selectors.survey_get(actor=request.user, slug=slug)
    except NotFound as missing:
        raise Http404 from missing


def index(request: HttpRequest) -> HttpResponse:
    surveys = page_of(request, selectors.survey_list(actor=request.user))
    context = {"surveys": surveys, "can_build": has(request.user, "panel.manage_survey")}
    return render(request, "panel/index.html", context)


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


def roster_page(
    request: HttpRequest, target_form: TargetForm | None = None, status: int = 200
) -> HttpResponse:
    """The panel's members today and its balance against the secretariat's targets."""
    today = timezone.localdate()
    context = {
        "members": roster.members(as_of=today),
        "balance": roster.balance(as_of=today),
        "nominations": page_of(
            request, roster.nomination_list(actor=request.user), parameter="nominations"
        ),
        "rotation": roster.rotation(as_of=today),
        "can_manage": has(request.user, "panel.manage_roster"),
        "targets": roster.target_list(),
        "target_form": target_form or TargetForm(),
    }
    return render(request, "panel/roster.html", context, status=status)


@require_POST
def respond_refer(request: HttpRequest, token: str) -> HttpResponse:
    """A respondent suggests a further expert; the link is their credential."""
    try:
        referral_services.referral_add(
            actor=request.user,
            token=token,
            name=request.POST.get("name", ""),
            contact=request.POST.get("contact", ""),
            expertise=request.POST.get("expertise", ""),
        )
    except NotFound as missing:
        raise Http404 from missing
    except (InvalidInput, InvalidState) as problem:
        details = " ".join(str(e.get("message")) for e in problem.errors)
        messages.error(request, f"{problem.message} {details}".strip())
    else:
        messages.success(request, _("Thank you: the secretariat will consider this expert."))
    return redirect("panel:respond", token=token)


def survey_referrals(request: HttpRequest, slug: str) -> HttpResponse:
    """The experts respondents suggested, and a link for each (the secretariat's)."""
    survey = _survey(request, slug)
    try:
        referrals = selectors.referral_list(actor=request.user, survey=survey)
    except NotAllowed as refused:
        raise Http404 from refused
    if request.method == "POST":
        raw = request.POST.get("referral", "")
        if not raw.isdigit():
            raise Http404
        try:
            referral = selectors.referral_get(actor=request.user, survey=survey, pk=int(raw))
        except NotFound as missing:
            raise Http404 from missing
        try:
            referral_services.referral_invite(actor=request.user, referral=referral)
        except InvalidState as problem:
            messages.error(request, str(problem.message))
        return redirect("panel:survey-referrals", slug=survey.slug)
    context = {"survey": survey, "referrals": referrals}
    return render(request, "panel/survey_referrals.html", context)


@login_required
def survey_build(request: HttpRequest) -> HttpResponse:
    """Build a survey's form in the app (the secretariat), as an alternative to an XLSForm."""
    if not has(request.user, "panel.manage_survey"):
        raise Http404
    form = SurveyBuildForm(request.POST or None, initial={"language": request.LANGUAGE_CODE})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            survey = services.survey_build_form(
                actor=request.user,
                slug=data["slug"],
                title=data["title"],
                language=data["language"],
                definition=data["definition"],
                roles=services.Roles(
                    nationality=data["nationality"],
                    residence=data["residence"],
                    gender=data["gender"],
                    field=data["field"],
                ),
            )
        except InvalidInput as error:
            add_errors(form, error.errors, error.message)
        else:
            messages.success(request, _("The survey's form is saved."))
            return redirect(survey.get_absolute_url())
    status = 400 if request.method == "POST" else 200
    return render(request, "panel/survey_build.html", {"form": form}, status=status)


@login_required
@require_POST
def target_set(request: HttpRequest) -> HttpResponse:
    """The secretariat sets a balance target; others get 404 and nothing is written."""
    if not has(request.user, "panel.manage_roster"):
        raise Http404
    form = TargetForm(request.POST)
    if form.is_valid():
        try:
            roster.target_set(actor=request.user, **form.cleaned_data)
        except (InvalidInput, NotAllowed) as error:
            add_errors(form, error.errors, error.message)
        else:
            messages.success(request, _("The balance target is set."))
            return redirect("panel:roster")
    return roster_page(request, target_form=form, status=400)


@login_required
@require_POST
def target_remove(request: HttpRequest, target_id: int) -> HttpResponse:
    try:
        roster.target_remove(actor=request.user, target_id=target_id)
    except (NotFound, NotAllowed) as missing:
        raise Http404 from missing
    messages.success(request, _("The balance target is removed."))
    return redirect("panel:roster")
