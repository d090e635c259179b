"""Reads of learning: enrolments, progress, registrations and a learner's record."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from aigov.accounts.access import Actor, has, scope
from aigov.accounts.models import User
from aigov.capacity.models import (
    Credential,
    Enrolment,
    LearnerProfile,
    Lesson,
    LessonProgress,
    Offering,
    Registration,
)
from aigov.capacity.selectors.credentials import credential_list
from aigov.core.errors import NotFound


def enrolment_list(*, actor: Actor) -> QuerySet[Enrolment]:
    """Return the enrolments `actor` may see, newest first: their own (the secretariat: all)."""
    visible = scope(actor, "capacity.view_enrolment", Enrolment.objects.all())
    return visible.select_related("offering", "learner").order_by("-created_at", "pk")


def enrolment_for(*, actor: Actor, offering: Offering) -> Enrolment | None:
    """Return the actor's own enrolment in `offering`, if any."""
    if not getattr(actor, "is_authenticated", False):
        return None
    return Enrolment.objects.filter(learner_id=actor.pk, offering=offering).first()


def enrolment_get(*, actor: Actor, pk: int) -> Enrolment:
    """Return one enrolment `actor` may see; raise NotFound otherwise."""
    enrolment = enrolment_list(actor=actor).filter(pk=pk).first()
    if enrolment is None:
        raise NotFound()
    return enrolment


@dataclass(frozen=True)
class Progress:
    enrolment: Enrolment
    lessons_total: int
    lessons_done: int
    done_lesson_ids: frozenset[int]
    scores: dict[int, int | None]

    @property
    def percent(self) -> int:
        return round(100 * self.lessons_done / self.lessons_total) if self.lessons_total else 0


def enrolment_progress(*, actor: Actor, enrolment: Enrolment) -> Progress:
    """Return the lessons done of an enrolment `actor` may see; raise NotFound otherwise."""
    if not has(actor, "capacity.view_enrolment", enrolment):
        raise NotFound()
    rows = list(LessonProgress.objects.filter(enrolment=enrolment))
    total = Lesson.objects.filter(module__offering_id=enrolment.offering_id).count()
    done = frozenset(row.lesson_id for row in rows if row.is_passed)
    return Progress(
        enrolment=enrolment,
        lessons_total=total,
        lessons_done=len(done),
        done_lesson_ids=done,
        scores={row.lesson_id: row.score for row in rows},
    )


def registration_list(*, actor: Actor) -> QuerySet[Registration]:
    """Return the registrations `actor` may see: their own (the secretariat: all)."""
    return scope(actor, "capacity.view_registration", Registration.objects.all()).select_related(
        "offering"
    )


def registration_for(*, actor: Actor, offering: Offering) -> Registration | None:
    if not getattr(actor, "is_authenticated", False):
        return None
    return Registration.objects.filter(learner_id=actor.pk, offering=offering).first()


def registration_get(*, actor: Actor, pk: int) -> Registration:
    registration = registration_list(actor=actor).filter(pk=pk).first()
    if registration is None:
        raise NotFound()
    return registration


@dataclass(frozen=True)
class Learning:
    """The actor's own learning records, newest first, as querysets: a page reads its page."""

    enrolments: QuerySet[Enrolment]
    registrations: QuerySet[Registration]
    credentials: QuerySet[Credential]


def learning_of(*, actor: Actor) -> Learning:
    """Return the actor's own enrolments, registrations and credentials (never anyone else's)."""
    own = Q(learner_id=getattr(actor, "pk", None))
    return Learning(
        enrolments=enrolment_list(actor=actor).filter(own).order_by("-created_at", "pk"),
        registrations=registration_list(actor=actor).filter(own).order_by("-created_at", "pk"),
        credentials=credential_list(actor=actor).filter(own).order_by("-created_at", "pk"),
    )


def profile_initial(actor: Actor) -> dict[str, Any]:
    """Return the actor's own stated country and gender, for the form."""
    if not isinstance(actor, User) or not actor.is_authenticated:
        return {}
    profile = LearnerProfile.objects.filter(user_id=actor.pk).first()
    if profile is None:
        return {}
    return {"country": profile.country_id or "", "gender": profile.gender}
