"""Pages of learning: enrolling, registering, lessons, calendars and my learning."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from aigov.capacity import ical, selectors, services
from aigov.capacity.forms import LearnerProfileForm, quiz_form
from aigov.core.errors import DomainError, NotFound
from aigov.core.http import attachment, error_text, get_or_404, run_with_message
from aigov.core.pagination import page_of


@login_required
@require_POST
def enrol(request: HttpRequest, slug: str) -> HttpResponse:
    offering = get_or_404(selectors.offering_get, actor=request.user, slug=slug)
    actor = request.user
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
    actor = request.user
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
    actor = request.user
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
                actor=request.user, enrolment=enrolment, lesson=current, answers=answers
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
    context = {
        "enrolments": page_of(request, learning.enrolments, parameter="courses"),
        "registrations": page_of(request, learning.registrations, parameter="events"),
        "credentials": page_of(request, learning.credentials, parameter="credentials"),
    }
    return render(request, "capacity/my_learning.html", context)


@login_required
def learner_profile(request: HttpRequest) -> HttpResponse:
    form = LearnerProfileForm(request.POST or None, initial=selectors.profile_initial(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            services.learner_profile_set(
                actor=request.user,
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
