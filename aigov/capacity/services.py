"""Every write of the capacity module: network, catalogue, learning, events and credentials.

Each service checks permission, validates, writes in one transaction and records an audit entry.
"""

import datetime
import secrets
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from aigov.accounts.access import require
from aigov.accounts.models import User
from aigov.capacity import credentials, matching, readiness, selectors
from aigov.capacity.models import (
    Audience,
    CourseModule,
    Credential,
    Enrolment,
    Introduction,
    LearnerProfile,
    Lesson,
    LessonProgress,
    Need,
    Node,
    Offer,
    Offering,
    OfferingAudience,
    Provider,
    QuizQuestion,
    ReadinessAssessment,
    Registration,
)
from aigov.core import audit
from aigov.core.errors import Conflict, InvalidInput, InvalidState, NotFound
from aigov.core.search import index as search_index
from aigov.core.translation import pick
from aigov.taxonomy.models import Country, Language, RegionalGroup, Topic


def _problem(field: str, code: str, message: str) -> dict[str, Any]:
    return {"field": field, "code": code, "message": message}


def _require(actor: User, perm: str, obj: Any = None) -> None:
    # Commands and the demo generator act as the system actor, which holds no role.
    if not getattr(actor, "is_system", False):
        require(actor, perm, obj)


def _languages(tags: list[str]) -> list[Language]:
    found = {language.tag.lower(): language for language in Language.objects.filter(tag__in=tags)}
    unknown = [tag for tag in tags if tag.lower() not in found]
    if unknown or not tags:
        raise InvalidInput(
            errors=[
                _problem(
                    "languages",
                    "unknown_language",
                    _(
                        "Give at least one language as a BCP 47 tag known to the taxonomy; "
                        "unknown: %(tags)s."
                    )
                    % {"tags": ", ".join(unknown) or "-"},
                )
            ]
        )
    return [found[tag.lower()] for tag in tags]


def _topics(slugs: list[str]) -> list[Topic]:
    found = {topic.slug: topic for topic in Topic.objects.filter(slug__in=slugs)}
    unknown = [slug for slug in slugs if slug not in found]
    if unknown:
        raise InvalidInput(
            errors=[
                _problem(
                    "topics",
                    "unknown_topic",
                    _("These topics are not in the taxonomy: %(topics)s.")
                    % {"topics": ", ".join(unknown)},
                )
            ]
        )
    return [found[slug] for slug in slugs]


def _audiences(values: list[str]) -> list[str]:
    unknown = [value for value in values if value not in Audience.values]
    if unknown:
        raise InvalidInput(
            errors=[
                _problem(
                    "audiences",
                    "unknown_audience",
                    _("Unknown audiences %(unknown)s; use: %(known)s.")
                    % {"unknown": ", ".join(unknown), "known": ", ".join(Audience.values)},
                )
            ]
        )
    return list(dict.fromkeys(values))


@transaction.atomic
def node_create(
    *,
    actor: User,
    slug: str,
    names: dict[str, str],
    kind: str,
    region: str,
    country: str | None = None,
    host: Any = None,
    services: list[str] | None = None,
    languages: list[str] | None = None,
    operators: list[User] | None = None,
    is_demo: bool = False,
) -> Node:
    """Create a node of the network. Raise NotAllowed, Conflict or ValidationError."""
    _require(actor, "capacity.manage_network")
    if Node.objects.filter(slug=slug).exists():
        raise Conflict(_("A node with this slug exists already."))
    node = Node(
        slug=slug,
        names=names,
        kind=kind,
        region=region,
        country_id=country,
        host=host,
        services=services or [],
        is_demo=is_demo,
    )
    node.full_clean()
    language_rows = _languages(languages) if languages else []
    node.save()
    node.languages.set(language_rows)
    node.operators.set(operators or [])
    audit.record(actor=actor, action="capacity.node.create", obj=node)
    return node


@transaction.atomic
def provider_create(
    *,
    actor: User,
    slug: str,
    names: dict[str, str],
    node: Node | None = None,
    organisation: Any = None,
    contributions: list[str] | None = None,
    is_demo: bool = False,
) -> Provider:
    """Create a provider or contributor. Raise NotAllowed, Conflict or ValidationError."""
    if node is not None:
        _require(actor, "capacity.change_node", node)
    else:
        _require(actor, "capacity.manage_network")
    if Provider.objects.filter(slug=slug).exists():
        raise Conflict(_("A provider with this slug exists already."))
    provider = Provider(
        slug=slug,
        names=names,
        node=node,
        organisation=organisation,
        contributions=contributions or [],
        is_demo=is_demo,
    )
    provider.full_clean()
    provider.save()
    audit.record(actor=actor, action="capacity.provider.create", obj=provider)
    return provider


OFFERING_FIELDS = (
    "titles",
    "descriptions",
    "kind",
    "level",
    "cost",
    "fee_amount",
    "fee_currency",
    "fee_waivers",
    "has_certificate",
    "accessibility",
    "starts_at",
    "ends_at",
    "time_zone",
    "seats",
    "prerequisites",
    "url",
    "is_government_track",
    "is_published",
)


@transaction.atomic
def offering_create(
    *,
    actor: User,
    slug: str,
    provider: Provider,
    node: Node | None,
    languages: list[str],
    topics: list[str],
    audiences: list[str],
    is_demo: bool = False,
    **fields: Any,
) -> Offering:
    """Add an offering to the catalogue; a node operator only for a node they operate.

    Raise NotAllowed, Conflict, InvalidInput (unknown language, topic or audience) or
    ValidationError.
    """
    _require(actor, "capacity.create_offering", node)
    unexpected = set(fields) - set(OFFERING_FIELDS)
    if unexpected:
        raise TypeError(f"Unknown offering fields: {sorted(unexpected)}")
    if Offering.objects.filter(slug=slug).exists():
        raise Conflict(_("An offering with this slug exists already."))
    offering = Offering(slug=slug, provider=provider, node=node, is_demo=is_demo, **fields)
    offering.full_clean()
    language_rows, topic_rows = _languages(languages), _topics(topics)
    audience_values = _audiences(audiences)
    offering.save()
    offering.languages.set(language_rows)
    offering.topics.set(topic_rows)
    OfferingAudience.objects.bulk_create(
        OfferingAudience(offering=offering, audience=value) for value in audience_values
    )
    audit.record(
        actor=actor,
        action="capacity.offering.create",
        obj=offering,
        extra={"languages": languages, "topics": topics, "audiences": audience_values},
    )
    transaction.on_commit(lambda: search_index.refresh(offering))
    return offering


@transaction.atomic
def offering_update(
    *,
    actor: User,
    offering: Offering,
    languages: list[str] | None = None,
    topics: list[str] | None = None,
    audiences: list[str] | None = None,
    **changes: Any,
) -> Offering:
    """Change an offering; only the secretariat and the operators of its node may.

    Raise NotAllowed, InvalidInput or ValidationError; nothing changes on failure.
    """
    _require(actor, "capacity.change_offering", offering)
    unexpected = set(changes) - set(OFFERING_FIELDS)
    if unexpected:
        raise TypeError(f"Unknown offering fields: {sorted(unexpected)}")
    offering = Offering.objects.select_for_update().get(pk=offering.pk)
    before = audit.snapshot(offering)
    for name, value in changes.items():
        setattr(offering, name, value)
    offering.full_clean()
    language_rows = _languages(languages) if languages is not None else None
    topic_rows = _topics(topics) if topics is not None else None
    audience_values = _audiences(audiences) if audiences is not None else None
    offering.save(update_fields=[*changes, "updated_at"])
    if language_rows is not None:
        offering.languages.set(language_rows)
    if topic_rows is not None:
        offering.topics.set(topic_rows)
    if audience_values is not None:
        offering.audience_rows.all().delete()
        OfferingAudience.objects.bulk_create(
            OfferingAudience(offering=offering, audience=value) for value in audience_values
        )
    audit.record(
        actor=actor,
        action="capacity.offering.update",
        obj=offering,
        before=before,
        extra={"languages": languages, "topics": topics, "audiences": audience_values},
    )
    transaction.on_commit(lambda: search_index.refresh(offering))
    return offering


# Learning ---------------------------------------------------------------------------------


def _content_problems(modules: list[dict[str, Any]]) -> list[dict[str, Any]]:
    problems: list[dict[str, Any]] = []
    for m, module in enumerate(modules, start=1):
        lessons = module.get("lessons") or []
        if not lessons:
            problems.append(
                _problem(f"modules.{m}", "empty", _("Module %(n)d has no lessons.") % {"n": m})
            )
        for n, lesson in enumerate(lessons, start=1):
            where = f"modules.{m}.lessons.{n}"
            if lesson.get("kind") not in Lesson.Kind.values:
                problems.append(_problem(where, "kind", _("Give the lesson a known kind.")))
            if lesson.get("kind") == Lesson.Kind.QUIZ:
                questions = lesson.get("questions") or []
                if not questions:
                    problems.append(_problem(where, "empty", _("A quiz needs questions.")))
                for q, question in enumerate(questions, start=1):
                    options = question.get("options") or []
                    if not 0 <= int(question.get("correct_option", -1)) < len(options):
                        problems.append(
                            _problem(
                                f"{where}.questions.{q}",
                                "correct_option",
                                _("The correct option must be one of the options."),
                            )
                        )
    return problems


@transaction.atomic
def course_content_set(
    *, actor: User, offering: Offering, modules: list[dict[str, Any]]
) -> Offering:
    """Replace the modules, lessons and quizzes of a self-paced course nobody has enrolled in.

    Raise NotAllowed, InvalidState (learners enrolled, or not a self-paced course) or
    InvalidInput naming the module, lesson and question at fault.
    """
    _require(actor, "capacity.change_offering", offering)
    if offering.kind != Offering.Kind.SELF_PACED_COURSE:
        raise InvalidState(_("Only self-paced courses have modules and lessons."))
    if offering.enrolments.exists():
        raise InvalidState(_("Learners are enrolled; the course content can no longer change."))
    problems = _content_problems(modules)
    if not modules:
        problems.append(_problem("modules", "empty", _("A course needs at least one module.")))
    if problems:
        raise InvalidInput(errors=problems)
    offering.modules.all().delete()
    for m, module in enumerate(modules, start=1):
        course_module = CourseModule.objects.create(
            offering=offering, position=m, titles=module["titles"]
        )
        for n, lesson in enumerate(module["lessons"], start=1):
            row = Lesson.objects.create(
                module=course_module,
                position=n,
                kind=lesson["kind"],
                titles=lesson["titles"],
                bodies=lesson.get("bodies", {}),
                media_url=lesson.get("media_url", ""),
                pass_mark=lesson.get("pass_mark", 70),
            )
            QuizQuestion.objects.bulk_create(
                QuizQuestion(
                    lesson=row,
                    position=q,
                    prompts=question["prompts"],
                    options=question["options"],
                    correct_option=int(question["correct_option"]),
                )
                for q, question in enumerate(lesson.get("questions") or [], start=1)
            )
    audit.record(
        actor=actor,
        action="capacity.offering.content",
        obj=offering,
        before=audit.snapshot(offering),
        extra={"modules": len(modules)},
    )
    return offering


@transaction.atomic
def enrolment_create(*, actor: User, offering: Offering) -> Enrolment:
    """Enrol the actor in a self-paced course.

    Raise NotAllowed, NotFound, InvalidState (not a course with lessons) or Conflict.
    """
    _require(actor, "capacity.enrol")
    offering = selectors.offering_get(actor=actor, slug=offering.slug)
    if offering.kind != Offering.Kind.SELF_PACED_COURSE or not offering.modules.exists():
        raise InvalidState(_("Only self-paced courses with lessons take enrolments."))
    if Enrolment.objects.filter(learner=actor, offering=offering).exists():
        raise Conflict(_("You are already enrolled in this course."))
    enrolment = Enrolment.objects.create(learner=actor, offering=offering)
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
                _problem(
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
    *, actor: User, enrolment: Enrolment, lesson: Lesson, answers: list[int] | None = None
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
            issued = _issue(actor=actor, learner=actor, offering=enrolment.offering)
    return LessonResult(progress=progress, enrolment=enrolment, credential=issued)


# Live events: seats and waiting lists -------------------------------------------------------


@transaction.atomic
def registration_create(*, actor: User, offering: Offering) -> Registration:
    """Register the actor for a live event: a seat while any is left, else the waiting list.

    A seat is taken with one conditional UPDATE (`seats_taken < seats`), which the database
    applies atomically, so concurrent registrations never take more seats than there are.
    Raise NotAllowed, NotFound, InvalidState or Conflict.
    """
    _require(actor, "capacity.enrol")
    offering = selectors.offering_get(actor=actor, slug=offering.slug)
    if not offering.is_live:
        raise InvalidState(_("Only webinars, workshops and blended courses take registrations."))
    if offering.starts_at is not None and offering.starts_at <= timezone.now():
        raise InvalidState(_("This event has already started."))
    existing = Registration.objects.filter(learner=actor, offering=offering).first()
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
        registration = Registration.objects.create(learner=actor, offering=offering, status=status)
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
def registration_cancel(*, actor: User, registration: Registration) -> Registration:
    """Cancel a registration; a freed seat goes to the first person on the waiting list.

    Raise NotAllowed or InvalidState.
    """
    if not getattr(actor, "is_system", False) and registration.learner_id != actor.pk:
        require(actor, "capacity.manage_network")
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


# Credentials ----------------------------------------------------------------------------------


def _free_status_index() -> int:
    # Random positions (Bitstring Status List, "privacy considerations"): a sequential index
    # would tell a verifier roughly when and in which order credentials were issued.
    taken = set(Credential.objects.values_list("status_index", flat=True))
    if len(taken) >= credentials.STATUS_LIST_SIZE:
        raise InvalidState(_("The status list is full."))
    while True:
        index = secrets.randbelow(credentials.STATUS_LIST_SIZE)
        if index not in taken:
            return index


def _issue(*, actor: User, learner: User, offering: Offering) -> Credential:
    if Credential.objects.filter(
        learner=learner, offering=offering, revoked_at__isnull=True
    ).exists():
        raise Conflict(_("This learner already holds a valid credential for this offering."))
    issued_at = timezone.now().replace(microsecond=0)
    credential = Credential(learner=learner, offering=offering, document={})
    language = offering.languages.order_by("tag").values_list("tag", flat=True).first() or "en"
    title = pick(offering.titles, language)
    for _attempt in range(5):
        credential.status_index = _free_status_index()
        unsigned = credentials.build_credential(
            credential_id=credential.urn,
            recipient=credentials.Recipient(name=learner.display_name, email=learner.email),
            achievement=credentials.Achievement(
                url=f"{credentials.signing.public_url()}/{title.language}/capacity/offerings/"
                f"{offering.slug}/",
                name=title.text,
                description=pick(offering.descriptions, language).text,
                criteria=_("Completed every lesson and passed every quiz of the course."),
                language=title.language,
            ),
            status_index=credential.status_index,
            issued_at=issued_at,
        )
        credential.document = credentials.signing.sign(unsigned, created=issued_at)
        try:
            with transaction.atomic():
                credential.save(force_insert=True)
            break
        except IntegrityError:
            continue  # another issue took the same random index at the same moment
    else:
        raise Conflict(_("No free status list index was found; try again."))
    audit.record(actor=actor, action="capacity.credential.issue", obj=credential)
    return credential


@transaction.atomic
def credential_issue(*, actor: User, learner: User, offering: Offering) -> Credential:
    """Award a credential by hand (secretariat, or the system actor from the command line).

    Raise NotAllowed or Conflict (the learner already holds a valid one for this offering).
    """
    _require(actor, "capacity.issue_credential")
    return _issue(actor=actor, learner=learner, offering=offering)


@transaction.atomic
def credential_revoke(*, actor: User, credential_id: str, reason: str = "") -> Credential:
    """Revoke a credential by its `id` (`urn:uuid:…` or the bare UUID); its status bit is set.

    Raise NotAllowed, NotFound or InvalidState (already revoked).
    """
    _require(actor, "capacity.revoke_credential")
    credential = selectors.credential_get_by_id(credential_id=credential_id, for_update=True)
    if credential.revoked_at is not None:
        raise InvalidState(_("This credential is already revoked."))
    before = audit.snapshot(credential)
    credential.revoked_at, credential.revocation_reason = timezone.now(), reason
    credential.save(update_fields=["revoked_at", "revocation_reason", "updated_at"])
    audit.record(actor=actor, action="capacity.credential.revoke", obj=credential, before=before)
    return credential


# Readiness self-assessment ----------------------------------------------------------------------


def _working_languages(tags: list[str] | None) -> list[str]:
    return [language.tag for language in _languages(tags)] if tags else []


def _answer_problems(answers: Any, instrument: readiness.Instrument) -> list[dict[str, Any]]:
    if not isinstance(answers, dict):
        return [_problem("answers", "invalid", _("Give the answers as question code -> number."))]
    problems: list[dict[str, Any]] = []
    for code, value in answers.items():
        if instrument.question(str(code)) is None:
            problems.append(
                _problem(
                    f"answers.{code}",
                    "unknown_question",
                    _("%(code)s is not a question of this instrument.") % {"code": code},
                )
            )
        elif value is not None and (
            isinstance(value, bool)
            or not isinstance(value, int)
            or not 0 <= value <= readiness.SCALE_MAX
        ):
            problems.append(
                _problem(
                    f"answers.{code}",
                    "out_of_range",
                    _("Answer %(code)s with a whole number from 0 to %(max)d.")
                    % {"code": code, "max": readiness.SCALE_MAX},
                )
            )
    return problems


def _rescore(assessment: ReadinessAssessment) -> None:
    scores = readiness.score(assessment.answers, readiness.instrument_for(assessment.instrument))
    assessment.scores = scores.dimensions
    assessment.overall_score = scores.overall


@transaction.atomic
def assessment_create(
    *,
    actor: User,
    country: str,
    label: str = "",
    languages: list[str] | None = None,
    answers: dict[str, int] | None = None,
    is_demo: bool = False,
) -> ReadinessAssessment:
    """Start a draft readiness assessment of `country` (its focal points, or the secretariat).

    Raise NotAllowed or InvalidInput (unknown country, language, question or answer).
    """
    _require(actor, "capacity.create_assessment", country)
    if not Country.objects.filter(pk=country).exists():
        raise InvalidInput(
            errors=[_problem("country", "unknown_country", _("No country with this code."))]
        )
    answers = answers or {}
    problems = _answer_problems(answers, readiness.INSTRUMENT)
    if problems:
        raise InvalidInput(errors=problems)
    assessment = ReadinessAssessment(
        country_id=country,
        instrument=readiness.INSTRUMENT.version,
        label=label.strip()[:120],
        languages=_working_languages(languages),
        answers={code: value for code, value in answers.items() if value is not None},
        created_by=actor,
        is_demo=is_demo,
    )
    _rescore(assessment)
    assessment.save()
    audit.record(actor=actor, action="capacity.assessment.create", obj=assessment)
    transaction.on_commit(lambda: search_index.refresh(assessment))
    return assessment


@transaction.atomic
def assessment_update(
    *,
    actor: User,
    assessment: ReadinessAssessment,
    answers: dict[str, int | None] | None = None,
    label: str | None = None,
    languages: list[str] | None = None,
) -> ReadinessAssessment:
    """Change a draft: merge `answers` (None clears one), label and working languages.

    The row is locked first, so two focal points saving at once both keep their answers.
    Raise NotAllowed, InvalidState (submitted already) or InvalidInput; nothing changes on error.
    """
    _require(actor, "capacity.change_assessment", assessment)
    assessment = ReadinessAssessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.status != ReadinessAssessment.Status.DRAFT:
        raise InvalidState(_("A submitted assessment cannot be changed; start a new one."))
    instrument = readiness.instrument_for(assessment.instrument)
    problems = _answer_problems(answers or {}, instrument)
    if problems:
        raise InvalidInput(errors=problems)
    before = audit.snapshot(assessment)
    merged = dict(assessment.answers)
    for code, value in (answers or {}).items():
        if value is None:
            merged.pop(code, None)
        else:
            merged[code] = value
    assessment.answers = merged
    if label is not None:
        assessment.label = label.strip()[:120]
    if languages is not None:
        assessment.languages = _working_languages(languages)
    _rescore(assessment)
    assessment.save()
    audit.record(actor=actor, action="capacity.assessment.update", obj=assessment, before=before)
    transaction.on_commit(lambda: search_index.refresh(assessment))
    return assessment


@transaction.atomic
def assessment_submit(*, actor: User, assessment: ReadinessAssessment) -> ReadinessAssessment:
    """Submit a draft whose every question is answered; its scores are then fixed.

    Raise NotAllowed, InvalidState or InvalidInput naming each unanswered question.
    """
    _require(actor, "capacity.change_assessment", assessment)
    assessment = ReadinessAssessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.status != ReadinessAssessment.Status.DRAFT:
        raise InvalidState(_("This assessment is submitted already."))
    missing = [
        question.code
        for question in readiness.instrument_for(assessment.instrument).questions()
        if question.code not in assessment.answers
    ]
    if missing:
        raise InvalidInput(
            errors=[
                _problem(f"answers.{code}", "required", _("Answer this question to submit."))
                for code in missing
            ]
        )
    before = audit.snapshot(assessment)
    _rescore(assessment)
    assessment.status = ReadinessAssessment.Status.SUBMITTED
    assessment.submitted_at = timezone.now()
    assessment.save()
    audit.record(actor=actor, action="capacity.assessment.submit", obj=assessment, before=before)
    transaction.on_commit(lambda: search_index.refresh(assessment))
    return assessment


@transaction.atomic
def assessment_set_consent(
    *, actor: User, assessment: ReadinessAssessment, publish: bool
) -> ReadinessAssessment:
    """Give (or withdraw) the country's consent to publish a submitted assessment.

    Only the country's focal points may. Raise NotAllowed or InvalidState (a draft).
    """
    _require(actor, "capacity.publish_assessment", assessment)
    assessment = ReadinessAssessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.status != ReadinessAssessment.Status.SUBMITTED:
        raise InvalidState(_("Submit the assessment before publishing it."))
    before = audit.snapshot(assessment)
    assessment.is_published = publish
    assessment.consented_at = timezone.now() if publish else None
    assessment.save(update_fields=["is_published", "consented_at", "updated_at"])
    audit.record(
        actor=actor,
        action="capacity.assessment.publish" if publish else "capacity.assessment.withdraw",
        obj=assessment,
        before=before,
    )
    transaction.on_commit(lambda: search_index.refresh(assessment))
    return assessment


# Matchmaking ----------------------------------------------------------------------------------


def _regions(values: list[str], field: str) -> list[str]:
    unknown = [value for value in values if value not in RegionalGroup.values]
    if unknown:
        raise InvalidInput(
            errors=[
                _problem(
                    field,
                    "unknown_region",
                    _("Unknown UN regional groups %(unknown)s; use: %(known)s.")
                    % {"unknown": ", ".join(unknown), "known": ", ".join(RegionalGroup.values)},
                )
            ]
        )
    return list(dict.fromkeys(values))


def _whole_number(value: Any, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidInput(
            errors=[_problem(field, "invalid", _("Give a whole number of at least 1."))]
        )
    return value


def _facets(topics: list[str], languages: list[str], audiences: list[str]) -> dict[str, Any]:
    if not topics:
        raise InvalidInput(errors=[_problem("topics", "required", _("Give at least one topic."))])
    return {
        "topics": [topic.slug for topic in _topics(topics)],
        "languages": [language.tag for language in _languages(languages)],
        "audiences": _audiences(audiences),
    }


@transaction.atomic
def need_create(
    *,
    actor: User,
    title: str,
    topics: list[str],
    languages: list[str],
    people: int,
    audiences: list[str] | None = None,
    description: str = "",
    country: str | None = None,
    organisation: Any = None,
    region: str = "",
    due_by: datetime.date | None = None,
    is_demo: bool = False,
) -> Need:
    """Post a capacity need. A need in a country's name only from its focal points (or the
    secretariat); the region defaults to the country's UN regional group.

    Raise NotAllowed or InvalidInput naming the field.
    """
    _require(actor, "capacity.create_need")
    if not title.strip():
        raise InvalidInput(errors=[_problem("title", "required", _("Give the need a title."))])
    facets = _facets(topics, languages, audiences or [])
    people = _whole_number(people, "people")
    country_row = None
    if country:
        _require(actor, "capacity.create_need_for_country", country)
        country_row = Country.objects.filter(pk=country).first()
        if country_row is None:
            raise InvalidInput(
                errors=[_problem("country", "unknown_country", _("No country with this code."))]
            )
    if region:
        _regions([region], "region")
    need = Need.objects.create(
        owner=actor,
        title=title.strip()[:300],
        description=description,
        country=country_row,
        organisation=organisation,
        region=region or (country_row.regional_group if country_row else ""),
        people=people,
        due_by=due_by,
        is_demo=is_demo,
        **facets,
    )
    audit.record(actor=actor, action="capacity.need.create", obj=need)
    return need


@transaction.atomic
def offer_create(
    *,
    actor: User,
    title: str,
    topics: list[str],
    languages: list[str],
    seats: int,
    audiences: list[str] | None = None,
    regions: list[str] | None = None,
    description: str = "",
    node: Node | None = None,
    offering: Offering | None = None,
    available_from: datetime.date | None = None,
    available_until: datetime.date | None = None,
    is_demo: bool = False,
) -> Offer:
    """Post an offer: in a node's name only by its operators (or the secretariat); any member
    may offer as a contributor. Raise NotAllowed or InvalidInput naming the field."""
    if node is not None:
        _require(actor, "capacity.change_node", node)
    else:
        _require(actor, "capacity.create_offer")
    if not title.strip():
        raise InvalidInput(errors=[_problem("title", "required", _("Give the offer a title."))])
    facets = _facets(topics, languages, audiences or [])
    seats = _whole_number(seats, "seats")
    if available_from and available_until and available_until < available_from:
        raise InvalidInput(
            errors=[_problem("available_until", "invalid", _("The end comes before the start."))]
        )
    offer = Offer.objects.create(
        owner=actor,
        title=title.strip()[:300],
        description=description,
        node=node,
        offering=offering,
        regions=_regions(regions or [], "regions"),
        seats=seats,
        available_from=available_from,
        available_until=available_until,
        is_demo=is_demo,
        **facets,
    )
    audit.record(actor=actor, action="capacity.offer.create", obj=offer)
    return offer


@transaction.atomic
def introduction_create(*, actor: User, need: Need, offer: Offer, message: str) -> Introduction:
    """The need's owner introduces themself to the offer's provider.

    Raise NotAllowed, InvalidState (need done or closed, offer closed), InvalidInput (no
    message) or Conflict (introduced already).
    """
    _require(actor, "capacity.change_need", need)
    if need.status in (Need.Status.DONE, Need.Status.CLOSED) or offer.status != Offer.Status.OPEN:
        raise InvalidState(_("Only an open need can be introduced to an open offer."))
    if not message.strip():
        raise InvalidInput(
            errors=[_problem("message", "required", _("Write a few words to the provider."))]
        )
    if Introduction.objects.filter(need=need, offer=offer).exists():
        raise Conflict(_("This need has been introduced to this offer already."))
    introduction = Introduction.objects.create(
        need=need,
        offer=offer,
        created_by=actor,
        message=message.strip(),
        score=matching.pair_score(matching.need_row(need), matching.offer_row(offer)),
    )
    audit.record(actor=actor, action="capacity.introduction.create", obj=introduction)
    return introduction


@transaction.atomic
def introduction_set_status(
    *, actor: User, introduction: Introduction, status: str
) -> Introduction:
    """Move an introduction on: the provider accepts or declines; either side marks it in
    progress or done. The need follows: done once done introductions cover its people,
    in progress while partly covered (none / partial / complete fulfilment).

    Raise NotAllowed or InvalidState (a move the status does not allow).
    """
    introduction = (
        Introduction.objects.select_for_update()
        .select_related("need", "offer")
        .get(pk=introduction.pk)
    )
    perm = (
        "capacity.answer_introduction"
        if status in ("accepted", "declined")
        else "capacity.progress_introduction"
    )
    _require(actor, perm, introduction)
    if status not in Introduction.TRANSITIONS.get(introduction.status, ()):
        raise InvalidState(
            _("An introduction cannot go from %(old)s to %(new)s.")
            % {"old": introduction.status, "new": status}
        )
    before = audit.snapshot(introduction)
    introduction.status = status
    introduction.save(update_fields=["status", "updated_at"])
    audit.record(
        actor=actor, action=f"capacity.introduction.{status}", obj=introduction, before=before
    )
    if status in ("in_progress", "done"):
        need = Need.objects.select_for_update().get(pk=introduction.need_id)
        covered = sum(
            Introduction.objects.filter(need=need, status="done").values_list(
                "offer__seats", flat=True
            )
        )
        new_status = Need.Status.DONE if covered >= need.people else Need.Status.IN_PROGRESS
        if need.status != new_status and need.status != Need.Status.CLOSED:
            need_before = audit.snapshot(need)
            need.status = new_status
            need.save(update_fields=["status", "updated_at"])
            audit.record(actor=actor, action="capacity.need.status", obj=need, before=need_before)
    return introduction


# Reporting ------------------------------------------------------------------------------------


@transaction.atomic
def learner_profile_set(*, actor: User, country: str | None, gender: str) -> LearnerProfile:
    """Record the country and gender the actor chooses to state (their own only).

    Raise NotAllowed (not signed in) or InvalidInput naming the field."""
    _require(actor, "capacity.enrol")
    if gender not in LearnerProfile.Gender.values:
        raise InvalidInput(
            errors=[_problem("gender", "invalid_choice", _("Choose one of the listed answers."))]
        )
    country_row = Country.objects.filter(pk=country).first() if country else None
    if country and country_row is None:
        raise InvalidInput(
            errors=[_problem("country", "unknown_country", _("No country with this code."))]
        )
    profile, created = LearnerProfile.objects.select_for_update().get_or_create(user=actor)
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
