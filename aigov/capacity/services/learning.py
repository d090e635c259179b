"""Writes of learning: enrolments, lesson progress, registrations and learner profiles."""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from aigov.accounts.access import Actor, require
from aigov.capacity import selectors
from aigov.capacity.models import (
    Credential,
    Enrolment,
    LearnerProfile,
    Lesson,
    LessonProgress,
    Offering,
    Registration,
)
from aigov.capacity.services.credentials import _issue
from aigov.capacity.services.shared import _account
from aigov.core import audit
from aigov.core.errors import Conflict, InvalidInput, InvalidState, NotFound, field_error
from aigov.taxonomy.models import Country


@transaction.atomic
def enrolment_create(*, actor: Actor, offering: Offering) -> Enrolment:
    """Enrol the actor in a self-paced course.

    Raise NotAllowed, NotFound, InvalidState (not a course with lessons) or Conflict.
    """
    require(actor, "capacity.enrol")
    learner = _account(actor)
    offering = selectors.offering_get(actor=actor, slug=offering.slug)
    if offering.kind != Offering.Kind.SELF_PACED_COURSE or not offering.modules.exists():
        raise InvalidState(_("Only self-paced courses with lessons take enrolments."))
    if Enrolment.objects.filter(learner=learner, offering=offering).exists():
        raise Conflict(_("You are already enrolled in this course."))
    enrolment = Enrolment.objects.create(learner=learner, offering=offering)
    audit.record(actor=actor, action="capacity.enrolment.create", obj=enrolment)
    return enrolment


@dataclass(frozen=True)
class LessonResult:
    progress: LessonProgress
    enrolment: Enrolment
    credential: Credential | None


def _grade(lesson: Lesson, answers: list[int] | None) -> int:
    questions = list(lesson.questions.order_by("position"))
    if answers is None or len(answers) != len(questions):
        raise InvalidInput(
            errors=[
                field_error(
                    "answers",
                    "wrong_count",
                    _("Answer each of the %(count)d questions.") % {"count": len(questions)},
                )
            ]
        )
    correct = sum(
        1
        for question, answer in zip(questions, answers, strict=True)
        if answer == question.correct_option
    )
    return round(100 * correct / len(questions)) if questions else 100


@transaction.atomic
def lesson_complete(
    *, actor: Actor, enrolment: Enrolment, lesson: Lesson, answers: list[int] | None = None
) -> LessonResult:
    """Record a lesson as done (a quiz: graded, done when passed); complete the course when all are.

    Completing a course with a certificate issues its credential. Raise NotAllowed (not the
    learner's enrolment), NotFound (a lesson of another course), InvalidInput, InvalidState.
    """
    require(actor, "capacity.study", enrolment)
    enrolment = (
        Enrolment.objects.select_for_update().select_related("offering").get(pk=enrolment.pk)
    )
    if lesson.module.offering_id != enrolment.offering_id:
        raise NotFound()
    if enrolment.status == Enrolment.Status.COMPLETED:
        raise InvalidState(_("You have completed this course already."))
    score = _grade(lesson, answers) if lesson.kind == Lesson.Kind.QUIZ else None
    is_passed = score is None or score >= lesson.pass_mark
    progress, created = LessonProgress.objects.get_or_create(
        enrolment=enrolment, lesson=lesson, defaults={"score": score, "is_passed": is_passed}
    )
    before = None if created else audit.snapshot(progress)
    if not created and not progress.is_passed:
        progress.score, progress.is_passed = score, is_passed
        progress.save(update_fields=["score", "is_passed", "updated_at"])
    audit.record(actor=actor, action="capacity.progress.record", obj=progress, before=before)
    issued = None
    remaining = (
        Lesson.objects.filter(module__offering_id=enrolment.offering_id)
        .exclude(pk__in=enrolment.progress.filter(is_passed=True).values("lesson_id"))
        .exists()
    )
    if not remaining:
        before = audit.snapshot(enrolment)
        enrolment.status, enrolment.completed_at = Enrolment.Status.COMPLETED, timezone.now()
        enrolment.save(update_fields=["status", "completed_at", "updated_at"])
        audit.record(
            actor=actor, action="capacity.enrolment.complete", obj=enrolment, before=before
        )
        if enrolment.offering.has_certificate:
            issued = _issue(actor=actor, learner=_account(actor), offering=enrolment.offering)
    return LessonResult(progress=progress, enrolment=enrolment, credential=issued)


# Live events: seats and waiting lists -------------------------------------------------------


@transaction.atomic
def registration_create(*, actor: Actor, offering: Offering) -> Registration:
    """Register the actor for a live event: a seat while any is left, else the waiting list.

    A seat is taken with one conditional UPDATE (`seats_taken < seats`), which the database
    applies atomically, so concurrent registrations never take more seats than there are.
    Raise NotAllowed, NotFound, InvalidState or Conflict.
    """
    require(actor, "capacity.enrol")
    learner = _account(actor)
    offering = selectors.offering_get(actor=actor, slug=offering.slug)
    if not offering.is_live:
        raise InvalidState(_("Only webinars, workshops and blended courses take registrations."))
    if offering.starts_at is not None and offering.starts_at <= timezone.now():
        raise InvalidState(_("This event has already started."))
    existing = Registration.objects.filter(learner=learner, offering=offering).first()
    if existing is not None and existing.status != Registration.Status.CANCELLED:
        raise Conflict(_("You are already registered for this event."))
    if offering.seats is None:
        got_seat = True
        Offering.objects.filter(pk=offering.pk).update(seats_taken=F("seats_taken") + 1)
    else:
        got_seat = bool(
            Offering.objects.filter(pk=offering.pk, seats_taken__lt=F("seats")).update(
                seats_taken=F("seats_taken") + 1
            )
        )
    status = Registration.Status.CONFIRMED if got_seat else Registration.Status.WAITLISTED
    if existing is None:
        registration = Registration.objects.create(
            learner=learner, offering=offering, status=status
        )
        audit.record(actor=actor, action="capacity.registration.create", obj=registration)
    else:
        before = audit.snapshot(existing)
        existing.status, existing.requested_at = status, timezone.now()
        existing.save(update_fields=["status", "requested_at", "updated_at"])
        registration = existing
        audit.record(
            actor=actor, action="capacity.registration.create", obj=registration, before=before
        )
    return registration


@transaction.atomic
def registration_cancel(*, actor: Actor, registration: Registration) -> Registration:
    """Cancel a registration; a freed seat goes to the first person on the waiting list.

    Raise NotAllowed or InvalidState.
    """
    require(actor, "capacity.cancel_registration", registration)
    # Lock the event so a cancellation and a registration do not both use the freed seat.
    Offering.objects.select_for_update().filter(pk=registration.offering_id).first()
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status == Registration.Status.CANCELLED:
        raise InvalidState(_("This registration is already cancelled."))
    was_confirmed = registration.status == Registration.Status.CONFIRMED
    before = audit.snapshot(registration)
    registration.status = Registration.Status.CANCELLED
    registration.save(update_fields=["status", "updated_at"])
    audit.record(
        actor=actor, action="capacity.registration.cancel", obj=registration, before=before
    )
    if was_confirmed:
        waiting = (
            Registration.objects.select_for_update()
            .filter(offering_id=registration.offering_id, status=Registration.Status.WAITLISTED)
            .order_by("requested_at", "pk")
            .first()
        )
        if waiting is None:
            Offering.objects.filter(pk=registration.offering_id).update(
                seats_taken=F("seats_taken") - 1
            )
        else:
            before = audit.snapshot(waiting)
            waiting.status = Registration.Status.CONFIRMED
            waiting.save(update_fields=["status", "updated_at"])
            audit.record(
                actor=actor, action="capacity.registration.promote", obj=waiting, before=before
            )
    return registration


# Reporting ------------------------------------------------------------------------------------


@transaction.atomic
def learner_profile_set(*, actor: Actor, country: str | None, gender: str) -> LearnerProfile:
    """Record the country and gender the actor chooses to state (their own only).

    Raise NotAllowed (not signed in) or InvalidInput naming the field."""
    require(actor, "capacity.enrol")
    if gender not in LearnerProfile.Gender.values:
        raise InvalidInput(
            errors=[field_error("gender", "invalid_choice", _("Choose one of the listed answers."))]
        )
    country_row = Country.objects.filter(pk=country).first() if country else None
    if country and country_row is None:
        raise InvalidInput(
            errors=[field_error("country", "unknown_country", _("No country with this code."))]
        )
    profile, created = LearnerProfile.objects.select_for_update().get_or_create(
        user=_account(actor)
    )
    before = None if created else audit.snapshot(profile)
    profile.country = country_row
    profile.gender = gender
    profile.save()
    audit.record(
        actor=actor,
        action="capacity.profile.create" if created else "capacity.profile.update",
        obj=profile,
        before=before,
    )
    return profile
