"""Pages of the capacity module: catalogue, offerings, lessons, my learning, verification."""

import json
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from aigov.accounts.models import User
from aigov.capacity import selectors, services, signing
from aigov.capacity.forms import CatalogueFilterForm, VerifyForm, quiz_form
from aigov.core.errors import DomainError, NotFound
from aigov.core.http import is_htmx
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
    context = {"form": form, "page": page, "recommended": recommended, "query": query.urlencode()}
    template = "capacity/_offering_results.html" if is_htmx(request) else "capacity/catalogue.html"
    return render(request, template, context)


def offering_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        offering = selectors.offering_get(actor=request.user, slug=slug)
    except NotFound as missing:
        raise Http404 from missing
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
    return render(request, "capacity/offering_detail.html", context)


def _run(request: HttpRequest, action: Any, success: str) -> bool:
    try:
        action()
    except DomainError as error:
        messages.error(request, str(error.message))
        return False
    messages.success(request, success)
    return True


@login_required
@require_POST
def enrol(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        offering = selectors.offering_get(actor=request.user, slug=slug)
    except NotFound as missing:
        raise Http404 from missing
    actor = cast(User, request.user)
    _run(
        request,
        lambda: services.enrolment_create(actor=actor, offering=offering),
        _("You are enrolled. Start with the first lesson."),
    )
    return redirect(offering.get_absolute_url())


@login_required
@require_POST
def register(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        offering = selectors.offering_get(actor=request.user, slug=slug)
    except NotFound as missing:
        raise Http404 from missing
    actor = cast(User, request.user)
    _run(
        request,
        lambda: services.registration_create(actor=actor, offering=offering),
        _("Your registration is recorded."),
    )
    return redirect(offering.get_absolute_url())


@login_required
@require_POST
def registration_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        registration = selectors.registration_get(actor=request.user, pk=pk)
    except NotFound as missing:
        raise Http404 from missing
    actor = cast(User, request.user)
    _run(
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


@login_required
def my_learning(request: HttpRequest) -> HttpResponse:
    learning = selectors.learning_of(actor=request.user)
    return render(request, "capacity/my_learning.html", {"learning": learning})


@login_required
def credential_download(request: HttpRequest, pk: str) -> HttpResponse:
    try:
        credential = selectors.credential_get(actor=request.user, pk=pk)
    except NotFound as missing:
        raise Http404 from missing
    response = HttpResponse(
        json.dumps(credential.document, ensure_ascii=False, indent=2),
        content_type="application/ld+json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="credential-{credential.pk}.json"'
    return response


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
    return render(request, "capacity/node_list.html", {"nodes": selectors.node_list()})


def did_document(request: HttpRequest) -> JsonResponse:
    """The issuer's DID document (did:web), published at /.well-known/did.json."""
    response = JsonResponse(signing.did_document())
    response["Access-Control-Allow-Origin"] = "*"
    return response
