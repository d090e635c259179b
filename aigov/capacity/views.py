"""Pages of the capacity module: catalogue, offerings, lessons, my learning, verification."""

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from aigov.accounts.models import User
from aigov.capacity import charts, exchange, ical, readiness, selectors, services, signing
from aigov.capacity.edit_forms import SaveToCollectionForm
from aigov.capacity.forms import (
    AssessmentStartForm,
    CatalogueFilterForm,
    IntroductionForm,
    LearnerProfileForm,
    NeedForm,
    OfferForm,
    VerifyForm,
    assessment_form,
    quiz_form,
)
from aigov.capacity.models import Introduction
from aigov.core.errors import DomainError, NotFound
from aigov.core.exchange.files import FileFormat
from aigov.core.http import (
    attachment,
    error_text,
    get_or_404,
    is_htmx,
    json_attachment,
    run_with_message,
    table_download,
)
from aigov.taxonomy.selectors import topic_list

PAGE_SIZE = 25


def catalogue(request: HttpRequest) -> HttpResponse:
    form = CatalogueFilterForm(request.GET or None, topics=list(topic_list()))
    if request.GET and not form.is_valid():
        return render(request, "capacity/catalogue.html", {"form": form}, status=400)
    data: dict[str, Any] = form.cleaned_data if request.GET else {}
    filters = selectors.OfferingFilter(
        kind=data.get("kind") or None,
        language=data.get("language") or None,
        audience=data.get("audience") or None,
        topic=data.get("topic") or None,
        cost=data.get("cost") or None,
        provider=data.get("provider") or None,
        starts_after=form.starts_after_moment() if request.GET else None,
        q=data.get("q") or None,
        government_track=True if data.get("government_track") else None,
    )
    try:
        offerings = selectors.offering_list(actor=request.user, filters=filters)
        # OfferingResults pages like a queryset (count and slices) but is not typed as one.
        results: Any = selectors.OfferingResults(offerings)
        page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
    except DomainError as error:
        form.add_error("language", str(error.errors[0]["message"]) if error.errors else "")
        return render(request, "capacity/catalogue.html", {"form": form}, status=400)
    recommended = selectors.offering_recommendations(
        actor=request.user,
        language=data.get("language") or get_language(),
        region=data.get("region") or None,
        audience=data.get("audience") or None,
        now=timezone.now(),
    )
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "capped": results.is_capped,
        "cap": selectors.COUNT_CAP,
        "recommended": recommended,
        "query": query.urlencode(),
        "can_create": selectors.can_create_offering(actor=request.user),
    }
    template = "capacity/_offering_results.html" if is_htmx(request) else "capacity/catalogue.html"
    return render(request, template, context)


def offering_detail(request: HttpRequest, slug: str) -> HttpResponse:
    offering = get_or_404(selectors.offering_get, actor=request.user, slug=slug)
    enrolment = selectors.enrolment_for(actor=request.user, offering=offering)
    progress = (
        selectors.enrolment_progress(actor=request.user, enrolment=enrolment) if enrolment else None
    )
    context = {
        "offering": offering,
        "enrolment": enrolment,
        "progress": progress,
        "registration": selectors.registration_for(actor=request.user, offering=offering),
        "can_edit": selectors.can_change_offering(actor=request.user, offering=offering),
    }
    collections = selectors.curatable_collections(actor=request.user)
    context["save_form"] = SaveToCollectionForm(collections=collections) if collections else None
    return render(request, "capacity/offering_detail.html", context)


@login_required
@require_POST
def enrol(request: HttpRequest, slug: str) -> HttpResponse:
    offering = get_or_404(selectors.offering_get, actor=request.user, slug=slug)
    actor = cast(User, request.user)
    run_with_message(
        request,
        lambda: services.enrolment_create(actor=actor, offering=offering),
        _("You are enrolled. Start with the first lesson."),
    )
    return redirect(offering.get_absolute_url())


@login_required
@require_POST
def register(request: HttpRequest, slug: str) -> HttpResponse:
    offering = get_or_404(selectors.offering_get, actor=request.user, slug=slug)
    actor = cast(User, request.user)
    run_with_message(
        request,
        lambda: services.registration_create(actor=actor, offering=offering),
        _("Your registration is recorded."),
    )
    return redirect(offering.get_absolute_url())


@login_required
@require_POST
def registration_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    registration = get_or_404(selectors.registration_get, actor=request.user, pk=pk)
    actor = cast(User, request.user)
    run_with_message(
        request,
        lambda: services.registration_cancel(actor=actor, registration=registration),
        _("Your registration is cancelled."),
    )
    return redirect("capacity:my-learning")


@login_required
def lesson(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    try:
        offering = selectors.offering_get(actor=request.user, slug=slug)
        current = selectors.lesson_get(offering=offering, pk=pk)
    except NotFound as missing:
        raise Http404 from missing
    enrolment = selectors.enrolment_for(actor=request.user, offering=offering)
    if enrolment is None:
        messages.error(request, _("Enrol in the course to follow its lessons."))
        return redirect(offering.get_absolute_url())
    form = quiz_form(current, request.POST or None) if current.kind == "quiz" else None
    if request.method == "POST" and (form is None or form.is_valid()):
        answers = [form.cleaned_data[name] for name in form.fields] if form else None
        try:
            result = services.lesson_complete(
                actor=cast(User, request.user), enrolment=enrolment, lesson=current, answers=answers
            )
        except DomainError as error:
            messages.error(request, str(error.message))
            return redirect(request.path)
        if not result.progress.is_passed:
            messages.error(
                request,
                _("You scored %(score)d%%; %(mark)d%% is needed. Try again.")
                % {"score": result.progress.score or 0, "mark": current.pass_mark},
            )
            return redirect(request.path)
        if result.credential is not None:
            messages.success(
                request, _("Course completed. Your credential is ready under My learning.")
            )
            return redirect("capacity:my-learning")
        messages.success(request, _("Lesson completed."))
        return redirect(offering.get_absolute_url())
    progress = selectors.enrolment_progress(actor=request.user, enrolment=enrolment)
    context = {"offering": offering, "lesson": current, "form": form, "progress": progress}
    return render(request, "capacity/lesson.html", context)


ICAL_TYPE = "text/calendar; charset=utf-8"


def offering_ical(request: HttpRequest, slug: str) -> HttpResponse:
    """A live event as an iCalendar file; 404 for an offering without a start."""
    offering = get_or_404(selectors.offering_get, actor=request.user, slug=slug)
    if offering.starts_at is None:
        raise Http404
    body = ical.events_calendar(
        [(offering, "CONFIRMED")],
        name=str(offering),
        base_url=request.build_absolute_uri("/"),
    )
    return attachment(body, content_type=ICAL_TYPE, filename=f"{offering.slug}.ics")


@login_required
def my_events_ical(request: HttpRequest) -> HttpResponse:
    """The events the learner is registered for (confirmed or waiting) as one calendar."""
    learning = selectors.learning_of(actor=request.user)
    states = {"confirmed": "CONFIRMED", "waitlisted": "TENTATIVE"}
    body = ical.events_calendar(
        [
            (registration.offering, states[registration.status])
            for registration in learning.registrations
            if registration.status in states
        ],
        name=_("My events"),
        base_url=request.build_absolute_uri("/"),
    )
    return attachment(body, content_type=ICAL_TYPE, filename="my-events.ics")


@login_required
def my_learning(request: HttpRequest) -> HttpResponse:
    learning = selectors.learning_of(actor=request.user)
    return render(request, "capacity/my_learning.html", {"learning": learning})


@login_required
def credential_download(request: HttpRequest, pk: str) -> HttpResponse:
    credential = get_or_404(selectors.credential_get, actor=request.user, pk=pk)
    return json_attachment(
        credential.document,
        filename=f"credential-{credential.pk}.json",
        content_type="application/ld+json; charset=utf-8",
    )


def verify(request: HttpRequest) -> HttpResponse:
    form = VerifyForm(request.POST or None, request.FILES or None)
    result = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            result = selectors.credential_verify(document=form.cleaned_data["document"])
        else:
            status = 400
    return render(request, "capacity/verify.html", {"form": form, "result": result}, status=status)


def node_list(request: HttpRequest) -> HttpResponse:
    context = {
        "nodes": selectors.node_list(),
        "can_manage": selectors.can_manage_network(actor=request.user),
    }
    return render(request, "capacity/node_list.html", context)


def did_document(request: HttpRequest) -> JsonResponse:
    """The issuer's DID document (did:web), published at /.well-known/did.json."""
    response = JsonResponse(signing.did_document())
    response["Access-Control-Allow-Origin"] = "*"
    return response


# Readiness self-assessment ----------------------------------------------------------------------


def readiness_list(request: HttpRequest) -> HttpResponse:
    countries = list(selectors.assessable_countries(actor=request.user))
    form = AssessmentStartForm(request.POST or None, countries=countries)
    if request.method == "POST":
        if not countries:
            raise Http404
        if form.is_valid():
            try:
                assessment = services.assessment_create(
                    actor=cast(User, request.user),
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
        "assessments": selectors.assessment_list(actor=request.user).order_by(
            "country_id", "-submitted_at", "-pk"
        ),
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
            actor = cast(User, request.user)
            try:
                assessment = services.assessment_update(
                    actor=actor,
                    assessment=assessment,
                    answers=answers,
                    label=form.cleaned_data["label"],
                    languages=form.cleaned_data["languages"].replace(",", " ").split(),
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
            actor=cast(User, request.user), assessment=assessment, publish=publish
        ),
        _("Published with the country's consent.") if publish else _("No longer published."),
    )
    return redirect(assessment.get_absolute_url())


# Matchmaking ----------------------------------------------------------------------------------


@login_required
def need_list(request: HttpRequest) -> HttpResponse:
    form = NeedForm(request.POST or None, topics=list(topic_list()))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            need = services.need_create(
                actor=cast(User, request.user),
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
    context = {"needs": selectors.need_list(actor=request.user), "form": form}
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
                    actor=cast(User, request.user),
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
        "introductions": selectors.introduction_list(actor=request.user).filter(need=need),
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
                actor=cast(User, request.user),
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
    context = {
        "offers": selectors.offers_with_rights(actor=request.user, limit=200),
        "introductions": selectors.introduction_list(actor=request.user).filter(
            status__in=["proposed", "accepted", "in_progress"]
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
        lambda: services.need_close(actor=cast(User, request.user), need=need, closed=closing),
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
        lambda: services.offer_set_status(
            actor=cast(User, request.user), offer=offer, status=status
        ),
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
            actor=cast(User, request.user),
            introduction=introduction,
            status=request.POST.get("status", ""),
        ),
        _("Status changed."),
    )
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("capacity:offer-list")


# Reporting for resolution 78/311 ----------------------------------------------------------------

REPORT_TITLES = {
    "country": _lazy("By country"),
    "gender": _lazy("By gender"),
    "regional_group": _lazy("By UN regional group"),
    "income_group": _lazy("By World Bank income group"),
    "ldc": _lazy("By least developed country status"),
}


@login_required
def report(request: HttpRequest) -> HttpResponse:
    try:
        figures = selectors.people_trained(actor=request.user)
    except DomainError as refused:
        raise Http404 from refused
    file_format = request.GET.get("format")
    if file_format:
        return table_download(
            file_format=file_format,
            columns=exchange.REPORT_COLUMNS,
            rows=exchange.report_rows(figures),
            name="people-trained",
        )
    sections = []
    for dimension, cells in figures.cells.items():
        shown = [cell for cell in cells if cell.people is not None]
        chart = (
            charts.grouped_bars(
                categories=[(cell.value, cell.label) for cell in shown],
                series=[(str(_("People trained")), {c.value: c.people for c in shown})],
                maximum=max(cell.people or 0 for cell in shown),
            )
            if shown
            else None
        )
        sections.append((dimension, REPORT_TITLES[dimension], cells, chart))
    context = {
        "figures": figures,
        "sections": sections,
        "threshold": selectors.SUPPRESS_BELOW,
        "formats": [f.value for f in FileFormat],
    }
    return render(request, "capacity/report.html", context)


@login_required
def learner_profile(request: HttpRequest) -> HttpResponse:
    form = LearnerProfileForm(request.POST or None, initial=selectors.profile_initial(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            services.learner_profile_set(
                actor=cast(User, request.user),
                country=(form.cleaned_data["country"] or "").upper() or None,
                gender=form.cleaned_data["gender"],
            )
        except DomainError as error:
            form.add_error(None, error_text(error))
        else:
            messages.success(request, _("Saved."))
            return redirect("capacity:my-learning")
    status = 400 if request.method == "POST" else 200
    return render(request, "capacity/learner_profile.html", {"form": form}, status=status)
